import { randomUUID } from "node:crypto";
import { ANON, claimsFor, type Database, type Identity, type Tx } from "~/db.server";
import { seedPeople } from "./fixtures";
import { MATRIX, ROLES, type Operation, type Role, type Seed, type Statement, type Value } from "./rls-matrix";

/** Seeds the fixture rows of tests/db/rls-matrix.ts and runs its cases, each in a rolled-back transaction. */

export async function seedMatrix(db: Database): Promise<Seed> {
  const f = await seedPeople(db);
  const officialB: Identity & { kind: "staff" } = { kind: "staff", userId: randomUUID(), email: `elu-b-${f.suffix}@exemple.fr` };
  const people: Record<Role, Identity> = {
    anon: ANON,
    participant: f.participant1,
    otherParticipant: f.participant2,
    facilitatorA: f.facilitatorA,
    officialA: f.officialA,
    facilitatorB: f.facilitatorB,
    officialB,
    stranger: f.stranger,
    admin: f.admin,
  };
  const emails = Object.fromEntries(ROLES.map((r) => [r, people[r].kind === "staff" ? (people[r] as { email: string }).email : null])) as Record<
    Role,
    string | null
  >;
  const participantId = (who: Identity) => (who.kind === "participant" ? who.participantId : "");
  const [A, B, p1, p2, p3] = [f.territoryA, f.territoryB, participantId(f.participant1), participantId(f.participant2), randomUUID()];
  const otherAdmin = `autre-admin-${f.suffix}@exemple.fr`;

  return db.asService(async (tx) => {
    const one = async (sql: string, params: Value[] = []) => {
      const rows = await tx.query<{ id: string }>(sql, params);
      if (rows.length !== 1) throw new Error(`rls-matrix seed: ${sql.trim().slice(0, 60)}… gave ${rows.length} rows`);
      return rows[0].id;
    };
    await tx.query("insert into public.deployment (id, demo_data) values (true, false) on conflict do nothing");
    await tx.query("insert into public.national_admins (email) values ($1)", [otherAdmin]);
    await tx.query("insert into public.memberships (email, territory_id, role) values ($1, $2, 'official')", [officialB.email, B]);
    await tx.query("insert into public.participants (id) values ($1)", [p3]);

    const consultation = async (territory: string, status: string, title: string) =>
      one(
        `insert into public.consultations (territory_id, title, starts_on, ends_on, status)
         values ($1, $2, current_date - 1, current_date + 30, $3) returning id`,
        [territory, title, status],
      );
    const c = {
      a: await consultation(A, "open", "Consultation ouverte A"),
      aClosed: await consultation(A, "open", "Consultation close A"),
      aDraft: await consultation(A, "draft", "Brouillon A"),
      b: await consultation(B, "open", "Consultation ouverte B"),
      bDraft: await consultation(B, "draft", "Brouillon B"),
    };
    const event = async (consultationId: string, territory: string, title: string) =>
      one(
        `insert into public.events (consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address,
           latitude, longitude, capacity, registration_enabled)
         values ($1, $2, $3, now() + interval '7 days', 120, 'Médiathèque', '1 rue de la Paix', 47.2, -1.55, 50, true) returning id`,
        [consultationId, territory, title],
      );
    const e = { a: await event(c.a, A, "Café IA A"), aDraft: await event(c.aDraft, A, "Café IA brouillon"), b: await event(c.b, B, "Café IA B") };

    const national = async (slug: string) => one("select id from public.ai_uses where slug = $1 and territory_id is null", [slug]);
    const ownUse = async (territory: string, label: string) => {
      const id = await one("insert into public.ai_uses (territory_id, slug) values ($1, $2) returning id", [
        territory,
        `matrix-${label}-${f.suffix}`,
      ]);
      await tx.query(
        "insert into public.ai_use_versions (ai_use_id, domain, risk_tier, content) values ($1, 'administration', 'minimal', $2::text::jsonb)",
        [id, JSON.stringify({ fr: { title: `Usage propre ${label}`, what: "Un usage propre à ce territoire." } })],
      );
      return id;
    };
    const use = { n: await national("assisted-writing"), n2: await national("digital-twin"), a: await ownUse(A, "a"), b: await ownUse(B, "b") };
    for (const [consultationId, territory, useId] of [
      [c.a, A, use.n],
      [c.a, A, use.a],
      [c.aClosed, A, use.n],
      [c.aDraft, A, use.n],
      [c.b, B, use.n],
      [c.bDraft, B, use.n],
    ]) {
      await tx.query("insert into public.consultation_ai_uses (consultation_id, territory_id, ai_use_id) values ($1, $2, $3)", [
        consultationId,
        territory,
        useId,
      ]);
    }
    await tx.query("update public.consultations set status = 'closed' where id = $1", [c.aClosed]);

    const contribution = async (consultationId: string, territory: string, eventId: string | null, participant: string, kind: string, body: string) =>
      one(
        `insert into public.contributions (consultation_id, territory_id, event_id, participant_id, kind, body, themes)
         values ($1, $2, $3, $4, $5, $6, '{jobs}') returning id`,
        [consultationId, territory, eventId, participant, kind, body],
      );
    const k = {
      a: await contribution(c.a, A, e.a, p1, "hope", "Un espoir du territoire A"),
      a2: await contribution(c.a, A, null, p2, "fear", "Une crainte du territoire A"),
      aHeld: await contribution(c.a, A, null, p2, "fear", "Écrivez-moi à quelquun@exemple.org"),
      b: await contribution(c.b, B, e.b, p2, "hope", "Un espoir du territoire B"),
    };
    const held = await tx.query<{ status: string }>("select status from public.contributions where id = $1", [k.aHeld]);
    if (held[0].status !== "held") throw new Error("rls-matrix seed: the held contribution was not held");

    await tx.query("insert into public.reactions (contribution_id, participant_id, value) values ($1, $2, 'agree'), ($3, $4, 'disagree')", [
      k.a2,
      p1,
      k.a,
      p2,
    ]);
    await tx.query("insert into public.reports (contribution_id, participant_id, reason) values ($1, $2, 'off_topic'), ($3, $2, 'other')", [
      k.a2,
      p1,
      k.b,
    ]);
    await tx.query(
      `insert into public.moderation_log (contribution_id, territory_id, action, reason, actor)
       values ($1, $2, 'hide', 'Donnée personnelle', $3), ($4, $5, 'restore', 'Signalement infondé', $6)`,
      [k.aHeld, A, emails.facilitatorA, k.b, B, emails.facilitatorB],
    );
    await tx.query("insert into public.participant_profiles (participant_id, age_bracket) values ($1, '35_49'), ($2, '18_24')", [p1, p2]);
    await tx.query(
      `insert into public.registrations (event_id, participant_id, first_name, cancel_token_hash)
       values ($1, $2, 'Ana', $3), ($4, $5, 'Bo', $6)`,
      [e.a, p1, `matrix-a-${f.suffix}`, e.b, p2, `matrix-b-${f.suffix}`],
    );
    await tx.query(
      `insert into public.participant_blocks (consultation_id, territory_id, participant_id, reason, actor)
       values ($1, $2, $3, 'Propos injurieux', $4), ($5, $6, $3, 'Propos injurieux', $7)`,
      [c.a, A, p3, emails.facilitatorA, c.b, B, emails.facilitatorB],
    );
    await tx.query(
      `insert into public.votes (consultation_id, ai_use_id, participant_id, territory_id, ai_use_version, verdict)
       values ($1, $2, $3, $4, 1, 'accept'), ($5, $2, $6, $7, 1, 'proscribe')`,
      [c.a, use.n, p1, A, c.b, p2, B],
    );
    for (const [territory, official] of [
      [A, emails.officialA],
      [B, emails.officialB],
    ]) {
      await tx.query("insert into public.charter_drafts (territory_id, template_version) values ($1, 1)", [territory]);
      await tx.query("insert into public.charter_draft_items (territory_id, commitment_key) values ($1, 'governance')", [territory]);
      await tx.query(
        `insert into public.charter_versions (territory_id, version, template_version, commitments, signatory_name, signatory_mandate,
           signed_on, signed_by) values ($1, 1, 1, '[]', 'Camille Martin', 'Maire', current_date, $2)`,
        [territory, official],
      );
      await tx.query(
        `insert into public.charter_follow_ups (territory_id, commitment_key, happened_on, body, created_by)
         values ($1, 'governance', current_date, 'Référent nommé', $2)`,
        [territory, official],
      );
    }
    for (const [consultationId, territory] of [
      [c.a, A],
      [c.b, B],
    ]) {
      await tx.query("insert into public.syntheses (consultation_id, territory_id, narrative) values ($1, $2, 'Brouillon')", [
        consultationId,
        territory,
      ]);
    }
    await tx.query(
      `insert into public.synthesis_versions (consultation_id, territory_id, version, figures, published_by)
       values ($1, $2, 1, '{}', $3), ($4, $5, 1, '{}', $6)`,
      [c.aClosed, A, emails.officialA, c.b, B, emails.officialB],
    );
    // A session running in its contributions phase at A's event; B's has ended.
    await tx.query(
      `insert into public.live_sessions (event_id, consultation_id, territory_id, phase, phase_open)
       values ($1, $2, $3, 'contributions', true), ($4, $5, $6, 'welcome', false)`,
      [e.a, c.a, A, e.b, c.b, B],
    );
    await tx.query("update public.live_sessions set ended_at = now() where event_id = $1", [e.b]);
    // Summary rows the triggers leave out (no closed votes in B, none at all in aClosed).
    await tx.query("insert into public.territory_use_counts (territory_id, ai_use_id) values ($1, $3), ($2, $3) on conflict do nothing", [
      A,
      B,
      use.n,
    ]);
    await tx.query(
      "insert into public.consultation_use_counts (consultation_id, ai_use_id) values ($1, $3), ($2, $3) on conflict do nothing",
      [c.aClosed, c.b, use.n],
    );

    return {
      suffix: f.suffix,
      people,
      emails,
      A,
      B,
      p1,
      p2,
      p3,
      otherAdmin,
      consultation: c,
      event: e,
      use,
      contribution: k,
    };
  });
}

/** label → key of every fixture row, checked to exist exactly once. */
export type Keys = Record<string, Record<string, string>>;

export async function resolveKeys(db: Database, s: Seed): Promise<Keys> {
  return db.asService(async (tx) => {
    const keys: Keys = {};
    for (const [table, m] of Object.entries(MATRIX)) {
      keys[table] = {};
      for (const [label, [where, ...params]] of Object.entries(m.rows(s))) {
        const rows = await tx.query<{ k: string }>(`select (${m.key})::text as k from public.${table} where ${where}`, params);
        if (rows.length !== 1) throw new Error(`rls-matrix: fixture ${table}.${label} matched ${rows.length} rows`);
        keys[table][label] = rows[0].k;
      }
    }
    return keys;
  });
}

// Running one case ----------------------------------------------------------------------------------

export type Outcome =
  | { op: "select"; seen: string[] | "denied" }
  | { op: Exclude<Operation, "select">; allowed: boolean; refusal?: "error" | "silent" };

/** Thrown to roll a case back once its outcome is known. */
class Rollback extends Error {
  constructor(readonly outcome: Outcome) {
    super("rolled back");
  }
}

function insertStatement(table: string, row: Record<string, Value>): Statement {
  const columns = Object.keys(row);
  if (!columns.length) return [`insert into public.${table} default values`];
  const values = columns.map((c, i) => {
    const v = row[c];
    return v !== null && typeof v === "object" && "json" in (v as object) ? `$${i + 1}::text::jsonb` : `$${i + 1}`;
  });
  const params = columns.map((c) => {
    const v = row[c];
    return v !== null && typeof v === "object" && "json" in (v as object) ? (v as { json: string }).json : v;
  });
  return [`insert into public.${table} (${columns.join(", ")}) values (${values.join(", ")})`, params];
}

async function becomeService(tx: Tx) {
  await tx.query("set local role none");
  await tx.query("select set_config('request.jwt.claims', '', true)");
}

/**
 * Performs `op` on `table` as `role` in one transaction that is always rolled back, so cases never see
 * each other's writes. A write's effect is read back on the service path; a write that changed nothing
 * without an error is replayed on the service path, to prove the row was valid and only the caller was
 * refused.
 */
export async function runCase(db: Database, s: Seed, keys: Keys, table: string, op: Operation, role: Role): Promise<Outcome> {
  const m = MATRIX[table];
  const identity = s.people[role];
  const key = `(${m.key})::text`;
  if (op === "select") {
    try {
      const rows = await db.asCaller(identity, (tx) =>
        tx.query<{ k: string }>(`select ${key} as k from public.${table} where ${key} = any($1::text[])`, [Object.values(keys[table])]),
      );
      const labelOf = Object.fromEntries(Object.entries(keys[table]).map(([label, k]) => [k, label]));
      return { op, seen: rows.map((r) => labelOf[r.k]).sort() };
    } catch (error) {
      if ((error as { code?: string }).code === "42501") return { op, seen: "denied" };
      throw error;
    }
  }

  let attempt: Statement;
  let setup: Statement[] = [];
  let effect: Statement;
  let done: (rows: Record<string, unknown>[]) => boolean;
  if (op === "insert") {
    const row = m.insert.row(s, role);
    attempt = insertStatement(table, row);
    setup = m.insert.setup?.(s, row) ?? [];
    const match = m.insert.match ?? [];
    effect = match.length
      ? [`select count(*)::int as n from public.${table} where ${match.map((c, i) => `${c} = $${i + 1}`).join(" and ")}`, match.map((c) => row[c])]
      : ["select 1 as n"];
    done = (rows) => rows[0].n === 1;
  } else if (op === "update") {
    const target = keys[table][m.update.target];
    attempt = [`update public.${table} set ${m.update.set} where ${key} = $1`, [target]];
    effect = [`select (${m.update.changed}) as changed from public.${table} where ${key} = $1`, [target]];
    done = (rows) => rows[0]?.changed === true;
  } else {
    const target = keys[table][m.delete.target];
    attempt = [`delete from public.${table} where ${key} = $1`, [target]];
    effect = [`select count(*)::int as n from public.${table} where ${key} = $1`, [target]];
    done = (rows) => rows[0].n === 0;
  }

  try {
    await db.asCaller(identity, async (tx) => {
      if (setup.length) {
        await becomeService(tx);
        for (const [sql, params] of setup) await tx.query(sql, params);
        const { role: dbRole, claims } = claimsFor(identity);
        await tx.query("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)", [dbRole, JSON.stringify(claims)]);
      }
      await tx.query(...attempt);
      await becomeService(tx);
      if (done(await tx.query(...effect))) throw new Rollback({ op, allowed: true });
      if (op === "insert") throw new Error(`rls-matrix: ${table} insert as ${role} raised nothing and wrote nothing`);
      await tx.query(...attempt);
      if (!done(await tx.query(...effect))) {
        throw new Error(`rls-matrix: ${table} ${op} changes nothing even on the service path: the case proves nothing`);
      }
      throw new Rollback({ op, allowed: false, refusal: "silent" });
    });
  } catch (error) {
    if (error instanceof Rollback) return error.outcome;
    if ((error as { code?: string }).code === "42501") return { op, allowed: false, refusal: "error" };
    throw error;
  }
  throw new Error("rls-matrix: unreachable");
}

/** Compares an outcome with the matrix; null when it matches, otherwise what differs. */
export function mismatch(table: string, op: Operation, role: Role, outcome: Outcome): string | null {
  const m = MATRIX[table];
  if (outcome.op === "select") {
    const want = m.select[role];
    const wanted = want === "denied" ? "denied" : [...want].sort().join(" ") || "(nothing)";
    const got = outcome.seen === "denied" ? "denied" : outcome.seen.join(" ") || "(nothing)";
    return wanted === got ? null : `${table} select as ${role}: expected ${wanted}, got ${got}`;
  }
  const allowed = (m[outcome.op].allow as readonly Role[]).includes(role);
  if (allowed === outcome.allowed) return null;
  return `${table} ${op} as ${role}: expected ${allowed ? "allowed" : "denied"}, got ${outcome.allowed ? "allowed" : `denied (${outcome.refusal})`}`;
}

/** A fingerprint of every row of a table, on the service path. */
export async function fingerprint(tx: Tx, qualified: string): Promise<string> {
  const rows = await tx.query<{ f: string }>(
    `select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as f from ${qualified} t`,
  );
  return rows[0].f;
}

/** An attempt on a table no role may reach (see INTERNAL): refused with 42501, whatever the role. */
export async function runInternalCase(db: Database, identity: Identity, qualified: string, column: string, op: Operation) {
  const sql = {
    select: `select 1 from ${qualified} limit 1`,
    insert: `insert into ${qualified} default values`,
    update: `update ${qualified} set ${column} = ${column}`,
    delete: `delete from ${qualified}`,
  }[op];
  try {
    await db.asCaller(identity, async (tx) => {
      await tx.query(sql);
      throw new Rollback({ op: "insert", allowed: true });
    });
  } catch (error) {
    if (error instanceof Rollback) return { allowed: true as const };
    const e = error as { code?: string; message: string };
    if (e.code === "42501") return { allowed: false as const };
    throw error;
  }
  throw new Error("rls-matrix: unreachable");
}
