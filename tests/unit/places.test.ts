import { describe, expect, test } from "vitest";
import { normalisePlaceName, resolvePlace, type Place } from "~/places.server";

const one = (query: string) => {
  const result = resolvePlace(query);
  if (!result || Array.isArray(result)) throw new Error(`expected one place for ${query}, got ${JSON.stringify(result)}`);
  return result;
};
const several = (query: string) => {
  const result = resolvePlace(query);
  if (!Array.isArray(result)) throw new Error(`expected several places for ${query}, got ${JSON.stringify(result)}`);
  return result;
};

describe("resolvePlace", () => {
  test("a postal code gives its commune with coordinates", () => {
    expect(one("44000")).toMatchObject({ name: "Nantes", postalCode: "44000", departement: "44", inseeCode: "44109" });
    expect(one("44000").lat).toBeCloseTo(47.24, 1);
    expect(one("44000").lon).toBeCloseTo(-1.56, 1);
    expect(one(" 75011 ")).toMatchObject({ name: "Paris", postalCode: "75011" });
    expect(one("13008")).toMatchObject({ name: "Marseille" });
  });

  test("a postal code shared by several communes lists them, the most populated first", () => {
    const places = several("01400");
    expect(places.length).toBeGreaterThan(1);
    expect(places.every((p) => p.postalCode === "01400")).toBe(true);
    expect(places[0].name).toBe("Châtillon-sur-Chalaronne");
    expect(places.map((p) => p.name)).toContain("Romans");
  });

  test("a name matches without accents, case or dashes", () => {
    expect(one("saint-etienne")).toMatchObject({ name: "Saint-Étienne", departement: "42" });
    expect(one("SAINT ETIENNE")).toMatchObject({ name: "Saint-Étienne" });
    expect(one("St Étienne")).toMatchObject({ name: "Saint-Étienne" });
    expect(one("nantes")).toMatchObject({ name: "Nantes", postalCode: "44000" });
    expect(one("Rezé")).toMatchObject({ name: "Rezé" });
  });

  test("an exact name wins over longer names that start with it", () => {
    expect(one("Paris")).toMatchObject({ name: "Paris" });
    expect(one("Nantes").name).toBe("Nantes");
  });

  test("a name shared by several communes asks which one, the most populated first", () => {
    const places = several("Saint-Marcel");
    expect(places.length).toBeGreaterThan(3);
    expect(places.every((p: Place) => p.name === "Saint-Marcel")).toBe(true);
    expect(new Set(places.map((p) => p.inseeCode)).size).toBe(places.length);
  });

  test("a name with its postal code picks that commune", () => {
    const first = several("Saint-Marcel")[1];
    expect(one(`${first.name} (${first.postalCode})`)).toMatchObject({ inseeCode: first.inseeCode });
    expect(one("Nantes 44300")).toMatchObject({ name: "Nantes", postalCode: "44300" });
  });

  test("a prefix lists the communes that start with it", () => {
    const places = several("Nante");
    expect(places.map((p) => p.name)).toContain("Nantes");
    expect(places[0].name).toBe("Nantes");
    expect(places.length).toBeLessThanOrEqual(12);
  });

  test("unknown input gives nothing", () => {
    expect(resolvePlace("99999")).toBeNull();
    expect(resolvePlace("Zzyzx-sur-Mer")).toBeNull();
    expect(resolvePlace("")).toBeNull();
    expect(resolvePlace("x")).toBeNull();
    expect(resolvePlace("Paris 44000")).toBeNull();
  });

  test("names normalise to plain words", () => {
    expect(normalisePlaceName("L'Haÿ-les-Roses")).toBe("l hay les roses");
    expect(normalisePlaceName("Ste-Foy")).toBe("sainte foy");
  });
});
