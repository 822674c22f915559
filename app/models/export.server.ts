import { z } from "zod";
import type { Tx } from "../db.server";
import { contributionKinds, reactionValues, themes } from "../themes";
import { outcomes } from "../votes";
import { getConsultation } from "./consultation.server";
import { listResults } from "./vote.server";
import { ageBrackets, aiUses } from "./profile.server";

/** Below this many people, a breakdown cell is never published (docs/exports.md). */
export const SMALL_CELL = 5;

const contributionRow = z.object({
  comment_id: z.number(),
  author_id: z.number().nullable(),
  kind: z.enum(contributionKinds),
  body: z.string(),
  themes: z.array(z.enum(themes)),
  source: z.enum(["online", "paper"]),
  status: z.enum(["visible", "held", "hidden"]),
  event_code: z.string().nullable(),
  created_at: z.date(),
  agree: z.number(),
  disagree: z.number(),
  pass: z.number(),
});
export type ExportedContribution = z.infer<typeof contributionRow>;

const reactionRow = z.object({
  comment_id: z.number(),
  voter_id: z.number(),
  value: z.enum(reactionValues),
  reacted_at: z.date(),
});
export type ExportedReaction = z.infer<typeof reactionRow>;

const participationRow = z.object({
  event_code: z.string().nullable(),
  event_title: z.string().nullable(),
  starts_at: z.date().nullable(),
  cancelled: z.boolean(),
  contributions_online: z.number(),
  contributions_paper: z.number(),
  contributors: z.number(),
  votes: z.number(),
  voters: z.number(),
});
export type ExportedParticipation = z.infer<typeof participationRow>;

const territoryRow = z.object({ name: z.string(), kind: z.string(), code: z.string(), slug: z.string() });

export type ProfileCell = { dimension: "age_bracket" | "ai_use"; value: string; participants: number | null; suppressed: boolean };

/**
 * Small-cell suppression for one breakdown whose cells add up to a published total: every cell under
 * SMALL_CELL is blanked, then the smallest shown cells too until the blanked ones cannot be worked
 * out by subtraction (at least two of them, adding up to SMALL_CELL or more).
 */
export function suppressSmallCells<T extends { participants: number }>(cells: T[]) {
  const hidden = new Set(cells.filter((c) => c.participants < SMALL_CELL));
  const hiddenSum = () => [...hidden].reduce((sum, c) => sum + c.participants, 0);
  const byCount = [...cells].sort((a, b) => a.participants - b.participants);
  while (hidden.size > 0 && hidden.size < cells.length && (hidden.size < 2 || hiddenSum() < SMALL_CELL)) {
    hidden.add(byCount.find((c) => !hidden.has(c))!);
  }
  return cells.map((c) => ({ ...c, participants: hidden.has(c) ? null : c.participants, suppressed: hidden.has(c) }));
}

function profileBreakdown(counts: { dimension: string; value: string; participants: number }[]): ProfileCell[] {
  const dimensions = [
    ["age_bracket", ageBrackets],
    ["ai_use", aiUses],
  ] as const;
  return dimensions.flatMap(([dimension, values]) =>
    suppressSmallCells(
      [...values, "not_answered"].map((value) => ({
        dimension,
        value,
        participants: counts.find((c) => c.dimension === dimension && c.value === value)?.participants ?? 0,
      })),
    ),
  );
}

/**
 * Everything an export may hold, as the caller may have it: null for a draft, and for an open
 * consultation unless the caller is staff of its territory (the database decides, in
 * private.can_export). Participants appear only as per-consultation numbers.
 */
export async function getConsultationExport(tx: Tx, { consultationId }: { consultationId: string }) {
  const consultation = await getConsultation(tx, { id: consultationId });
  if (!consultation) return null;
  const [access] = await tx.query<{ allowed: boolean; staff: boolean }>(
    "select private.can_export($1) as allowed, private.export_sees_all($1) as staff",
    [consultationId],
  );
  if (!access.allowed) return null;
  const [territory] = await tx.query("select name, kind, code, slug from public.territories where id = $1", [
    consultation.territory_id,
  ]);
  const contributions = await tx.query("select * from private.export_contributions($1)", [consultationId]);
  const reactions = await tx.query("select * from private.export_reactions($1)", [consultationId]);
  const participation = await tx.query("select * from private.export_participation($1)", [consultationId]);
  const profiles = await tx.query<{ dimension: string; value: string; participants: number }>(
    "select * from private.export_profile_counts($1)",
    [consultationId],
  );
  const [closed] = await tx.query<{ closed_at: Date | null }>("select closed_at from public.consultations where id = $1", [
    consultationId,
  ]);
  const results = await listResults(tx, { consultationId });
  return {
    consultation: { ...consultation, closed_at: closed?.closed_at ?? null },
    territory: territoryRow.parse(territory),
    scope: access.staff ? ("staff" as const) : ("public" as const),
    contributions: contributions.map((row) => contributionRow.parse(row)),
    reactions: reactions.map((row) => reactionRow.parse(row)),
    participation: participation.map((row) => participationRow.parse(row)),
    profiles: profileBreakdown(profiles),
    votes: results.map((r) => ({ ...r, outcome: z.enum(outcomes).parse(r.outcome) })),
  };
}

export type ConsultationExport = NonNullable<Awaited<ReturnType<typeof getConsultationExport>>>;
