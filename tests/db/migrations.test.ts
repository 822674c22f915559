import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "~/db.server";
import { MigrationError, applyShim, migrate, seedDemo, syncAdmins } from "~/migrate.server";
import { targets } from "./targets";

function tempMigrations(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cafeia-migrations-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

describe.each(targets)("migrations and seed ($name)", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  test("the shim and the migrations apply, and applying them again is a no-op", async () => {
    await applyShim(db);
    const first = await migrate(db);
    expect(first.length).toBeGreaterThan(0);
    await applyShim(db);
    expect(await migrate(db)).toEqual([]);
    const recorded = await db.asService((tx) =>
      tx.query<{ version: string; name: string }>("select version, name from supabase_migrations.schema_migrations order by version"),
    );
    expect(recorded.map((r) => `${r.version}_${r.name}.sql`)).toEqual(first);
  });

  test("a failing migration rolls back whole and names its file and the Postgres error", async () => {
    const dir = tempMigrations({
      "29990101000000_half.sql": "create table public.half_done (id int);\nselect 1 / 0;",
    });
    const error = await migrate(db, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toContain("29990101000000_half.sql");
    expect((error as Error).message).toMatch(/division by zero/);
    const left = await db.asService((tx) =>
      tx.query<{ t: string | null; v: number }>(
        "select to_regclass('public.half_done')::text as t, (select count(*)::int from supabase_migrations.schema_migrations where version = '29990101000000') as v",
      ),
    );
    expect(left[0]).toEqual({ t: null, v: 0 });
  });

  test("the demo seed loads the official territories once and flags the deployment as demo", async () => {
    expect(await seedDemo(db)).toBe(true);
    expect(await seedDemo(db)).toBe(false);
    const rows = await db.asService((tx) =>
      tx.query<{ kind: string; n: number }>("select kind, count(*)::int as n from public.territories group by kind order by kind"),
    );
    expect(Object.fromEntries(rows.map((r) => [r.kind, r.n]))).toMatchObject({ region: 18, departement: 101 });
    const nantes = await db.asService((tx) =>
      tx.query("select code, population, latitude, longitude from public.territories where slug = 'nantes-metropole'"),
    );
    expect(nantes[0]).toMatchObject({ code: "244400404" });
    expect(nantes[0].latitude).toBeCloseTo(47.2, 0);
    expect(nantes[0].longitude).toBeCloseTo(-1.55, 0);
    const flag = await db.asService((tx) => tx.query("select demo_data from public.deployment"));
    expect(flag).toEqual([{ demo_data: true }]);
  });

  test("ADMIN_EMAILS adds national admins and removing an address removes that right", async () => {
    await syncAdmins(db, ["premiere@exemple.fr", "seconde@exemple.fr"]);
    await syncAdmins(db, ["seconde@exemple.fr"]);
    const rows = await db.asService((tx) =>
      tx.query<{ email: string }>("select email from public.national_admins where source = 'env' order by email"),
    );
    expect(rows.map((r) => r.email)).toEqual(["seconde@exemple.fr"]);
  });
});
