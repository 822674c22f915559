import { z } from "zod";
import type { Tx } from "../db.server";
import { MIN_CELL } from "../synthesis";
import { contributionKinds, themes } from "../themes";
import { riskTiers, verdicts, type Verdict } from "../votes";
import { suppressBreakdown } from "./synthesis.server";
import { territoryKinds } from "./territory.server";

/**
 * Open data (/donnees) and the national results page (/national). Everything is read from the
 * summary tables kept by triggers (supabase/migrations/20261123180000_national_aggregates.sql, which
 * defines every figure) plus small tables: never the raw contributions, reactions or votes.
 *
 * Small cells: no count under MIN_CELL (5) is published. A territory with fewer than 5 participants
 * publishes none of its participation figures; any other count under 5 is blank (null), and when a
 * blank count could be worked out from a total (hopes + fears = contributions, the four verdicts = the
 * votes on a use, the uses = the territory's votes) the next smallest of the group is blanked too
 * (suppressBreakdown, as in the synthesis). Events, population and charters are not about people's
 * answers and are always published.
 */

export const openDataFiles = ["territoires", "themes", "usages"] as const;
export type OpenDataFile = (typeof openDataFiles)[number];

export type ColumnType = "string" | "integer" | "number" | "boolean" | "date";
export type Column = { name: string; type: ColumnType; enum?: readonly string[]; list?: boolean; uri?: boolean };
export type Value = string | number | boolean | null | string[];
export type OpenDataRow = Record<string, Value>;

const territory: Column[] = [
  { name: "territory_code", type: "string" },
  { name: "territory_kind", type: "string", enum: territoryKinds },
  { name: "territory_name", type: "string" },
];
const shareOf = (name: string): Column => ({ name: `${name}_share`, type: "number" });

/** The stable columns of each file, in order (their descriptions: locales, openData.columns). */
export const openDataColumns: Record<OpenDataFile, Column[]> = {
  territoires: [
    ...territory,
    { name: "departement_code", type: "string" },
    { name: "region_code", type: "string" },
    { name: "population", type: "integer" },
    { name: "participants", type: "integer" },
    { name: "contributions", type: "integer" },
    { name: "hopes", type: "integer" },
    { name: "fears", type: "integer" },
    { name: "reactions", type: "integer" },
    { name: "votes", type: "integer" },
    { name: "events", type: "integer" },
    { name: "charter_version", type: "integer" },
    { name: "charter_published_on", type: "date" },
    { name: "commitments_adopted", type: "string", list: true },
    { name: "commitments_in_progress", type: "string", list: true },
    { name: "synthesis_published_on", type: "date" },
    { name: "synthesis_url", type: "string", uri: true },
    { name: "url", type: "string", uri: true },
    { name: "suppressed", type: "boolean" },
  ],
  themes: [
    ...territory,
    { name: "kind", type: "string", enum: contributionKinds },
    { name: "theme", type: "string", enum: themes },
    { name: "contributions", type: "integer" },
    { name: "share", type: "number" },
    { name: "suppressed", type: "boolean" },
  ],
  usages: [
    ...territory,
    { name: "ai_use", type: "string" },
    { name: "ai_use_title", type: "string" },
    { name: "ai_use_scope", type: "string", enum: ["national", "local"] },
    { name: "risk_tier", type: "string", enum: riskTiers },
    { name: "votes", type: "integer" },
    ...verdicts.map((v): Column => ({ name: v, type: "integer" })),
    ...verdicts.map(shareOf),
    { name: "suppressed", type: "boolean" },
  ],
};

export const primaryKeys: Record<OpenDataFile, string[]> = {
  territoires: ["territory_kind", "territory_code"],
  themes: ["territory_kind", "territory_code", "kind", "theme"],
  usages: ["territory_kind", "territory_code", "ai_use"],
};

/** What a file's columns mean, in the language of `t` (keys openData.columns.<file>.<column>). */
export function describeColumns(
  t: (key: string, options?: Record<string, unknown>) => string,
  { themeLabel, commitmentKeys }: { themeLabel: (theme: string) => string; commitmentKeys: string[] },
) {
  const values: Record<string, string> = {
    theme: themes.map((k) => `${k} (${themeLabel(k)})`).join(", "),
    commitments_adopted: commitmentKeys.join(", "),
    commitments_in_progress: commitmentKeys.join(", "),
  };
  return Object.fromEntries(
    openDataFiles.map((file) => [
      file,
      openDataColumns[file].map((c) => ({
        ...c,
        description: t(`openData.columns.${file}.${c.name}`, { values: values[c.name] ?? (c.enum ?? []).join(", ") }),
      })),
    ]),
  ) as Record<OpenDataFile, (Column & { description: string })[]>;
}

const num = z.coerce.number();
const round1 = (x: number) => Math.round(x * 10) / 10;
/** A count, or null under MIN_CELL. */
const cell = (n: number) => (n < MIN_CELL ? null : n);
/** The counts of a group adding up to a total, with small cells blanked (see above). */
function breakdown<K extends string>(counts: Record<K, number>) {
  const entries = Object.entries(counts) as [K, number][];
  const total = entries.reduce((sum, [, count]) => sum + count, 0);
  // Most groups at national scale have no small cell: nothing to blank, no need for the general rule.
  const cells = entries.every(([, count]) => count >= MIN_CELL)
    ? entries.map(([key, count]) => ({ key, count: count as number | null, share: total ? round1((count * 100) / total) as number | null : 0 }))
    : suppressBreakdown(entries.map(([key, count]) => ({ key, count, reference: null })), null).cells;
  return Object.fromEntries(cells.map((c) => [c.key, { count: c.count, share: c.share }])) as Record<K, { count: number | null; share: number | null }>;
}

// Per territory -----------------------------------------------------------------------------------------

// The latest published synthesis of each territory (index synthesis_versions_territory_latest_idx).
const LATEST_SYNTHESIS = `select distinct on (v.territory_id) v.territory_id, v.consultation_id, v.version, v.published_at
  from public.synthesis_versions v
  order by v.territory_id, v.published_at desc, v.version desc`;
const parisDate = (column: string) => `to_char(${column} at time zone 'Europe/Paris', 'YYYY-MM-DD')`;

const territoryRow = z.object({
  code: z.string(),
  kind: z.enum(territoryKinds),
  name: z.string(),
  slug: z.string(),
  departement_code: z.string().nullable(),
  region_code: z.string().nullable(),
  population: z.number().nullable(),
  participants: z.number(),
  contributions_visible: z.number(),
  hopes: z.number(),
  fears: z.number(),
  reactions: z.number(),
  votes: z.number(),
  events_total: z.number(),
  charter_version: z.number().nullable(),
  charter_published_on: z.string().nullable(),
  adopted: z.array(z.string()).nullable(),
  in_progress: z.array(z.string()).nullable(),
  synthesis_consultation_id: z.string().nullable(),
  synthesis_published_on: z.string().nullable(),
});

/** One row per territory with something public: participation, events, a charter or a synthesis. */
async function territoryRows(tx: Tx, origin: string): Promise<OpenDataRow[]> {
  const rows = await tx.query(
    `with latest as (${LATEST_SYNTHESIS})
     select t.code, t.kind, t.name, t.slug, t.departement_code, t.region_code, t.population,
       s.participants, s.contributions_visible, s.hopes, s.fears, s.reactions, s.votes, s.events_total,
       ch.version as charter_version, ${parisDate("ch.published_at")} as charter_published_on, ch.adopted, ch.in_progress,
       l.consultation_id as synthesis_consultation_id, ${parisDate("l.published_at")} as synthesis_published_on
     from public.territory_stats s
     join public.territories t on t.id = s.territory_id
     left join public.territory_charter ch on ch.territory_id = s.territory_id
     left join latest l on l.territory_id = s.territory_id
     where s.participants > 0 or s.contributions_visible > 0 or s.events_total > 0
       or ch.territory_id is not null or l.territory_id is not null
     order by t.kind collate "C", t.code collate "C"`,
  );
  return rows.map((raw) => {
    const r = territoryRow.parse(raw);
    const published = r.participants >= MIN_CELL;
    const kinds = breakdown({ hopes: r.hopes, fears: r.fears });
    const figures = {
      participants: published ? r.participants : null,
      contributions: published ? cell(r.contributions_visible) : null,
      hopes: published ? kinds.hopes.count : null,
      fears: published ? kinds.fears.count : null,
      reactions: published ? cell(r.reactions) : null,
      votes: published ? cell(r.votes) : null,
    };
    return {
      territory_code: r.code,
      territory_kind: r.kind,
      territory_name: r.name,
      departement_code: r.departement_code,
      region_code: r.region_code,
      population: r.population,
      ...figures,
      events: r.events_total,
      charter_version: r.charter_version,
      charter_published_on: r.charter_published_on,
      commitments_adopted: r.charter_version === null ? null : r.adopted ?? [],
      commitments_in_progress: r.charter_version === null ? null : r.in_progress ?? [],
      synthesis_published_on: r.synthesis_published_on,
      synthesis_url: r.synthesis_consultation_id ? `${origin}/concertations/${r.synthesis_consultation_id}/synthese` : null,
      url: `${origin}/territoires/${r.slug}`,
      suppressed: Object.values(figures).some((v) => v === null),
    };
  });
}

const themeRow = z.object({
  code: z.string(),
  territory_kind: z.enum(territoryKinds),
  name: z.string(),
  kind: z.enum(contributionKinds),
  theme: z.string(),
  count: z.number(),
  hopes: z.number(),
  fears: z.number(),
});

/** Themes of the visible hopes and fears of each territory with at least MIN_CELL participants. */
async function themeRows(tx: Tx): Promise<OpenDataRow[]> {
  const rows = await tx.query(
    `select t.code, t.kind as territory_kind, t.name, c.kind, c.theme, c.count, s.hopes, s.fears
     from public.territory_theme_counts c
     join public.territory_stats s on s.territory_id = c.territory_id
     join public.territories t on t.id = c.territory_id
     where s.participants >= $1 and c.count > 0
     order by t.kind collate "C", t.code collate "C", c.kind collate "C", c.theme collate "C"`,
    [MIN_CELL],
  );
  const published = new Map<string, ReturnType<typeof breakdown<"hopes" | "fears">>>();
  return rows.map((raw) => {
    const r = themeRow.parse(raw);
    const count = cell(r.count);
    // A share is of the territory's hopes (or fears) as published: a blank total would show through it.
    const key = `${r.territory_kind}/${r.code}`;
    const kinds = published.get(key) ?? published.set(key, breakdown({ hopes: r.hopes, fears: r.fears })).get(key)!;
    const total = kinds[r.kind === "hope" ? "hopes" : "fears"].count;
    const share = count === null || !total ? null : round1((count * 100) / total);
    return {
      territory_code: r.code,
      territory_kind: r.territory_kind,
      territory_name: r.name,
      kind: r.kind,
      theme: r.theme,
      contributions: count,
      share,
      suppressed: share === null,
    };
  });
}

const useRow = z.object({
  territory_id: z.string(),
  code: z.string(),
  kind: z.enum(territoryKinds),
  name: z.string(),
  slug: z.string(),
  title: z.string().nullable(),
  local: z.boolean(),
  risk_tier: z.string(),
  proscribe: z.number(),
  conditional: z.number(),
  accept: z.number(),
  unsure: z.number(),
  total: z.number(),
});

/** Vote results per territory and use (closed and published consultations), territories with MIN_CELL participants. */
async function useRows(tx: Tx): Promise<OpenDataRow[]> {
  const rows = (
    await tx.query(
      // Titles once per use, not once per row (each is read out of a whole wording document).
      `with titled as materialized (
         select a.id, a.slug, a.territory_id is not null as local, a.risk_tier, w.content #>> '{fr,title}' as title
         from public.ai_uses a left join public.ai_use_versions w on w.ai_use_id = a.id and w.version = a.version
       )
       select t.id as territory_id, t.code, t.kind, t.name, a.slug, a.title, a.local, a.risk_tier,
         u.proscribe, u.conditional, u.accept, u.unsure, u.total
       from public.territory_use_counts u
       join public.territory_stats s on s.territory_id = u.territory_id
       join public.territories t on t.id = u.territory_id
       join titled a on a.id = u.ai_use_id
       where s.participants >= $1 and u.total > 0
       order by t.kind collate "C", t.code collate "C", a.slug collate "C"`,
      [MIN_CELL],
    )
  ).map((raw) => useRow.parse(raw));
  // The uses of a territory add up to its published votes: blank small ones so none can be worked out.
  const byTerritory = new Map<string, Record<string, number>>();
  for (const r of rows) byTerritory.set(r.territory_id, { ...byTerritory.get(r.territory_id), [r.slug]: r.total });
  const shownUses = new Map([...byTerritory].map(([id, totals]) => [id, breakdown(totals)]));
  return rows.map((r) => {
    const shown = shownUses.get(r.territory_id)![r.slug].count !== null;
    const split = breakdown({ proscribe: r.proscribe, conditional: r.conditional, accept: r.accept, unsure: r.unsure });
    const figure = (v: Verdict, key: "count" | "share") => (shown ? split[v][key] : null);
    const counts = Object.fromEntries(verdicts.map((v) => [v, figure(v, "count")]));
    return {
      territory_code: r.code,
      territory_kind: r.kind,
      territory_name: r.name,
      ai_use: r.slug,
      ai_use_title: r.title,
      ai_use_scope: r.local ? "local" : "national",
      risk_tier: r.risk_tier,
      votes: shown ? r.total : null,
      ...counts,
      ...Object.fromEntries(verdicts.map((v) => [`${v}_share`, figure(v, "share")])),
      suppressed: !shown || Object.values(counts).some((c) => c === null),
    };
  });
}

/** The rows of one open-data file, as anyone may read them. `origin` makes the links absolute. */
export async function openDataRows(tx: Tx, { file, origin }: { file: OpenDataFile; origin: string }) {
  if (file === "territoires") return territoryRows(tx, origin);
  if (file === "themes") return themeRows(tx);
  return useRows(tx);
}

// National figures (/national) ------------------------------------------------------------------------

const overviewRow = z.object({
  territories: num,
  participants: num,
  contributions: num,
  hopes: num,
  fears: num,
  reactions: num,
  votes: num,
  events: num,
  charters: num,
});

/** Totals over every territory (those under MIN_CELL participants included), small totals blanked. */
export async function nationalOverview(tx: Tx) {
  const [raw] = await tx.query(
    `select (count(*) filter (where s.participants > 0))::int as territories,
       coalesce(sum(s.participants), 0) as participants, coalesce(sum(s.contributions_visible), 0) as contributions,
       coalesce(sum(s.hopes), 0) as hopes, coalesce(sum(s.fears), 0) as fears, coalesce(sum(s.reactions), 0) as reactions,
       coalesce(sum(s.votes), 0) as votes, coalesce(sum(s.events_total), 0) as events,
       (select count(*) from public.territory_charter)::int as charters
     from public.territory_stats s`,
  );
  const r = overviewRow.parse(raw);
  const kinds = breakdown({ hopes: r.hopes, fears: r.fears });
  return {
    territories: r.territories,
    participants: cell(r.participants),
    contributions: cell(r.contributions),
    hopes: kinds.hopes,
    fears: kinds.fears,
    reactions: cell(r.reactions),
    votes: cell(r.votes),
    events: r.events,
    charters: r.charters,
  };
}

const pooledUseRow = z.object({
  id: z.string(),
  slug: z.string(),
  local: z.boolean(),
  risk_tier: z.enum(riskTiers),
  title: z.string().nullable(),
  title_en: z.string().nullable(),
  territories: num,
  proscribe: num,
  conditional: num,
  accept: num,
  unsure: num,
  total: num,
});
export type VerdictFigure = { count: number | null; share: number | null; /** Under MIN_CELL (else hidden with others). */ small: boolean };

/**
 * Vote results of the national catalogue's uses, pooled over every territory's closed and published
 * consultations; `localUses` counts the territories' own uses, which are in the open data only.
 */
export async function nationalUses(tx: Tx) {
  const rows = await tx.query(
    `with pooled as (
       select u.ai_use_id, sum(u.proscribe) as proscribe, sum(u.conditional) as conditional, sum(u.accept) as accept,
         sum(u.unsure) as unsure, sum(u.total) as total, count(*) filter (where u.total > 0) as territories
       from public.territory_use_counts u
       group by u.ai_use_id
       having sum(u.total) > 0
     )
     select a.id, a.slug, a.territory_id is not null as local, a.risk_tier,
       w.content #>> '{fr,title}' as title, w.content #>> '{en,title}' as title_en,
       p.territories, p.proscribe, p.conditional, p.accept, p.unsure, p.total
     from pooled p
     join public.ai_uses a on a.id = p.ai_use_id
     left join public.ai_use_versions w on w.ai_use_id = a.id and w.version = a.version`,
  );
  const parsed = rows.map((raw) => pooledUseRow.parse(raw));
  const uses = parsed
    .filter((r) => !r.local)
    .map((r) => {
      const split = breakdown({ proscribe: r.proscribe, conditional: r.conditional, accept: r.accept, unsure: r.unsure });
      return {
        id: r.id,
        slug: r.slug,
        title: r.title ?? r.slug,
        titleEn: r.title_en,
        riskTier: r.risk_tier,
        territories: r.territories,
        votes: cell(r.total),
        verdicts: Object.fromEntries(
          verdicts.map((v) => [v, { ...split[v], small: r[v] < MIN_CELL }]),
        ) as Record<Verdict, VerdictFigure>,
      };
    })
    // By the published share only: an order by hidden figures would hint at them.
    .sort(
      (a, b) =>
        (b.verdicts.proscribe.share ?? -1) - (a.verdicts.proscribe.share ?? -1) ||
        (b.votes ?? 0) - (a.votes ?? 0) ||
        a.slug.localeCompare(b.slug),
    );
  return { uses, localUses: parsed.length - uses.length };
}

const synthesisRow = z.object({
  consultation_id: z.string(),
  title: z.string(),
  version: z.number(),
  published_at: z.date(),
  slug: z.string(),
  name: z.string(),
  kind: z.enum(territoryKinds),
});

/** Territories with their latest published synthesis, most recent first, a page at a time. */
export async function latestSyntheses(tx: Tx, { limit, offset }: { limit: number; offset: number }) {
  const [{ total }] = await tx.query<{ total: number }>(
    "select count(*)::int as total from (select distinct v.territory_id from public.synthesis_versions v) x",
  );
  const rows = await tx.query(
    `with latest as (${LATEST_SYNTHESIS})
     select l.consultation_id, c.title, l.version, l.published_at, t.slug, t.name, t.kind
     from latest l
     join public.territories t on t.id = l.territory_id
     join public.consultations c on c.id = l.consultation_id
     order by l.published_at desc, t.name, t.id
     limit $1 offset $2`,
    [limit, offset],
  );
  return { total, rows: rows.map((raw) => synthesisRow.parse(raw)) };
}
