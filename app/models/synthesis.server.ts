import { z } from "zod";
import { communeName } from "../places.server";
import type { Tx } from "../db.server";
import { INSEE_AGE_SOURCE, inseeAgeShares } from "../data/insee-ages";
import {
  MIN_ANSWERS,
  MIN_CELL,
  MIN_OTHER_TERRITORIES,
  MIN_REACTIONS,
  type Breakdown,
  type National,
  type QuotedContribution,
  type SynthesisFigures,
  type UseFigure,
} from "../synthesis";
import { contributionKinds, themes, type ContributionKind, type Theme } from "../themes";
import { outcomes, verdicts, voteConditions } from "../votes";
import { ageBrackets, aiUses } from "./profile.server";
import { listResults } from "./vote.server";

// Every figure is defined in supabase/migrations/20261123170000_syntheses.sql.

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const national = (territories: number, value: number | string | null): National =>
  territories >= MIN_OTHER_TERRITORIES && value !== null ? { territories, value: Number(value) } : null;

/**
 * Small-cell suppression of one breakdown whose cells add up to `answered`: every cell under MIN_CELL
 * is blanked, then the smallest shown ones until the blanked cells cannot be worked out by subtraction
 * (at least two, adding up to MIN_CELL or more). Below MIN_CELL answers nothing is shown.
 */
export function suppressBreakdown(
  raw: { key: string; count: number; reference: number | null }[],
  referenceSource: string | null,
): Breakdown {
  const answered = raw.reduce((sum, c) => sum + c.count, 0);
  const hidden = new Set(answered < MIN_CELL ? raw : raw.filter((c) => c.count < MIN_CELL));
  const hiddenSum = () => [...hidden].reduce((sum, c) => sum + c.count, 0);
  const byCount = [...raw].sort((a, b) => a.count - b.count);
  while (hidden.size > 0 && hidden.size < raw.length && (hidden.size < 2 || hiddenSum() < MIN_CELL)) {
    hidden.add(byCount.find((c) => !hidden.has(c))!);
  }
  return {
    answered: answered < MIN_CELL ? null : answered,
    tooFew: answered < MIN_ANSWERS,
    referenceSource,
    cells: raw.map((c) => {
      const share = answered ? (c.count * 100) / answered : 0;
      return {
        key: c.key,
        count: hidden.has(c) ? null : c.count,
        share: hidden.has(c) ? null : round(share),
        reference: c.reference,
        underRepresented: c.reference !== null && answered >= MIN_CELL && share < c.reference / 2,
      };
    }),
  };
}

function profiles(rows: { dimension: string; value: string; participants: number }[]): SynthesisFigures["profiles"] {
  const of = (dimension: string, key: string) => rows.find((r) => r.dimension === dimension && r.value === key)?.participants ?? 0;
  // Communes under MIN_CELL are pooled into "other" so no small commune is ever named.
  const communes = rows.filter((r) => r.dimension === "commune").sort((a, b) => b.participants - a.participants || a.value.localeCompare(b.value));
  const named = communes.filter((r) => r.participants >= MIN_CELL);
  const other = communes.filter((r) => r.participants < MIN_CELL).reduce((sum, r) => sum + r.participants, 0);
  return {
    age: suppressBreakdown(
      ageBrackets.map((key) => ({ key, count: of("age", key), reference: inseeAgeShares[key] })),
      INSEE_AGE_SOURCE,
    ),
    aiUse: suppressBreakdown(aiUses.map((key) => ({ key, count: of("ai_use", key), reference: null })), null),
    communes: suppressBreakdown(
      [
        // Shown (and frozen at publication) as "Nantes (44109)": readers know names, not codes.
        ...named.map((r) => ({ key: `${communeName(r.value) ?? r.value} (${r.value})`, count: r.participants, reference: null })),
        ...(other > 0 ? [{ key: "other", count: other, reference: null }] : []),
      ],
      null,
    ),
  };
}

const headRow = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  starts_on: z.string(),
  ends_on: z.string(),
  territory_id: z.string(),
  slug: z.string(),
  name: z.string(),
  population: z.number().nullable(),
});
const participationRow = z.object({
  events_held: z.number(),
  participants: z.number(),
  contributions_online: z.number(),
  contributions_paper: z.number(),
  contributions_hidden: z.number(),
  reactions: z.number(),
  votes: z.number(),
  voters: z.number(),
});
const perEventRow = z.object({
  code: z.string(),
  title: z.string(),
  // A timestamptz inside jsonb: its ISO text.
  starts_at: z.coerce.date(),
  participants: z.number(),
  contributions: z.number(),
  votes: z.number(),
});
const weekRow = z.object({ week: z.string(), contributions: z.number(), reactions: z.number(), votes: z.number() });
const profileRow = z.object({ dimension: z.string(), value: z.string(), participants: z.number() });
const themeRow = z.object({ kind: z.enum(contributionKinds), theme: z.enum(themes), contributions: z.number(), kind_total: z.number() });
const quotedRow = z.object({
  list: z.enum(["shared", "divisive"]),
  id: z.string(),
  kind: z.enum(contributionKinds),
  body: z.string(),
  themes: z.array(z.enum(themes)),
  source: z.enum(["online", "paper"]),
  agree: z.number(),
  disagree: z.number(),
  pass: z.number(),
});
const nationalRow = z.object({
  per_thousand_territories: z.number(),
  per_thousand: z.coerce.number().nullable(),
  per_participant_territories: z.number(),
  contributions_per_participant: z.coerce.number().nullable(),
});
const nationalThemeRow = z.object({ kind: z.enum(contributionKinds), theme: z.enum(themes), territories: z.number(), share: z.coerce.number() });

/**
 * The current figures of a consultation's synthesis, or null when the caller may not see them (only
 * staff of its territory may: the public reads a published, frozen version).
 */
export async function computeSynthesis(tx: Tx, { consultationId }: { consultationId: string }): Promise<SynthesisFigures | null> {
  const [access] = await tx.query<{ allowed: boolean }>("select private.can_read_synthesis_figures($1) as allowed", [consultationId]);
  if (!access?.allowed) return null;
  const [head] = await tx.query(
    `select c.id, c.title, c.status, c.starts_on::text, c.ends_on::text, t.id as territory_id, t.slug, t.name, t.population
     from public.consultations c join public.territories t on t.id = c.territory_id where c.id = $1`,
    [consultationId],
  );
  if (!head) return null;
  const h = headRow.parse(head);
  const one = async <T>(sql: string, schema: z.ZodType<T>, params: unknown[] = [consultationId]) =>
    (await tx.query(sql, params)).map((row) => schema.parse(row));
  // Participation, per event, over time, profiles and quoted contributions: one query (see the migration).
  const [{ figures }] = await tx.query<{ figures: Record<string, unknown> | null }>(
    "select private.synthesis_figures($1, $2) as figures",
    [consultationId, MIN_REACTIONS],
  );
  if (!figures) return null;
  const p = participationRow.parse(figures.participation);
  const perEvent = z.array(perEventRow).parse(figures.per_event);
  const weeks = z.array(weekRow).parse(figures.over_time);
  const profileCounts = z.array(profileRow).parse(figures.profile_counts);
  const quoted = z.array(quotedRow).parse(figures.quoted);
  const themeCounts = await one("select * from private.synthesis_theme_counts($1)", themeRow);
  const [n] = await one("select * from private.synthesis_national_participation($1)", nationalRow);
  const nationalThemes = await one("select * from private.synthesis_national_themes($1)", nationalThemeRow);
  const results = await listResults(tx, { consultationId });

  const themeFigures = (kind: ContributionKind) =>
    themeCounts
      .filter((r) => r.kind === kind)
      .map((r) => {
        const nat = nationalThemes.find((x) => x.kind === kind && x.theme === r.theme);
        return {
          theme: r.theme as Theme,
          count: r.contributions,
          share: round((r.contributions * 100) / r.kind_total),
          national: nat ? national(nat.territories, nat.share) : null,
        };
      })
      .sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme));
  const quote = (list: "shared" | "divisive"): QuotedContribution[] =>
    quoted.filter((q) => q.list === list).map(({ list: _, ...q }) => q);
  const uses: UseFigure[] = results.map((r) => ({
    id: r.id,
    title: { fr: r.content.fr.title, en: r.content.en?.title ?? null },
    counts: { proscribe: r.proscribe, conditional: r.conditional, accept: r.accept, unsure: r.unsure },
    conditions: {
      human_oversight: r.human_oversight,
      transparency: r.transparency,
      eu_hosting: r.eu_hosting,
      bias_audit: r.bias_audit,
      human_alternative: r.human_alternative,
      other: r.other_condition,
    },
    total: r.total,
    outcome: r.outcome,
  }));

  return {
    generatedAt: new Date().toISOString(),
    consultation: { id: h.id, title: h.title, status: h.status, startsOn: h.starts_on, endsOn: h.ends_on },
    territory: { id: h.territory_id, slug: h.slug, name: h.name, population: h.population },
    participation: {
      eventsHeld: p.events_held,
      participants: p.participants,
      contributions: { online: p.contributions_online, paper: p.contributions_paper, hidden: p.contributions_hidden },
      reactions: p.reactions,
      votes: p.votes,
      voters: p.voters,
      perThousand: h.population ? round((p.participants * 1000) / h.population) : null,
      perEvent: perEvent.map(({ starts_at, ...e }) => ({ ...e, startsAt: starts_at.toISOString() })),
      overTime: weeks,
      national: {
        perThousand: national(n.per_thousand_territories, n.per_thousand),
        contributionsPerParticipant: national(n.per_participant_territories, n.contributions_per_participant),
      },
    },
    profiles: profiles(profileCounts),
    themes: { hope: themeFigures("hope"), fear: themeFigures("fear") },
    mostShared: quote("shared"),
    mostDivisive: quote("divisive"),
    uses,
  };
}

// The stored snapshot is parsed back into the contract's shape.
const nationalSchema = z.object({ territories: z.number(), value: z.number() }).nullable();
const breakdownSchema = z.object({
  answered: z.number().nullable(),
  tooFew: z.boolean(),
  referenceSource: z.string().nullable(),
  cells: z.array(
    z.object({ key: z.string(), count: z.number().nullable(), share: z.number().nullable(), reference: z.number().nullable(), underRepresented: z.boolean() }),
  ),
});
const quotedSchema = quotedRow.omit({ list: true });
const themeFigureSchema = z.object({ theme: z.enum(themes), count: z.number(), share: z.number(), national: nationalSchema });
const counts = <K extends readonly string[]>(keys: K) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as { [P in K[number]]: z.ZodNumber });
export const synthesisFigures = z.object({
  generatedAt: z.string(),
  consultation: z.object({ id: z.string(), title: z.string(), status: z.string(), startsOn: z.string(), endsOn: z.string() }),
  territory: z.object({ id: z.string(), slug: z.string(), name: z.string(), population: z.number().nullable() }),
  participation: z.object({
    eventsHeld: z.number(),
    participants: z.number(),
    contributions: z.object({ online: z.number(), paper: z.number(), hidden: z.number() }),
    reactions: z.number(),
    votes: z.number(),
    voters: z.number(),
    perThousand: z.number().nullable(),
    perEvent: z.array(perEventRow.omit({ starts_at: true }).extend({ startsAt: z.string() })),
    overTime: z.array(weekRow),
    national: z.object({ perThousand: nationalSchema, contributionsPerParticipant: nationalSchema }),
  }),
  profiles: z.object({ age: breakdownSchema, aiUse: breakdownSchema, communes: breakdownSchema }),
  themes: z.object({ hope: z.array(themeFigureSchema), fear: z.array(themeFigureSchema) }),
  mostShared: z.array(quotedSchema),
  mostDivisive: z.array(quotedSchema),
  uses: z.array(
    z.object({
      id: z.string(),
      title: z.object({ fr: z.string(), en: z.string().nullable().optional() }),
      counts: counts(verdicts),
      conditions: counts([...voteConditions, "other"] as const),
      total: z.number(),
      outcome: z.enum(outcomes),
    }),
  ),
}) satisfies z.ZodType<SynthesisFigures>;

// Draft and published versions -----------------------------------------------------------------------

const draftRow = z.object({
  consultation_id: z.string(),
  territory_id: z.string(),
  narrative: z.string(),
  follow_up: z.string(),
  updated_by: z.string().nullable(),
  updated_at: z.date(),
});
export type SynthesisDraft = z.infer<typeof draftRow>;
const DRAFT_COLUMNS = "consultation_id, territory_id, narrative, follow_up, updated_by, updated_at";

/** The narrative and follow-up being written (staff of the territory only; null otherwise or when none). */
export async function getSynthesisDraft(tx: Tx, { consultationId }: { consultationId: string }) {
  const rows = await tx.query(`select ${DRAFT_COLUMNS} from public.syntheses where consultation_id = $1`, [consultationId]);
  return rows.length ? draftRow.parse(rows[0]) : null;
}

/** Saves the draft (one per consultation); null when the caller is not staff of the territory. */
export async function saveSynthesisDraft(
  tx: Tx,
  input: { consultationId: string; territoryId: string; narrative: string; followUp: string; updatedBy: string },
) {
  const [access] = await tx.query<{ allowed: boolean }>("select private.is_territory_staff($1) as allowed", [input.territoryId]);
  if (!access?.allowed) return null;
  const rows = await tx.query(
    `insert into public.syntheses (consultation_id, territory_id, narrative, follow_up, updated_by)
     values ($1, $2, $3, $4, $5)
     on conflict (consultation_id) do update set narrative = excluded.narrative, follow_up = excluded.follow_up,
       updated_by = excluded.updated_by, updated_at = now()
     returning ${DRAFT_COLUMNS}`,
    [input.consultationId, input.territoryId, input.narrative, input.followUp, input.updatedBy],
  );
  return rows.length ? draftRow.parse(rows[0]) : null;
}

/**
 * Publishes the current figures with the draft's narrative and follow-up as the next version (frozen
 * from then on). Returns the version, or null when the caller may not see the figures; the database
 * refuses callers who are not facilitators or officials of the territory, and draft consultations.
 */
export async function publishSynthesis(tx: Tx, { consultationId }: { consultationId: string }) {
  const figures = await computeSynthesis(tx, { consultationId });
  if (!figures) return null;
  // Quotes are frozen as ids and counts, not text: a contribution hidden by moderation later must not
  // stay public word for word in an immutable version. The text is read back while it stays visible.
  const frozen = {
    ...figures,
    mostShared: figures.mostShared.map((q) => ({ ...q, body: "" })),
    mostDivisive: figures.mostDivisive.map((q) => ({ ...q, body: "" })),
  };
  const [row] = await tx.query<{ version: number }>("select private.publish_synthesis($1, $2::jsonb) as version", [
    consultationId,
    frozen,
  ]);
  return row.version;
}

/** Fills the frozen quotes with their text while the contribution is still visible; otherwise marks them withdrawn. */
async function withQuotes(tx: Tx, figures: SynthesisFigures): Promise<SynthesisFigures> {
  const ids = [...figures.mostShared, ...figures.mostDivisive].map((q) => q.id);
  if (!ids.length) return figures;
  const rows = await tx.query<{ id: string; body: string }>(
    "select id, body from public.contributions where id = any ($1::uuid[]) and status = 'visible'",
    [ids],
  );
  const text = new Map(rows.map((r) => [r.id, r.body]));
  const fill = (q: SynthesisFigures["mostShared"][number]) =>
    text.has(q.id) ? { ...q, body: text.get(q.id)! } : { ...q, body: "", withdrawn: true };
  return { ...figures, mostShared: figures.mostShared.map(fill), mostDivisive: figures.mostDivisive.map(fill) };
}

const versionRow = z.object({
  version: z.number(),
  narrative: z.string(),
  follow_up: z.string(),
  published_by: z.string(),
  published_at: z.date(),
});

/** A published version (the latest by default), readable by everyone. */
export async function getPublishedSynthesis(tx: Tx, { consultationId, version }: { consultationId: string; version?: number }) {
  const rows = await tx.query(
    `select version, narrative, follow_up, published_at, figures from public.synthesis_versions
     where consultation_id = $1 and ($2::int is null or version = $2) order by version desc limit 1`,
    [consultationId, version ?? null],
  );
  if (!rows.length) return null;
  return { ...versionRow.omit({ published_by: true }).parse(rows[0]), figures: await withQuotes(tx, synthesisFigures.parse(rows[0].figures)) };
}

export async function listSynthesisVersions(tx: Tx, { consultationId }: { consultationId: string }) {
  const rows = await tx.query(
    `select version, published_at from public.synthesis_versions where consultation_id = $1 order by version desc`,
    [consultationId],
  );
  return rows.map((row) => versionRow.pick({ version: true, published_at: true }).parse(row));
}

// The contributions behind a figure ------------------------------------------------------------------

const figureContributionRow = z.object({
  id: z.string(),
  kind: z.enum(contributionKinds),
  body: z.string(),
  themes: z.array(z.enum(themes)),
  source: z.enum(["online", "paper"]),
  created_at: z.date(),
  agree: z.number().nullable(),
  disagree: z.number().nullable(),
  pass: z.number().nullable(),
});
export type FigureContribution = z.infer<typeof figureContributionRow>;

/**
 * The visible contributions behind a figure (a kind, a theme, or given ids), as the caller may read
 * them (RLS); their reaction counts (blocked participants left out) only for staff or once a synthesis
 * is published, null otherwise.
 */
export async function listFigureContributions(
  tx: Tx,
  { consultationId, kind, theme, ids, limit = 500 }: { consultationId: string; kind?: ContributionKind; theme?: Theme; ids?: string[]; limit?: number },
) {
  const rows = await tx.query(
    `select c.id, c.kind, c.body, c.themes, c.source, c.created_at, k.agree, k.disagree, k.pass
     from public.contributions c
     left join private.synthesis_reaction_counts($1, array(
       select x.id from public.contributions x
       where x.consultation_id = $1 and x.status = 'visible' and ($2::text is null or x.kind = $2)
         and ($3::text is null or $3 = any (x.themes)) and ($4::uuid[] is null or x.id = any ($4))
     )) k on k.contribution_id = c.id
     where c.consultation_id = $1 and c.status = 'visible' and ($2::text is null or c.kind = $2)
       and ($3::text is null or $3 = any (c.themes)) and ($4::uuid[] is null or c.id = any ($4))
     order by k.agree + k.disagree desc nulls last, c.created_at, c.id
     limit $5`,
    [consultationId, kind ?? null, theme ?? null, ids ?? null, limit],
  );
  return rows.map((row) => figureContributionRow.parse(row));
}
