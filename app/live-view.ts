import type { LivePhase } from "./models/live.server";
import type { ContributionKind, Theme } from "./themes";
import type { Verdict } from "./votes";

/**
 * What the live screens receive, built once per change from the public snapshot. Phones get a small
 * view (the phase, counts, the few latest contributions while they are being written); the projector
 * and the console get the whole room, with the number of phones connected.
 */
export type LiveSession = { phase: LivePhase; open: boolean; version: number; ended: boolean };
export type LiveCounts = { contributions: number; hopes: number; fears: number; votes: number; participants: number };
export type LiveNote = { id: string; kind: ContributionKind; body: string; themes: Theme[] };

export type PhoneView = { session: LiveSession | null; counts: LiveCounts; latest: LiveNote[] };
export type ScreenView = PhoneView & {
  phones: number;
  themes: Partial<Record<ContributionKind, Partial<Record<Theme, number>>>>;
  results_shown: boolean;
  uses: { ai_use_id: string; votes: number; bars: Record<Verdict, number> | null }[];
};
export type ViewName = "phone" | "screen";

/** Contributions shown while the room writes them: a few on a phone, a wall on the projector. */
export const PHONE_NOTES = 6;
export const SCREEN_NOTES = 40;

export const phoneShowsNotes = (phase: LivePhase | undefined) => phase === "contributions" || phase === "reactions";

/** Whether `next` may replace `current`: a late answer (an older session version) never wins. */
export function isNewer(current: { session: LiveSession | null }, next: { session: LiveSession | null }) {
  return (next.session?.version ?? 0) >= (current.session?.version ?? 0);
}

/**
 * The phases in order, for browser code (the model's `livePhases` lives in a server module, which
 * the browser build empties). The type check keeps the two lists the same.
 */
export const phaseOrder = ["welcome", "contributions", "reactions", "votes", "wrapup"] as const satisfies readonly LivePhase[];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const samePhases: Same<(typeof phaseOrder)[number], LivePhase> = true;
void samePhases;
