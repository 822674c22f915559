import { z } from "zod";
import type { Tx } from "../db.server";
import { MIN_CELL } from "../synthesis";
import { territoryKinds } from "./territory.server";

/**
 * National figures for the map and /national. They read only the summary tables kept by triggers
 * (supabase/migrations/20261123180000_national_aggregates.sql for territories,
 * 20261123190000_consultation_aggregates.sql for consultations), never the raw contributions,
 * reactions or votes, so a request costs the same with 30 territories or 35,000. The one exception is
 * the count of upcoming events, which depends on the clock: a range scan of future events on
 * events_upcoming_idx. Consultations (for the filters) and events are read through
 * private.national_consultations and private.national_upcoming_events, which return only public rows:
 * the tables' own policies call a function per row, too slow at national scale.
 *
 * Small cells: no per-territory figure derived from fewer than MIN_CELL (5) participants is returned
 * (null instead); a use's share likewise needs MIN_CELL votes behind it. National pooled counts under
 * MIN_CELL are nulled too. Filtered by period or audience, participants are summed per consultation
 * (distinct people are not known there), so the figures also need one matching consultation with
 * MIN_CELL participants: that many distinct people at least.
 */

export type TerritoryKind = (typeof territoryKinds)[number];

export type IndicatorFilters = {
  kinds?: readonly TerritoryKind[];
  regionCode?: string | null;
  departementCode?: string | null;
  /** The use whose "proscribe" share is wanted (null: none). */
  aiUseId?: string | null;
  /** The charter commitment whose adoption is wanted (null: none). */
  commitmentKey?: string | null;
  /** Only consultations whose [starts_on, ends_on] overlaps this calendar year (null: any). */
  year?: number | null;
  /** Only consultations open to this public, one of `audiences` (null: any). */
  audience?: string | null;
  /**
   * Whether to find each territory's leading hope and fear themes (default true). The costliest part at
   * national scale (every theme count is read): the map asks only when its indicator is a theme.
   */
  themes?: boolean;
};

const num = z.coerce.number();
const nullableNum = z.union([z.null(), z.coerce.number()]);

const indicatorRow = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: z.enum(territoryKinds),
  code: z.string(),
  region_code: z.string().nullable(),
  departement_code: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  population: z.number().nullable(),
  participants: num,
  contributions_visible: num,
  reactions: num,
  votes: num,
  events_total: num,
  events_upcoming: num,
  leading_hope: z.string().nullable(),
  leading_fear: z.string().nullable(),
  use_votes: num,
  use_proscribe: num,
  charter_version: z.number().nullable(),
  adopted: z.array(z.string()).nullable(),
  in_progress: z.array(z.string()).nullable(),
  largest: num,
});

export type TerritoryIndicator = {
  /**
   * What the figures cover: the whole territory (distinct participants), or the consultations matching
   * a period or audience filter (participants summed per consultation: one person in two of them
   * counts twice). Events and the charter are the territory's either way, events of the matching
   * consultations only.
   */
  scope: "territory" | "consultations";
  id: string;
  slug: string;
  name: string;
  kind: TerritoryKind;
  code: string;
  regionCode: string | null;
  departementCode: string | null;
  latitude: number | null;
  longitude: number | null;
  population: number | null;
  /** Null when fewer than MIN_CELL participants. */
  participants: number | null;
  perThousand: number | null;
  contributions: number | null;
  reactions: number | null;
  votes: number | null;
  eventsTotal: number;
  eventsUpcoming: number;
  leadingHope: string | null;
  leadingFear: string | null;
  /** Votes on the chosen use in closed consultations (null when under MIN_CELL or no use chosen). */
  useVotes: number | null;
  /** Share (0–100, one decimal) of those votes that proscribe the use. */
  useProscribeShare: number | null;
  /** Votes to proscribe it (null when useVotes is), for pooling areas without rounding errors. */
  useProscribe: number | null;
  charterPublished: boolean;
  charterVersion: number | null;
  adopted: string[];
  inProgress: string[];
  /** Whether the chosen commitment is adopted (null: no charter or no commitment chosen). */
  commitmentAdopted: boolean | null;
};

const round1 = (x: number) => Math.round(x * 10) / 10;

const territoryColumns = `t.id, t.slug, t.name, t.kind, t.code, t.region_code, t.departement_code, t.latitude, t.longitude,
  t.population`;

/** Every territory, its own summary row. */
const territoryQuery = `with lead_theme as (
    select c.territory_id,
      (array_agg(c.theme order by c.count desc, c.theme) filter (where c.kind = 'hope'))[1] as hope,
      (array_agg(c.theme order by c.count desc, c.theme) filter (where c.kind = 'fear'))[1] as fear
    from public.territory_theme_counts c
    where $5::boolean and c.count > 0
    group by c.territory_id
  ),
  upcoming as (
    select e.territory_id, sum(e.events)::int as n from private.national_upcoming_events() e group by e.territory_id
  )
  select ${territoryColumns},
    s.participants, s.participants as largest, s.contributions_visible, s.reactions, s.votes, s.events_total,
    coalesce(up.n, 0) as events_upcoming, l.hope as leading_hope, l.fear as leading_fear,
    coalesce(u.total, 0) as use_votes, coalesce(u.proscribe, 0) as use_proscribe,
    ch.version as charter_version, ch.adopted, ch.in_progress
  from public.territory_stats s
  join public.territories t on t.id = s.territory_id
  left join lead_theme l on l.territory_id = s.territory_id
  left join upcoming up on up.territory_id = s.territory_id
  left join public.territory_use_counts u on u.territory_id = s.territory_id and u.ai_use_id = $4::uuid
  left join public.territory_charter ch on ch.territory_id = s.territory_id
  where (s.participants > 0 or s.events_total > 0 or s.contributions_visible > 0 or ch.territory_id is not null)
    and ($1::text[] is null or t.kind = any ($1::text[]))
    and ($2::text is null or t.region_code = $2)
    and ($3::text is null or t.departement_code = $3)
  order by t.name, t.id`;

/** The matching public consultations ($6 year, $7 audience), their summary rows summed per territory. */
const consultationQuery = `with k as materialized (
    select c.consultation_id as id, c.territory_id from private.national_consultations($6::int, $7::text) c
  ),
  s as (
    select cs.territory_id, sum(cs.participants)::int as participants, max(cs.participants) as largest,
      sum(cs.contributions_visible)::int as contributions_visible, sum(cs.reactions)::int as reactions,
      sum(cs.votes)::int as votes, sum(cs.events_total)::int as events_total
    from k join public.consultation_stats cs on cs.consultation_id = k.id
    group by cs.territory_id
  ),
  lead_theme as (
    select x.territory_id,
      (array_agg(x.theme order by x.n desc, x.theme) filter (where x.kind = 'hope'))[1] as hope,
      (array_agg(x.theme order by x.n desc, x.theme) filter (where x.kind = 'fear'))[1] as fear
    from (
      select k.territory_id, c.kind, c.theme, sum(c.count) as n
      from k join public.consultation_theme_counts c on c.consultation_id = k.id
      where $5::boolean and c.count > 0
      group by k.territory_id, c.kind, c.theme
    ) x
    group by x.territory_id
  ),
  use_counts as (
    select k.territory_id, sum(u.total)::int as total, sum(u.proscribe)::int as proscribe
    from k join public.consultation_use_counts u on u.consultation_id = k.id
    where u.ai_use_id = $4::uuid
    group by k.territory_id
  ),
  upcoming as (
    select k.territory_id, sum(e.events)::int as n
    from private.national_upcoming_events() e join k on k.id = e.consultation_id
    group by k.territory_id
  )
  select ${territoryColumns},
    s.participants, s.largest, s.contributions_visible, s.reactions, s.votes, s.events_total,
    coalesce(up.n, 0) as events_upcoming, l.hope as leading_hope, l.fear as leading_fear,
    coalesce(u.total, 0) as use_votes, coalesce(u.proscribe, 0) as use_proscribe,
    ch.version as charter_version, ch.adopted, ch.in_progress
  from s
  join public.territories t on t.id = s.territory_id
  left join lead_theme l on l.territory_id = s.territory_id
  left join upcoming up on up.territory_id = s.territory_id
  left join use_counts u on u.territory_id = s.territory_id
  left join public.territory_charter ch on ch.territory_id = s.territory_id
  where (s.participants > 0 or s.events_total > 0 or s.contributions_visible > 0 or ch.territory_id is not null)
    and ($1::text[] is null or t.kind = any ($1::text[]))
    and ($2::text is null or t.region_code = $2)
    and ($3::text is null or t.departement_code = $3)
  order by t.name, t.id`;

/**
 * One row per territory with something to show: participation, events, or a published charter. With a
 * year or an audience, only territories with a matching consultation that is not a draft, and figures
 * summed over those consultations (scope "consultations").
 */
export async function listTerritoryIndicators(tx: Tx, filters: IndicatorFilters = {}): Promise<TerritoryIndicator[]> {
  // An empty choice in a form ("" or 0) filters nothing, as null does.
  const year = filters.year || null;
  const audience = filters.audience || null;
  const scope = year === null && audience === null ? "territory" : "consultations";
  // No consultation overlaps a year that is not one.
  if (year !== null && !(Number.isInteger(year) && year >= 1 && year <= 9999)) return [];
  const params: unknown[] = [
    filters.kinds ? [...filters.kinds] : null,
    filters.regionCode ?? null,
    filters.departementCode ?? null,
    filters.aiUseId ?? null,
    filters.themes ?? true,
  ];
  const rows = scope === "territory" ? await tx.query(territoryQuery, params) : await tx.query(consultationQuery, [...params, year, audience]);
  return rows.map((raw) => {
    const r = indicatorRow.parse(raw);
    const enough = r.participants >= MIN_CELL && r.largest >= MIN_CELL;
    const useEnough = enough && filters.aiUseId != null && r.use_votes >= MIN_CELL;
    return {
      scope,
      id: r.id,
      slug: r.slug,
      name: r.name,
      kind: r.kind,
      code: r.code,
      regionCode: r.region_code,
      departementCode: r.departement_code,
      latitude: r.latitude,
      longitude: r.longitude,
      population: r.population,
      participants: enough ? r.participants : null,
      perThousand: enough && r.population ? round1((r.participants * 1000) / r.population) : null,
      contributions: enough ? r.contributions_visible : null,
      reactions: enough ? r.reactions : null,
      votes: enough ? r.votes : null,
      eventsTotal: r.events_total,
      eventsUpcoming: r.events_upcoming,
      leadingHope: enough ? r.leading_hope : null,
      leadingFear: enough ? r.leading_fear : null,
      useVotes: useEnough ? r.use_votes : null,
      useProscribeShare: useEnough ? round1((r.use_proscribe * 100) / r.use_votes) : null,
      useProscribe: useEnough ? r.use_proscribe : null,
      charterPublished: r.charter_version !== null,
      charterVersion: r.charter_version,
      adopted: r.adopted ?? [],
      inProgress: r.in_progress ?? [],
      commitmentAdopted:
        r.charter_version === null || !filters.commitmentKey ? null : (r.adopted ?? []).includes(filters.commitmentKey),
    };
  });
}

/**
 * The years that public consultations cover (each year a consultation's period overlaps), for the
 * period filter. Two index lookups for the span, then one index probe per year.
 */
export async function listMapYears(tx: Tx): Promise<number[]> {
  const rows = await tx.query(
    `with span as (
       select (select extract(year from min(c.starts_on))::int from public.consultations c where c.status <> 'draft') as lo,
         (select extract(year from max(c.ends_on))::int from public.consultations c where c.status <> 'draft') as hi
     )
     select y as year
     from span cross join lateral generate_series(span.lo, span.hi) as y
     where exists (
       select 1 from public.consultations c
       where c.status <> 'draft' and c.ends_on >= make_date(y, 1, 1) and c.starts_on <= make_date(y, 12, 31)
     )
     order by y`,
  );
  return rows.map((r) => z.coerce.number().parse(r.year));
}

const themeRow = z.object({ kind: z.enum(["hope", "fear"]), theme: z.string(), count: num, territories: num, kind_total: num });
export type NationalTheme = { kind: "hope" | "fear"; theme: string; count: number | null; share: number | null; territories: number };

/** Themes of visible contributions across France: count, share of the kind's contributions, territories. */
export async function nationalThemes(tx: Tx): Promise<NationalTheme[]> {
  const rows = await tx.query(
    `with k as (
       select sum(s.hopes)::bigint as hope, sum(s.fears)::bigint as fear from public.territory_stats s
     )
     select c.kind, c.theme, sum(c.count)::int as count, (count(*) filter (where c.count > 0))::int as territories,
       (case when c.kind = 'hope' then (select hope from k) else (select fear from k) end)::int as kind_total
     from public.territory_theme_counts c
     group by c.kind, c.theme
     having sum(c.count) > 0
     order by c.kind, sum(c.count) desc, c.theme`,
  );
  return rows.map((raw) => {
    const r = themeRow.parse(raw);
    const shown = r.count >= MIN_CELL;
    return {
      kind: r.kind,
      theme: r.theme,
      count: shown ? r.count : null,
      share: shown && r.kind_total > 0 ? round1((r.count * 100) / r.kind_total) : null,
      territories: r.territories,
    };
  });
}

const useRow = z.object({
  ai_use_id: z.string(),
  title: z.string().nullable(),
  title_en: z.string().nullable(),
  proscribe: num,
  conditional: num,
  accept: num,
  unsure: num,
  total: num,
  territories: num,
});
export type NationalUseResult = {
  aiUseId: string;
  title: string | null;
  titleEn: string | null;
  /** Votes behind the figures: one per participant and consultation. */
  participants: number;
  territories: number;
  proscribe: number | null;
  conditional: number | null;
  accept: number | null;
  unsure: number | null;
  proscribeShare: number | null;
};

/** Vote results per use, pooled over the closed and published consultations of every territory. */
export async function nationalUseResults(tx: Tx): Promise<NationalUseResult[]> {
  const rows = await tx.query(
    `select u.ai_use_id, w.content #>> '{fr,title}' as title, w.content #>> '{en,title}' as title_en,
       sum(u.proscribe)::int as proscribe, sum(u.conditional)::int as conditional, sum(u.accept)::int as accept,
       sum(u.unsure)::int as unsure, sum(u.total)::int as total, (count(*) filter (where u.total > 0))::int as territories
     from public.territory_use_counts u
     join public.ai_uses a on a.id = u.ai_use_id
     left join public.ai_use_versions w on w.ai_use_id = a.id and w.version = a.version
     group by u.ai_use_id, w.content
     having sum(u.total) > 0
     order by sum(u.total) desc, u.ai_use_id`,
  );
  return rows.map((raw) => {
    const r = useRow.parse(raw);
    const shown = r.total >= MIN_CELL;
    return {
      aiUseId: r.ai_use_id,
      title: r.title,
      titleEn: r.title_en,
      participants: r.total,
      territories: r.territories,
      proscribe: shown ? r.proscribe : null,
      conditional: shown ? r.conditional : null,
      accept: shown ? r.accept : null,
      unsure: shown ? r.unsure : null,
      proscribeShare: shown ? round1((r.proscribe * 100) / r.total) : null,
    };
  });
}

const adoptionRow = z.object({ key: z.string(), adopted: num, in_progress: num, charters: num });
export type CharterAdoption = { key: string; adopted: number; inProgress: number; charters: number };

/** Per commitment: how many territories' latest published charter adopt it or have it in progress. */
export async function charterAdoption(tx: Tx): Promise<CharterAdoption[]> {
  const rows = await tx.query(
    `with total as (select count(*)::int as n from public.territory_charter),
     keys as (
       select k.key, 'adopted' as state from public.territory_charter c cross join lateral unnest(c.adopted) as k(key)
       union all
       select k.key, 'in_progress' from public.territory_charter c cross join lateral unnest(c.in_progress) as k(key)
     )
     select keys.key, (count(*) filter (where state = 'adopted'))::int as adopted,
       (count(*) filter (where state = 'in_progress'))::int as in_progress, (select n from total) as charters
     from keys group by keys.key order by 2 desc, keys.key`,
  );
  return rows.map((raw) => {
    const r = adoptionRow.parse(raw);
    return { key: r.key, adopted: r.adopted, inProgress: r.in_progress, charters: r.charters };
  });
}
