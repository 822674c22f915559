import { randomUUID } from "node:crypto";
import type { Identity } from "~/db.server";

/**
 * Who may do what to every table, as the app's roles meet it: one entry per table of the exposed schema,
 * each role × operation stated (allowed or denied, and for select which fixture rows it sees), run by
 * tests/db/rls-matrix.test.ts against the database and checked for completeness against the catalog by
 * tests/db/rls-coverage.test.ts. A new table, grant or policy needs a conscious update here. The seed
 * and the runner are in tests/db/rls-runner.ts.
 */

export const ROLES = [
  "anon",
  "participant",
  "otherParticipant",
  "facilitatorA",
  "officialA",
  "facilitatorB",
  "officialB",
  "stranger",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];
export const OPERATIONS = ["select", "insert", "update", "delete"] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Fixture rows of territory A (and B) on the service path; participant 1 owns the participants' "a" rows. */
export type Seed = {
  suffix: string;
  people: Record<Role, Identity>;
  emails: Record<Role, string | null>;
  A: string;
  B: string;
  p1: string;
  p2: string;
  p3: string;
  otherAdmin: string;
  consultation: Record<"a" | "aClosed" | "aDraft" | "b" | "bDraft", string>;
  event: Record<"a" | "aDraft" | "b", string>;
  use: Record<"n" | "n2" | "a" | "b", string>;
  contribution: Record<"a" | "a2" | "aHeld" | "b", string>;
};

/** "denied": refused with 42501; otherwise the fixture rows the role sees (none: RLS filters them all). */
export type Sees = readonly string[] | "denied";
export type Value = unknown;
/** A jsonb value, sent as text (a JS string would otherwise become a JSON string). */
export const json = (value: unknown) => ({ json: JSON.stringify(value) });
export type Statement = [sql: string, params?: Value[]];

export type TableCase = {
  /** SQL expression naming a row, compared as text. */
  key: string;
  /** label → [where, ...params] finding the fixture row; resolved once after seeding. */
  rows: (s: Seed) => Record<string, [string, ...Value[]]>;
  select: Record<Role, Sees>;
  /** `row`: a valid row of territory A for this caller (empty: `default values`); `match`: its identity. */
  insert: {
    allow: readonly Role[];
    row: (s: Seed, who: Role) => Record<string, Value>;
    match?: readonly string[];
    /** Service-path statements first, so the row can be inserted (a unique slot freed). */
    setup?: (s: Seed, row: Record<string, Value>) => Statement[];
  };
  /** `set` changes the target row; `changed` is true once it has. */
  update: { allow: readonly Role[]; target: string; set: string; changed: string };
  delete: { allow: readonly Role[]; target: string };
};

/** Whether the entry lets `role` do `op` (for select: see at least one fixture row). */
export function allows(m: TableCase, op: Operation, role: Role): boolean {
  if (op === "select") {
    const seen = m.select[role];
    return seen !== undefined && seen !== "denied" && seen.length > 0;
  }
  return (m[op].allow as readonly Role[]).includes(role);
}

const GROUPS = {
  everyone: ROLES,
  public: ["anon", "participant", "otherParticipant", "stranger"],
  participants: ["participant", "otherParticipant"],
  staffA: ["facilitatorA", "officialA"],
  staffB: ["facilitatorB", "officialB"],
} as const satisfies Record<string, readonly Role[]>;

/** Select expectations by role or group ("a b": those rows, "": none, "denied"); every role exactly once. */
function sees(spec: Partial<Record<Role | keyof typeof GROUPS, string>>): Record<Role, Sees> {
  const out: Partial<Record<Role, Sees>> = {};
  for (const [name, value] of Object.entries(spec)) {
    const roles: readonly Role[] = name in GROUPS ? GROUPS[name as keyof typeof GROUPS] : [name as Role];
    for (const role of roles) {
      if (role in out) throw new Error(`rls-matrix: ${role} given twice`);
      out[role] = value === "denied" ? "denied" : value!.split(" ").filter(Boolean);
    }
  }
  const missing = ROLES.filter((r) => !(r in out));
  if (missing.length) throw new Error(`rls-matrix: no select expectation for ${missing.join(", ")}`);
  return out as Record<Role, Sees>;
}

const STAFF_A = ["facilitatorA", "officialA", "admin"] as const;
const PARTICIPANTS = ["participant", "otherParticipant"] as const;
const NOBODY = [] as const;

/** The caller's own participant id; anyone else tries participant 1's (an impersonation). */
const pid = (s: Seed, who: Role) => (who === "otherParticipant" ? s.p2 : s.p1);
const today = () => new Date().toISOString().slice(0, 10);
const nothing = () => ({});

/** Summary tables kept by triggers: everyone reads them, nobody writes them through the user path. */
function summary(key: string, rows: TableCase["rows"], column: string): TableCase {
  return {
    key,
    rows,
    select: sees({ everyone: "a b" }),
    insert: { allow: NOBODY, row: nothing },
    update: { allow: NOBODY, target: "a", set: `${column} = ${column} + 7`, changed: `${column} >= 7` },
    delete: { allow: NOBODY, target: "a" },
  };
}

export const MATRIX: Record<string, TableCase> = {
  territories: {
    key: "id",
    rows: (s) => ({ a: ["id = $1", s.A], b: ["id = $1", s.B] }),
    select: sees({ everyone: "a b" }),
    insert: {
      allow: ["admin"],
      row: (s) => ({ slug: `matrix-${s.suffix}`, kind: "commune", code: "35238", name: "Rennes" }),
      match: ["slug"],
    },
    update: { allow: ["admin"], target: "a", set: "name = 'Matrix renamed'", changed: "name = 'Matrix renamed'" },
    delete: { allow: NOBODY, target: "a" },
  },

  national_admins: {
    key: "email",
    rows: (s) => ({ a: ["email = $1", s.emails.admin], b: ["email = $1", s.otherAdmin] }),
    select: sees({ anon: "denied", participants: "", staffA: "", staffB: "", stranger: "", admin: "a b" }),
    insert: { allow: NOBODY, row: (s) => ({ email: `intrus-${s.suffix}@exemple.fr` }), match: ["email"] },
    update: { allow: NOBODY, target: "b", set: "source = 'env'", changed: "source = 'env'" },
    delete: { allow: NOBODY, target: "b" },
  },

  memberships: {
    key: "id",
    rows: (s) => ({
      a: ["email = $1 and territory_id = $2", s.emails.facilitatorA, s.A],
      aOfficial: ["email = $1 and territory_id = $2", s.emails.officialA, s.A],
      b: ["email = $1 and territory_id = $2", s.emails.facilitatorB, s.B],
      bOfficial: ["email = $1 and territory_id = $2", s.emails.officialB, s.B],
    }),
    select: sees({
      anon: "denied",
      participants: "",
      stranger: "",
      staffA: "a aOfficial",
      staffB: "b bOfficial",
      admin: "a aOfficial b bOfficial",
    }),
    insert: {
      allow: ["admin"],
      row: (s) => ({ email: `nouvelle-${s.suffix}@exemple.fr`, territory_id: s.A, role: "facilitator" }),
      match: ["email"],
    },
    update: { allow: NOBODY, target: "a", set: "role = 'official'", changed: "role = 'official'" },
    delete: { allow: ["admin"], target: "a" },
  },

  participants: {
    key: "id",
    rows: (s) => ({ a: ["id = $1", s.p1], b: ["id = $1", s.p2] }),
    select: sees({ anon: "denied", participant: "a", otherParticipant: "b", staffA: "", staffB: "", stranger: "", admin: "" }),
    insert: { allow: ["anon"], row: () => ({ id: randomUUID() }), match: ["id"] },
    update: {
      allow: NOBODY,
      target: "a",
      set: "created_at = created_at - interval '1 day'",
      changed: "created_at < now() - interval '12 hours'",
    },
    delete: { allow: ["participant"], target: "a" },
  },

  deployment: {
    key: "id",
    rows: () => ({ a: ["id"] }),
    select: sees({ everyone: "a" }),
    insert: { allow: NOBODY, row: nothing },
    update: { allow: NOBODY, target: "a", set: "demo_data = true", changed: "demo_data" },
    delete: { allow: NOBODY, target: "a" },
  },

  consultations: {
    key: "id",
    rows: (s) => ({
      a: ["id = $1", s.consultation.a],
      aClosed: ["id = $1", s.consultation.aClosed],
      aDraft: ["id = $1", s.consultation.aDraft],
      b: ["id = $1", s.consultation.b],
      bDraft: ["id = $1", s.consultation.bDraft],
    }),
    select: sees({
      public: "a aClosed b",
      staffA: "a aClosed aDraft b",
      staffB: "a aClosed b bDraft",
      admin: "a aClosed aDraft b bDraft",
    }),
    insert: {
      allow: STAFF_A,
      row: (s, who) => ({
        territory_id: s.A,
        title: "Matrix consultation",
        starts_on: today(),
        ends_on: today(),
        status: "draft",
        created_by: s.emails[who],
        request_key: randomUUID(),
      }),
      match: ["request_key"],
    },
    update: { allow: STAFF_A, target: "a", set: "title = 'Matrix title'", changed: "title = 'Matrix title'" },
    delete: { allow: STAFF_A, target: "aDraft" },
  },

  events: {
    key: "id",
    rows: (s) => ({ a: ["id = $1", s.event.a], aDraft: ["id = $1", s.event.aDraft], b: ["id = $1", s.event.b] }),
    select: sees({ public: "a b", staffA: "a aDraft b", staffB: "a b", admin: "a aDraft b" }),
    insert: {
      allow: STAFF_A,
      row: (s, who) => ({
        consultation_id: s.consultation.a,
        territory_id: s.A,
        title: "Matrix event",
        starts_at: new Date(Date.now() + 10 * 86_400_000).toISOString(),
        duration_minutes: 90,
        venue_name: "Médiathèque",
        address: "1 place de la Mairie",
        latitude: 47.2,
        longitude: -1.55,
        capacity: 30,
        created_by: s.emails[who],
        request_key: randomUUID(),
      }),
      match: ["request_key"],
    },
    update: { allow: STAFF_A, target: "a", set: "title = 'Matrix event title'", changed: "title = 'Matrix event title'" },
    delete: { allow: NOBODY, target: "aDraft" },
  },

  registrations: {
    key: "id",
    rows: (s) => ({
      a: ["event_id = $1 and participant_id = $2", s.event.a, s.p1],
      b: ["event_id = $1 and participant_id = $2", s.event.b, s.p2],
    }),
    select: sees({
      anon: "denied",
      participant: "a",
      otherParticipant: "b",
      staffA: "a",
      staffB: "b",
      stranger: "",
      admin: "a b",
    }),
    insert: {
      allow: PARTICIPANTS,
      row: (s, who) => ({
        event_id: s.event.a,
        participant_id: pid(s, who),
        first_name: "Matrix",
        cancel_token_hash: `matrix-${randomUUID()}`,
        locale: "fr",
      }),
      match: ["cancel_token_hash"],
      // One live registration per participant and event: participant 1 cancels theirs first.
      setup: (s, row) => [
        [
          "update public.registrations set status = 'cancelled' where event_id = $1 and participant_id = $2",
          [row.event_id, row.participant_id],
        ],
      ],
    },
    update: { allow: ["participant"], target: "a", set: "status = 'cancelled'", changed: "status = 'cancelled'" },
    delete: { allow: STAFF_A, target: "a" },
  },

  contributions: {
    key: "id",
    rows: (s) => ({
      a: ["id = $1", s.contribution.a],
      a2: ["id = $1", s.contribution.a2],
      aHeld: ["id = $1", s.contribution.aHeld],
      b: ["id = $1", s.contribution.b],
    }),
    select: sees({
      anon: "a a2 b",
      participant: "a a2 b",
      otherParticipant: "a a2 aHeld b",
      staffA: "a a2 aHeld b",
      staffB: "a a2 b",
      stranger: "a a2 b",
      admin: "a a2 aHeld b",
    }),
    insert: {
      allow: ["participant", "otherParticipant", "facilitatorA", "officialA", "admin"],
      // Participants post online; staff type in a paper note; anonymous visitors try participant 1's.
      row: (s, who) => ({
        consultation_id: s.consultation.a,
        territory_id: s.A,
        event_id: s.event.a,
        kind: "hope",
        body: `Matrix contribution ${randomUUID()}`,
        themes: ["jobs"],
        request_key: randomUUID(),
        ...(who === "anon" || who === "participant" || who === "otherParticipant"
          ? { source: "online", participant_id: pid(s, who) }
          : { source: "paper", entered_by: s.emails[who] }),
      }),
      match: ["request_key"],
    },
    update: { allow: ["participant"], target: "a", set: "body = 'Matrix edited body'", changed: "body = 'Matrix edited body'" },
    delete: { allow: ["participant"], target: "a" },
  },

  contribution_counts: {
    key: "contribution_id",
    rows: (s) => ({
      a: ["contribution_id = $1", s.contribution.a],
      a2: ["contribution_id = $1", s.contribution.a2],
      aHeld: ["contribution_id = $1", s.contribution.aHeld],
      b: ["contribution_id = $1", s.contribution.b],
    }),
    // Participant 1 reacted to a2, participant 2 to a.
    select: sees({
      anon: "",
      participant: "a2",
      otherParticipant: "a",
      staffA: "a a2 aHeld",
      staffB: "b",
      stranger: "",
      admin: "a a2 aHeld b",
    }),
    insert: { allow: NOBODY, row: nothing },
    update: { allow: NOBODY, target: "a", set: "agree = agree + 5", changed: "agree >= 5" },
    delete: { allow: NOBODY, target: "a" },
  },

  reactions: {
    key: "contribution_id || ':' || participant_id",
    rows: (s) => ({
      a: ["contribution_id = $1 and participant_id = $2", s.contribution.a2, s.p1],
      b: ["contribution_id = $1 and participant_id = $2", s.contribution.a, s.p2],
    }),
    select: sees({ anon: "", participant: "a", otherParticipant: "b", staffA: "", staffB: "", stranger: "", admin: "" }),
    insert: {
      allow: PARTICIPANTS,
      row: (s, who) => ({ contribution_id: s.contribution.b, participant_id: pid(s, who), value: "agree" }),
      match: ["contribution_id", "participant_id"],
    },
    update: { allow: ["participant"], target: "a", set: "value = 'disagree'", changed: "value = 'disagree'" },
    delete: { allow: ["participant"], target: "a" },
  },

  reports: {
    key: "id",
    rows: (s) => ({
      a: ["contribution_id = $1 and participant_id = $2", s.contribution.a2, s.p1],
      b: ["contribution_id = $1 and participant_id = $2", s.contribution.b, s.p1],
    }),
    select: sees({ anon: "", participant: "a b", otherParticipant: "", staffA: "a", staffB: "b", stranger: "", admin: "a b" }),
    insert: {
      allow: PARTICIPANTS,
      row: (s, who) => ({ contribution_id: s.contribution.a, participant_id: pid(s, who), reason: "off_topic" }),
      match: ["contribution_id", "participant_id"],
    },
    update: { allow: NOBODY, target: "a", set: "reason = 'other'", changed: "reason = 'other'" },
    delete: { allow: ["participant"], target: "a" },
  },

  moderation_log: {
    key: "id",
    rows: (s) => ({ a: ["contribution_id = $1", s.contribution.aHeld], b: ["contribution_id = $1", s.contribution.b] }),
    select: sees({ anon: "denied", participants: "", stranger: "", staffA: "a", staffB: "b", admin: "a b" }),
    insert: { allow: NOBODY, row: nothing },
    update: { allow: NOBODY, target: "a", set: "reason = 'Matrix changed'", changed: "reason = 'Matrix changed'" },
    delete: { allow: NOBODY, target: "a" },
  },

  participant_profiles: {
    key: "participant_id",
    rows: (s) => ({ a: ["participant_id = $1", s.p1], b: ["participant_id = $1", s.p2] }),
    select: sees({ anon: "denied", participant: "a", otherParticipant: "b", staffA: "", staffB: "", stranger: "", admin: "" }),
    insert: {
      allow: PARTICIPANTS,
      row: (s, who) => ({ participant_id: pid(s, who), age_bracket: "25_34" }),
      match: ["participant_id"],
      setup: (s, row) => [["delete from public.participant_profiles where participant_id = $1", [row.participant_id]]],
    },
    update: { allow: ["participant"], target: "a", set: "age_bracket = '65_74'", changed: "age_bracket = '65_74'" },
    delete: { allow: ["participant"], target: "a" },
  },

  ai_uses: {
    key: "id",
    rows: (s) => ({ n: ["id = $1", s.use.n], a: ["id = $1", s.use.a], b: ["id = $1", s.use.b] }),
    select: sees({ everyone: "n a b" }),
    insert: {
      allow: STAFF_A,
      row: (s, who) => ({ territory_id: s.A, slug: `matrix-use-${randomUUID()}`, created_by: s.emails[who], request_key: randomUUID() }),
      match: ["slug"],
    },
    update: { allow: STAFF_A, target: "a", set: "archived_at = now()", changed: "archived_at is not null" },
    delete: { allow: NOBODY, target: "a" },
  },

  ai_use_versions: {
    key: "ai_use_id || ':' || version",
    rows: (s) => ({
      n: ["ai_use_id = $1 and version = 1", s.use.n],
      a: ["ai_use_id = $1 and version = 1", s.use.a],
      b: ["ai_use_id = $1 and version = 1", s.use.b],
    }),
    select: sees({ everyone: "n a b" }),
    insert: {
      allow: STAFF_A,
      row: (s, who) => ({
        ai_use_id: s.use.a,
        domain: "administration",
        risk_tier: "limited",
        content: json({ fr: { title: "Matrix wording", what: "Une nouvelle formulation de l'usage." } }),
        created_by: s.emails[who],
      }),
      match: ["ai_use_id", "risk_tier"],
    },
    update: { allow: NOBODY, target: "a", set: "risk_tier = 'high'", changed: "risk_tier = 'high'" },
    delete: { allow: NOBODY, target: "a" },
  },

  consultation_ai_uses: {
    key: "consultation_id || ':' || ai_use_id",
    rows: (s) => ({
      a: ["consultation_id = $1 and ai_use_id = $2", s.consultation.a, s.use.n],
      a2: ["consultation_id = $1 and ai_use_id = $2", s.consultation.a, s.use.a],
      aClosed: ["consultation_id = $1 and ai_use_id = $2", s.consultation.aClosed, s.use.n],
      aDraft: ["consultation_id = $1 and ai_use_id = $2", s.consultation.aDraft, s.use.n],
      b: ["consultation_id = $1 and ai_use_id = $2", s.consultation.b, s.use.n],
      bDraft: ["consultation_id = $1 and ai_use_id = $2", s.consultation.bDraft, s.use.n],
    }),
    select: sees({
      public: "a a2 aClosed b",
      staffA: "a a2 aClosed aDraft b",
      staffB: "a a2 aClosed b bDraft",
      admin: "a a2 aClosed aDraft b bDraft",
    }),
    insert: {
      allow: STAFF_A,
      row: (s) => ({ consultation_id: s.consultation.a, territory_id: s.A, ai_use_id: s.use.n2, position: 5 }),
      match: ["consultation_id", "ai_use_id"],
    },
    update: { allow: STAFF_A, target: "a", set: "position = 7", changed: "position = 7" },
    delete: { allow: STAFF_A, target: "aDraft" },
  },

  participant_blocks: {
    key: "consultation_id || ':' || participant_id",
    rows: (s) => ({ a: ["consultation_id = $1", s.consultation.a], b: ["consultation_id = $1", s.consultation.b] }),
    select: sees({ anon: "denied", participants: "", stranger: "", staffA: "a", staffB: "b", admin: "a b" }),
    insert: { allow: NOBODY, row: nothing },
    update: { allow: NOBODY, target: "a", set: "reason = 'Matrix changed'", changed: "reason = 'Matrix changed'" },
    delete: { allow: NOBODY, target: "a" },
  },

  votes: {
    key: "consultation_id || ':' || ai_use_id || ':' || participant_id",
    rows: (s) => ({
      a: ["consultation_id = $1 and participant_id = $2", s.consultation.a, s.p1],
      b: ["consultation_id = $1 and participant_id = $2", s.consultation.b, s.p2],
    }),
    select: sees({ anon: "", participant: "a", otherParticipant: "b", staffA: "a", staffB: "b", stranger: "", admin: "a b" }),
    insert: {
      allow: PARTICIPANTS,
      row: (s, who) => ({
        consultation_id: s.consultation.a,
        ai_use_id: s.use.a,
        participant_id: pid(s, who),
        territory_id: s.A,
        ai_use_version: 1,
        verdict: "accept",
      }),
      match: ["consultation_id", "ai_use_id", "participant_id"],
    },
    update: { allow: ["participant"], target: "a", set: "verdict = 'unsure'", changed: "verdict = 'unsure'" },
    delete: { allow: NOBODY, target: "a" },
  },

  vote_tallies: {
    key: "consultation_id || ':' || ai_use_id",
    rows: (s) => ({
      a: ["consultation_id = $1 and ai_use_id = $2", s.consultation.a, s.use.n],
      a2: ["consultation_id = $1 and ai_use_id = $2", s.consultation.a, s.use.a],
      aClosed: ["consultation_id = $1 and ai_use_id = $2", s.consultation.aClosed, s.use.n],
      aDraft: ["consultation_id = $1 and ai_use_id = $2", s.consultation.aDraft, s.use.n],
      b: ["consultation_id = $1 and ai_use_id = $2", s.consultation.b, s.use.n],
      bDraft: ["consultation_id = $1 and ai_use_id = $2", s.consultation.bDraft, s.use.n],
    }),
    // Closed results are public; open ones go to staff and to those who voted on that use.
    select: sees({
      anon: "aClosed",
      participant: "a aClosed",
      otherParticipant: "aClosed b",
      staffA: "a a2 aClosed aDraft",
      staffB: "aClosed b bDraft",
      stranger: "aClosed",
      admin: "a a2 aClosed aDraft b bDraft",
    }),
    insert: { allow: NOBODY, row: nothing },
    update: { allow: NOBODY, target: "a", set: "accept = accept + 3", changed: "accept >= 3" },
    delete: { allow: NOBODY, target: "a" },
  },

  charter_templates: {
    key: "version",
    rows: () => ({ a: ["version = 1"] }),
    select: sees({ everyone: "a" }),
    insert: {
      allow: ["admin"],
      row: (s) => ({
        commitments: json([{ key: "matrix", fr: { title: "Engagement", explanation: "Texte.", evidence: "Preuve." } }]),
        note: `Matrix template ${s.suffix}`,
      }),
      match: ["note"],
    },
    update: { allow: NOBODY, target: "a", set: "note = 'Matrix note'", changed: "note = 'Matrix note'" },
    delete: { allow: NOBODY, target: "a" },
  },

  charter_drafts: {
    key: "territory_id",
    rows: (s) => ({ a: ["territory_id = $1", s.A], b: ["territory_id = $1", s.B] }),
    select: sees({ anon: "denied", participants: "", stranger: "", staffA: "a", staffB: "b", admin: "a b" }),
    insert: {
      allow: STAFF_A,
      row: (s, who) => ({ territory_id: s.A, template_version: 1, updated_by: s.emails[who] }),
      match: ["territory_id"],
      setup: (s) => [["delete from public.charter_drafts where territory_id = $1", [s.A]]],
    },
    update: { allow: STAFF_A, target: "a", set: "ruled_out_reason = 'Matrix reason'", changed: "ruled_out_reason = 'Matrix reason'" },
    delete: { allow: NOBODY, target: "a" },
  },

  charter_draft_items: {
    key: "territory_id || ':' || commitment_key",
    rows: (s) => ({ a: ["territory_id = $1", s.A], b: ["territory_id = $1", s.B] }),
    select: sees({ anon: "denied", participants: "", stranger: "", staffA: "a", staffB: "b", admin: "a b" }),
    insert: {
      allow: STAFF_A,
      row: (s) => ({ territory_id: s.A, commitment_key: "fairness", status: "adopted" }),
      match: ["territory_id", "commitment_key"],
    },
    update: { allow: STAFF_A, target: "a", set: "responsible = 'Matrix referent'", changed: "responsible = 'Matrix referent'" },
    delete: { allow: STAFF_A, target: "a" },
  },

  charter_versions: {
    key: "id",
    rows: (s) => ({ a: ["territory_id = $1", s.A], b: ["territory_id = $1", s.B] }),
    select: sees({ everyone: "a b" }),
    insert: { allow: NOBODY, row: nothing },
    update: { allow: NOBODY, target: "a", set: "signatory_name = 'Matrix signatory'", changed: "signatory_name = 'Matrix signatory'" },
    delete: { allow: NOBODY, target: "a" },
  },

  charter_follow_ups: {
    key: "id",
    rows: (s) => ({ a: ["territory_id = $1", s.A], b: ["territory_id = $1", s.B] }),
    select: sees({ everyone: "a b" }),
    insert: {
      allow: STAFF_A,
      row: (s, who) => ({
        territory_id: s.A,
        commitment_key: "governance",
        happened_on: today(),
        body: "Matrix follow-up",
        created_by: s.emails[who] ?? "personne",
        request_key: randomUUID(),
      }),
      match: ["request_key"],
    },
    update: { allow: NOBODY, target: "a", set: "body = 'Matrix changed follow-up'", changed: "body = 'Matrix changed follow-up'" },
    delete: { allow: STAFF_A, target: "a" },
  },

  syntheses: {
    key: "consultation_id",
    rows: (s) => ({ a: ["consultation_id = $1", s.consultation.a], b: ["consultation_id = $1", s.consultation.b] }),
    select: sees({ anon: "", participants: "", stranger: "", staffA: "a", staffB: "b", admin: "a b" }),
    insert: {
      allow: STAFF_A,
      row: (s) => ({ consultation_id: s.consultation.aClosed, territory_id: s.A, narrative: "Matrix narrative" }),
      match: ["consultation_id"],
    },
    update: { allow: STAFF_A, target: "a", set: "narrative = 'Matrix narrative'", changed: "narrative = 'Matrix narrative'" },
    delete: { allow: NOBODY, target: "a" },
  },

  synthesis_versions: {
    key: "id",
    rows: (s) => ({ a: ["territory_id = $1", s.A], b: ["territory_id = $1", s.B] }),
    select: sees({ everyone: "a b" }),
    insert: { allow: NOBODY, row: nothing },
    update: { allow: NOBODY, target: "a", set: "narrative = 'Matrix narrative'", changed: "narrative = 'Matrix narrative'" },
    delete: { allow: NOBODY, target: "a" },
  },

  territory_stats: summary("territory_id", (s) => ({ a: ["territory_id = $1", s.A], b: ["territory_id = $1", s.B] }), "votes"),
  territory_theme_counts: summary(
    "territory_id || ':' || kind || ':' || theme",
    (s) => ({ a: ["territory_id = $1 and kind = 'hope' and theme = 'jobs'", s.A], b: ["territory_id = $1 and kind = 'hope' and theme = 'jobs'", s.B] }),
    "count",
  ),
  territory_use_counts: summary(
    "territory_id || ':' || ai_use_id",
    (s) => ({ a: ["territory_id = $1 and ai_use_id = $2", s.A, s.use.n], b: ["territory_id = $1 and ai_use_id = $2", s.B, s.use.n] }),
    "accept",
  ),
  territory_charter: summary("territory_id", (s) => ({ a: ["territory_id = $1", s.A], b: ["territory_id = $1", s.B] }), "version"),
  consultation_stats: summary(
    "consultation_id",
    (s) => ({ a: ["consultation_id = $1", s.consultation.a], b: ["consultation_id = $1", s.consultation.b] }),
    "votes",
  ),
  consultation_theme_counts: summary(
    "consultation_id || ':' || kind || ':' || theme",
    (s) => ({
      a: ["consultation_id = $1 and kind = 'hope' and theme = 'jobs'", s.consultation.a],
      b: ["consultation_id = $1 and kind = 'hope' and theme = 'jobs'", s.consultation.b],
    }),
    "count",
  ),
  consultation_use_counts: summary(
    "consultation_id || ':' || ai_use_id",
    (s) => ({
      a: ["consultation_id = $1 and ai_use_id = $2", s.consultation.aClosed, s.use.n],
      b: ["consultation_id = $1 and ai_use_id = $2", s.consultation.b, s.use.n],
    }),
    "accept",
  ),

  live_sessions: {
    key: "event_id",
    rows: (s) => ({ a: ["event_id = $1", s.event.a], b: ["event_id = $1", s.event.b] }),
    select: sees({ everyone: "a b" }),
    insert: {
      allow: STAFF_A,
      row: (s, who) => ({
        event_id: s.event.aDraft,
        consultation_id: s.consultation.aDraft,
        territory_id: s.A,
        phase: "welcome",
        started_by: s.emails[who],
      }),
      match: ["event_id"],
    },
    update: { allow: STAFF_A, target: "a", set: "phase_open = false", changed: "not phase_open" },
    delete: { allow: NOBODY, target: "a" },
  },
};

/** Tables outside the exposed schema: no role reaches them (every role × operation is refused). */
export const INTERNAL: Record<string, string> = {
  "private.blocked_words": "the words that hold a contribution for review (private.screen_text)",
  "private.rate_counters": "rate-limit counters (private.take_rate)",
  "private.consultation_participants": "distinct-participant bookkeeping of the national aggregates",
  "private.territory_participants": "distinct-participant bookkeeping of the national aggregates",
  "private.live_event_contributions": "live figures per event, read through private.live_figures",
  "private.live_event_votes": "live figures per event, read through private.live_figures",
  "private.live_event_people": "live figures per event, read through private.live_figures",
  "auth.users": "the embedded stand-in for Supabase Auth (supabase/embedded)",
  "auth.magic_links": "the embedded auth provider's sign-in links",
  "auth.mailbox": "the embedded auth provider's local mailbox",
  "supabase_migrations.schema_migrations": "the migration log the Supabase CLI keeps",
};

/** A column-level privilege as the coverage test writes it: `on("insert", "b a")` is "insert(a, b)". */
const on = (privilege: string, columns: string) => `${privilege}(${columns.split(/\s+/).filter(Boolean).sort().join(", ")})`;

/**
 * Every privilege anon and authenticated hold, table-wide ("select") or on columns ("insert(a, b)",
 * columns sorted). Anything else, PUBLIC's included, fails tests/db/rls-coverage.test.ts.
 */
export const GRANTS: Record<string, { anon?: readonly string[]; authenticated?: readonly string[] }> = {
  "public.ai_use_versions": {
    anon: [on("select", "ai_use_id content created_at domain risk_tier version")],
    authenticated: ["select", on("insert", "ai_use_id content created_by domain risk_tier")],
  },
  "public.ai_uses": {
    anon: [on("select", "archived_at created_at domain id risk_tier slug territory_id updated_at version")],
    authenticated: ["select", on("insert", "created_by request_key slug territory_id"), on("update", "archived_at updated_at")],
  },
  "public.charter_draft_items": {
    authenticated: [
      "select",
      "delete",
      on("insert", "commitment_key evidence links responsible status target_date territory_id"),
      on("update", "evidence links responsible status target_date updated_at"),
    ],
  },
  "public.charter_drafts": {
    authenticated: [
      "select",
      on("insert", "ruled_out ruled_out_reason template_version territory_id updated_by"),
      on("update", "ruled_out ruled_out_reason template_version updated_at updated_by"),
    ],
  },
  "public.charter_follow_ups": {
    anon: [on("select", "body commitment_key created_at happened_on id link territory_id")],
    authenticated: ["select", "delete", on("insert", "body commitment_key created_by happened_on link request_key territory_id")],
  },
  "public.charter_templates": {
    anon: [on("select", "commitments created_at note version")],
    authenticated: ["select", on("insert", "commitments created_by note")],
  },
  "public.charter_versions": {
    anon: [
      on(
        "select",
        `commitments id proposed published_at ruled_out ruled_out_reason signatory_mandate signatory_name
        signed_on template_version territory_id version`,
      ),
    ],
    authenticated: ["select"],
  },
  "public.consultation_ai_uses": {
    anon: ["select"],
    authenticated: ["select", "delete", on("insert", "ai_use_id consultation_id position territory_id"), on("update", "position")],
  },
  "public.consultation_stats": { anon: ["select"], authenticated: ["select"] },
  "public.consultation_theme_counts": { anon: ["select"], authenticated: ["select"] },
  "public.consultation_use_counts": { anon: ["select"], authenticated: ["select"] },
  "public.consultations": {
    anon: [
      on(
        "select",
        `closed_at created_at description ends_on id publics results_visibility starts_on status
        territory_id title updated_at`,
      ),
    ],
    authenticated: [
      "select",
      "delete",
      on("insert", "created_by description ends_on publics request_key starts_on status territory_id title"),
      on("update", "description ends_on publics results_visibility starts_on status title updated_at"),
    ],
  },
  "public.contribution_counts": { anon: ["select"], authenticated: ["select"] },
  "public.contributions": {
    anon: [
      on(
        "select",
        `body consultation_id created_at event_id held_reason id kind participant_id source status
        territory_id themes updated_at`,
      ),
    ],
    authenticated: [
      "select",
      "delete",
      on(
        "insert",
        `body consultation_id entered_by event_id kind participant_id request_key source territory_id
        themes`,
      ),
      on("update", "body themes updated_at"),
    ],
  },
  "public.deployment": { anon: ["select"], authenticated: ["select"] },
  "public.events": {
    anon: [
      on(
        "select",
        `accessibility_notes accessible address audience cancel_reason cancelled_at capacity code
        consultation_id created_at description duration_minutes id latitude longitude online_url
        registration_enabled starts_at territory_id title updated_at venue_name`,
      ),
    ],
    authenticated: [
      "select",
      on(
        "insert",
        `accessibility_notes accessible address audience capacity consultation_id created_by description
        duration_minutes latitude longitude online_url registration_enabled request_key starts_at
        territory_id title venue_name`,
      ),
      on(
        "update",
        `accessibility_notes accessible address audience cancel_reason cancelled_at capacity description
        duration_minutes latitude longitude online_url registration_enabled starts_at title updated_at
        venue_name`,
      ),
    ],
  },
  "public.live_sessions": {
    anon: [on(
        "select",
        `consultation_id ended_at event_id phase phase_open started_at territory_id updated_at version`,
      )],
    authenticated: [
      "select",
      on("insert", "consultation_id event_id phase phase_open started_by territory_id"),
      on("update", "ended_at phase phase_open"),
    ],
  },
  "public.memberships": { authenticated: ["select", "insert", "delete"] },
  "public.moderation_log": { authenticated: ["select"] },
  "public.national_admins": { authenticated: ["select"] },
  "public.participant_blocks": { authenticated: ["select"] },
  "public.participant_profiles": {
    authenticated: [
      "select",
      "delete",
      on("insert", "age_bracket ai_use commune_code participant_id skipped"),
      on("update", "age_bracket ai_use commune_code skipped updated_at"),
    ],
  },
  "public.participants": { anon: ["insert"], authenticated: ["select", "delete"] },
  "public.reactions": {
    anon: ["select"],
    authenticated: ["select", "delete", on("insert", "contribution_id participant_id value"), on("update", "updated_at value")],
  },
  "public.registrations": {
    authenticated: [
      "select",
      "delete",
      on("insert", "cancel_token_hash email event_id first_name locale participant_id"),
      on("update", "status updated_at"),
    ],
  },
  "public.reports": { anon: ["select"], authenticated: ["select", "delete", on("insert", "contribution_id participant_id reason")] },
  "public.syntheses": {
    anon: ["select"],
    authenticated: [
      "select",
      on("insert", "consultation_id follow_up narrative territory_id updated_by"),
      on("update", "follow_up narrative updated_at updated_by"),
    ],
  },
  "public.synthesis_versions": {
    anon: [on("select", "consultation_id figures follow_up id narrative published_at territory_id version")],
    authenticated: ["select"],
  },
  "public.territories": { anon: ["select"], authenticated: ["select", "insert", "update"] },
  "public.territory_charter": { anon: ["select"], authenticated: ["select"] },
  "public.territory_stats": { anon: ["select"], authenticated: ["select"] },
  "public.territory_theme_counts": { anon: ["select"], authenticated: ["select"] },
  "public.territory_use_counts": { anon: ["select"], authenticated: ["select"] },
  "public.vote_tallies": { anon: ["select"], authenticated: ["select"] },
  "public.votes": {
    anon: ["select"],
    authenticated: [
      "select",
      on(
        "insert",
        `ai_use_id ai_use_version conditions consultation_id event_id other_condition participant_id
        territory_id verdict`,
      ),
      on("update", "ai_use_version conditions event_id other_condition updated_at verdict"),
    ],
  },
};

/** Tables anonymous visitors may select from although no policy gives them a row, and why. */
export const ANON_SELECT_WITHOUT_ROWS: Record<string, string> = {
  contribution_counts: "the participant's listing (contribution.server.ts) left-joins the counts for visitors too",
  reactions: "the participant's listing left-joins the caller's reaction, none for a visitor",
  reports: "the participant's listing checks whether the caller reported, never for a visitor",
  votes: "the ballot and results queries (vote.server.ts) join the caller's votes, none for a visitor",
  syntheses: "getSynthesisDraft answers null to visitors instead of failing",
};

/** Columns holding a staff email: anonymous visitors never read them (charter.test.ts states the rule). */
export const STAFF_EMAIL_COLUMNS = [
  "created_by",
  "updated_by",
  "entered_by",
  "signed_by",
  "published_by",
  "started_by",
  "granted_by",
  "actor",
  "email",
];

