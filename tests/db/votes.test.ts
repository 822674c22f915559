import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity } from "~/db.server";
import { postContribution } from "~/models/contribution.server";
import {
  castVotes,
  countVoters,
  createAiUse,
  getAiUse,
  getResultsVisibility,
  listBallot,
  listCatalogue,
  listOtherConditions,
  listResults,
  listSelection,
  listVersions,
  proscribedUses,
  reviseAiUse,
  setArchived,
  setResultsVisibility,
  setSelection,
  type AiUseContent,
  type BallotEntry,
} from "~/models/vote.server";
import { verdicts, type ResultsVisibility, type Verdict, type VoteCondition } from "~/votes";
import { attempt, refusal, seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

type Participant = Identity & { kind: "participant" };
type Status = "draft" | "open" | "closed" | "published";

/** What the caller gets back from a refused call: Postgres' code and hint (or "succeeded"). */
const wording = (title: string, what = "Un usage de l'intelligence artificielle décrit pour le test."): AiUseContent => ({
  fr: { title, what },
});

const TALLY_COLUMNS = `proscribe, conditional, accept, unsure, human_oversight, transparency, eu_hosting, bias_audit,
  human_alternative, other_condition, total, outcome`;

describe.each(targets)("votes on uses of AI ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let participant1: Participant;
  let participant2: Participant;
  // The catalogue the selection and vote tests use.
  let nat1: string;
  let nat2: string;
  let nat3: string;
  let localA: string;
  let localB: string;

  const newUse = (who: Identity, territoryId: string | null, title: string, over: Partial<{ content: AiUseContent }> = {}) =>
    db.asCaller(who, (tx) =>
      createAiUse(tx, {
        content: over.content ?? wording(title),
        domain: "administration",
        riskTier: "limited",
        territoryId,
        createdBy: who.kind === "staff" ? who.email : "test",
        requestKey: null,
      }),
    );
  const newParticipants = async (n: number): Promise<Participant[]> => {
    const ids = Array.from({ length: n }, () => randomUUID());
    await db.asService((tx) => tx.query("insert into public.participants (id) select unnest($1::uuid[])", [ids]));
    return ids.map((participantId) => ({ kind: "participant", participantId }));
  };
  const newParticipant = async () => (await newParticipants(1))[0];

  const newConsultation = async (
    over: { territoryId?: string; status?: Status; visibility?: ResultsVisibility; uses?: string[] } = {},
  ) => {
    const territoryId = over.territoryId ?? f.territoryA;
    const id = (
      await db.asService((tx) =>
        tx.query<{ id: string }>(
          `insert into public.consultations (territory_id, title, starts_on, ends_on, publics, status, results_visibility)
           values ($1, 'Concertation sur l''IA', '2026-11-01', '2027-02-01', '{all}', 'draft', $2) returning id`,
          [territoryId, over.visibility ?? "after_vote"],
        ),
      )
    )[0].id;
    if (over.uses?.length) {
      const staff = territoryId === f.territoryA ? f.facilitatorA : f.facilitatorB;
      expect(await db.asCaller(staff, (tx) => setSelection(tx, { consultationId: id, territoryId, aiUseIds: over.uses! }))).toBe(true);
    }
    const status = over.status ?? "open";
    if (status !== "draft") await setStatus(id, "open");
    if (status === "closed" || status === "published") await setStatus(id, "closed");
    if (status === "published") await setStatus(id, "published");
    return id;
  };
  const setStatus = (id: string, status: Status, who?: Identity) =>
    who
      ? db.asCaller(who, (tx) => tx.query("update public.consultations set status = $2 where id = $1 returning id", [id, status]))
      : db.asService((tx) => tx.query("update public.consultations set status = $2 where id = $1 returning id", [id, status]));

  const entry = (aiUseId: string, verdict: Verdict, conditions: VoteCondition[] = [], other: string | null = null): BallotEntry => ({
    aiUseId,
    version: 1,
    verdict,
    conditions,
    other,
  });
  const vote = (p: Participant, consultationId: string, entries: BallotEntry[], territoryId = f.territoryA) =>
    db.asCaller(p, (tx) => castVotes(tx, { consultationId, territoryId, eventId: null, participantId: p.participantId, entries }));

  /** The tally as stored, whatever RLS says. */
  const tally = async (consultationId: string, aiUseId: string) =>
    (
      await db.asService((tx) =>
        tx.query<Record<string, number | string>>(
          `select ${TALLY_COLUMNS} from public.vote_tallies where consultation_id = $1 and ai_use_id = $2`,
          [consultationId, aiUseId],
        ),
      )
    )[0];
  /** The same figures counted straight from public.votes, leaving out blocked participants. */
  const recount = async (consultationId: string, aiUseId: string) => {
    const rows = await db.asService((tx) =>
      tx.query<{ verdict: string; n: number }>(
        `select v.verdict, count(*)::int as n from public.votes v
         where v.consultation_id = $1 and v.ai_use_id = $2
           and not exists (select 1 from public.participant_blocks b where b.consultation_id = v.consultation_id and b.participant_id = v.participant_id)
         group by v.verdict`,
        [consultationId, aiUseId],
      ),
    );
    const counts = Object.fromEntries(verdicts.map((v) => [v, 0])) as Record<Verdict, number>;
    for (const row of rows) counts[row.verdict as Verdict] = row.n;
    return { ...counts, total: rows.reduce((sum, r) => sum + r.n, 0) };
  };
  const storedVotes = (consultationId: string, participantId?: string) =>
    db.asService((tx) =>
      tx.query<{ participant_id: string; ai_use_id: string; verdict: string }>(
        `select participant_id, ai_use_id, verdict from public.votes where consultation_id = $1 and ($2::uuid is null or participant_id = $2)
         order by participant_id, ai_use_id`,
        [consultationId, participantId ?? null],
      ),
    );
  const resultsSeenBy = async (who: Identity, consultationId: string) =>
    (await db.asCaller(who, (tx) => listResults(tx, { consultationId }))).map((r) => r.id).sort();
  const selectionOf = async (consultationId: string) =>
    (await db.asService((tx) => listSelection(tx, { consultationId }))).map((s) => [s.id, s.position]);

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    participant1 = f.participant1 as Participant;
    participant2 = f.participant2 as Participant;
    nat1 = await newUse(f.admin, null, "Tri automatique des courriers");
    nat2 = await newUse(f.admin, null, "Agent conversationnel d'accueil");
    nat3 = await newUse(f.admin, null, "Détection des fraudes aux aides");
    localA = await newUse(f.facilitatorA, f.territoryA, "Comptage des vélos du territoire A");
    localB = await newUse(f.facilitatorB, f.territoryB, "Prévision des crues du territoire B");
  });
  afterAll(async () => {
    await db?.close();
  });

  // The catalogue ----------------------------------------------------------------------------------

  describe("catalogue", () => {
    test("who wrote a use (a staff email) is not readable by anonymous visitors", async () => {
      for (const table of ["ai_uses", "ai_use_versions"]) {
        expect(await attempt(db, ANON, `select created_by from public.${table} limit 1`)).toMatchObject({ ok: false, code: "42501" });
        expect(await attempt(db, f.admin, `select created_by from public.${table} limit 1`)).toMatchObject({ ok: true });
      }
      expect(await attempt(db, ANON, "select private.is_blocked($1, $2)", [randomUUID(), randomUUID()])).toMatchObject({ ok: false, code: "42501" });
    });

    test("anonymous visitors and participants read the catalogue but cannot add a use or a wording", async () => {
      const before = await db.asService((tx) => tx.query("select id, version from public.ai_uses order by id"));
      for (const who of [ANON, participant1]) {
        const seen = (await db.asCaller(who, (tx) => listCatalogue(tx, { territoryId: f.territoryA }))).map((u) => u.id);
        expect(seen).toEqual(expect.arrayContaining([nat1, nat2, nat3, localA]));
        expect(seen).not.toContain(localB);
        expect(await db.asCaller(who, (tx) => tx.query("select version from public.ai_use_versions where ai_use_id = $1", [nat1]))).toEqual([{ version: 1 }]);

        for (const territory of [null, f.territoryA]) {
          const added = await attempt(db, who, "insert into public.ai_uses (territory_id, slug) values ($1, $2) returning id", [
            territory,
            `intrus-${randomUUID().slice(0, 8)}`,
          ]);
          expect(added).toMatchObject({ ok: false, code: "42501" });
        }
        const reworded = await attempt(
          db,
          who,
          "insert into public.ai_use_versions (ai_use_id, domain, risk_tier, content) values ($1, 'hr', 'high', $2::jsonb) returning version",
          [nat1, JSON.stringify(wording("Titre détourné"))],
        );
        expect(reworded).toMatchObject({ ok: false, code: "42501" });
      }
      expect(await db.asService((tx) => tx.query("select id, version from public.ai_uses order by id"))).toEqual(before);
      expect(await db.asCaller(ANON, (tx) => getAiUse(tx, { id: nat1 }))).toMatchObject({ version: 1, content: wording("Tri automatique des courriers") });
    });

    test("a national admin adds a national use and rewords it: version 2 is current, version 1 stays as it was", async () => {
      const first = wording("Résumé automatique des délibérations", "Produire un résumé des délibérations du conseil municipal.");
      const second = wording("Résumé des délibérations par IA", "Un outil résume les délibérations, relu par un agent avant publication.");
      const id = await newUse(f.admin, null, "", { content: first });
      expect(await db.asCaller(ANON, (tx) => getAiUse(tx, { id }))).toMatchObject({ territory_id: null, version: 1, content: first, risk_tier: "limited" });
      const v1 = await db.asService((tx) => tx.query("select * from public.ai_use_versions where ai_use_id = $1 and version = 1", [id]));

      const version = await db.asCaller(f.admin, (tx) =>
        reviseAiUse(tx, { id, content: second, domain: "communication", riskTier: "high", createdBy: f.admin.email }),
      );
      expect(version).toBe(2);
      expect(await db.asCaller(participant1, (tx) => getAiUse(tx, { id }))).toMatchObject({
        version: 2,
        content: second,
        domain: "communication",
        risk_tier: "high",
      });
      // The history with its authors is for staff (listVersions reads created_by).
      const versions = await db.asCaller(f.facilitatorB, (tx) => listVersions(tx, { id }));
      expect(versions.map((v) => [v.version, v.content, v.domain, v.risk_tier])).toEqual([
        [2, second, "communication", "high"],
        [1, first, "administration", "limited"],
      ]);
      expect(await db.asService((tx) => tx.query("select * from public.ai_use_versions where ai_use_id = $1 and version = 1", [id]))).toEqual(v1);
      // The number is the database's: even an admin cannot write a version 1 over again.
      const forged = await attempt(
        db,
        f.admin,
        "insert into public.ai_use_versions (ai_use_id, version, domain, risk_tier, content) values ($1, 1, 'hr', 'high', $2::jsonb)",
        [id, JSON.stringify(wording("Version forgée"))],
      );
      expect(forged).toMatchObject({ ok: false, code: "42501" });
    });

    test("a facilitator of A keeps A's own uses: not the national ones, not B's", async () => {
      const national = await refusal(newUse(f.facilitatorA, null, "Usage national par un animateur"));
      expect(national).toMatchObject({ code: "42501" });
      expect(
        await refusal(
          db.asCaller(f.facilitatorA, (tx) =>
            reviseAiUse(tx, { id: nat2, content: wording("Accueil détourné"), domain: "hr", riskTier: "high", createdBy: "a" }),
          ),
        ),
      ).toMatchObject({ code: "42501" });
      expect(await db.asCaller(f.facilitatorA, (tx) => setArchived(tx, { id: nat2, archived: true }))).toBe(false);
      expect(await db.asService((tx) => getAiUse(tx, { id: nat2 }))).toMatchObject({ version: 1, archived: false, content: wording("Agent conversationnel d'accueil") });

      const own = await newUse(f.facilitatorA, f.territoryA, "Lecture des compteurs d'eau");
      expect(await db.asCaller(ANON, (tx) => getAiUse(tx, { id: own }))).toMatchObject({ territory_id: f.territoryA, version: 1 });
      expect(
        await db.asCaller(f.officialA, (tx) =>
          reviseAiUse(tx, { id: own, content: wording("Relevé des compteurs d'eau"), domain: "infrastructure", riskTier: "minimal", createdBy: "a" }),
        ),
      ).toBe(2);

      expect(await refusal(newUse(f.facilitatorA, f.territoryB, "Usage glissé chez B"))).toMatchObject({ code: "42501" });
      expect(
        await refusal(
          db.asCaller(f.facilitatorA, (tx) =>
            reviseAiUse(tx, { id: localB, content: wording("Crues détournées"), domain: "hr", riskTier: "high", createdBy: "a" }),
          ),
        ),
      ).toMatchObject({ code: "42501" });
      expect(await db.asCaller(f.facilitatorA, (tx) => setArchived(tx, { id: localB, archived: true }))).toBe(false);
      expect(await db.asService((tx) => getAiUse(tx, { id: localB }))).toMatchObject({
        territory_id: f.territoryB,
        version: 1,
        archived: false,
        content: wording("Prévision des crues du territoire B"),
      });
      expect(await db.asService((tx) => tx.query("select count(*)::int as n from public.ai_uses where territory_id = $1", [f.territoryB]))).toEqual([{ n: 1 }]);
    });

    test("wordings are never changed or deleted, not even by a national admin", async () => {
      const before = await db.asService((tx) => tx.query("select * from public.ai_use_versions where ai_use_id = $1", [nat1]));
      expect(before).toHaveLength(1);
      for (const who of [f.admin, f.facilitatorA, participant1, ANON]) {
        const changed = await attempt(db, who, "update public.ai_use_versions set content = $2::jsonb where ai_use_id = $1 returning version", [
          nat1,
          JSON.stringify(wording("Titre réécrit")),
        ]);
        expect(changed).toMatchObject({ ok: false, code: "42501" });
        const deleted = await attempt(db, who, "delete from public.ai_use_versions where ai_use_id = $1 returning version", [nat1]);
        expect(deleted).toMatchObject({ ok: false, code: "42501" });
      }
      // Nor can the current version be pointed elsewhere by hand.
      expect(await attempt(db, f.admin, "update public.ai_uses set version = 7 where id = $1 returning id", [nat1])).toMatchObject({ ok: false, code: "42501" });
      expect(await db.asService((tx) => tx.query("select * from public.ai_use_versions where ai_use_id = $1", [nat1]))).toEqual(before);
      expect(await db.asService((tx) => getAiUse(tx, { id: nat1 }))).toMatchObject({ version: 1 });
    });
  });

  // The selection ----------------------------------------------------------------------------------

  describe("selection", () => {
    test("staff of A put national uses and A's own to the vote, in order, each with an empty tally", async () => {
      const c = await newConsultation();
      expect(await db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [nat1, localA, nat2] }))).toBe(true);
      const seen = await db.asCaller(f.officialA, (tx) => listSelection(tx, { consultationId: c }));
      expect(seen.map((s) => [s.id, s.position, s.votes])).toEqual([
        [nat1, 0, 0],
        [localA, 1, 0],
        [nat2, 2, 0],
      ]);
      // The public sees what is put to the vote of an open consultation.
      expect(await attempt(db, ANON, "select ai_use_id from public.consultation_ai_uses where consultation_id = $1 order by position", [c])).toEqual({
        ok: true,
        rows: [{ ai_use_id: nat1 }, { ai_use_id: localA }, { ai_use_id: nat2 }],
      });
      for (const use of [nat1, localA, nat2]) expect(await tally(c, use)).toMatchObject({ total: 0, outcome: "none" });

      // An official of A reorders and withdraws a use nobody voted on.
      expect(await db.asCaller(f.officialA, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [nat2, nat1] }))).toBe(true);
      expect(await selectionOf(c)).toEqual([
        [nat2, 0],
        [nat1, 1],
      ]);
      expect(await tally(c, localA)).toBeUndefined();
    });

    test("staff of B and participants cannot add, reorder or withdraw A's selection", async () => {
      const c = await newConsultation({ uses: [nat1] });
      const insert = "insert into public.consultation_ai_uses (consultation_id, territory_id, ai_use_id) values ($1, $2, $3) returning ai_use_id";
      for (const who of [f.facilitatorB, f.stranger, participant1]) {
        expect(await attempt(db, who, insert, [c, f.territoryA, nat2])).toMatchObject({ ok: false, code: "42501" });
        expect(await attempt(db, who, "update public.consultation_ai_uses set position = 9 where consultation_id = $1 returning ai_use_id", [c])).toMatchObject({
          ok: true,
          rows: [],
        });
        expect(await attempt(db, who, "delete from public.consultation_ai_uses where consultation_id = $1 returning ai_use_id", [c])).toMatchObject({ ok: true, rows: [] });
      }
      expect(await attempt(db, ANON, insert, [c, f.territoryA, nat2])).toMatchObject({ ok: false, code: "42501" });
      // Claiming the row is B's does not help: the consultation is not B's.
      expect(await attempt(db, f.facilitatorB, insert, [c, f.territoryB, nat2])).toMatchObject({ ok: false, code: "23503" });
      expect(
        await refusal(db.asCaller(f.facilitatorB, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [nat2] }))),
      ).toMatchObject({ code: "42501" });
      expect(await selectionOf(c)).toEqual([[nat1, 0]]);
    });

    test("a facilitator of A cannot select B's own use", async () => {
      const c = await newConsultation({ uses: [nat1] });
      const refused = await refusal(
        db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [nat1, localB] })),
      );
      expect(refused).toMatchObject({ code: "P0001", hint: "use_unavailable" });
      expect(await selectionOf(c)).toEqual([[nat1, 0]]);
    });

    test("an archived use cannot be selected; brought back, it can", async () => {
      const c = await newConsultation();
      const own = await newUse(f.facilitatorA, f.territoryA, "Planification des tournées de collecte");
      const national = await newUse(f.admin, null, "Traduction automatique des démarches");
      expect(await db.asCaller(f.facilitatorA, (tx) => setArchived(tx, { id: own, archived: true }))).toBe(true);
      expect(await db.asCaller(f.admin, (tx) => setArchived(tx, { id: national, archived: true }))).toBe(true);
      expect((await db.asCaller(f.facilitatorA, (tx) => listCatalogue(tx, { territoryId: f.territoryA }))).map((u) => u.id)).not.toContain(own);
      for (const use of [own, national]) {
        const refused = await refusal(db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [use] })));
        expect(refused).toMatchObject({ code: "P0001", hint: "use_unavailable" });
      }
      expect(await selectionOf(c)).toEqual([]);
      expect(await db.asCaller(f.facilitatorA, (tx) => setArchived(tx, { id: own, archived: false }))).toBe(true);
      expect(await db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [own] }))).toBe(true);
      expect(await selectionOf(c)).toEqual([[own, 0]]);
    });

    test("archiving a use already put to the vote leaves the selection editable (reorder, keep it)", async () => {
      const c = await newConsultation();
      const own = await newUse(f.facilitatorA, f.territoryA, "Optimisation de l'éclairage public");
      expect(await db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [own, nat1] }))).toBe(true);
      await vote(await newParticipant(), c, [entry(own, "accept")]);
      expect(await db.asCaller(f.facilitatorA, (tx) => setArchived(tx, { id: own, archived: true }))).toBe(true);
      // It cannot be withdrawn (a vote is on it), so saving the selection must keep it.
      const saved = await refusal(db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [nat1, own] })));
      expect(saved).toBe("succeeded");
      expect(await selectionOf(c)).toEqual([
        [nat1, 0],
        [own, 1],
      ]);
    });

    test("a use somebody voted on cannot be withdrawn", async () => {
      const c = await newConsultation({ uses: [nat1, nat2] });
      const p = await newParticipant();
      await vote(p, c, [entry(nat1, "proscribe")]);
      const refused = await refusal(db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [nat2] })));
      expect(refused).toMatchObject({ code: "23503" });
      expect(await selectionOf(c)).toEqual([
        [nat1, 0],
        [nat2, 1],
      ]);
      expect(await tally(c, nat1)).toMatchObject({ proscribe: 1, total: 1 });
      // The one nobody voted on can go.
      expect(await db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [nat1] }))).toBe(true);
      expect(await selectionOf(c)).toEqual([[nat1, 0]]);
    });

    test("nothing in the selection changes once the consultation is closed", async () => {
      for (const status of ["closed", "published"] as const) {
        const c = await newConsultation({ uses: [nat1, nat2], status });
        for (const who of [f.facilitatorA, f.admin]) {
          const added = await attempt(db, who, "insert into public.consultation_ai_uses (consultation_id, territory_id, ai_use_id, position) values ($1, $2, $3, 5)", [
            c,
            f.territoryA,
            localA,
          ]);
          expect(added).toMatchObject({ ok: false, code: "P0001" });
          const moved = await refusal(db.asCaller(who, (tx) => tx.query("update public.consultation_ai_uses set position = 7 where consultation_id = $1", [c])));
          expect(moved).toMatchObject({ code: "P0001", hint: "consultation_closed" });
          const withdrawn = await refusal(
            db.asCaller(who, (tx) => tx.query("delete from public.consultation_ai_uses where consultation_id = $1 and ai_use_id = $2", [c, nat2])),
          );
          expect(withdrawn).toMatchObject({ code: "P0001", hint: "consultation_closed" });
          const viaModel = await refusal(db.asCaller(who, (tx) => setSelection(tx, { consultationId: c, territoryId: f.territoryA, aiUseIds: [nat1, localA] })));
          expect(viaModel).toMatchObject({ code: "P0001", hint: "consultation_closed" });
        }
        expect(await selectionOf(c)).toEqual([
          [nat1, 0],
          [nat2, 1],
        ]);
      }
    });
  });

  // Votes ------------------------------------------------------------------------------------------

  describe("votes", () => {
    test("a participant votes; voting again replaces the vote and the tally counts the last one only", async () => {
      const c = await newConsultation({ uses: [nat1, nat2] });
      const p = await newParticipant();
      await vote(p, c, [entry(nat1, "proscribe"), entry(nat2, "conditional", ["human_oversight", "transparency"], "  Avec un recours humain  ")]);
      expect(await tally(c, nat1)).toMatchObject({ proscribe: 1, accept: 0, total: 1, outcome: "proscribe" });
      expect(await tally(c, nat2)).toMatchObject({ conditional: 1, human_oversight: 1, transparency: 1, other_condition: 1, total: 1, outcome: "conditional" });
      const ballot = await db.asCaller(p, (tx) => listBallot(tx, { consultationId: c, participantId: p.participantId }));
      expect(ballot.map((b) => [b.id, b.my_verdict, b.my_conditions, b.my_other])).toEqual([
        [nat1, "proscribe", [], null],
        [nat2, "conditional", ["human_oversight", "transparency"], "Avec un recours humain"],
      ]);

      await vote(p, c, [entry(nat1, "accept"), entry(nat2, "unsure")]);
      expect(await storedVotes(c, p.participantId)).toEqual([
        { participant_id: p.participantId, ai_use_id: [nat1, nat2].sort()[0], verdict: nat1 < nat2 ? "accept" : "unsure" },
        { participant_id: p.participantId, ai_use_id: [nat1, nat2].sort()[1], verdict: nat1 < nat2 ? "unsure" : "accept" },
      ]);
      expect(await tally(c, nat1)).toMatchObject({ proscribe: 0, accept: 1, total: 1, outcome: "accept" });
      expect(await tally(c, nat2)).toMatchObject({
        conditional: 0,
        unsure: 1,
        human_oversight: 0,
        transparency: 0,
        other_condition: 0,
        total: 1,
        outcome: "unsure",
      });
      // The same ballot sent twice changes nothing.
      await vote(p, c, [entry(nat1, "accept"), entry(nat2, "unsure")]);
      expect(await tally(c, nat1)).toMatchObject({ accept: 1, total: 1 });
      expect(await tally(c, nat2)).toMatchObject({ unsure: 1, total: 1 });
      expect(await storedVotes(c, p.participantId)).toHaveLength(2);
    });

    test("a vote must be on a use this consultation puts to the vote", async () => {
      const c = await newConsultation({ uses: [nat1] });
      await newConsultation({ uses: [nat2] });
      const p = await newParticipant();
      for (const use of [nat2, nat3, localA]) {
        expect(await refusal(vote(p, c, [entry(use, "proscribe")]))).toMatchObject({ code: "23503" });
      }
      // All or nothing: a good entry next to a bad one is not kept.
      expect(await refusal(vote(p, c, [entry(nat1, "proscribe"), entry(nat3, "proscribe")]))).toMatchObject({ code: "23503" });
      expect(await storedVotes(c, p.participantId)).toEqual([]);
      expect(await tally(c, nat1)).toMatchObject({ total: 0 });
    });

    test("no vote on a draft or closed consultation, and no change to a vote once it closed", async () => {
      const draft = await newConsultation({ uses: [nat1], status: "draft" });
      const p = await newParticipant();
      expect(await refusal(vote(p, draft, [entry(nat1, "proscribe")]))).toMatchObject({ code: "P0001", hint: "consultation_closed" });
      expect(await storedVotes(draft)).toEqual([]);

      const c = await newConsultation({ uses: [nat1, nat2] });
      await vote(p, c, [entry(nat1, "proscribe")]);
      await setStatus(c, "closed");
      expect(await refusal(vote(p, c, [entry(nat1, "accept")]))).toMatchObject({ code: "P0001", hint: "consultation_closed" });
      expect(await refusal(vote(p, c, [entry(nat2, "accept")]))).toMatchObject({ code: "P0001", hint: "consultation_closed" });
      const late = await newParticipant();
      expect(await refusal(vote(late, c, [entry(nat1, "accept")]))).toMatchObject({ code: "P0001", hint: "consultation_closed" });
      // Even a bare update, without the model's upsert.
      const bare = await attempt(db, p, "update public.votes set verdict = 'accept' where consultation_id = $1 returning verdict", [c]);
      expect(bare).toMatchObject({ ok: false, code: "P0001" });
      expect(await storedVotes(c)).toEqual([{ participant_id: p.participantId, ai_use_id: nat1, verdict: "proscribe" }]);
      expect(await tally(c, nat1)).toMatchObject({ proscribe: 1, accept: 0, total: 1 });
      expect(await tally(c, nat2)).toMatchObject({ total: 0 });
    });

    test("a participant votes only as themself; staff and anonymous visitors cannot vote", async () => {
      const c = await newConsultation({ uses: [nat1] });
      const [p, victim] = await newParticipants(2);
      await vote(victim, c, [entry(nat1, "proscribe")]);
      // As someone else: a new vote or a replaced one.
      const forged = db.asCaller(p, (tx) =>
        castVotes(tx, { consultationId: c, territoryId: f.territoryA, eventId: null, participantId: victim.participantId, entries: [entry(nat1, "accept")] }),
      );
      expect(await refusal(forged)).toMatchObject({ code: "42501" });
      const other = await newParticipant();
      const forNobody = db.asCaller(p, (tx) =>
        castVotes(tx, { consultationId: c, territoryId: f.territoryA, eventId: null, participantId: other.participantId, entries: [entry(nat1, "accept")] }),
      );
      expect(await refusal(forNobody)).toMatchObject({ code: "42501" });
      expect(await attempt(db, p, "update public.votes set verdict = 'accept' where participant_id = $1 returning verdict", [victim.participantId])).toMatchObject({
        ok: true,
        rows: [],
      });
      // Nor can one's own vote be handed to someone else.
      await vote(p, c, [entry(nat1, "unsure")]);
      expect(
        await attempt(db, p, "update public.votes set participant_id = $2 where participant_id = $1 returning verdict", [p.participantId, other.participantId]),
      ).toMatchObject({ ok: false, code: "42501" });

      // Staff, even with a participant row under their own id, are not anonymous voters.
      for (const staff of [f.facilitatorA, f.admin]) {
        await db.asService((tx) => tx.query("insert into public.participants (id) values ($1) on conflict do nothing", [staff.userId]));
        const asStaff = db.asCaller(staff, (tx) =>
          castVotes(tx, { consultationId: c, territoryId: f.territoryA, eventId: null, participantId: staff.userId, entries: [entry(nat1, "accept")] }),
        );
        expect(await refusal(asStaff)).toMatchObject({ code: "42501" });
      }
      const asAnon = db.asCaller(ANON, (tx) =>
        castVotes(tx, { consultationId: c, territoryId: f.territoryA, eventId: null, participantId: other.participantId, entries: [entry(nat1, "accept")] }),
      );
      expect(await refusal(asAnon)).toMatchObject({ code: "42501" });

      expect((await storedVotes(c)).map((v) => [v.participant_id, v.verdict]).sort()).toEqual(
        [
          [victim.participantId, "proscribe"],
          [p.participantId, "unsure"],
        ].sort(),
      );
      expect(await tally(c, nat1)).toMatchObject({ proscribe: 1, unsure: 1, accept: 0, total: 2 });
    });

    test("conditions go with a conditional verdict only, which needs one; a written condition is 300 characters at most", async () => {
      const c = await newConsultation({ uses: [nat1] });
      const p = await newParticipant();
      const refused: BallotEntry[] = [
        entry(nat1, "proscribe", ["eu_hosting"]),
        entry(nat1, "accept", [], "Seulement en France"),
        entry(nat1, "unsure", ["bias_audit"]),
        entry(nat1, "conditional"),
        entry(nat1, "conditional", [], "   "),
        entry(nat1, "conditional", [], "x".repeat(301)),
        entry(nat1, "conditional", ["magic" as VoteCondition]),
      ];
      for (const bad of refused) {
        expect(await refusal(vote(p, c, [bad]))).toMatchObject({ code: "23514" });
      }
      expect(await storedVotes(c)).toEqual([]);
      expect(await tally(c, nat1)).toMatchObject({ total: 0 });

      await vote(p, c, [entry(nat1, "conditional", [], "x".repeat(300))]);
      expect(await tally(c, nat1)).toMatchObject({ conditional: 1, other_condition: 1, total: 1 });
      await vote(p, c, [entry(nat1, "conditional", ["bias_audit", "human_alternative"])]);
      expect(await tally(c, nat1)).toMatchObject({ conditional: 1, other_condition: 0, bias_audit: 1, human_alternative: 1, total: 1 });
      // Changing a vote is held to the same rules.
      expect(await refusal(vote(p, c, [entry(nat1, "accept", ["bias_audit"])]))).toMatchObject({ code: "23514" });
      expect(await tally(c, nat1)).toMatchObject({ conditional: 1, bias_audit: 1, total: 1 });
    });

    test("a participant reads only their own votes; staff of A read them all, staff of B none", async () => {
      const c = await newConsultation({ uses: [nat1] });
      const [p, q] = await newParticipants(2);
      await vote(p, c, [entry(nat1, "conditional", [], "Un agent relit chaque décision")]);
      await vote(q, c, [entry(nat1, "accept")]);
      const read = async (who: Identity) => {
        const r = await attempt(db, who, "select participant_id from public.votes where consultation_id = $1 order by participant_id", [c]);
        return r.ok ? r.rows.map((row) => row.participant_id) : r.code;
      };
      expect(await read(q)).toEqual([q.participantId]);
      expect(await read(p)).toEqual([p.participantId]);
      const both = [p.participantId, q.participantId].sort();
      expect(await read(f.facilitatorA)).toEqual(both);
      expect(await read(f.officialA)).toEqual(both);
      expect(await read(f.admin)).toEqual(both);
      expect(await read(f.facilitatorB)).toEqual([]);
      expect(await read(f.stranger)).toEqual([]);
      expect(await read(ANON)).toEqual([]);
      expect(await db.asCaller(f.facilitatorA, (tx) => listOtherConditions(tx, { consultationId: c }))).toEqual(new Map([[nat1, ["Un agent relit chaque décision"]]]));
      expect(await db.asCaller(f.facilitatorB, (tx) => listOtherConditions(tx, { consultationId: c }))).toEqual(new Map());
      expect(await db.asCaller(q, (tx) => listOtherConditions(tx, { consultationId: c }))).toEqual(new Map());
    });
  });

  // Exact counts under concurrency -----------------------------------------------------------------

  test("500 participants voting at once are all counted, and so are 100 changes of mind", async () => {
    const c = await newConsultation({ uses: [nat1] });
    const voters = await newParticipants(500);
    const ballotFor = (i: number): BallotEntry => {
      const verdict = verdicts[(i * 7) % 4];
      if (verdict !== "conditional") return entry(nat1, verdict);
      return i % 3 === 0 ? entry(nat1, verdict, ["human_oversight", "eu_hosting"]) : entry(nat1, verdict, ["transparency"], `Condition ${i}`);
    };
    const expected = (ballots: BallotEntry[]) => {
      const count = (pred: (b: BallotEntry) => boolean) => ballots.filter(pred).length;
      return {
        proscribe: count((b) => b.verdict === "proscribe"),
        conditional: count((b) => b.verdict === "conditional"),
        accept: count((b) => b.verdict === "accept"),
        unsure: count((b) => b.verdict === "unsure"),
        human_oversight: count((b) => b.conditions.includes("human_oversight")),
        transparency: count((b) => b.conditions.includes("transparency")),
        eu_hosting: count((b) => b.conditions.includes("eu_hosting")),
        bias_audit: count((b) => b.conditions.includes("bias_audit")),
        human_alternative: 0,
        other_condition: count((b) => b.other !== null),
        total: ballots.length,
      };
    };
    const ballots = voters.map((_, i) => ballotFor(i));
    await Promise.all(voters.map((p, i) => vote(p, c, [ballots[i]])));
    const first = expected(ballots);
    expect(first.proscribe + first.conditional + first.accept + first.unsure).toBe(500);
    expect(Math.min(first.proscribe, first.conditional, first.accept, first.unsure)).toBeGreaterThan(100);
    expect(await tally(c, nat1)).toMatchObject(first);
    expect(await tally(c, nat1)).toMatchObject(await recount(c, nat1));

    // Those who proscribed now accept under an audit; the others now proscribe.
    for (let i = 0; i < 100; i++) {
      ballots[i] = ballots[i].verdict === "proscribe" ? entry(nat1, "conditional", ["bias_audit"]) : entry(nat1, "proscribe");
    }
    await Promise.all(voters.slice(0, 100).map((p, i) => vote(p, c, [ballots[i]])));
    const second = expected(ballots);
    expect(second).not.toEqual(first);
    expect(await tally(c, nat1)).toMatchObject(second);
    expect(await tally(c, nat1)).toMatchObject(await recount(c, nat1));
    expect(await db.asService((tx) => tx.query("select count(*)::int as n from public.votes where consultation_id = $1", [c]))).toEqual([{ n: 500 }]);
    expect(await db.asCaller(f.facilitatorA, (tx) => countVoters(tx, { consultationId: c }))).toBe(500);
  });

  // Blocked participants ---------------------------------------------------------------------------

  test("a blocked author's votes leave the tallies and they cannot vote until unblocked; staff of B cannot block", async () => {
    const c = await newConsultation({ uses: [nat1, nat2, localA] });
    const p3 = await newParticipant();
    await vote(participant1, c, [entry(nat1, "proscribe"), entry(nat2, "conditional", ["human_oversight"])]);
    await vote(participant2, c, [entry(nat1, "accept")]);
    await vote(p3, c, [entry(nat1, "proscribe")]);
    const contribution = await db.asCaller(participant1, (tx) =>
      postContribution(tx, {
        kind: "fear",
        body: "Je crains que l'IA remplace les agents d'accueil.",
        themes: ["privacy"],
        consultationId: c,
        eventId: null,
        participantId: participant1.participantId,
        requestKey: null,
      }),
    );
    const block = (who: Identity) =>
      db.asCaller(who, (tx) => tx.query<{ done: boolean }>("select private.block_author($1, $2) as done", [contribution!.id, "Messages hors charte"]));
    const unblock = (who: Identity) => db.asCaller(who, (tx) => tx.query<{ done: boolean }>("select private.unblock_author($1) as done", [contribution!.id]));
    const blocks = () => db.asService((tx) => tx.query("select participant_id, reason, actor from public.participant_blocks where consultation_id = $1", [c]));
    const counted = { nat1: { proscribe: 2, accept: 1, total: 3, outcome: "proscribe" }, nat2: { conditional: 1, human_oversight: 1, total: 1 } };
    expect(await tally(c, nat1)).toMatchObject(counted.nat1);

    for (const who of [f.facilitatorB, f.stranger, participant2, participant1]) {
      expect(await block(who)).toEqual([{ done: false }]);
    }
    expect(await blocks()).toEqual([]);
    expect(await tally(c, nat1)).toMatchObject(counted.nat1);
    expect(await tally(c, nat2)).toMatchObject(counted.nat2);

    expect(await block(f.facilitatorA)).toEqual([{ done: true }]);
    expect(await blocks()).toEqual([{ participant_id: participant1.participantId, reason: "Messages hors charte", actor: f.facilitatorA.email }]);
    expect(await tally(c, nat1)).toMatchObject({ proscribe: 1, accept: 1, total: 2, outcome: "none" });
    expect(await tally(c, nat2)).toMatchObject({ conditional: 0, human_oversight: 0, total: 0 });
    expect((await db.asCaller(f.facilitatorA, (tx) => listResults(tx, { consultationId: c }))).find((r) => r.id === nat1)).toMatchObject({ proscribe: 1, total: 2 });
    expect(await db.asCaller(f.facilitatorA, (tx) => countVoters(tx, { consultationId: c }))).toBe(2);
    expect(await storedVotes(c, participant1.participantId)).toHaveLength(2); // kept, just not counted

    expect(await refusal(vote(participant1, c, [entry(nat1, "accept")]))).toMatchObject({ code: "P0001", hint: "blocked" });
    expect(await refusal(vote(participant1, c, [entry(localA, "proscribe")]))).toMatchObject({ code: "P0001", hint: "blocked" });
    // Nor post, edit or react in that consultation.
    const post = (body: string) =>
      db.asCaller(participant1, (tx) =>
        postContribution(tx, { kind: "hope", body, themes: ["efficiency"], consultationId: c, eventId: null, participantId: participant1.participantId, requestKey: null }),
      );
    expect(await refusal(post("Encore un message après le blocage."))).toMatchObject({ code: "P0001", hint: "blocked" });
    expect(
      await refusal(db.asCaller(participant1, (tx) => tx.query("update public.contributions set body = 'Texte modifié après blocage' where id = $1", [contribution!.id]))),
    ).toMatchObject({ code: "P0001", hint: "blocked" });
    const other = await db.asCaller(participant2, (tx) =>
      postContribution(tx, { kind: "hope", body: "Des réponses plus rapides au guichet.", themes: ["efficiency"], consultationId: c, eventId: null, participantId: participant2.participantId, requestKey: null }),
    );
    expect(
      await refusal(
        db.asCaller(participant1, (tx) =>
          tx.query("insert into public.reactions (contribution_id, participant_id, value) values ($1, $2, 'disagree')", [other!.id, participant1.participantId]),
        ),
      ),
    ).toMatchObject({ code: "P0001", hint: "blocked" });
    // Others still vote, and are counted exactly, while participant1 is blocked.
    await vote(participant2, c, [entry(nat1, "unsure")]);
    expect(await tally(c, nat1)).toMatchObject({ proscribe: 1, accept: 0, unsure: 1, total: 2 });
    expect(await tally(c, nat1)).toMatchObject(await recount(c, nat1));

    expect(await unblock(f.facilitatorB)).toEqual([{ done: false }]);
    expect(await blocks()).toHaveLength(1);
    expect(await unblock(f.officialA)).toEqual([{ done: true }]);
    expect(await blocks()).toEqual([]);
    expect(await tally(c, nat1)).toMatchObject({ proscribe: 2, unsure: 1, total: 3, outcome: "proscribe" });
    expect(await tally(c, nat2)).toMatchObject(counted.nat2);
    await vote(participant1, c, [entry(localA, "proscribe")]);
    expect(await tally(c, localA)).toMatchObject({ proscribe: 1, total: 1 });
    for (const use of [nat1, nat2, localA]) expect(await tally(c, use)).toMatchObject(await recount(c, use));
  });

  const blockedAfterVoting = async (c: string, p: Participant) => {
    const contribution = await db.asCaller(p, (tx) =>
      postContribution(tx, { kind: "fear", body: "Un message que l'équipe jugera hors charte.", themes: ["privacy"], consultationId: c, eventId: null, participantId: p.participantId, requestKey: null }),
    );
    expect(await db.asCaller(f.facilitatorA, (tx) => tx.query("select private.block_author($1, 'Hors charte') as done", [contribution!.id]))).toEqual([{ done: true }]);
  };

  test("a blocked participant, the only voter on a use, can still delete their data", async () => {
    const c = await newConsultation({ uses: [nat1] });
    const troll = await newParticipant();
    await vote(troll, c, [entry(nat1, "proscribe")]);
    await blockedAfterVoting(c, troll);
    expect(await tally(c, nat1)).toMatchObject({ proscribe: 0, total: 0 });
    const deleted = await attempt(db, troll, "delete from public.participants where id = $1 returning id", [troll.participantId]);
    expect(deleted).toEqual({ ok: true, rows: [{ id: troll.participantId }] });
    expect(await storedVotes(c)).toEqual([]);
    expect(await tally(c, nat1)).toMatchObject({ proscribe: 0, total: 0 });
  });

  test("a blocked participant who deletes their data leaves the tallies exact", async () => {
    const c = await newConsultation({ uses: [nat1] });
    const [troll, honest] = await newParticipants(2);
    await vote(troll, c, [entry(nat1, "proscribe")]);
    await vote(honest, c, [entry(nat1, "proscribe")]);
    await blockedAfterVoting(c, troll);
    expect(await tally(c, nat1)).toMatchObject({ proscribe: 1, total: 1 });
    // Participants may delete their own row ("deleting one's data removes it").
    const deleted = await attempt(db, troll, "delete from public.participants where id = $1 returning id", [troll.participantId]);
    expect(deleted).toMatchObject({ ok: true, rows: [{ id: troll.participantId }] });
    expect(await storedVotes(c)).toEqual([{ participant_id: honest.participantId, ai_use_id: nat1, verdict: "proscribe" }]);
    expect(await tally(c, nat1)).toMatchObject({ proscribe: 1, total: 1 });
  });

  // Results ----------------------------------------------------------------------------------------

  test("who sees the results: voters of a use while open, nobody with 'after_close', everyone once closed; staff of A always", async () => {
    const c = await newConsultation({ uses: [nat1, nat2] });
    const [pA, pB, pC, pD, pE, newcomer] = await newParticipants(6);
    await vote(pA, c, [entry(nat1, "proscribe"), entry(nat2, "proscribe")]);
    await vote(pB, c, [entry(nat1, "proscribe")]);
    await vote(pC, c, [entry(nat1, "accept"), entry(nat2, "proscribe")]);
    await vote(pD, c, [entry(nat2, "accept")]);
    await vote(pE, c, [entry(nat2, "unsure")]);
    const both = [nat1, nat2].sort();

    // Open, "after_vote".
    expect(await db.asCaller(f.facilitatorA, (tx) => getResultsVisibility(tx, { consultationId: c }))).toBe("after_vote");
    expect(await resultsSeenBy(pA, c)).toEqual(both);
    expect(await resultsSeenBy(pB, c)).toEqual([nat1]);
    expect(await resultsSeenBy(pD, c)).toEqual([nat2]);
    expect(await resultsSeenBy(newcomer, c)).toEqual([]);
    expect(await resultsSeenBy(ANON, c)).toEqual([]);
    expect(await attempt(db, ANON, "select ai_use_id from public.vote_tallies where consultation_id = $1", [c])).toEqual({ ok: true, rows: [] });
    expect(await attempt(db, pB, "select ai_use_id, total from public.vote_tallies where consultation_id = $1", [c])).toEqual({
      ok: true,
      rows: [{ ai_use_id: nat1, total: 3 }],
    });
    expect(await resultsSeenBy(f.facilitatorA, c)).toEqual(both);
    expect(await resultsSeenBy(f.officialA, c)).toEqual(both);
    expect(await resultsSeenBy(f.facilitatorB, c)).toEqual([]);
    expect(await resultsSeenBy(f.stranger, c)).toEqual([]);

    // The rule: a verdict wins with more than half of all votes cast, "unsure" included.
    const results = await db.asCaller(f.facilitatorA, (tx) => listResults(tx, { consultationId: c }));
    expect(results.map((r) => [r.id, r.proscribe, r.conditional, r.accept, r.unsure, r.total, r.outcome])).toEqual([
      [nat1, 2, 0, 1, 0, 3, "proscribe"],
      [nat2, 2, 0, 1, 1, 4, "none"],
    ]);
    expect((await db.asCaller(f.facilitatorA, (tx) => proscribedUses(tx, { consultationId: c }))).map((r) => r.id)).toEqual([nat1]);
    expect((await db.asCaller(pD, (tx) => proscribedUses(tx, { consultationId: c }))).map((r) => r.id)).toEqual([]);
    expect((await db.asCaller(pB, (tx) => proscribedUses(tx, { consultationId: c }))).map((r) => r.id)).toEqual([nat1]);

    // "after_close": only staff of A while open. Staff of B cannot change the setting.
    expect(await db.asCaller(f.facilitatorB, (tx) => setResultsVisibility(tx, { consultationId: c, visibility: "after_close" }))).toBe(false);
    expect(await db.asCaller(participant1, (tx) => setResultsVisibility(tx, { consultationId: c, visibility: "after_close" }))).toBe(false);
    expect(await db.asService((tx) => getResultsVisibility(tx, { consultationId: c }))).toBe("after_vote");
    expect(await db.asCaller(f.facilitatorA, (tx) => setResultsVisibility(tx, { consultationId: c, visibility: "after_close" }))).toBe(true);
    expect(await resultsSeenBy(pA, c)).toEqual([]);
    expect(await resultsSeenBy(pB, c)).toEqual([]);
    expect(await resultsSeenBy(ANON, c)).toEqual([]);
    expect(await resultsSeenBy(f.facilitatorA, c)).toEqual(both);
    expect(await resultsSeenBy(f.facilitatorB, c)).toEqual([]);
    // Nor how many voted: only staff of A get the count while results wait for closing.
    const voters = (who: Identity) => db.asCaller(who, (tx) => countVoters(tx, { consultationId: c }));
    for (const who of [ANON, pA, f.facilitatorB]) expect(await voters(who)).toBeNull();
    expect(await voters(f.facilitatorA)).toBe(5);

    // Closed, then published: everyone, anonymous visitors included.
    expect(await setStatus(c, "closed", f.facilitatorA)).toHaveLength(1);
    for (const who of [ANON, newcomer, pB, f.facilitatorB, f.stranger, f.facilitatorA]) {
      expect(await resultsSeenBy(who, c)).toEqual(both);
      expect(await voters(who)).toBe(5);
    }
    expect((await db.asCaller(ANON, (tx) => proscribedUses(tx, { consultationId: c }))).map((r) => [r.id, r.outcome])).toEqual([[nat1, "proscribe"]]);
    expect(await setStatus(c, "published", f.facilitatorA)).toHaveLength(1);
    expect(await resultsSeenBy(ANON, c)).toEqual(both);
  });

  test("a draft's results are shown to staff of A only", async () => {
    const c = await newConsultation({ uses: [nat1], status: "draft" });
    expect(await resultsSeenBy(f.facilitatorA, c)).toEqual([nat1]);
    for (const who of [ANON, participant1, f.facilitatorB]) expect(await resultsSeenBy(who, c)).toEqual([]);
  });

  // Closing ----------------------------------------------------------------------------------------

  test("closed_at is stamped when the consultation closes, kept when published, and cannot be set by hand", async () => {
    const c = await newConsultation({ status: "draft" });
    const closedAt = async () =>
      (await db.asService((tx) => tx.query<{ closed_at: Date | null }>("select closed_at from public.consultations where id = $1", [c])))[0].closed_at;
    expect(await closedAt()).toBeNull();
    await setStatus(c, "open", f.facilitatorA);
    expect(await closedAt()).toBeNull();
    expect(await attempt(db, f.facilitatorA, "update public.consultations set closed_at = now() where id = $1", [c])).toMatchObject({ ok: false, code: "42501" });
    expect(await closedAt()).toBeNull();

    // A consultation recorded as already closed (a past one typed in) is stamped too.
    const typedIn = await db.asCaller(f.facilitatorA, (tx) =>
      tx.query<{ closed_at: Date | null }>(
        `insert into public.consultations (territory_id, title, starts_on, ends_on, publics, status)
         values ($1, 'Consultation 2024', '2024-01-01', '2024-03-01', '{all}', 'closed') returning closed_at`,
        [f.territoryA],
      ),
    );
    expect(typedIn[0].closed_at).toBeInstanceOf(Date);

    const before = Date.now();
    await setStatus(c, "closed", f.facilitatorA);
    const stamped = await closedAt();
    expect(stamped).toBeInstanceOf(Date);
    expect(Math.abs(stamped!.getTime() - before)).toBeLessThan(60_000);
    expect(await attempt(db, f.facilitatorA, "update public.consultations set status = 'open' where id = $1", [c])).toMatchObject({ ok: false, code: "P0001" });
    await setStatus(c, "published", f.facilitatorA);
    expect(await closedAt()).toEqual(stamped);
  });
});
