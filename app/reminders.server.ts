import type { Database } from "./db.server";
import { resources } from "./i18n";
import { translate } from "./translate";
import { formatDateTime } from "./time";

/**
 * A system job: one reminder email to each confirmed registration with an email, the day before
 * its Café IA. Marking and writing to the outbox happen in one transaction, so a reminder is
 * never sent twice, even with several app instances running the job.
 */
export async function sendDueReminders(database: Database, { origin, hoursAhead = 24 }: { origin: string; hoursAhead?: number }) {
  return database.asService(async (tx) => {
    const due = await tx.query<{ email: string; first_name: string; locale: "fr" | "en"; title: string; starts_at: Date; venue: string; code: string }>(
      `update public.registrations r set reminder_sent_at = now()
       from public.events e
       where e.id = r.event_id and r.status = 'confirmed' and r.email is not null and r.reminder_sent_at is null
         and e.cancelled_at is null and e.starts_at > now() and e.starts_at <= now() + make_interval(hours => $1)
       returning r.email, r.first_name, r.locale, e.title, e.starts_at, e.venue_name || ', ' || e.address as venue, e.code`,
      [hoursAhead],
    );
    for (const r of due) {
      const dictionary = resources[r.locale].common;
      const t = (key: string, options?: Record<string, unknown>) => translate(dictionary, r.locale, key, options);
      await tx.query("insert into auth.mailbox (to_email, subject, body) values ($1, $2, $3)", [
        r.email,
        t("registration.reminderSubject", { title: r.title }),
        t("registration.reminderBody", {
          name: r.first_name,
          title: r.title,
          when: formatDateTime(r.starts_at, r.locale),
          venue: r.venue,
          link: `${origin}/e/${r.code}`,
        }),
      ]);
    }
    return due.length;
  });
}
