import { env } from "./env.server";

/** The default tiles: OpenStreetMap France (French labels, served from France). */
export const DEFAULT_TILES = {
  url: "https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png",
  attribution: "© OpenStreetMap France | © les contributeurs OpenStreetMap",
};

/**
 * Map tiles for every Leaflet map, from MAP_TILE_URL and MAP_TILE_ATTRIBUTION (e.g. IGN's Plan IGN:
 * https://data.geopf.fr/wmts?...&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}). "none" draws no tiles: the
 * markers, circles and legend show on a plain background, as they do when no tile server answers.
 */
export function mapTiles(): MapTiles {
  const { MAP_TILE_URL, MAP_TILE_ATTRIBUTION } = env();
  if (!MAP_TILE_URL) return DEFAULT_TILES;
  if (MAP_TILE_URL === "none") return { url: "", attribution: "" };
  return { url: MAP_TILE_URL, attribution: MAP_TILE_ATTRIBUTION ?? "" };
}

export type MapTiles = { url: string; attribution: string };
