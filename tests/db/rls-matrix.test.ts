import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity } from "~/db.server";
import { allows, INTERNAL, MATRIX, OPERATIONS, ROLES, type Seed } from "./rls-matrix";
import { fingerprint, mismatch, resolveKeys, runCase, runInternalCase, seedMatrix, type Keys } from "./rls-runner";
import { openMigrated, targets } from "./targets";

describe.each(targets)("row level security, role × operation on every table ($name)", (target) => {
  let db: Database;
  let s: Seed;
  let keys: Keys;
  let before: Record<string, string>;
  let started = 0;
  const tally = { tables: 0, internal: 0, allowed: 0, denied: 0 };

  /** Like fixtures.attempt, but always rolled back, so the seeded rows stay as they were. */
  const attempt = async (who: Identity, sql: string, params: unknown[] = []) => {
    const undo = new Error("rolled back");
    let rows: unknown[] = [];
    try {
      await db.asCaller(who, async (tx) => {
        rows = await tx.query(sql, params);
        throw undo;
      });
    } catch (error) {
      if (error !== undo) return { ok: false as const, code: (error as { code?: string }).code };
    }
    return { ok: true as const, rows };
  };

  const fingerprints = () =>
    db.asService(async (tx) => {
      const out: Record<string, string> = {};
      for (const table of [...Object.keys(MATRIX).map((t) => `public.${t}`), ...Object.keys(INTERNAL)]) {
        out[table] = await fingerprint(tx, table);
      }
      return out;
    });

  beforeAll(async () => {
    db = await openMigrated(target);
    s = await seedMatrix(db);
    keys = await resolveKeys(db, s);
    before = await fingerprints();
    started = Date.now();
  });
  afterAll(async () => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `[rls-matrix] ${target.name}: ${tally.tables} exposed tables + ${tally.internal} internal, ` +
        `${tally.allowed + tally.denied} cases (${tally.allowed} allowed, ${tally.denied} denied) in ${seconds} s`,
    );
    await db?.close();
  });

  test.each(Object.keys(MATRIX))("%s: each role × operation as the matrix says", async (table) => {
    const problems: string[] = [];
    for (const op of OPERATIONS) {
      for (const role of ROLES) {
        const outcome = await runCase(db, s, keys, table, op, role);
        const wrong = mismatch(table, op, role, outcome);
        if (wrong) problems.push(wrong);
        if (allows(MATRIX[table], op, role)) tally.allowed++;
        else tally.denied++;
      }
    }
    tally.tables++;
    expect(problems).toEqual([]);
  });

  test.each(Object.keys(INTERNAL))("%s: no role reaches it", async (qualified) => {
    const [schema, name] = qualified.split(".");
    const [{ column }] = await db.asService((tx) =>
      tx.query<{ column: string }>(
        `select quote_ident(a.attname) as column from pg_attribute a
         where a.attrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass and a.attnum > 0 and not a.attisdropped
           and a.attidentity = '' and a.attgenerated = ''
         order by a.attnum limit 1`,
        [schema, name],
      ),
    );
    const reached: string[] = [];
    for (const op of OPERATIONS) {
      for (const role of ROLES) {
        const { allowed } = await runInternalCase(db, s.people[role], qualified, column, op);
        if (allowed) reached.push(`${op} as ${role}`);
        tally.denied++;
      }
    }
    tally.internal++;
    expect(reached).toEqual([]);
  });

  describe("holes the matrix found (20261123220000_rls_hardening.sql)", () => {
    test("staff cannot attach a paper note to another territory's event", async () => {
      const note = (eventId: string) =>
        attempt(
          s.people.facilitatorA,
          `insert into public.contributions (consultation_id, territory_id, event_id, kind, body, themes, source, entered_by)
           values ($1, $2, $3, 'hope', 'Note papier', '{jobs}', 'paper', $4)`,
          [s.consultation.a, s.A, eventId, s.emails.facilitatorA],
        );
      expect(await note(s.event.b)).toMatchObject({ ok: false, code: "42501" });
      expect(await note(s.event.aDraft)).toMatchObject({ ok: false, code: "42501" });
      expect(await note(s.event.a)).toMatchObject({ ok: true });
    });

    test("anonymous visitors cannot read who created a consultation or an event, nor who typed a note", async () => {
      for (const [table, column] of [
        ["consultations", "created_by"],
        ["events", "created_by"],
        ["contributions", "entered_by"],
        ["contributions", "request_key"],
      ]) {
        expect(await attempt(ANON, `select ${column} from public.${table} limit 1`)).toMatchObject({ ok: false, code: "42501" });
        expect(await attempt(s.people.facilitatorA, `select ${column} from public.${table} limit 1`)).toMatchObject({ ok: true });
      }
      const visible = await attempt(ANON, "select id, title, status from public.consultations where id = $1", [s.consultation.a]);
      expect(visible).toMatchObject({ ok: true, rows: [{ id: s.consultation.a }] });
    });

    test("a paper note without an event still goes in", async () => {
      const r = await attempt(
        s.people.officialA,
        `insert into public.contributions (consultation_id, territory_id, kind, body, themes, source, request_key)
         values ($1, $2, 'fear', 'Note papier sans rencontre', '{bias}', 'paper', $3)`,
        [s.consultation.a, s.A, randomUUID()],
      );
      expect(r).toMatchObject({ ok: true });
    });
  });

  test("every attempt was rolled back: the rows are as seeded", async () => {
    expect(await fingerprints()).toEqual(before);
  });
});
