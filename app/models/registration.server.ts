import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Tx } from "../db.server";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

const registrationRow = z.object({
  id: z.string(),
  event_id: z.string(),
  first_name: z.string(),
  email: z.string().nullable(),
  status: z.enum(["confirmed", "waiting", "cancelled"]),
  created_at: z.date(),
});
export type Registration = z.infer<typeof registrationRow>;

const COLUMNS = "id, event_id, first_name, email, status, created_at";

/**
 * Registers the calling participant. The database decides confirmed or waiting under a lock on
 * the event; a second submit by the same participant returns the existing registration.
 * The cancel token is returned once, to be put in the person's link; only its hash is kept.
 */
export async function register(
  tx: Tx,
  input: { eventId: string; participantId: string; firstName: string; email: string | null; locale?: "fr" | "en" },
): Promise<{ registration: Registration; cancelToken: string | null }> {
  const existing = await tx.query(
    `select ${COLUMNS} from public.registrations where event_id = $1 and participant_id = $2 and status <> 'cancelled'`,
    [input.eventId, input.participantId],
  );
  if (existing.length) return { registration: registrationRow.parse(existing[0]), cancelToken: null };
  const cancelToken = randomBytes(24).toString("base64url");
  const rows = await tx.query(
    `insert into public.registrations (event_id, participant_id, first_name, email, cancel_token_hash, locale)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (event_id, participant_id) where status <> 'cancelled' do nothing
     returning ${COLUMNS}`,
    [input.eventId, input.participantId, input.firstName, input.email, hash(cancelToken), input.locale ?? "fr"],
  );
  if (rows.length === 0) {
    const again = await tx.query(
      `select ${COLUMNS} from public.registrations where event_id = $1 and participant_id = $2 and status <> 'cancelled'`,
      [input.eventId, input.participantId],
    );
    return { registration: registrationRow.parse(again[0]), cancelToken: null };
  }
  return { registration: registrationRow.parse(rows[0]), cancelToken };
}

/** The caller's own live registration for an event, if any. */
export async function myRegistration(tx: Tx, { eventId, participantId }: { eventId: string; participantId: string }) {
  const rows = await tx.query(
    `select ${COLUMNS} from public.registrations where event_id = $1 and participant_id = $2 and status <> 'cancelled'`,
    [eventId, participantId],
  );
  return rows.length ? registrationRow.parse(rows[0]) : null;
}

export async function findByCancelToken(tx: Tx, { token }: { token: string }) {
  const rows = await tx.query<{ event_id: string; first_name: string; status: string }>(
    "select event_id, first_name, status from private.registration_by_token($1)",
    [hash(token)],
  );
  return rows[0] ?? null;
}

/** Cancels with the link's token; the freed place goes to the first person waiting. */
export async function cancelByToken(tx: Tx, { token }: { token: string }) {
  const rows = await tx.query<{ event_id: string | null }>("select private.cancel_registration($1) as event_id", [hash(token)]);
  return rows[0]?.event_id ?? null;
}

export async function cancelMine(tx: Tx, { id }: { id: string }) {
  const rows = await tx.query(
    "update public.registrations set status = 'cancelled', updated_at = now() where id = $1 and status <> 'cancelled' returning id",
    [id],
  );
  return rows.length > 0;
}

/** Staff: everyone registered for an event, confirmed first, then the waiting list in order. */
export async function listRegistrations(tx: Tx, { eventId }: { eventId: string }) {
  const rows = await tx.query(
    `select ${COLUMNS} from public.registrations where event_id = $1
     order by case status when 'confirmed' then 0 when 'waiting' then 1 else 2 end, created_at, id`,
    [eventId],
  );
  return rows.map((row) => registrationRow.parse(row));
}

/** Staff, after the event: removes every registration (names and emails). Returns how many. */
export async function deleteRegistrations(tx: Tx, { eventId }: { eventId: string }) {
  const rows = await tx.query("delete from public.registrations where event_id = $1 returning id", [eventId]);
  return rows.length;
}

/**
 * Retention (service path, run on a timer): registrations' email addresses are erased once the event
 * has been over for `days` days; names and statuses stay for the event's own records. Returns how many.
 */
export async function purgeRegistrationEmails(tx: Tx, { days }: { days: number }) {
  const rows = await tx.query(
    `update public.registrations r set email = null, updated_at = now()
     from public.events e
     where e.id = r.event_id and r.email is not null
       and e.starts_at + make_interval(mins => e.duration_minutes) + make_interval(days => $1::int) <= now()
     returning r.id`,
    [days],
  );
  return rows.length;
}
