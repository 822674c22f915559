import { z } from "zod";
import type { Tx } from "./db.server";
import { audiences } from "./domain";
import type i18next from "./i18next.server";
import {
  CHARTER_COLOURS,
  COMMITMENT_COLOURS,
  indicators,
  isTheme,
  NO_DATA,
  SEQUENTIAL,
  sequentialClass,
  THEME_COLOURS,
  type Indicator,
  type LegendEntry,
  type MapItem,
} from "./map";
import { getCurrentTemplate } from "./models/charter.server";
import {
  listMapYears,
  listTerritoryIndicators,
  nationalUseResults,
  type TerritoryIndicator,
} from "./models/national.server";
import { listAreaCentres, territoryKinds } from "./models/territory.server";
import { themes } from "./themes";

type T = Awaited<ReturnType<typeof i18next.getFixedT>>;

export const sortKeys = ["nom", "valeur", "participants", "avenir"] as const;
export type SortKey = (typeof sortKeys)[number];
export const PAGE_SIZE = 20;

/**
 * The map's query string: ?indicateur=&usage=&engagement=&annee=&public=&type=&avenir=1&tri=&ordre=&page=.
 * A value that is not one of the choices is dropped with a message for its field (the map still shows,
 * with the default), never a 500.
 */
export type MapQuery = {
  indicator: Indicator;
  aiUseId: string | null;
  commitmentKey: string | null;
  year: number | null;
  audience: (typeof audiences)[number] | null;
  kind: (typeof territoryKinds)[number] | null;
  upcomingOnly: boolean;
  sort: SortKey;
  descending: boolean;
  page: number;
};

const fields = {
  indicateur: z.enum(indicators),
  usage: z.uuid(),
  engagement: z.string().regex(/^[a-z0-9_]{1,60}$/),
  annee: z.coerce.number().int().min(2000).max(2100),
  public: z.enum(audiences),
  type: z.enum(territoryKinds),
  avenir: z.literal("1"),
  tri: z.enum(sortKeys),
  ordre: z.enum(["asc", "desc"]),
  page: z.coerce.number().int().min(1).max(10_000),
};
type Field = keyof typeof fields;

export function readMapQuery(params: URLSearchParams): { query: MapQuery; errors: Partial<Record<Field, string>> } {
  const errors: Partial<Record<Field, string>> = {};
  const read = <F extends Field>(name: F): z.infer<(typeof fields)[F]> | null => {
    const raw = params.get(name);
    if (raw === null || raw === "") return null;
    const parsed = fields[name].safeParse(raw);
    if (parsed.success) return parsed.data as z.infer<(typeof fields)[F]>;
    errors[name] = `carte.errors.${name}`;
    return null;
  };
  const sort = read("tri") ?? "valeur";
  return {
    query: {
      indicator: read("indicateur") ?? "participation",
      aiUseId: read("usage"),
      commitmentKey: read("engagement"),
      year: read("annee"),
      audience: read("public"),
      kind: read("type"),
      upcomingOnly: read("avenir") === "1",
      sort,
      descending: (read("ordre") ?? (sort === "nom" ? "asc" : "desc")) === "desc",
      page: read("page") ?? 1,
    },
    errors,
  };
}

/** The query string of a query (defaults left out), for links that keep the person's choices. */
export function mapSearch(query: MapQuery, change: Partial<MapQuery> = {}): string {
  const q = { ...query, ...change };
  const params = new URLSearchParams();
  if (q.indicator !== "participation") params.set("indicateur", q.indicator);
  if (q.indicator === "proscrit" && q.aiUseId) params.set("usage", q.aiUseId);
  if (q.indicator === "engagement" && q.commitmentKey) params.set("engagement", q.commitmentKey);
  if (q.year) params.set("annee", String(q.year));
  if (q.audience) params.set("public", q.audience);
  if (q.kind) params.set("type", q.kind);
  if (q.upcomingOnly) params.set("avenir", "1");
  if (q.sort !== "valeur") params.set("tri", q.sort);
  if (q.descending !== (q.sort !== "nom")) params.set("ordre", q.descending ? "desc" : "asc");
  if (q.page > 1) params.set("page", String(q.page));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** A territory as the table and the markers show it. */
export type MapRow = {
  id: string;
  slug: string;
  name: string;
  kind: TerritoryIndicator["kind"];
  regionCode: string | null;
  departementCode: string | null;
  lat: number | null;
  lon: number | null;
  participants: number | null;
  size: number | null;
  /** Sort key of the indicator (numbers, or the category's rank). */
  value: number | null;
  /** The "proscrit" indicator: votes to proscribe the use (size holds the votes on it). */
  proscribe: number | null;
  category: string | null;
  colour: string;
  display: string;
  eventsUpcoming: number;
  charterVersion: number | null;
};

export type MapData = {
  query: MapQuery;
  /** The use or commitment the indicator is about (the first one when none was chosen). */
  aiUseId: string | null;
  commitmentKey: string | null;
  options: {
    uses: { id: string; title: string; lang: "fr" | "en" }[];
    commitments: { key: string; title: string; lang: "fr" | "en" }[];
    years: number[];
  };
  rows: MapRow[];
  legend: LegendEntry[];
  /** Whether participant counts are summed per consultation (period or audience chosen). */
  summedPerConsultation: boolean;
  /** A use or commitment asked for that does not exist (the first one is shown instead). */
  unknown: { usage: boolean; engagement: boolean };
};

// Intl formatters cost tens of microseconds to build: one per language and style, for thousands of rows.
const formatters = new Map<string, Intl.NumberFormat>();
function formatter(lng: string, style: "rate0" | "rate1" | "rate2" | "decimal"): Intl.NumberFormat {
  const key = `${lng} ${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.NumberFormatOptions =
      style === "rate2" ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: style === "rate0" ? 0 : 1 };
    formatters.set(key, (f = new Intl.NumberFormat(lng, options)));
  }
  return f;
}
const nf = (lng: string) => formatter(lng, "decimal");

const COLLATOR = new Intl.Collator("fr");

/** A rate per 1,000 as people read it: 12, 3.4, 0.076 (two significant digits under 1). */
export function formatRate(value: number, lng: string): string {
  return formatter(lng, value >= 10 ? "rate0" : value >= 1 ? "rate1" : "rate2").format(value);
}

/**
 * The map's texts for thousands of rows: i18next resolves each message once per request (for each plural
 * form it needs), with markers where the values go; each row then only fills the markers in. Same words
 * as calling t() per row (interpolation does not escape here), at a fraction of the cost.
 */
export function mapTexts(t: T, lng: "fr" | "en") {
  const marker = (name: string) => `\u0001${name}\u0002`;
  const plurals = new Intl.PluralRules(lng);
  const templates = new Map<string, string>();
  return (key: string, values: Record<string, string | number> = {}): string => {
    const count = typeof values.count === "number" ? values.count : undefined;
    const form = count === undefined ? "" : count === 0 ? "zero" : plurals.select(count);
    const cacheKey = `${key}|${form}`;
    let template = templates.get(cacheKey);
    if (template === undefined) {
      const replace = Object.fromEntries(Object.keys(values).map((name) => [name, marker(name)]));
      template = String(count === undefined ? t(key, { replace }) : t(key, { count, replace }));
      templates.set(cacheKey, template);
    }
    return template.includes("\u0001") ? template.replace(/\u0001(\w+)\u0002/g, (_, name: string) => String(values[name] ?? "")) : template;
  };
}
type Texts = ReturnType<typeof mapTexts>;

/** Loads the indicator for every territory with something to show, coloured and written out. */
export async function loadMapData(
  tx: Tx,
  query: MapQuery,
  t: T,
  lng: "fr" | "en",
  { options = true }: { options?: boolean } = {},
): Promise<MapData> {
  // The choices (uses, commitments, years) are for the page's form; the data route, whose address the page
  // writes with the use and commitment resolved, reads them only when it must pick the first one itself.
  const needsUses = options || (query.indicator === "proscrit" && !query.aiUseId);
  const needsCommitments = options || (query.indicator === "engagement" && !query.commitmentKey);
  const [useResults, template, years] = await Promise.all([
    needsUses ? nationalUseResults(tx) : [],
    needsCommitments ? getCurrentTemplate(tx) : null,
    options ? listMapYears(tx) : [],
  ]);
  const uses = useResults.map((u) =>
    lng === "en" && u.titleEn
      ? { id: u.aiUseId, title: u.titleEn, lang: "en" as const }
      : { id: u.aiUseId, title: u.title ?? u.titleEn ?? u.aiUseId, lang: "fr" as const },
  );
  const commitments = (template?.commitments ?? []).map((c) =>
    lng === "en" && c.en ? { key: c.key, title: c.en.title, lang: "en" as const } : { key: c.key, title: c.fr.title, lang: "fr" as const },
  );
  // A well-formed but unknown use or commitment (a stale shared link) falls back to the first one, said so.
  const unknownUse = needsUses && query.aiUseId !== null && !uses.some((u) => u.id === query.aiUseId);
  const unknownCommitment = needsCommitments && query.commitmentKey !== null && !commitments.some((c) => c.key === query.commitmentKey);
  const aiUseId = query.indicator === "proscrit" ? ((unknownUse ? null : query.aiUseId) ?? uses[0]?.id ?? null) : null;
  const commitmentKey =
    query.indicator === "engagement" ? ((unknownCommitment ? null : query.commitmentKey) ?? commitments[0]?.key ?? null) : null;
  const indicatorsRows = await listTerritoryIndicators(tx, {
    kinds: query.kind ? [query.kind] : undefined,
    aiUseId,
    commitmentKey,
    year: query.year,
    audience: query.audience,
    themes: query.indicator === "crainte" || query.indicator === "espoir",
  });
  const texts = mapTexts(t, lng);
  const rows = indicatorsRows
    .filter((r) => !query.upcomingOnly || r.eventsUpcoming > 0)
    .map((r) => toRow(r, query.indicator, commitmentKey, texts, lng));
  return {
    query,
    aiUseId,
    commitmentKey,
    options: { uses, commitments, years },
    rows,
    legend: legend(query.indicator, texts),
    summedPerConsultation: Boolean(query.year || query.audience),
    unknown: { usage: unknownUse && query.indicator === "proscrit", engagement: unknownCommitment && query.indicator === "engagement" },
  };
}

const fewer = (t: Texts) => t("carte.fewer");

function toRow(
  r: TerritoryIndicator,
  indicator: Indicator,
  commitmentKey: string | null,
  t: Texts,
  lng: "fr" | "en",
): MapRow {
  const shown = figure(r, indicator, commitmentKey, t, lng);
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    regionCode: r.regionCode,
    departementCode: r.departementCode,
    lat: r.latitude,
    lon: r.longitude,
    participants: r.participants,
    size: shown.size,
    value: shown.value,
    proscribe: indicator === "proscrit" ? r.useProscribe : null,
    category: shown.category,
    colour: shown.colour,
    display: shown.display,
    eventsUpcoming: r.eventsUpcoming,
    charterVersion: r.charterVersion,
  };
}

type Figure = Pick<MapRow, "size" | "value" | "category" | "colour" | "display">;

/** A territory's figure for the indicator: what sizes, colours and says it. */
function figure(r: TerritoryIndicator, indicator: Indicator, commitmentKey: string | null, t: Texts, lng: "fr" | "en"): Figure {
  switch (indicator) {
    case "participation": {
      // Computed here at full precision (perThousand is rounded to one decimal).
      const value = r.participants !== null && r.population ? (r.participants * 1000) / r.population : null;
      return {
        size: r.participants,
        value,
        category: null,
        colour: value === null ? NO_DATA : SEQUENTIAL[sequentialClass("participation", value)],
        display:
          value !== null
            ? t("carte.value.participation", { value: formatRate(value, lng) })
            : r.participants === null
              ? fewer(t)
              : t("carte.value.noPopulation"),
      };
    }
    case "proscrit": {
      const value = r.useProscribeShare;
      return {
        size: r.useVotes,
        value,
        category: null,
        colour: value === null ? NO_DATA : SEQUENTIAL[sequentialClass("proscrit", value)],
        display:
          value !== null
            ? t("carte.value.proscrit", { value: nf(lng).format(value), count: r.useVotes ?? 0 })
            : r.participants === null
              ? fewer(t)
              : t("carte.value.fewerVotes"),
      };
    }
    case "crainte":
    case "espoir": {
      const theme = indicator === "crainte" ? r.leadingFear : r.leadingHope;
      const known = theme !== null && isTheme(theme);
      return {
        size: r.participants,
        value: known ? themes.indexOf(theme) : null,
        category: theme,
        colour: known ? THEME_COLOURS[theme] : NO_DATA,
        display: theme ? t(`theme.${theme}.label`) : r.participants === null ? fewer(t) : t("carte.value.noTheme"),
      };
    }
    case "charte": {
      const published = r.charterPublished;
      return {
        size: r.participants,
        value: published ? 1 : 0,
        category: published ? "published" : "none",
        colour: published ? CHARTER_COLOURS.published : CHARTER_COLOURS.none,
        display: published ? t("carte.value.charter", { version: r.charterVersion ?? "" }) : t("carte.value.noCharter"),
      };
    }
    case "engagement": {
      const state = !r.charterPublished
        ? "no_charter"
        : r.commitmentAdopted
          ? "adopted"
          : commitmentKey && r.inProgress.includes(commitmentKey)
            ? "in_progress"
            : "not_adopted";
      return {
        size: r.participants,
        value: { adopted: 3, in_progress: 2, not_adopted: 1, no_charter: 0 }[state],
        category: state,
        colour: COMMITMENT_COLOURS[state],
        display: t(`carte.commitment.${state}`),
      };
    }
  }
}

function legend(indicator: Indicator, t: Texts): LegendEntry[] {
  const none = { colour: NO_DATA, label: t("carte.legend.none") };
  switch (indicator) {
    case "participation":
    case "proscrit":
      return [...SEQUENTIAL.map((colour, i) => ({ colour, label: t(`carte.legend.${indicator}.${i}`) })), none];
    case "crainte":
    case "espoir":
      return [...themes.map((theme) => ({ colour: THEME_COLOURS[theme], label: t(`theme.${theme}.label`) })), none];
    case "charte":
      return [
        { colour: CHARTER_COLOURS.published, label: t("carte.legend.charter.published") },
        { colour: CHARTER_COLOURS.none, label: t("carte.legend.charter.none") },
      ];
    case "engagement":
      return (["adopted", "in_progress", "not_adopted", "no_charter"] as const).map((state) => ({
        colour: COMMITMENT_COLOURS[state],
        label: t(`carte.commitment.${state}`),
      }));
  }
}

type Centre = Awaited<ReturnType<typeof listAreaCentres>>[number];

/** The markers of the territories that have coordinates. */
export function territoryItems(rows: MapRow[]): MapItem[] {
  return rows.flatMap((r) =>
    r.lat === null || r.lon === null
      ? []
      : [
          {
            key: r.slug,
            level: "territory" as const,
            name: r.name,
            href: `/territoires/${r.slug}`,
            lat: r.lat,
            lon: r.lon,
            size: r.size,
            colour: r.colour,
            display: r.display,
            participants: r.participants,
            upcoming: r.eventsUpcoming,
            kind: r.kind,
          },
        ],
  );
}

/**
 * Proportional circles per région or département: the territories of the area together. Only figures
 * already shown per territory are added up (a suppressed small cell stays out, so no subtraction reveals it).
 */
export function areaItems(
  rows: MapRow[],
  centres: Centre[],
  level: "region" | "departement",
  indicator: Indicator,
  t: Texts,
  lng: "fr" | "en",
): MapItem[] {
  const format = nf(lng);
  const groups = new Map<string, MapRow[]>();
  for (const r of rows) {
    const code = level === "region" ? r.regionCode : r.departementCode;
    if (!code) continue;
    const group = groups.get(code);
    if (group) group.push(r);
    else groups.set(code, [r]);
  }
  const items: MapItem[] = [];
  for (const centre of centres) {
    if (centre.kind !== level || centre.latitude === null || centre.longitude === null) continue;
    const members = groups.get(centre.code);
    if (!members?.length) continue;
    const shown = members.filter((m) => m.participants !== null);
    const participants = shown.length ? shown.reduce((n, m) => n + (m.participants ?? 0), 0) : null;
    const upcoming = members.reduce((n, m) => n + m.eventsUpcoming, 0);
    let colour: string = NO_DATA;
    let display = fewer(t);
    let size = participants;
    switch (indicator) {
      case "participation":
        if (participants !== null && centre.population) {
          const value = (participants * 1000) / centre.population;
          colour = SEQUENTIAL[sequentialClass("participation", value)];
          display = t("carte.value.participation", { value: formatRate(value, lng) });
        }
        break;
      case "proscrit": {
        const voted = members.filter((m) => m.proscribe !== null && m.size !== null);
        const votes = voted.reduce((n, m) => n + (m.size ?? 0), 0);
        size = votes || null;
        if (votes > 0) {
          const proscribe = voted.reduce((n, m) => n + (m.proscribe ?? 0), 0);
          const value = Math.round((proscribe * 1000) / votes) / 10;
          colour = SEQUENTIAL[sequentialClass("proscrit", value)];
          display = t("carte.value.proscrit", { value: format.format(value), count: votes });
        } else display = t("carte.value.fewerVotes");
        break;
      }
      case "crainte":
      case "espoir": {
        const counts = new Map<string, number>();
        for (const m of members) if (m.category) counts.set(m.category, (counts.get(m.category) ?? 0) + 1);
        const ranked = [...counts].sort((a, b) => b[1] - a[1] || themes.indexOf(a[0] as never) - themes.indexOf(b[0] as never));
        if (ranked.length && isTheme(ranked[0][0])) {
          colour = THEME_COLOURS[ranked[0][0]];
          display = t("carte.value.themeArea", { theme: t(`theme.${ranked[0][0]}.label`), count: ranked[0][1], total: members.length });
        }
        break;
      }
      case "charte": {
        const published = members.filter((m) => m.category === "published").length;
        colour = published ? CHARTER_COLOURS.published : CHARTER_COLOURS.none;
        display = t("carte.value.chartersArea", { count: published, total: members.length });
        break;
      }
      case "engagement": {
        const by = (state: string) => members.filter((m) => m.category === state).length;
        const state = by("adopted") ? "adopted" : by("in_progress") ? "in_progress" : by("not_adopted") ? "not_adopted" : "no_charter";
        colour = COMMITMENT_COLOURS[state];
        display = t("carte.value.adoptedArea", { count: by("adopted"), total: members.length - by("no_charter") });
        break;
      }
    }
    const largest = [...members].sort((a, b) => (b.participants ?? -1) - (a.participants ?? -1) || COLLATOR.compare(a.name, b.name));
    items.push({
      key: `${level}:${centre.code}`,
      level,
      name: centre.name,
      href: null,
      lat: centre.latitude,
      lon: centre.longitude,
      size,
      colour,
      display,
      participants,
      upcoming,
      count: members.length,
      links: largest.slice(0, 5).map((m) => ({ name: m.name, href: `/territoires/${m.slug}` })),
    });
  }
  return items;
}

/** Everything the Leaflet map draws, for the data route. */
export async function loadMapItems(tx: Tx, data: MapData, t: T, lng: "fr" | "en") {
  const centres = await listAreaCentres(tx);
  const texts = mapTexts(t, lng);
  return {
    legend: data.legend,
    regions: areaItems(data.rows, centres, "region", data.query.indicator, texts, lng),
    departements: areaItems(data.rows, centres, "departement", data.query.indicator, texts, lng),
    territories: territoryItems(data.rows),
  };
}

/** The table's page: sorted as asked (ties by name), PAGE_SIZE rows. */
export function tablePage(rows: MapRow[], query: MapQuery) {
  const key = (r: MapRow): number | string | null =>
    query.sort === "nom" ? r.name : query.sort === "participants" ? r.participants : query.sort === "avenir" ? r.eventsUpcoming : r.value;
  const collator = COLLATOR;
  const sorted = [...rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    // Rows without a figure go last whatever the order.
    if (x === null || y === null) return x === y ? collator.compare(a.name, b.name) : x === null ? 1 : -1;
    const c = typeof x === "string" ? collator.compare(x, y as string) : x - (y as number);
    return (query.descending ? -c : c) || collator.compare(a.name, b.name);
  });
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  return { rows: sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), page, pages, total: sorted.length };
}
