import fs from "node:fs";
import path from "node:path";

/**
 * Postal code and commune lookup on the official list (app/data/communes.json, made by
 * scripts/build-geodata.mjs): no network call. The 3.5 MB file is read and indexed once, on first use.
 */
type Commune = { c: string; n: string; d: string; r: string; p: number | null; cp: string[]; lat: number | null; lon: number | null };

export type Place = { name: string; postalCode: string; departement: string; inseeCode: string; lat: number; lon: number };

type Index = { byPostalCode: Map<string, Commune[]>; byName: Map<string, Commune[]>; names: string[] };

const DATA_FILE = path.resolve(process.cwd(), "app/data/communes.json");
const MAX_CHOICES = 12;
let index: Index | undefined;

/** "Saint-Étienne", "st etienne", "SAINT ETIENNE" → "saint etienne". */
export function normalisePlaceName(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()
    .replace(/^(st|ste)\b/, (abbr) => (abbr === "st" ? "saint" : "sainte"))
    .replace(/ (st|ste)\b/g, (_, abbr: string) => (abbr === "st" ? " saint" : " sainte"));
}

function add(map: Map<string, Commune[]>, key: string, commune: Commune) {
  const list = map.get(key);
  if (list) list.push(commune);
  else map.set(key, [commune]);
}

const byPopulation = (a: Commune, b: Commune) => (b.p ?? 0) - (a.p ?? 0) || a.n.localeCompare(b.n, "fr");

function load(): Index {
  if (index) return index;
  // Communes without coordinates (a few merged ones) cannot place anyone on the map: left out.
  const communes = (JSON.parse(fs.readFileSync(DATA_FILE, "utf8")) as Commune[]).filter(
    (c) => c.lat !== null && c.lon !== null,
  );
  const byPostalCode = new Map<string, Commune[]>();
  const byName = new Map<string, Commune[]>();
  for (const commune of communes) {
    for (const cp of commune.cp) add(byPostalCode, cp, commune);
    add(byName, normalisePlaceName(commune.n), commune);
  }
  for (const list of [...byPostalCode.values(), ...byName.values()]) list.sort(byPopulation);
  index = { byPostalCode, byName, names: [...byName.keys()].sort() };
  return index;
}

let names: Map<string, string> | undefined;

/** A commune's name from its INSEE code (e.g. "44109" → "Nantes"), or null when unknown. */
export function communeName(inseeCode: string): string | null {
  names ??= new Map((JSON.parse(fs.readFileSync(DATA_FILE, "utf8")) as Commune[]).map((c) => [c.c, c.n]));
  return names.get(inseeCode) ?? null;
}

/** Binary search in sorted keys. */
function firstAtOrAfter(sorted: string[], key: string): number {
  let [low, high] = [0, sorted.length];
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

const toPlace = (commune: Commune, postalCode = commune.cp[0] ?? ""): Place => ({
  name: commune.n,
  postalCode,
  departement: commune.d,
  inseeCode: commune.c,
  lat: commune.lat!,
  lon: commune.lon!,
});

const answer = (places: Place[]): Place | Place[] | null =>
  places.length === 0 ? null : places.length === 1 ? places[0] : places.slice(0, MAX_CHOICES);

/**
 * A postal code, a commune name, or both ("44000", "Nantes", "Saint-Marcel (71380)").
 * One commune → that place; several → the candidates (most populated first) to choose from; none → null.
 * A postal code shared by several communes gives them all, the most populated first.
 */
export function resolvePlace(query: string): Place | Place[] | null {
  const { byPostalCode, byName, names } = load();
  const postalCode = /(?:^|\D)(\d{5})(?:\D|$)/.exec(query)?.[1];
  const name = normalisePlaceName(query.replace(/\d{5}/, ""));
  if (postalCode) {
    const communes = byPostalCode.get(postalCode) ?? [];
    const named = name ? communes.filter((c) => normalisePlaceName(c.n) === name) : communes;
    return answer(named.map((c) => toPlace(c, postalCode)));
  }
  if (name.length < 2) return null;
  const exact = byName.get(name);
  if (exact) return answer(exact.map((c) => toPlace(c)));
  const prefixed: Commune[] = [];
  for (let i = firstAtOrAfter(names, name); i < names.length && names[i].startsWith(name); i++) prefixed.push(...byName.get(names[i])!);
  prefixed.sort(byPopulation);
  return answer(prefixed.slice(0, MAX_CHOICES).map((c) => toPlace(c)));
}

export const isPostalCode = (query: string) => /^\s*\d{5}\s*$/.test(query);
