import { randomUUID } from "node:crypto";
import { data, redirect } from "@remix-run/node";
import { parseBallot } from "./ballot.server";
import { resolveConsultationPlace, type ConsultationPlace } from "./consultation-place.server";
import { ANON, db } from "./db.server";
import i18next from "./i18next.server";
import { castVotes, getResultsVisibility, listBallot, type AiUseContent } from "./models/vote.server";
import { ensureParticipant, networkHash, participantIdentity, readParticipantId } from "./participant.server";

/** The text of a use in the reader's language, and the language it is actually in (for `lang`). */
export function localText(content: AiUseContent, lng: string) {
  return lng === "en" && content.en ? { ...content.en, lang: "en" } : { ...content.fr, lang: "fr" };
}

async function findPlace(place: ConsultationPlace) {
  const found = await resolveConsultationPlace(place);
  if (!found || found.consultation.status === "draft") throw new Response("Not found", { status: 404 });
  return found;
}

export function resultsPath(consultationId: string, code?: string | null) {
  return `/concertations/${consultationId}/resultats${code ? `?e=${encodeURIComponent(code)}` : ""}`;
}

export async function loadVotePage(request: Request, place: ConsultationPlace) {
  const { consultation, event } = await findPlace(place);
  const t = await i18next.getFixedT(request);
  const lng = await i18next.getLocale(request);
  const participantId = await readParticipantId(request);
  const identity = participantId ? participantIdentity(participantId) : ANON;
  const { items, visibility } = await db().asCaller(identity, async (tx) => ({
    items: await listBallot(tx, { consultationId: consultation.id, participantId }),
    visibility: await getResultsVisibility(tx, { consultationId: consultation.id }),
  }));
  return {
    title: t("vote.title", { name: event?.title ?? consultation.title }),
    consultation: { id: consultation.id, title: consultation.title, open: consultation.status === "open" },
    event: event ? { code: event.code, title: event.title } : null,
    visibility,
    resultsHref: resultsPath(consultation.id, event?.code),
    requestKey: randomUUID(),
    uses: items.map((item) => ({
      id: item.id,
      version: item.version,
      domain: item.domain,
      tier: item.risk_tier,
      text: localText(item.content, lng),
      mine: item.my_verdict
        ? { verdict: item.my_verdict, conditions: item.my_conditions ?? [], other: item.my_other ?? "" }
        : null,
    })),
  };
}

/** Errors Postgres raises for a ballot, as the message a voter reads. */
function ballotFailure(error: unknown) {
  const e = error as { code?: string; hint?: string };
  if (e.code === "P0001" && e.hint === "consultation_closed") return "ballot.closed";
  if (e.code === "P0001" && e.hint === "blocked") return "ballot.blocked";
  if (e.code === "P0001" && e.hint === "phase_closed") return "ballot.phaseClosed";
  if (e.code === "P0001" && e.hint === "rate_limited") return "ballot.slowDown";
  if (e.code === "23503") return "ballot.unknownUse";
  if (e.code === "23514") return "ballot.invalid";
  return null;
}

/**
 * Records a ballot: all its votes or none. Success redirects to the results (post/redirect/get,
 * with or without JavaScript), so a refresh never votes again and results come after voting.
 */
export async function voteAction(request: Request, place: ConsultationPlace, context: { clientIp?: string }) {
  const { consultation, event } = await findPlace(place);
  const form = await request.formData();
  const fail = (errors: Record<string, string>, values: ReturnType<typeof parseBallot>["values"], status = 400) =>
    data({ ok: false as const, errors, values }, { status });
  if (consultation.status !== "open") return fail({ form: "ballot.closed" }, {}, 409);
  const uses = await db().asCaller(ANON, (tx) => listBallot(tx, { consultationId: consultation.id, participantId: null }));
  const parsed = parseBallot(form, new Map(uses.map((u) => [u.id, u.version])));
  if (!parsed.ok) return fail(parsed.errors, parsed.values);

  const requestKey = String(form.get("requestKey") ?? "");
  const { participantId, setCookie } = await ensureParticipant(request, { idempotencyKey: requestKey || undefined });
  const headers = new Headers();
  if (setCookie) headers.append("Set-Cookie", setCookie);
  try {
    await db().asCaller(participantIdentity(participantId, networkHash(context.clientIp)), (tx) =>
      castVotes(tx, {
        consultationId: consultation.id,
        territoryId: consultation.territory_id,
        eventId: event?.id ?? null,
        participantId,
        entries: parsed.entries,
      }),
    );
  } catch (error) {
    const message = ballotFailure(error);
    if (!message) throw error;
    return data({ ok: false as const, errors: { form: message }, values: parsed.values }, { status: 409, headers });
  }
  const to = new URL(resultsPath(consultation.id, event?.code), request.url);
  to.searchParams.set("vote", String(parsed.entries.length));
  throw redirect(`${to.pathname}${to.search}`, { status: 303, headers });
}
