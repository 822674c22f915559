import { resolveConsultationPlace } from "./consultation-place.server";
import type i18next from "./i18next.server";
import { livePhases } from "./models/live.server";

const CACHE_MS = 60_000;
type LiveEvent = { id: string; code: string; title: string; consultationId: string };
const found = new Map<string, { at: number; event: LiveEvent | null }>();

/**
 * The event behind a code, for the live routes: 404 when there is none or it is not public yet.
 * Cached a minute, because a room of phones (re)connects to the stream by the hundred.
 */
export async function liveEvent(code: string | undefined): Promise<LiveEvent> {
  const key = (code ?? "").toUpperCase();
  let cached = found.get(key);
  if (!cached || Date.now() - cached.at > CACHE_MS) {
    const place = await resolveConsultationPlace({ code: key });
    const event =
      place?.event && place.consultation.status !== "draft"
        ? { id: place.event.id, code: place.event.code, title: place.event.title, consultationId: place.consultation.id }
        : null;
    if (found.size > 1000) found.clear();
    cached = { at: Date.now(), event };
    found.set(key, cached);
  }
  if (!cached.event) throw new Response("Not found", { status: 404 });
  return cached.event;
}

export const liveEventId = async (code: string | undefined) => (await liveEvent(code)).id;

/** Every string the phone page may need, translated here so the phone downloads no dictionary. */
type TFunction = Awaited<ReturnType<typeof i18next.getFixedT>>;

export function phoneText(t: TFunction) {
  const phase = Object.fromEntries(livePhases.map((p) => [p, t(`live.phase.${p}`)])) as Record<
    (typeof livePhases)[number],
    string
  >;
  return {
    phase,
    waiting: { title: t("live.phone.waitingTitle"), body: t("live.phone.waitingBody") },
    ended: { title: t("live.phone.endedTitle"), body: t("live.phone.endedBody") },
    body: {
      welcome: t("live.phone.welcomeBody"),
      contributions: t("live.phone.contributionsBody"),
      reactions: t("live.phone.reactionsBody"),
      votes: t("live.phone.votesBody"),
      wrapup: t("live.phone.wrapupBody"),
    },
    action: {
      contributions: t("live.phone.contributionsAction"),
      reactions: t("live.phone.reactionsAction"),
      votes: t("live.phone.votesAction"),
    },
    wrapupTitle: t("live.phone.wrapupTitle"),
    closed: t("live.phone.closed"),
    step: t("live.phone.step"),
    reconnecting: t("live.phone.reconnecting"),
    refresh: t("live.phone.refresh"),
    latest: t("live.phone.latest"),
    kind: { hope: t("live.phone.kind.hope"), fear: t("live.phone.kind.fear") },
    eventPage: t("live.phone.eventPage"),
  };
}
export type PhoneText = ReturnType<typeof phoneText>;
