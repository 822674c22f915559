import { randomUUID } from "node:crypto";
import { data, redirect } from "@remix-run/node";
import { ANON, db } from "./db.server";
import { CODE_PATTERN, normaliseCode, UUID_PATTERN } from "./domain";
import { parseForm } from "./forms.server";
import i18next from "./i18next.server";
import { getLiveSession } from "./models/live.server";
import { sendMail } from "./mail.server";
import { mapTiles } from "./map-config.server";
import { getEventByCode } from "./models/event.server";
import { cancelMine, myRegistration, register } from "./models/registration.server";
import { ensureParticipant, participantIdentity, readParticipantId } from "./participant.server";
import { originOf } from "./secrets.server";
import { formatDateTime } from "./time";
import { registrationForm } from "./validation.server";

/** The public page of a Café IA, shared by /e/<code> and its readable address. */

export async function loadEventPage(request: Request, rawCode: string) {
  const t = await i18next.getFixedT(request);
  const code = normaliseCode(rawCode);
  const event = CODE_PATTERN.test(code) ? await db().asCaller(ANON, (tx) => getEventByCode(tx, { code })) : null;
  if (!event) {
    return data({ found: false as const, title: t("join.notFoundTitle"), code: rawCode.slice(0, 12) }, { status: 404 });
  }
  const participantId = await readParticipantId(request);
  const mine = participantId
    ? await db().asCaller(participantIdentity(participantId), (tx) => myRegistration(tx, { eventId: event.id, participantId }))
    : null;
  const live = await db().asCaller(ANON, (tx) => getLiveSession(tx, { eventId: event.id }));
  const ends = new Date(event.starts_at.getTime() + event.duration_minutes * 60_000);
  return {
    found: true as const,
    title: event.title,
    idempotencyKey: randomUUID(),
    event: {
      ...event,
      starts_at: event.starts_at.toISOString(),
      ends_at: ends.toISOString(),
      cancelled_at: event.cancelled_at?.toISOString() ?? null,
      past: ends.getTime() < Date.now(),
      placesLeft: Math.max(0, event.capacity - event.confirmed),
    },
    mine: mine ? { id: mine.id, status: mine.status, firstName: mine.first_name } : null,
    // A running live session: phones that joined by code go on to follow it.
    liveLink: live && !live.ended_at ? t("live.phone.follow") : null,
    tiles: mapTiles(),
  };
}

export async function eventPageAction(request: Request, rawCode: string) {
  const code = normaliseCode(rawCode);
  const event = CODE_PATTERN.test(code) ? await db().asCaller(ANON, (tx) => getEventByCode(tx, { code })) : null;
  if (!event) throw new Response("Not found", { status: 404 });
  const form = await request.formData();
  const back = new URL(request.url).pathname;

  if (form.get("intent") === "cancel") {
    const participantId = await readParticipantId(request);
    const id = String(form.get("registrationId") ?? "");
    if (participantId && UUID_PATTERN.test(id)) {
      await db().asCaller(participantIdentity(participantId), (tx) => cancelMine(tx, { id }));
    }
    return redirect(`${back}?annule=1`);
  }

  const parsed = parseForm(registrationForm, form);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, registered: null }, { status: 400 });
  const idempotencyKey = String(form.get("idempotencyKey") ?? "");
  const { participantId, setCookie } = await ensureParticipant(request, { idempotencyKey });
  const headers = new Headers();
  if (setCookie) headers.append("Set-Cookie", setCookie);
  const locale = (await i18next.getLocale(request)) === "en" ? "en" : "fr";
  let result;
  try {
    result = await db().asCaller(participantIdentity(participantId), (tx) =>
      register(tx, {
        eventId: event.id,
        participantId,
        firstName: parsed.data.firstName,
        email: parsed.data.email,
        locale,
      }),
    );
  } catch (error) {
    if ((error as { code?: string }).code !== "P0001") throw error;
    return data({ errors: { form: "registration.closed" }, values: parsed.values, registered: null }, { status: 409, headers });
  }
  const cancelUrl = result.cancelToken ? `${originOf(request)}/inscription/${result.cancelToken}` : null;
  if (cancelUrl && parsed.data.email) {
    const t = await i18next.getFixedT(request);
    const when = formatDateTime(event.starts_at, (await i18next.getLocale(request)) === "en" ? "en" : "fr");
    await sendMail({
      to: parsed.data.email,
      subject: t("registration.mailSubject", { title: event.title }),
      body: t(`registration.mailBody.${result.registration.status}`, {
        name: parsed.data.firstName,
        title: event.title,
        when,
        venue: `${event.venue_name}, ${event.address}`,
        link: cancelUrl,
      }),
    });
  }
  return data(
    { errors: {} as Record<string, string>, values: undefined, registered: { status: result.registration.status, cancelUrl } },
    { headers },
  );
}
