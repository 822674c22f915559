import { describe, expect, test } from "vitest";
import { ConfigError, parseEnv } from "~/env.server";

describe("configuration", () => {
  test("map tiles: a template with {z}/{x}/{y} and its credit, or none", () => {
    const ign = "https://data.geopf.fr/wmts?LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}";
    expect(parseEnv({ MAP_TILE_URL: ign, MAP_TILE_ATTRIBUTION: "© IGN" }).MAP_TILE_URL).toBe(ign);
    expect(parseEnv({ MAP_TILE_URL: "none" }).MAP_TILE_URL).toBe("none");
    expect(() => parseEnv({ MAP_TILE_URL: ign })).toThrow(/MAP_TILE_ATTRIBUTION/);
    expect(() => parseEnv({ MAP_TILE_URL: "https://tiles.example/{z}/{x}.png", MAP_TILE_ATTRIBUTION: "x" })).toThrow(/MAP_TILE_URL/);
    expect(() => parseEnv({ MAP_TILE_URL: "javascript:alert(1)//{z}{x}{y}", MAP_TILE_ATTRIBUTION: "x" })).toThrow(/MAP_TILE_URL/);
  });

  test("defaults to the embedded database, embedded sign-in and demo data", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ embedded: true, authProvider: "embedded", demoSeed: true, mailbox: true, PORT: 3000, DATA_DIR: ".data" });
  });

  test("DATABASE_URL switches to Postgres, without demo data or mailbox unless asked", () => {
    const env = parseEnv({ DATABASE_URL: "postgres://u:p@db.example:5432/app" });
    expect(env).toMatchObject({ embedded: false, demoSeed: false, mailbox: false });
    expect(parseEnv({ DATABASE_URL: "postgres://u@h/db", DEMO_SEED: "on" }).demoSeed).toBe(true);
  });

  test.each([
    [{ DATABASE_URL: "mysql://u@h/db" }, /^Configuration error: DATABASE_URL /],
    [{ PORT: "99999" }, /^Configuration error: PORT /],
    [{ SUPABASE_URL: "https://x.supabase.co" }, /^Configuration error: SUPABASE_ANON_KEY /],
    [{ ADMIN_EMAILS: "ok@exemple.fr, pas-un-email" }, /^Configuration error: ADMIN_EMAILS /],
    [{ SESSION_SECRET: "short" }, /^Configuration error: SESSION_SECRET /],
    [{ NODE_ENV: "production", DATABASE_URL: "postgres://u@h/db" }, /^Configuration error: SESSION_SECRET /],
  ])("a wrong value stops start-up with a one-line message naming the variable (%j)", (source, message) => {
    expect(() => parseEnv(source)).toThrow(ConfigError);
    expect(() => parseEnv(source)).toThrow(message);
    try {
      parseEnv(source);
    } catch (error) {
      expect((error as Error).message).not.toContain("\n");
    }
  });

  test("ADMIN_EMAILS is a normalised list", () => {
    expect(parseEnv({ ADMIN_EMAILS: "A@Exemple.fr; b@exemple.fr" }).ADMIN_EMAILS).toEqual(["a@exemple.fr", "b@exemple.fr"]);
  });

  test("Supabase Auth replaces the embedded provider and its mailbox", () => {
    const env = parseEnv({ SUPABASE_URL: "https://x.supabase.co", SUPABASE_ANON_KEY: "a".repeat(40) });
    expect(env).toMatchObject({ authProvider: "supabase", mailbox: false });
  });
});
