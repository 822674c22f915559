import { describe, expect, test } from "vitest";
import { levelForZoom, MAX_RADIUS, MIN_RADIUS, NO_DATA, radius, SEQUENTIAL, sequentialClass } from "~/map";
import i18next from "~/i18next.server";
import { areaItems, formatRate, mapSearch, mapTexts, PAGE_SIZE, readMapQuery, tablePage, type MapRow } from "~/map-data.server";

// A stand-in for i18next's t: the key and its values, so assertions see what was asked for.
const t = ((key: string, options?: Record<string, unknown>) => (options ? `${key} ${JSON.stringify(options)}` : key)) as never;

function row(partial: Partial<MapRow> & { slug: string }): MapRow {
  return {
    id: partial.slug,
    name: partial.slug,
    kind: "commune",
    regionCode: "52",
    departementCode: "44",
    lat: 47,
    lon: -1.5,
    participants: null,
    size: null,
    value: null,
    proscribe: null,
    category: null,
    colour: NO_DATA,
    display: "",
    eventsUpcoming: 0,
    charterVersion: null,
    ...partial,
  };
}

const centres = [
  { id: "r", slug: "region-pdl", kind: "region" as const, code: "52", name: "Pays de la Loire", population: 4_000_000, departement_code: null, region_code: "52", latitude: 47.5, longitude: -0.8 },
  { id: "d", slug: "dep-44", kind: "departement" as const, code: "44", name: "Loire-Atlantique", population: 1_500_000, departement_code: "44", region_code: "52", latitude: 47.3, longitude: -1.7 },
];

describe("the map's query string", () => {
  test("unknown values are dropped with a message for their field, and the defaults apply", () => {
    const { query, errors } = readMapQuery(
      new URLSearchParams("indicateur=<script>&usage=x&annee=deux&public=robots&type=canton&avenir=oui&tri=hasard&ordre=up&page=-1"),
    );
    expect(query).toMatchObject({ indicator: "participation", aiUseId: null, year: null, audience: null, kind: null, upcomingOnly: false, sort: "valeur", descending: true, page: 1 });
    expect(Object.keys(errors).sort()).toEqual(["annee", "avenir", "indicateur", "ordre", "page", "public", "tri", "type", "usage"]);
    expect(errors.indicateur).toBe("carte.errors.indicateur");
  });

  test("a query survives its own link, defaults left out", () => {
    const params = "indicateur=proscrit&usage=2b0c5c1e-8d4e-4c36-9a51-0c6f3a2b7e10&annee=2026&public=youth&type=epci&avenir=1&tri=nom&ordre=desc&page=3";
    const { query, errors } = readMapQuery(new URLSearchParams(params));
    expect(errors).toEqual({});
    expect(mapSearch(query)).toBe(`?${params}`);
    expect(mapSearch(readMapQuery(new URLSearchParams("")).query)).toBe("");
    // A use only travels with the indicator it belongs to.
    expect(mapSearch(query, { indicator: "charte", page: 1 })).not.toContain("usage=");
  });
});

describe("the table", () => {
  const rows = [
    row({ slug: "b", name: "Brest", value: 2, participants: 40 }),
    row({ slug: "a", name: "Angers", value: null, participants: null }),
    row({ slug: "c", name: "Caen", value: 5, participants: 10 }),
    row({ slug: "d", name: "Dax", value: 2, participants: 12 }),
  ];
  const sorted = (search: string) => tablePage(rows, readMapQuery(new URLSearchParams(search)).query).rows.map((r) => r.slug);

  test("sorts by the indicator (ties by name), rows without a figure last in either order", () => {
    expect(sorted("")).toEqual(["c", "b", "d", "a"]);
    expect(sorted("ordre=asc")).toEqual(["b", "d", "c", "a"]);
    expect(sorted("tri=participants&ordre=asc")).toEqual(["c", "d", "b", "a"]);
    expect(sorted("tri=nom")).toEqual(["a", "b", "c", "d"]);
  });

  test("pages hold PAGE_SIZE rows, and a page past the end shows the last one", () => {
    const many = Array.from({ length: PAGE_SIZE * 2 + 3 }, (_, i) => row({ slug: `t${i}`, value: i }));
    const last = tablePage(many, readMapQuery(new URLSearchParams("page=99")).query);
    expect(last).toMatchObject({ page: 3, pages: 3, total: PAGE_SIZE * 2 + 3 });
    expect(last.rows).toHaveLength(3);
  });
});

describe("proportional circles per area", () => {
  test("only figures shown per territory are added up: a suppressed small cell cannot be recovered by subtraction", () => {
    const rows = [
      row({ slug: "nantes", participants: 50, size: 50 }),
      row({ slug: "small", participants: null, size: null }),
      row({ slug: "reze", participants: 30, size: 30 }),
    ];
    const [region] = areaItems(rows, centres, "region", "participation", t, "fr");
    expect(region).toMatchObject({ key: "region:52", participants: 80, size: 80, count: 3 });
    // 80 per 4,000,000 inhabitants = 0.02 per 1,000.
    expect(region.display).toContain('"value":"0,02"');
    expect(region.colour).toBe(SEQUENTIAL[0]);
  });

  test("the share to rule out a use is pooled over votes, not averaged over territories", () => {
    const rows = [
      row({ slug: "a", participants: 100, value: 10, proscribe: 10, size: 100 }), // 10 of 100 votes
      row({ slug: "b", participants: 10, value: 90, proscribe: 9, size: 10 }), // 9 of 10 votes
    ];
    const [dep] = areaItems(rows, centres, "departement", "proscrit", t, "fr");
    // (10 + 9) / 110 = 17.3 %, where the mean of shares would say 50 %.
    expect(dep.display).toContain('"value":"17,3"');
    expect(dep.size).toBe(110);
  });

  test("an area with nothing to show gets no figure, and areas without territories get no circle", () => {
    const items = areaItems([row({ slug: "small" })], centres, "departement", "participation", t, "fr");
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ participants: null, colour: NO_DATA, display: "carte.fewer" });
    expect(areaItems([row({ slug: "x", departementCode: "29" })], centres, "departement", "participation", t, "fr")).toEqual([]);
  });
});

describe("drawing", () => {
  test("circle areas are proportional to the size, within the minimum and maximum radius", () => {
    expect(radius(400, 400)).toBe(MAX_RADIUS);
    expect(radius(100, 400)).toBe(MAX_RADIUS / 2);
    expect(radius(0, 400)).toBe(MIN_RADIUS);
    expect(radius(null, 400)).toBe(MIN_RADIUS);
  });

  test("classes and levels", () => {
    expect([0.2, 0.5, 1.5, 4.9, 12].map((v) => sequentialClass("participation", v))).toEqual([0, 1, 2, 3, 4]);
    expect([5, 7, 8, 12].map(levelForZoom)).toEqual(["region", "departement", "territory", "territory"]);
    expect([formatRate(0.0761, "fr"), formatRate(3.45, "fr"), formatRate(12.4, "en")]).toEqual(["0,076", "3,5", "12"]);
  });
});

describe("the map's texts", () => {
  // Thousands of rows are written from templates resolved once per request: they must read exactly as t().
  test("each message, in each plural form and language, reads as i18next writes it", async () => {
    const cases: [string, Record<string, string | number>][] = [
      ["carte.fewer", {}],
      ["carte.value.participation", { value: "0,76" }],
      ["carte.value.noPopulation", {}],
      ["carte.value.charter", { version: 3 }],
      ["carte.value.themeArea", { theme: "Santé & soins $1 $&", count: 1, total: 12 }],
      ["carte.value.chartersArea", { count: 0, total: 4 }],
      ["theme.privacy.label", {}],
      ...[0, 1, 2, 7, 1000, 1_000_000].map((count): [string, Record<string, string | number>] => ["carte.value.proscrit", { value: "12,5", count }]),
      ...[0, 1, 5].map((count): [string, Record<string, string | number>] => ["carte.value.adoptedArea", { count, total: 9 }]),
    ];
    for (const lng of ["fr", "en"] as const) {
      const t = await i18next.getFixedT(lng);
      const texts = mapTexts(t, lng);
      for (const [key, values] of cases) {
        const expected = t(key, values);
        expect(expected).not.toBe(key);
        // Twice: the first call resolves the template, the second reuses it.
        expect(texts(key, values)).toBe(expected);
        expect(texts(key, values)).toBe(expected);
      }
      // A template resolved for one count serves another count of the same plural form with its own figure.
      expect(texts("carte.value.proscrit", { value: "1", count: 3 })).toBe(t("carte.value.proscrit", { value: "1", count: 3 }));
    }
  });
});
