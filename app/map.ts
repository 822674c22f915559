/**
 * The national map's vocabulary, shared by the server (table, legend, data route) and the Leaflet chunk:
 * indicators, their colour classes, and the circle sizes. The server decides every colour and text, so the
 * legend, the table and the markers can never disagree.
 */
import { themes, type Theme } from "./themes";

export const indicators = ["participation", "proscrit", "crainte", "espoir", "charte", "engagement"] as const;
export type Indicator = (typeof indicators)[number];

export type MapLevel = "region" | "departement" | "territory";

/** One marker or proportional circle: a territory, or the territories of a région or département. */
export type MapItem = {
  key: string;
  level: MapLevel;
  name: string;
  /** The territory's page (territories only). */
  href: string | null;
  lat: number;
  lon: number;
  /** What the circle's area is proportional to (participants, or votes on the use): null when suppressed. */
  size: number | null;
  /** Colour of the circle (from the legend). */
  colour: string;
  /** The indicator as text, exactly as the table shows it. */
  display: string;
  /** Participants shown (null: fewer than 5, suppressed). */
  participants: number | null;
  /** Cafés IA to come. */
  upcoming: number;
  /** Territories: their kind (commune, epci, departement, region). */
  kind?: string;
  /** Aggregates: how many territories, and links to the largest ones. */
  count?: number;
  links?: { name: string; href: string }[];
};

export type LegendEntry = { colour: string; label: string };

/** Sequential classes (light to dark blue), readable by people who do not see red and green apart. */
export const SEQUENTIAL = ["#c6dbef", "#6baed6", "#2171b5", "#08519c", "#08306b"] as const;
export const NO_DATA = "#ffffff";

/** Upper bounds (exclusive) of the first four classes; the fifth is everything above. */
export const breaks: Record<"participation" | "proscrit", readonly number[]> = {
  // Participants per 1,000 inhabitants.
  participation: [0.5, 1, 2, 5],
  // Share (%) of votes asking for the use to be proscribed.
  proscrit: [20, 40, 60, 80],
};

export function sequentialClass(indicator: "participation" | "proscrit", value: number): number {
  const bounds = breaks[indicator];
  const i = bounds.findIndex((b) => value < b);
  return i === -1 ? bounds.length : i;
}

/** Twelve distinct colours for the twelve themes (after ColorBrewer "Paired"); the text says the theme too. */
export const THEME_COLOURS: Record<Theme, string> = {
  jobs: "#1f78b4",
  environment: "#33a02c",
  privacy: "#e31a1c",
  surveillance: "#6a3d9a",
  bias: "#ff7f00",
  transparency: "#a6cee3",
  inclusion: "#b2df8a",
  human_oversight: "#fb9a99",
  democracy: "#cab2d6",
  sovereignty: "#fdbf6f",
  service_quality: "#b15928",
  efficiency: "#ffff99",
};

export const isTheme = (value: unknown): value is Theme => typeof value === "string" && (themes as readonly string[]).includes(value);

export const CHARTER_COLOURS = { published: "#1b7837", none: "#bdbdbd" } as const;
export const COMMITMENT_COLOURS = { adopted: "#1b7837", in_progress: "#fdb863", not_adopted: "#b2182b", no_charter: "#bdbdbd" } as const;

/** Circle radius in pixels: area proportional to the size, the largest at MAX_RADIUS. */
export const MIN_RADIUS = 7;
export const MAX_RADIUS = 34;
export function radius(size: number | null, largest: number): number {
  if (!size || size <= 0 || largest <= 0) return MIN_RADIUS;
  return Math.max(MIN_RADIUS, Math.round(MAX_RADIUS * Math.sqrt(size / largest) * 10) / 10);
}

/** Which level a zoom shows: régions from afar, then départements, then each territory. */
export function levelForZoom(zoom: number): MapLevel {
  if (zoom <= 5) return "region";
  if (zoom <= 7) return "departement";
  return "territory";
}

/** Views one click away: metropolitan France and the five overseas régions (centre, zoom). */
export const VIEWS = [
  { key: "metropole", lat: 46.6, lon: 2.4, zoom: 5 },
  { key: "guadeloupe", lat: 16.2, lon: -61.55, zoom: 9 },
  { key: "martinique", lat: 14.64, lon: -61.02, zoom: 10 },
  { key: "guyane", lat: 4.0, lon: -53.0, zoom: 7 },
  { key: "reunion", lat: -21.13, lon: 55.53, zoom: 9 },
  { key: "mayotte", lat: -12.82, lon: 45.15, zoom: 10 },
] as const;
export type ViewKey = (typeof VIEWS)[number]["key"];
