/**
 * The figures of a consultation's synthesis, as computed from the raw tables (current figures) or
 * frozen at publication (a published synthesis stores this object as it was). Shared by the server,
 * the pages and the charts; no server imports here.
 */
import type { ContributionKind, Theme } from "./themes";
import type { Outcome, Verdict, VoteCondition } from "./votes";

/** Never show a breakdown cell with fewer people than this. */
export const MIN_CELL = 5;
/** Below this many answers, a breakdown is flagged as too small to read. */
export const MIN_ANSWERS = 30;
/** National comparison appears once this many other territories have data. */
export const MIN_OTHER_TERRITORIES = 3;
/** A contribution needs this many reactions to rank among the most shared or divisive. */
export const MIN_REACTIONS = 5;

/** A count that may be suppressed: null when the cell holds 1–4 people (never shown). */
export type Cell = { key: string; count: number | null; share: number | null; reference: number | null; underRepresented: boolean };

export type Breakdown = {
  /** People who answered this question (null when fewer than MIN_CELL: nothing is shown). */
  answered: number | null;
  cells: Cell[];
  /** Fewer than MIN_ANSWERS people answered. */
  tooFew: boolean;
  /** Where the reference shares come from, e.g. "INSEE, population au 1er janvier 2024". */
  referenceSource: string | null;
};

export type QuotedContribution = {
  id: string;
  kind: ContributionKind;
  body: string;
  themes: Theme[];
  source: "online" | "paper";
  agree: number;
  disagree: number;
  pass: number;
  /** In a published synthesis: hidden by moderation since, so its text is no longer shown. */
  withdrawn?: boolean;
};

export type UseFigure = {
  id: string;
  title: { fr: string; en?: string | null };
  counts: Record<Verdict, number>;
  conditions: Record<VoteCondition | "other", number>;
  total: number;
  outcome: Outcome;
};

/**
 * The same figure pooled across all other territories (not this one) that have data, once there are
 * MIN_OTHER_TERRITORIES of them: e.g. their participants per 1,000 inhabitants all together, or the
 * share (%) of their hopes in a theme. Null below the threshold.
 */
export type National = { territories: number; value: number } | null;

export type SynthesisFigures = {
  generatedAt: string;
  consultation: { id: string; title: string; status: string; startsOn: string; endsOn: string };
  territory: { id: string; slug: string; name: string; population: number | null };
  participation: {
    eventsHeld: number;
    participants: number;
    contributions: { online: number; paper: number; hidden: number };
    reactions: number;
    votes: number;
    voters: number;
    /** Participants per 1,000 inhabitants (null without a population). */
    perThousand: number | null;
    perEvent: { code: string; title: string; startsAt: string; participants: number; contributions: number; votes: number }[];
    /** Weekly counts (ISO week start, Paris time). */
    overTime: { week: string; contributions: number; reactions: number; votes: number }[];
    national: { perThousand: National; contributionsPerParticipant: National };
  };
  profiles: { age: Breakdown; aiUse: Breakdown; communes: Breakdown };
  themes: {
    /** Ranked by count; `share` is the % of this kind's visible contributions that carry the theme. */
    hope: { theme: Theme; count: number; share: number; national: National }[];
    fear: { theme: Theme; count: number; share: number; national: National }[];
  };
  mostShared: QuotedContribution[];
  mostDivisive: QuotedContribution[];
  uses: UseFigure[];
};
