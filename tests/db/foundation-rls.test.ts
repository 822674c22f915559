import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database } from "~/db.server";
import { getAccess } from "~/models/access.server";
import { attempt, seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

describe.each(targets)("row level security on the base tables ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  describe("territories", () => {
    test("everyone reads them, anonymous visitors included", async () => {
      for (const who of [ANON, f.participant1, f.facilitatorA, f.admin]) {
        const r = await attempt(db, who, "select id from public.territories where id = $1", [f.territoryA]);
        expect(r.ok && r.rows.length).toBe(1);
      }
    });

    test("only a national admin adds or renames one", async () => {
      const insert = "insert into public.territories (slug, kind, code, name) values ($1, 'commune', '35238', 'Rennes') returning id";
      const anon = await attempt(db, ANON, insert, [`rennes-anon-${f.suffix}`]);
      expect(anon).toMatchObject({ ok: false, code: "42501" });
      for (const who of [f.participant1, f.facilitatorA, f.officialA]) {
        const r = await attempt(db, who, insert, [`rennes-${f.suffix}`]);
        expect(r).toMatchObject({ ok: false, code: "42501" });
      }
      const rename = "update public.territories set name = 'Renamed' where id = $1 returning id";
      expect(await attempt(db, f.facilitatorA, rename, [f.territoryA])).toMatchObject({ ok: true, rows: [] });
      const admin = await attempt(db, f.admin, insert, [`rennes-${f.suffix}`]);
      expect(admin.ok && admin.rows.length).toBe(1);
      const renamed = await attempt(db, f.admin, rename, [f.territoryB]);
      expect(renamed.ok && renamed.rows.length).toBe(1);
    });

    test("nobody deletes a territory through the user path", async () => {
      const r = await attempt(db, f.admin, "delete from public.territories where id = $1", [f.territoryA]);
      expect(r).toMatchObject({ ok: false, code: "42501" });
    });
  });

  describe("national admins", () => {
    test("anonymous visitors cannot read the list", async () => {
      expect(await attempt(db, ANON, "select email from public.national_admins")).toMatchObject({ ok: false, code: "42501" });
    });

    test("staff see only their own admin status; admins see all", async () => {
      const staff = await attempt(db, f.facilitatorA, "select email from public.national_admins");
      expect(staff).toEqual({ ok: true, rows: [] });
      const admin = await attempt(db, f.admin, "select email from public.national_admins");
      expect(admin.ok && admin.rows.map((r) => r.email)).toContain(f.admin.email);
    });

    test("nobody makes themselves admin through the user path", async () => {
      for (const who of [f.facilitatorA, f.admin, f.participant1]) {
        const r = await attempt(db, who, "insert into public.national_admins (email) values ($1)", [`intrus-${f.suffix}@exemple.fr`]);
        expect(r).toMatchObject({ ok: false, code: "42501" });
      }
    });

    test("a participant token carrying an admin's email is not an admin", async () => {
      const isAdmin = await db.asService(async (tx) => {
        await tx.query("select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)", [
          JSON.stringify({ sub: crypto.randomUUID(), role: "authenticated", is_anonymous: true, email: f.admin.email }),
        ]);
        return (await tx.query<{ a: boolean }>("select private.is_national_admin() as a"))[0].a;
      });
      expect(isAdmin).toBe(false);
    });

    test("the email claim is compared without case", async () => {
      const access = await db.asCaller({ ...f.admin, email: f.admin.email.toUpperCase() }, getAccess);
      expect(access.isAdmin).toBe(true);
    });
  });

  describe("memberships", () => {
    const emailsSeenBy = async (who: Parameters<typeof attempt>[1]) => {
      const r = await attempt(db, who, "select email from public.memberships");
      if (!r.ok) throw new Error(r.message);
      return r.rows.map((row) => row.email as string).sort();
    };

    test("anonymous visitors and participants see none", async () => {
      expect(await attempt(db, ANON, "select email from public.memberships")).toMatchObject({ ok: false, code: "42501" });
      expect(await emailsSeenBy(f.participant1)).toEqual([]);
      expect(await emailsSeenBy(f.stranger)).toEqual([]);
    });

    test("staff of a territory see its team, not another territory's", async () => {
      const seenByA = await emailsSeenBy(f.facilitatorA);
      expect(seenByA).toEqual([f.facilitatorA.email, f.officialA.email].sort());
      expect(await emailsSeenBy(f.facilitatorB)).toEqual([f.facilitatorB.email]);
      expect(await emailsSeenBy(f.admin)).toEqual(expect.arrayContaining([f.facilitatorA.email, f.facilitatorB.email]));
    });

    test("staff cannot give or remove roles; a national admin can", async () => {
      const grant = "insert into public.memberships (email, territory_id, role) values ($1, $2, 'facilitator') returning id";
      const ownB = await attempt(db, f.facilitatorA, grant, [f.facilitatorA.email, f.territoryB]);
      expect(ownB).toMatchObject({ ok: false, code: "42501" });
      const ownA = await attempt(db, f.officialA, grant, [`ami-${f.suffix}@exemple.fr`, f.territoryA]);
      expect(ownA).toMatchObject({ ok: false, code: "42501" });
      const removed = await attempt(db, f.facilitatorA, "delete from public.memberships where email = $1 returning id", [
        f.officialA.email,
      ]);
      expect(removed).toEqual({ ok: true, rows: [] });

      const granted = await attempt(db, f.admin, grant, [`nouvelle-${f.suffix}@exemple.fr`, f.territoryB]);
      expect(granted.ok && granted.rows.length).toBe(1);
      const revoked = await attempt(db, f.admin, "delete from public.memberships where email = $1 returning id", [
        `nouvelle-${f.suffix}@exemple.fr`,
      ]);
      expect(revoked.ok && revoked.rows.length).toBe(1);
    });

    test("nobody edits a membership in place", async () => {
      const r = await attempt(db, f.admin, "update public.memberships set role = 'official' where email = $1", [f.facilitatorA.email]);
      expect(r).toMatchObject({ ok: false, code: "42501" });
    });

    test("getAccess reports each person's reach", async () => {
      const a = await db.asCaller(f.facilitatorA, getAccess);
      expect(a).toMatchObject({ isAdmin: false, memberships: [{ territoryId: f.territoryA, role: "facilitator" }] });
      const stranger = await db.asCaller(f.stranger, getAccess);
      expect(stranger).toEqual({ isAdmin: false, memberships: [] });
    });
  });

  describe("participants", () => {
    test("an anonymous visitor becomes a participant but cannot list participants", async () => {
      const id = crypto.randomUUID();
      expect(await attempt(db, ANON, "insert into public.participants (id) values ($1)", [id])).toMatchObject({ ok: true });
      expect(await attempt(db, ANON, "select id from public.participants")).toMatchObject({ ok: false, code: "42501" });
    });

    test("a participant sees and deletes only their own row", async () => {
      const p1 = f.participant1.kind === "participant" ? f.participant1.participantId : "";
      const p2 = f.participant2.kind === "participant" ? f.participant2.participantId : "";
      const seen = await attempt(db, f.participant1, "select id from public.participants");
      expect(seen).toEqual({ ok: true, rows: [{ id: p1 }] });
      const other = await attempt(db, f.participant1, "delete from public.participants where id = $1 returning id", [p2]);
      expect(other).toEqual({ ok: true, rows: [] });
      const staff = await attempt(db, f.admin, "select id from public.participants");
      expect(staff).toEqual({ ok: true, rows: [] });
      const own = await attempt(db, f.participant2, "delete from public.participants where id = $1 returning id", [p2]);
      expect(own).toEqual({ ok: true, rows: [{ id: p2 }] });
    });
  });

  describe("deployment settings", () => {
    test("everyone reads them, nobody changes them through the user path", async () => {
      expect(await attempt(db, ANON, "select demo_data from public.deployment")).toMatchObject({ ok: true });
      for (const who of [ANON, f.participant1, f.admin]) {
        const r = await attempt(db, who, "insert into public.deployment (id, demo_data) values (true, false)");
        expect(r).toMatchObject({ ok: false, code: "42501" });
      }
    });
  });

  describe("schema rules", () => {
    test("every table in public has row level security enabled", async () => {
      const rows = await db.asService((tx) =>
        tx.query<{ relname: string; relrowsecurity: boolean }>(
          "select c.relname, c.relrowsecurity from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'",
        ),
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r) => !r.relrowsecurity).map((r) => r.relname)).toEqual([]);
    });

    test("security definer functions pin an empty search_path and live outside public", async () => {
      const rows = await db.asService((tx) =>
        tx.query<{ proname: string; nspname: string; proconfig: string[] | null }>(
          `select p.proname, n.nspname, p.proconfig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
           where p.prosecdef and n.nspname in ('public', 'private')`,
        ),
      );
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.nspname).toBe("private");
        expect(row.proconfig).toContain('search_path=""');
      }
    });
  });
});
