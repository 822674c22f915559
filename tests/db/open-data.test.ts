import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity } from "~/db.server";
import { postContribution, react } from "~/models/contribution.server";
import {
  latestSyntheses,
  nationalOverview,
  nationalUses,
  openDataColumns,
  openDataFiles,
  openDataRows,
  type OpenDataRow,
} from "~/models/open-data.server";
import { castVotes, createAiUse, setSelection } from "~/models/vote.server";
import type { Theme } from "~/themes";
import type { Verdict } from "~/votes";
import { attempt, seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

type Participant = Identity & { kind: "participant" };
type Status = "draft" | "open" | "closed";

const ORIGIN = "https://cafe-ia.example";
// Counts that are people (or their answers), as opposed to population, events or versions.
const COUNTS: Record<string, string[]> = {
  territoires: ["participants", "contributions", "hopes", "fears", "reactions", "votes"],
  themes: ["contributions"],
  usages: ["votes", "proscribe", "conditional", "accept", "unsure"],
};

/**
 * The scenario (figures from the summary tables, which tests/db/national.test.ts checks against the
 * raw rows):
 * - territory A: a closed consultation where 12 people wrote 6 hopes (jobs) and 2 fears (privacy), 6
 *   reacted, and voted on three uses (12, 8 and 3 votes), with two published synthesis versions; an open
 *   one where a 13th person wrote a hope and voted (not counted until closing) and a synthesis draft
 *   waits; a draft consultation with a Café IA in preparation;
 * - territory B: a closed consultation with 3 voters, and a published charter;
 * - territory C: a draft consultation only, with a Café IA in preparation and a synthesis draft;
 * - territory D: 5 people who each wrote a hope (jobs) and a fear (privacy and jobs).
 */
describe.each(targets)("open data ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  const uses: { id: string; slug: string }[] = [];
  const consultations: Record<"closedA" | "openA" | "draftA" | "closedB", string> = { closedA: "", openA: "", draftA: "", closedB: "" };

  const newParticipants = async (n: number): Promise<Participant[]> => {
    const ids = Array.from({ length: n }, () => randomUUID());
    await db.asService((tx) => tx.query("insert into public.participants (id) select unnest($1::uuid[])", [ids]));
    return ids.map((participantId) => ({ kind: "participant", participantId }));
  };
  const setStatus = (id: string, status: Status) =>
    db.asService((tx) => tx.query("update public.consultations set status = $2 where id = $1", [id, status]));
  const newConsultation = async (territoryId: string, useIds: string[]) => {
    const [{ id }] = await db.asService((tx) =>
      tx.query<{ id: string }>(
        `insert into public.consultations (territory_id, title, starts_on, ends_on, publics, status)
         values ($1, 'Concertation ouverte', '2026-11-01', '2027-02-01', '{all}', 'draft') returning id`,
        [territoryId],
      ),
    );
    const staff = territoryId === f.territoryA ? f.facilitatorA : f.facilitatorB;
    if (useIds.length) await db.asCaller(staff, (tx) => setSelection(tx, { consultationId: id, territoryId, aiUseIds: useIds }));
    return id;
  };
  const post = async (p: Participant, consultationId: string, kind: "hope" | "fear", themes: Theme[]) =>
    (await db.asCaller(p, (tx) =>
      postContribution(tx, { kind, body: "Une idée sur l'IA au service public.", themes, consultationId, eventId: null, participantId: p.participantId, requestKey: null }),
    ))!;
  const vote = (p: Participant, consultationId: string, territoryId: string, aiUseId: string, verdict: Verdict) =>
    db.asCaller(p, (tx) =>
      castVotes(tx, {
        consultationId,
        territoryId,
        eventId: null,
        participantId: p.participantId,
        entries: [{ aiUseId, version: 1, verdict, conditions: verdict === "conditional" ? ["human_oversight"] : [], other: null }],
      }),
    );
  const rowsOf = (file: (typeof openDataFiles)[number], who: Identity = ANON) =>
    db.asCaller(who, (tx) => openDataRows(tx, { file, origin: ORIGIN }));
  const code = async (territoryId: string) =>
    (await db.asService((tx) => tx.query<{ code: string }>("select code from public.territories where id = $1", [territoryId])))[0].code;
  const ofTerritory = (rows: OpenDataRow[], territoryCode: string) => rows.filter((r) => r.territory_code === territoryCode);

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    for (const title of ["Tri automatique des courriers", "Agent conversationnel d'accueil", "Reconnaissance faciale"]) {
      const id = await db.asCaller(f.admin, (tx) =>
        createAiUse(tx, {
          content: { fr: { title, what: "Un usage de l'intelligence artificielle décrit pour le test." } },
          domain: "administration",
          riskTier: "high",
          territoryId: null,
          createdBy: f.admin.email,
          requestKey: null,
        }),
      );
      const [{ slug }] = await db.asService((tx) => tx.query<{ slug: string }>("select slug from public.ai_uses where id = $1", [id]));
      uses.push({ id: id as string, slug });
    }
    const [use1, use2, use3] = uses.map((u) => u.id);

    // Territory A, closed consultation.
    consultations.closedA = await newConsultation(f.territoryA, [use1, use2, use3]);
    await setStatus(consultations.closedA, "open");
    const people = await newParticipants(12);
    const hopes: Awaited<ReturnType<typeof post>>[] = [];
    for (const p of people.slice(0, 6)) hopes.push(await post(p, consultations.closedA, "hope", ["jobs"]));
    for (const p of people.slice(6, 8)) await post(p, consultations.closedA, "fear", ["privacy"]);
    for (const p of people.slice(6, 12)) await db.asCaller(p, (tx) => react(tx, { contributionId: hopes[0].id, participantId: p.participantId, value: "agree" }));
    const verdicts1: Verdict[] = ["proscribe", "proscribe", "proscribe", "proscribe", "proscribe", "proscribe", "proscribe", "conditional", "conditional", "conditional", "accept", "unsure"];
    for (const [i, p] of people.entries()) await vote(p, consultations.closedA, f.territoryA, use1, verdicts1[i]);
    for (const [i, p] of people.slice(0, 8).entries()) await vote(p, consultations.closedA, f.territoryA, use2, i < 4 ? "proscribe" : "accept");
    for (const p of people.slice(0, 3)) await vote(p, consultations.closedA, f.territoryA, use3, "proscribe");
    await setStatus(consultations.closedA, "closed");
    for (const version of [1, 2]) {
      await db.asService((tx) =>
        tx.query(
          `insert into public.synthesis_versions (consultation_id, territory_id, version, figures, published_by)
           values ($1, $2, $3, '{}'::jsonb, 'test')`,
          [consultations.closedA, f.territoryA, version],
        ),
      );
    }

    // Territory A, an open consultation (its votes wait for closing) with a synthesis draft.
    consultations.openA = await newConsultation(f.territoryA, [use1]);
    await setStatus(consultations.openA, "open");
    const [late] = await newParticipants(1);
    await post(late, consultations.openA, "hope", ["efficiency"]);
    await vote(late, consultations.openA, f.territoryA, use1, "accept");
    await vote(people[0], consultations.openA, f.territoryA, use1, "accept");
    await db.asService((tx) =>
      tx.query("insert into public.syntheses (consultation_id, territory_id, narrative) values ($1, $2, 'Brouillon')", [consultations.openA, f.territoryA]),
    );

    // A draft consultation with a Café IA being prepared, in A and in a territory C with nothing else.
    const [{ id: territoryC }] = await db.asService((tx) =>
      tx.query<{ id: string }>(
        `insert into public.territories (slug, kind, code, name, population, region_code)
         values ($1, 'commune', '35238', 'Territoire C', 220000, '53') returning id`,
        [`territoire-c-${f.suffix}`],
      ),
    );
    for (const [territoryId, code] of [[f.territoryA, "BRLNAA"], [territoryC, "BRLNCC"]]) {
      const draft = await newConsultation(territoryId, []);
      if (territoryId === f.territoryA) consultations.draftA = draft;
      await db.asService((tx) =>
        tx.query(
          `insert into public.events (code, consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address, latitude, longitude, capacity)
           values ($1, $2, $3, 'Café IA en préparation', now() + interval '10 days', 90, 'Médiathèque', '1 rue de la Paix', 47.2, -1.55, 30)`,
          [code, draft, territoryId],
        ),
      );
      await db.asService((tx) =>
        tx.query("insert into public.syntheses (consultation_id, territory_id, narrative) values ($1, $2, 'Brouillon')", [draft, territoryId]),
      );
    }

    // Territory D: 5 people, each with a hope and a fear.
    const [{ id: territoryD }] = await db.asService((tx) =>
      tx.query<{ id: string }>(
        `insert into public.territories (slug, kind, code, name, population, region_code)
         values ($1, 'commune', '69123', 'Territoire D', 520000, '84') returning id`,
        [`territoire-d-${f.suffix}`],
      ),
    );
    const [{ id: consultationD }] = await db.asService((tx) =>
      tx.query<{ id: string }>(
        `insert into public.consultations (territory_id, title, starts_on, ends_on, publics, status)
         values ($1, 'Concertation ouverte', '2026-11-01', '2027-02-01', '{all}', 'open') returning id`,
        [territoryD],
      ),
    );
    for (const p of await newParticipants(5)) {
      await post(p, consultationD, "hope", ["jobs"]);
      await post(p, consultationD, "fear", ["privacy", "jobs"]);
    }

    // Territory B: three voters, and a charter.
    consultations.closedB = await newConsultation(f.territoryB, [use1]);
    await setStatus(consultations.closedB, "open");
    const few = await newParticipants(3);
    for (const p of few) await vote(p, consultations.closedB, f.territoryB, use1, "proscribe");
    await post(few[0], consultations.closedB, "hope", ["jobs"]);
    await setStatus(consultations.closedB, "closed");
    await db.asService((tx) =>
      tx.query(
        `insert into public.charter_versions (territory_id, version, template_version, commitments, signatory_name, signatory_mandate, signed_on, signed_by)
         values ($1, 1, 1, '[{"key": "governance", "status": "adopted"}, {"key": "training", "status": "in_progress"}]'::jsonb,
           'Marie Dupont', 'Maire', current_date, 'test')`,
        [f.territoryB],
      ),
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  test("each file has exactly its documented columns, in order", async () => {
    for (const file of openDataFiles) {
      const rows = await rowsOf(file);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(Object.keys(row)).toEqual(openDataColumns[file].map((c) => c.name));
    }
  });

  test("territories: the summary tables' figures, small ones blank, charter and latest synthesis", async () => {
    const rows = await rowsOf("territoires");
    const [a, b] = [ofTerritory(rows, await code(f.territoryA)), ofTerritory(rows, await code(f.territoryB))];
    const stats = await db.asService((tx) =>
      tx.query("select participants, contributions_visible, hopes, fears, reactions, votes, events_total from public.territory_stats where territory_id = $1", [
        f.territoryA,
      ]),
    );
    // 13 people (the open consultation's included), 9 contributions, votes of the closed one only, no draft event.
    expect(stats).toEqual([{ participants: 13, contributions_visible: 9, hopes: 7, fears: 2, reactions: 6, votes: 23, events_total: 0 }]);
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(new Date());
    expect(a).toEqual([
      {
        territory_code: "44109",
        territory_kind: "commune",
        territory_name: "Territoire A",
        departement_code: null,
        region_code: "52",
        population: 300000,
        participants: 13,
        contributions: 9,
        // 2 fears are under 5, and hopes = contributions - fears: both blank.
        hopes: null,
        fears: null,
        reactions: 6,
        votes: 23,
        events: 0,
        charter_version: null,
        charter_published_on: null,
        commitments_adopted: null,
        commitments_in_progress: null,
        synthesis_published_on: today,
        synthesis_url: `${ORIGIN}/concertations/${consultations.closedA}/synthese`,
        url: expect.stringMatching(new RegExp(`^${ORIGIN}/territoires/territoire-a-`)),
        suppressed: true,
      },
    ]);
    // Fewer than 5 participants: no participation figure at all.
    expect(b).toEqual([
      expect.objectContaining({
        participants: null,
        contributions: null,
        hopes: null,
        fears: null,
        reactions: null,
        votes: null,
        charter_version: 1,
        charter_published_on: today,
        commitments_adopted: ["governance"],
        commitments_in_progress: ["training"],
        synthesis_url: null,
        suppressed: true,
      }),
    ]);
  });

  test("a territory with nothing but a draft is absent", async () => {
    for (const file of openDataFiles) expect((await rowsOf(file)).filter((r) => r.territory_code === "35238")).toEqual([]);
    expect((await rowsOf("territoires")).map((r) => r.territory_name).sort()).toEqual(["Territoire A", "Territoire B", "Territoire D"]);
  });

  test("themes: territories with 5 participants or more, small counts blank", async () => {
    const rows = await rowsOf("themes");
    expect(ofTerritory(rows, await code(f.territoryB))).toEqual([]);
    const a = ofTerritory(rows, await code(f.territoryA)).map(({ kind, theme, contributions, share, suppressed }) => ({ kind, theme, contributions, share, suppressed }));
    expect(a).toEqual([
      { kind: "fear", theme: "privacy", contributions: null, share: null, suppressed: true },
      { kind: "hope", theme: "efficiency", contributions: null, share: null, suppressed: true },
      // 6 of 7 hopes, but the territory's hopes are blank (2 fears): a share would give them away.
      { kind: "hope", theme: "jobs", contributions: 6, share: null, suppressed: true },
    ]);
    const d = ofTerritory(rows, "69123").map(({ kind, theme, contributions, share, suppressed }) => ({ kind, theme, contributions, share, suppressed }));
    expect(d).toEqual([
      { kind: "fear", theme: "jobs", contributions: 5, share: 100, suppressed: false },
      { kind: "fear", theme: "privacy", contributions: 5, share: 100, suppressed: false },
      { kind: "hope", theme: "jobs", contributions: 5, share: 100, suppressed: false },
    ]);
  });

  test("uses: closed consultations only, small verdicts and the use that would give one away blank", async () => {
    const rows = await rowsOf("usages");
    expect(ofTerritory(rows, await code(f.territoryB))).toEqual([]);
    const a = ofTerritory(rows, await code(f.territoryA));
    const [use1, use2, use3] = uses.map((u) => a.find((r) => r.ai_use === u.slug));
    // 12 votes (the open consultation's 2 are not counted): 7 proscribe shown; 3 + 1 + 1 hidden together.
    expect(use1).toEqual(
      expect.objectContaining({
        ai_use_title: "Tri automatique des courriers",
        ai_use_scope: "national",
        risk_tier: "high",
        votes: 12,
        proscribe: 7,
        conditional: null,
        accept: null,
        unsure: null,
        proscribe_share: 58.3,
        conditional_share: null,
        accept_share: null,
        unsure_share: null,
        suppressed: true,
      }),
    );
    // 3 votes are under 5; the territory's 23 votes would give them away from use 1 and use 2, so use 2 goes too.
    for (const row of [use2, use3]) {
      expect(row).toEqual(expect.objectContaining({ votes: null, proscribe: null, conditional: null, accept: null, unsure: null, suppressed: true }));
      expect(row!.proscribe_share).toBeNull();
    }
  });

  test("what is published matches the summary tables, and no count under 5 is published", async () => {
    const summary = await db.asService((tx) =>
      tx.query<{ code: string; participants: number; hopes: number; total: number | null; slug: string | null; proscribe: number | null }>(
        `select t.code, s.participants, s.hopes, u.total, a.slug, u.proscribe
         from public.territory_stats s join public.territories t on t.id = s.territory_id
         left join public.territory_use_counts u on u.territory_id = s.territory_id
         left join public.ai_uses a on a.id = u.ai_use_id`,
      ),
    );
    for (const row of await rowsOf("territoires")) {
      const s = summary.find((x) => x.code === row.territory_code)!;
      if (row.participants !== null) expect(row.participants).toBe(s.participants);
    }
    for (const row of await rowsOf("usages")) {
      const s = summary.find((x) => x.code === row.territory_code && x.slug === row.ai_use)!;
      if (row.votes !== null) expect(row.votes).toBe(s.total);
      if (row.proscribe !== null) expect(row.proscribe).toBe(s.proscribe);
    }
    for (const file of openDataFiles) {
      for (const row of await rowsOf(file)) {
        for (const column of COUNTS[file]) {
          const value = row[column];
          expect(value === null || (typeof value === "number" && value >= 5), `${file}.${column} = ${value}`).toBe(true);
        }
      }
    }
  });

  test("national figures pool every territory, small ones blank; the latest synthesis per territory", async () => {
    const overview = await db.asCaller(ANON, (tx) => nationalOverview(tx));
    expect(overview).toEqual({
      territories: 3,
      participants: 21,
      contributions: 20,
      hopes: { count: 13, share: 65 },
      fears: { count: 7, share: 35 },
      reactions: 6,
      votes: 26,
      events: 0,
      charters: 1,
    });
    const { uses: national, localUses } = await db.asCaller(ANON, (tx) => nationalUses(tx));
    expect(localUses).toBe(0);
    expect(national.map((u) => [u.slug, u.territories, u.votes])).toEqual([
      [uses[0].slug, 2, 15],
      [uses[1].slug, 1, 8],
      [uses[2].slug, 1, null],
    ]);
    expect(national[0].verdicts).toEqual({
      proscribe: { count: 10, share: 66.7, small: false },
      conditional: { count: null, share: null, small: true },
      accept: { count: null, share: null, small: true },
      unsure: { count: null, share: null, small: true },
    });
    expect(national[1].verdicts.proscribe).toEqual({ count: null, share: null, small: true });

    const syntheses = await db.asCaller(ANON, (tx) => latestSyntheses(tx, { limit: 20, offset: 0 }));
    expect(syntheses.total).toBe(1);
    expect(syntheses.rows).toEqual([expect.objectContaining({ consultation_id: consultations.closedA, version: 2, name: "Territoire A" })]);
    expect(await db.asCaller(ANON, (tx) => latestSyntheses(tx, { limit: 20, offset: 20 }))).toEqual({ total: 1, rows: [] });
  });

  test("anonymous visitors and participants read it all; nobody writes the summaries", async () => {
    const asParticipant: Identity = { kind: "participant", participantId: randomUUID() };
    for (const file of openDataFiles) expect(await rowsOf(file, asParticipant)).toEqual(await rowsOf(file));
    for (const table of ["territory_stats", "territory_theme_counts", "territory_use_counts", "territory_charter", "synthesis_versions"]) {
      expect((await attempt(db, ANON, `select count(*) from public.${table}`)).ok, table).toBe(true);
    }
    expect((await attempt(db, ANON, "update public.territory_stats set participants = 1000")).ok).toBe(false);
    expect((await attempt(db, ANON, "select * from private.territory_participants")).ok).toBe(false);
  });
});
