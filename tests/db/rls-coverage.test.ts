import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database, Tx } from "~/db.server";
import {
  allows,
  ANON_SELECT_WITHOUT_ROWS,
  GRANTS,
  INTERNAL,
  MATRIX,
  OPERATIONS,
  ROLES,
  STAFF_EMAIL_COLUMNS,
  type Seed,
  type TableCase,
} from "./rls-matrix";
import { openMigrated, targets } from "./targets";

/**
 * Supabase's database lints as a test: every table of the database is either in the role × operation
 * matrix (exposed schema: RLS on, policies, grants from the allow-list) or internal (no grant at all);
 * views run as the invoker; security definer functions live outside the exposed schema with an empty
 * search_path and no PUBLIC execute. The checks run on the catalog, and are shown to fail on a sabotaged
 * copy of it (rolled back).
 */

/** The schemas PostgREST serves, from supabase/config.toml ([api] schemas). */
function exposedSchemas(): string[] {
  const text = fs.readFileSync(path.resolve(process.cwd(), "supabase/config.toml"), "utf8");
  const api = text.split(/^(?=\[)/m).find((section) => section.startsWith("[api]")) ?? "";
  const list = /^\s*schemas\s*=\s*\[([^\]]*)\]/m.exec(api)?.[1];
  if (list === undefined) throw new Error("supabase/config.toml: no [api] schemas");
  return [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

type Grantee = "anon" | "authenticated" | "PUBLIC";
type Catalog = {
  relations: {
    schema: string;
    name: string;
    kind: string;
    rls: boolean;
    policies: number;
    anon_select_policies: number;
    options: string[];
    reachable: boolean;
  }[];
  privileges: { schema: string; name: string; grantee: Grantee; privilege: string; column: string | null }[];
  definers: { schema: string; signature: string; config: string[]; public_execute: boolean }[];
  anonEmails: { schema: string; name: string; column: string }[];
  usage: string[];
};

const USER_SCHEMAS = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp)'`;
const NOT_EXTENSION = (classid: string, objid: string) =>
  `not exists (select 1 from pg_depend d where d.classid = '${classid}'::regclass and d.objid = ${objid} and d.deptype = 'e')`;

async function readCatalog(tx: Tx): Promise<Catalog> {
  const relations = await tx.query<Catalog["relations"][number]>(
    `select n.nspname as schema, c.relname as name, c.relkind::text as kind, c.relrowsecurity as rls,
       (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
       (select count(*)::int from pg_policy p where p.polrelid = c.oid and p.polcmd in ('r', '*')
          and (0 = any (p.polroles) or (select oid from pg_roles where rolname = 'anon') = any (p.polroles))) as anon_select_policies,
       coalesce(c.reloptions, '{}') as options,
       has_schema_privilege('anon', n.oid, 'usage') or has_schema_privilege('authenticated', n.oid, 'usage') as reachable
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p', 'v', 'm', 'f') and ${USER_SCHEMAS} and ${NOT_EXTENSION("pg_class", "c.oid")}
     order by 1, 2`,
  );
  const privileges = await tx.query<Catalog["privileges"][number]>(
    `with rel as (
       select c.oid, n.nspname, c.relname, c.relacl from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p', 'v', 'm', 'f', 'S') and ${USER_SCHEMAS} and ${NOT_EXTENSION("pg_class", "c.oid")}
     ), acl as (
       select r.nspname, r.relname, a.grantee, a.privilege_type, null::text as attname from rel r, aclexplode(r.relacl) a
       union all
       select r.nspname, r.relname, a.grantee, a.privilege_type, t.attname
       from rel r join pg_attribute t on t.attrelid = r.oid and t.attnum > 0 and not t.attisdropped and t.attacl is not null,
         aclexplode(t.attacl) a
     )
     select acl.nspname as schema, acl.relname as name, case when acl.grantee = 0 then 'PUBLIC' else g.rolname end as grantee,
       lower(acl.privilege_type) as privilege, acl.attname as column
     from acl left join pg_roles g on g.oid = acl.grantee
     where acl.grantee = 0 or g.rolname in ('anon', 'authenticated')`,
  );
  const definers = await tx.query<Catalog["definers"][number]>(
    `select n.nspname as schema, n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as signature, coalesce(p.proconfig, '{}') as config,
       p.proacl is null or exists (select 1 from aclexplode(p.proacl) a where a.grantee = 0 and a.privilege_type = 'EXECUTE') as public_execute
     from pg_proc p join pg_namespace n on n.oid = p.pronamespace
     where p.prosecdef and ${USER_SCHEMAS} and ${NOT_EXTENSION("pg_proc", "p.oid")}
     order by 2`,
  );
  const anonEmails = await tx.query<Catalog["anonEmails"][number]>(
    `select n.nspname as schema, c.relname as name, a.attname as column
     from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p', 'v', 'm', 'f') and ${USER_SCHEMAS} and a.attnum > 0 and not a.attisdropped
       and a.attname = any ($1::text[]) and has_column_privilege('anon', c.oid, a.attnum, 'select')`,
    [STAFF_EMAIL_COLUMNS],
  );
  const usage = await tx.query<{ schema: string }>(
    `select n.nspname as schema from pg_namespace n
     where ${USER_SCHEMAS} and (has_schema_privilege('anon', n.oid, 'usage') or has_schema_privilege('authenticated', n.oid, 'usage'))
     order by 1`,
  );
  return { relations, privileges, definers, anonEmails, usage: usage.map((u) => u.schema) };
}

type Spec = {
  matrix: Record<string, TableCase>;
  internal: Record<string, string>;
  grants: typeof GRANTS;
  anonSelectWithoutRows: Record<string, string>;
  exposed: string[];
};
const SPEC: Spec = { matrix: MATRIX, internal: INTERNAL, grants: GRANTS, anonSelectWithoutRows: ANON_SELECT_WITHOUT_ROWS, exposed: exposedSchemas() };

/** The privileges each grantee holds on one relation: "select" table-wide, "insert(a, b)" on columns. */
function grantsOf(catalog: Catalog, qualified: string): Record<Grantee, string[]> {
  const out: Record<Grantee, string[]> = { anon: [], authenticated: [], PUBLIC: [] };
  for (const grantee of Object.keys(out) as Grantee[]) {
    const rows = catalog.privileges.filter((p) => `${p.schema}.${p.name}` === qualified && p.grantee === grantee);
    const whole = new Set(rows.filter((p) => p.column === null).map((p) => p.privilege));
    const columns = new Map<string, string[]>();
    for (const p of rows) {
      if (p.column === null || whole.has(p.privilege)) continue;
      columns.set(p.privilege, [...(columns.get(p.privilege) ?? []), p.column]);
    }
    out[grantee] = [...whole, ...[...columns].map(([privilege, cols]) => `${privilege}(${cols.sort().join(", ")})`)].sort();
  }
  return out;
}

/** A stand-in seed: enough to list a matrix entry's fixture labels without a database. */
const ANY_SEED = new Proxy({}, { get: (_, __, receiver) => receiver }) as unknown as Seed;

/** Everything that breaks the rules, as sentences; empty when the database and the matrix agree. */
function findProblems(catalog: Catalog, spec: Spec): string[] {
  const problems: string[] = [];
  const isExposed = (schema: string) => spec.exposed.includes(schema);
  const present = new Set(catalog.relations.map((r) => `${r.schema}.${r.name}`));

  for (const r of catalog.relations) {
    const qualified = `${r.schema}.${r.name}`;
    const table = r.kind === "r" || r.kind === "p";
    const grants = grantsOf(catalog, qualified);
    const granted = grants.anon.length + grants.authenticated.length + grants.PUBLIC.length > 0;
    if (r.kind === "v" && !r.options.some((o) => /^security_invoker=(true|on|1|yes)$/i.test(o))) {
      problems.push(`${qualified}: a view without security_invoker = true (it would read with its owner's rights)`);
    }
    if ((r.kind === "m" || r.kind === "f") && granted) {
      problems.push(`${qualified}: a materialized view or foreign table cannot carry RLS, yet anon or authenticated may read it`);
    }
    if (isExposed(r.schema)) {
      if (r.schema !== "public" || !(r.name in spec.matrix)) {
        problems.push(`${qualified} is not in the matrix (tests/db/rls-matrix.ts MATRIX): say who may do what to it`);
      }
      if (table && !r.rls) problems.push(`${qualified}: row level security is disabled`);
      if (table && r.policies === 0) problems.push(`${qualified}: no policy (RLS on and no policy refuses everyone; say so in the matrix)`);
    } else {
      if (!(qualified in spec.internal)) {
        problems.push(`${qualified} is neither in the matrix nor in INTERNAL (tests/db/rls-matrix.ts): which is it?`);
      }
      if (table && r.reachable && !r.rls) problems.push(`${qualified}: row level security is disabled in a schema anon or authenticated can use`);
      for (const grantee of ["anon", "authenticated", "PUBLIC"] as const) {
        for (const privilege of grants[grantee]) {
          problems.push(`${qualified}: ${grantee} holds ${privilege} on a table outside the exposed schema`);
        }
      }
    }
  }
  for (const name of Object.keys(spec.matrix)) {
    if (!present.has(`public.${name}`)) problems.push(`public.${name} is in the matrix but not in the database`);
  }
  for (const qualified of Object.keys(spec.internal)) {
    if (!present.has(qualified)) problems.push(`${qualified} is in INTERNAL but not in the database`);
  }

  // Grants: exactly the allow-list, in the exposed schema only; sequences included.
  const relationsWithGrants = new Set(catalog.privileges.map((p) => `${p.schema}.${p.name}`));
  for (const qualified of new Set([...relationsWithGrants, ...Object.keys(spec.grants)])) {
    if (!isExposed(qualified.split(".")[0])) {
      if (qualified in spec.grants) problems.push(`${qualified}: GRANTS lists a relation outside the exposed schema`);
      continue;
    }
    const actual = grantsOf(catalog, qualified);
    const allowed = spec.grants[qualified] ?? {};
    for (const grantee of ["anon", "authenticated", "PUBLIC"] as const) {
      const listed = new Set(grantee === "PUBLIC" ? [] : (allowed[grantee] ?? []));
      for (const privilege of actual[grantee]) {
        if (!listed.has(privilege)) problems.push(`${qualified}: ${grantee} holds ${privilege}, not in the allow-list (GRANTS)`);
      }
      for (const privilege of listed) {
        if (!actual[grantee].includes(privilege)) problems.push(`${qualified}: GRANTS lists ${grantee} ${privilege}, the database does not grant it`);
      }
    }
  }

  // Every grant serves some case of the matrix, and every table has all its cases.
  for (const [name, m] of Object.entries(spec.matrix)) {
    const qualified = `public.${name}`;
    const missingOps = OPERATIONS.filter((op) => !m[op]);
    for (const op of missingOps) problems.push(`${qualified}: the matrix has no ${op} cases`);
    if (missingOps.length) continue;
    const labels = Object.keys(m.rows(ANY_SEED));
    for (const role of ROLES) {
      const seen = m.select[role];
      if (seen === undefined) problems.push(`${qualified}: no select case for ${role}`);
      else if (seen !== "denied") {
        for (const label of seen) if (!labels.includes(label)) problems.push(`${qualified}: select as ${role} names an unknown row ${label}`);
      }
    }
    for (const op of ["insert", "update", "delete"] as const) {
      for (const role of m[op].allow) if (!ROLES.includes(role)) problems.push(`${qualified}: ${op} allows an unknown role ${role}`);
    }
    for (const op of ["update", "delete"] as const) {
      if (!labels.includes(m[op].target)) problems.push(`${qualified}: ${op} targets an unknown row ${m[op].target}`);
    }
    if (!present.has(qualified)) continue;
    const held = grantsOf(catalog, qualified);
    const holds = (grantee: Grantee, op: string) => held[grantee].some((p) => p === op || p.startsWith(`${op}(`));
    const allowedFor = (op: (typeof OPERATIONS)[number], dbRole: "anon" | "authenticated") =>
      ROLES.filter((r) => (r === "anon") === (dbRole === "anon")).some((r) => allows(m, op, r));
    for (const dbRole of ["anon", "authenticated"] as const) {
      for (const op of ["insert", "update", "delete"] as const) {
        if (holds(dbRole, op) && !allowedFor(op, dbRole)) {
          problems.push(`${qualified}: ${dbRole} holds ${op} but no role of the matrix may ${op}: revoke it`);
        }
      }
    }
    const anonSees = allowedFor("select", "anon");
    if (holds("anon", "select") && !anonSees && !(name in spec.anonSelectWithoutRows)) {
      problems.push(`${qualified}: anon holds select but sees no row: revoke it, or say why in ANON_SELECT_WITHOUT_ROWS`);
    }
    if (name in spec.anonSelectWithoutRows && (anonSees || !holds("anon", "select"))) {
      problems.push(`${qualified}: ANON_SELECT_WITHOUT_ROWS is stale (anon sees rows or holds no select)`);
    }
    if (holds("authenticated", "select") && !allowedFor("select", "authenticated")) {
      problems.push(`${qualified}: authenticated holds select but no signed-in role sees a row: revoke it`);
    }
  }

  for (const f of catalog.definers) {
    if (isExposed(f.schema)) problems.push(`${f.signature}: security definer in the exposed schema ${f.schema}`);
    const searchPath = f.config.find((c) => c.startsWith("search_path="));
    if (!searchPath) problems.push(`${f.signature}: security definer without a fixed search_path`);
    else if (searchPath !== 'search_path=""' && searchPath !== "search_path=''") {
      problems.push(`${f.signature}: security definer with search_path ${searchPath.slice(12)}, not ''`);
    }
    if (f.public_execute) problems.push(`${f.signature}: security definer that PUBLIC may execute (revoke it; grant execute explicitly)`);
  }

  for (const c of catalog.anonEmails) {
    const r = catalog.relations.find((x) => x.schema === c.schema && x.name === c.name);
    if (r && (r.anon_select_policies > 0 || !r.rls)) {
      problems.push(`${c.schema}.${c.name}.${c.column}: anonymous visitors can read a staff email`);
    }
  }
  return problems;
}

describe.each(targets)("RLS coverage of the whole database ($name)", (target) => {
  let db: Database;
  let catalog: Catalog;

  beforeAll(async () => {
    db = await openMigrated(target);
    catalog = await db.asService(readCatalog);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** The problems found on the catalog after `sabotage`, which is then rolled back. */
  async function sabotaged(sabotage: string, spec: Spec = SPEC): Promise<string[]> {
    const undo = new Error("rolled back");
    let problems: string[] = [];
    try {
      await db.asService(async (tx) => {
        await tx.exec(sabotage);
        problems = findProblems(await readCatalog(tx), spec);
        throw undo;
      });
    } catch (error) {
      if (error !== undo) throw error;
    }
    return problems;
  }

  test("every table, view, grant and security definer function follows the rules", () => {
    expect(findProblems(catalog, SPEC)).toEqual([]);
    const tables = catalog.relations.filter((r) => r.kind === "r" || r.kind === "p");
    const exposed = tables.filter((r) => SPEC.exposed.includes(r.schema));
    console.log(
      `[rls-coverage] ${target.name}: ${tables.length} tables (${exposed.length} exposed, all RLS with policies and allow-listed grants; ` +
        `${tables.length - exposed.length} internal, no grants), ${catalog.relations.filter((r) => r.kind === "v").length} views, ` +
        `${catalog.definers.length} security definer functions (none exposed, search_path ''); ` +
        `anon/authenticated have USAGE on ${catalog.usage.join(", ")}; exposed: ${SPEC.exposed.join(", ")}`,
    );
  });

  describe("fails when a rule is broken (each sabotage rolled back)", () => {
    test("a table with RLS disabled, or without a policy", async () => {
      expect(await sabotaged("alter table public.reports disable row level security")).toContain(
        "public.reports: row level security is disabled",
      );
      expect(await sabotaged(`drop policy "Everyone reads the deployment settings" on public.deployment`)).toContain(
        "public.deployment: no policy (RLS on and no policy refuses everyone; say so in the matrix)",
      );
    });

    test("a grant that is not in the allow-list, or that no role of the matrix uses", async () => {
      const extra = await sabotaged("grant update on public.votes to anon; grant truncate on public.territories to authenticated");
      expect(extra).toEqual(
        expect.arrayContaining([
          "public.votes: anon holds update, not in the allow-list (GRANTS)",
          "public.votes: anon holds update but no role of the matrix may update: revoke it",
          "public.territories: authenticated holds truncate, not in the allow-list (GRANTS)",
        ]),
      );
      const sequence = await sabotaged("create sequence public.matrix_seq; grant usage on sequence public.matrix_seq to anon");
      expect(sequence).toContain("public.matrix_seq: anon holds usage, not in the allow-list (GRANTS)");
      expect(await sabotaged("grant select on private.rate_counters to authenticated")).toContain(
        "private.rate_counters: authenticated holds select on a table outside the exposed schema",
      );
      expect(await sabotaged("grant select on public.charter_versions to anon")).toContain(
        "public.charter_versions.signed_by: anonymous visitors can read a staff email",
      );
    });

    test("a new table nobody put in the matrix (with Supabase's default grants)", async () => {
      const problems = await sabotaged("create table public.matrix_orphan (id integer primary key)");
      expect(problems).toEqual(
        expect.arrayContaining([
          "public.matrix_orphan is not in the matrix (tests/db/rls-matrix.ts MATRIX): say who may do what to it",
          "public.matrix_orphan: row level security is disabled",
          "public.matrix_orphan: anon holds select, not in the allow-list (GRANTS)",
        ]),
      );
      expect(await sabotaged("create table private.matrix_orphan (id integer primary key)")).toContain(
        "private.matrix_orphan is neither in the matrix nor in INTERNAL (tests/db/rls-matrix.ts): which is it?",
      );
    });

    test("a view without security_invoker", async () => {
      expect(await sabotaged("create view public.matrix_view as select id from public.territories")).toContain(
        "public.matrix_view: a view without security_invoker = true (it would read with its owner's rights)",
      );
      const invoker = await sabotaged("create view private.matrix_view with (security_invoker = true) as select id from public.territories");
      expect(invoker.filter((p) => p.includes("security_invoker"))).toEqual([]);
    });

    test("a security definer function exposed, without a fixed search_path, or open to PUBLIC", async () => {
      const exposed = await sabotaged("create function public.matrix_definer() returns int language sql security definer as 'select 1'");
      expect(exposed).toEqual(
        expect.arrayContaining([
          "public.matrix_definer(): security definer in the exposed schema public",
          "public.matrix_definer(): security definer without a fixed search_path",
          "public.matrix_definer(): security definer that PUBLIC may execute (revoke it; grant execute explicitly)",
        ]),
      );
      const loose = await sabotaged(
        `create function private.matrix_definer() returns int language sql security definer set search_path = public as 'select 1';
         revoke all on function private.matrix_definer() from public`,
      );
      expect(loose.filter((p) => p.includes("matrix_definer"))).toEqual([
        "private.matrix_definer(): security definer with search_path public, not ''",
      ]);
    });

    test("a table missing from the matrix, or an entry missing a case", async () => {
      const { votes: _, ...withoutVotes } = MATRIX;
      expect(findProblems(catalog, { ...SPEC, matrix: withoutVotes })).toContain(
        "public.votes is not in the matrix (tests/db/rls-matrix.ts MATRIX): say who may do what to it",
      );
      const { update: __, ...noUpdate } = MATRIX.reactions;
      const { stranger: ___, ...noStranger } = MATRIX.consultations.select;
      const holes = findProblems(catalog, {
        ...SPEC,
        matrix: {
          ...MATRIX,
          reactions: noUpdate as TableCase,
          consultations: { ...MATRIX.consultations, select: noStranger as TableCase["select"] },
          participants: { ...MATRIX.participants, insert: { ...MATRIX.participants.insert, allow: [] } },
        },
      });
      expect(holes).toEqual(
        expect.arrayContaining([
          "public.reactions: the matrix has no update cases",
          "public.consultations: no select case for stranger",
          "public.participants: anon holds insert but no role of the matrix may insert: revoke it",
        ]),
      );
    });
  });
});
