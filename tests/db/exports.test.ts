import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity } from "~/db.server";
import { exportCsv, exportFiles, exportJson } from "~/export-files.server";
import { postContribution, react, typePaperContribution } from "~/models/contribution.server";
import { getConsultationExport, SMALL_CELL, type ConsultationExport } from "~/models/export.server";
import { blockAuthor } from "~/models/moderation.server";
import { saveProfile } from "~/models/profile.server";
import { castVotes, createAiUse, setSelection } from "~/models/vote.server";
import type { ReactionValue } from "~/themes";
import { verdicts, type Verdict } from "~/votes";
import { seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

type Participant = Identity & { kind: "participant" };

describe.each(targets)("consultation exports ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let consultationId: string;
  let draftId: string;
  let eventId: string;
  let aiUseId: string;
  let people: Participant[];
  const ids: Record<string, string> = {};
  const URL_ = "https://cafe-ia.example/concertations/x/resultats";

  const exportAs = (who: Identity, id = consultationId) => db.asCaller(who, (tx) => getConsultationExport(tx, { consultationId: id }));
  const service = <R extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    db.asService((tx) => tx.query<R>(text, params));
  const post = async (p: Participant, body: string, event: string | null = null) =>
    (await db.asCaller(p, (tx) =>
      postContribution(tx, { consultationId, eventId: event, participantId: p.participantId, kind: "fear", body, themes: ["privacy"], requestKey: null }),
    ))!.id;
  const reactAs = (p: Participant, contributionId: string, value: ReactionValue) =>
    db.asCaller(p, (tx) => react(tx, { contributionId, participantId: p.participantId, value }));
  const voteAs = (p: Participant, verdict: Verdict) =>
    db.asCaller(p, (tx) =>
      castVotes(tx, {
        consultationId,
        territoryId: f.territoryA,
        eventId,
        participantId: p.participantId,
        entries: [{ aiUseId, version: 1, verdict, conditions: verdict === "conditional" ? ["transparency"] : [], other: null }],
      }),
    );
  const newConsultation = async (status: "draft" | "open") => {
    const [{ id }] = await service<{ id: string }>(
      `insert into public.consultations (territory_id, title, description, starts_on, ends_on, status)
       values ($1, 'Concertation IA', '=Décrite, "citée"', '2026-11-01', '2027-02-01', 'draft') returning id`,
      [f.territoryA],
    );
    if (status === "open") await service("update public.consultations set status = 'open' where id = $1", [id]);
    return id;
  };

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    draftId = await newConsultation("draft");
    consultationId = await newConsultation("draft");
    aiUseId = await db.asCaller(f.admin, (tx) =>
      createAiUse(tx, {
        content: { fr: { title: "Tri des candidatures", what: "Un premier tri automatique des candidatures reçues." } },
        domain: "hr",
        riskTier: "high",
        territoryId: null,
        createdBy: f.admin.email,
        requestKey: null,
      }),
    );
    await db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId, territoryId: f.territoryA, aiUseIds: [aiUseId] }));
    await service("update public.consultations set status = 'open' where id = $1", [consultationId]);
    [{ id: eventId }] = await service<{ id: string }>(
      `insert into public.events (consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address,
         latitude, longitude, capacity)
       values ($1, $2, 'Café IA de test', now() + interval '1 day', 90, 'Médiathèque', '1 rue de la Paix', 47.2, -1.55, 50)
       returning id`,
      [consultationId, f.territoryA],
    );
    const pids = Array.from({ length: 12 }, () => randomUUID());
    await service("insert into public.participants (id) select unnest($1::uuid[])", [pids]);
    people = pids.map((participantId) => ({ kind: "participant", participantId }));
    const [p0, p1, p2, p3, p4, p5, p6] = people;

    ids.shared = await post(p0, "Les données des habitants doivent rester en France.", eventId);
    ids.blockedAuthor = await post(p1, "Je crains une surveillance de tous les instants.");
    ids.hidden = await post(p2, "Une contribution que la modération cachera.");
    ids.held = await post(p3, "Écrivez-moi à jean.dupont@exemple.fr pour en parler.");
    ids.paper = (await db.asCaller(f.facilitatorA, (tx) =>
      typePaperContribution(tx, { consultationId, eventId, kind: "hope", body: "-Moins d'attente au guichet", themes: ["service_quality"], enteredBy: f.facilitatorA.email, requestKey: null }),
    ))!;

    const values: ReactionValue[] = ["agree", "agree", "disagree", "pass", "agree", "disagree", "agree", "agree", "pass"];
    for (const [i, p] of people.slice(0, 9).entries()) await reactAs(p, ids.shared, values[i]);
    for (const p of people.slice(9)) await reactAs(p, ids.paper, "pass");
    await reactAs(p5, ids.hidden, "agree");
    await reactAs(p4, ids.blockedAuthor, "agree");
    await reactAs(p4, ids.blockedAuthor, "disagree"); // changed
    await reactAs(p6, ids.paper, "agree");
    await reactAs(p1, ids.paper, "disagree"); // the author blocked below: left out
    await service("update public.contributions set status = 'hidden' where id = $1", [ids.hidden]);

    const ballot: Verdict[] = ["proscribe", "proscribe", "conditional", "accept", "proscribe", "unsure", "conditional"];
    for (const [i, verdict] of ballot.entries()) await voteAs(people[i], verdict);
    expect(await db.asCaller(f.facilitatorA, (tx) => blockAuthor(tx, { id: ids.blockedAuthor, reason: "Propos répétés" }))).toBe(true);

    // Age: six 35–49, three 18–24, two 65–74, the blocked author 75+; AI use: all daily but p8 (no answer).
    const ages = ["35_49", "75_plus", "35_49", "35_49", "35_49", "35_49", "35_49", "18_24", "18_24", "18_24", "65_74", "65_74"] as const;
    for (const [i, p] of people.entries()) {
      await db.asCaller(p, (tx) =>
        saveProfile(tx, { participantId: p.participantId, skipped: false, ageBracket: ages[i], aiUse: i === 8 ? null : "daily" }),
      );
    }
  });

  afterAll(async () => {
    await db?.close();
  });

  const render = (data: ConsultationExport) =>
    [...exportFiles.map((file) => exportCsv(data, file, URL_)), JSON.stringify(exportJson(data, URL_))].join("\n");

  test("nobody exports a draft", async () => {
    expect(await exportAs(f.facilitatorA, draftId)).toBeNull();
    expect(await exportAs(ANON, draftId)).toBeNull();
  });

  test("while open, only staff of the territory export, moderated contributions included with their status", async () => {
    expect(await exportAs(ANON)).toBeNull();
    expect(await exportAs(people[0])).toBeNull();
    expect(await exportAs(f.facilitatorB)).toBeNull();
    expect(await exportAs(f.stranger)).toBeNull();
    const staff = (await exportAs(f.officialA))!;
    expect(staff.scope).toBe("staff");
    expect(staff.contributions.map((c) => c.status).sort()).toEqual(["held", "hidden", "visible", "visible", "visible"]);
    // The hidden contribution's reactions come with it for staff.
    const hidden = staff.contributions.find((c) => c.status === "hidden")!;
    expect(staff.reactions.filter((r) => r.comment_id === hidden.comment_id)).toHaveLength(1);
  });

  describe("once closed", () => {
    let pub: ConsultationExport;
    let staff: ConsultationExport;
    beforeAll(async () => {
      await service("update public.consultations set status = 'closed' where id = $1", [consultationId]);
      pub = (await exportAs(ANON))!;
      staff = (await exportAs(f.facilitatorA))!;
    });

    test("everyone gets the public export, staff of another territory too", async () => {
      expect(pub.scope).toBe("public");
      expect((await exportAs(f.facilitatorB))!.scope).toBe("public");
      expect(pub.contributions.map((c) => c.status)).toEqual(["visible", "visible", "visible"]);
      expect(pub.contributions.map((c) => c.body)).not.toContain("Une contribution que la modération cachera.");
    });

    test("reaction counts equal an independent count, blocked participants left out, changed reactions counted once", async () => {
      const rows = await service<{ body: string; value: string; n: number }>(
        `select c.body, r.value, count(*)::int as n from public.reactions r join public.contributions c on c.id = r.contribution_id
         where c.consultation_id = $1 and c.status = 'visible'
           and not exists (select 1 from public.participant_blocks b where b.consultation_id = c.consultation_id and b.participant_id = r.participant_id)
         group by c.body, r.value`,
        [consultationId],
      );
      const expected = (body: string, value: string) => rows.find((r) => r.body === body && r.value === value)?.n ?? 0;
      for (const c of pub.contributions) {
        expect([c.agree, c.disagree, c.pass]).toEqual([expected(c.body, "agree"), expected(c.body, "disagree"), expected(c.body, "pass")]);
      }
      expect(pub.reactions).toHaveLength(rows.reduce((sum, r) => sum + r.n, 0));
      const shared = pub.contributions.find((c) => c.body.startsWith("Les données"))!;
      expect([shared.agree, shared.disagree, shared.pass]).toEqual([4, 2, 2]); // p1's agree is out
      const blocked = pub.contributions.find((c) => c.body.startsWith("Je crains"))!;
      expect([blocked.agree, blocked.disagree]).toEqual([0, 1]);
      expect(pub.reactions.some((r) => r.voter_id === blocked.author_id)).toBe(false);
      const paper = pub.contributions.find((c) => c.source === "paper")!;
      expect(paper.author_id).toBeNull();
      expect([paper.agree, paper.disagree, paper.pass]).toEqual([1, 0, 3]);
    });

    test("pseudonyms are numbers by first participation, the same in public and staff exports", () => {
      const authors = pub.contributions.map((c) => c.author_id);
      expect(authors).toEqual([0, 1, null]);
      const staffAuthors = new Map(staff.contributions.map((c) => [c.comment_id, c.author_id]));
      for (const c of pub.contributions) expect(staffAuthors.get(c.comment_id)).toBe(c.author_id);
    });

    test("votes on uses equal an independent count", async () => {
      const rows = await service<{ verdict: string; n: number }>(
        `select v.verdict, count(*)::int as n from public.votes v where v.consultation_id = $1
           and not exists (select 1 from public.participant_blocks b where b.consultation_id = v.consultation_id and b.participant_id = v.participant_id)
         group by v.verdict`,
        [consultationId],
      );
      const [use] = pub.votes;
      for (const v of verdicts) expect(use[v]).toBe(rows.find((r) => r.verdict === v)?.n ?? 0);
      expect(use.total).toBe(6);
      expect(use.outcome).toBe("none");
      expect(exportCsv(pub, "votes", URL_)).toContain('"Tri des candidatures"');
    });

    test("participation per event equals an independent count", async () => {
      const event = pub.participation.find((p) => p.event_code !== null)!;
      const [counts] = await service<{ online: number; paper: number; votes: number; voters: number }>(
        `select (select count(*)::int from public.contributions where event_id = $1 and source = 'online' and status = 'visible') as online,
                (select count(*)::int from public.contributions where event_id = $1 and source = 'paper' and status = 'visible') as paper,
                (select count(*)::int from public.votes v where v.event_id = $1
                   and not exists (select 1 from public.participant_blocks b where b.participant_id = v.participant_id)) as votes,
                (select count(distinct participant_id)::int from public.votes v where v.event_id = $1
                   and not exists (select 1 from public.participant_blocks b where b.participant_id = v.participant_id)) as voters`,
        [eventId],
      );
      expect([event.contributions_online, event.contributions_paper, event.votes, event.voters]).toEqual([
        counts.online, counts.paper, counts.votes, counts.voters,
      ]);
      const online = pub.participation.find((p) => p.event_code === null)!;
      expect(online.contributions_online).toBe(1);
    });

    test("profile breakdowns never show a cell under 5, nor one that subtraction would reveal", () => {
      for (const data of [pub, staff]) {
        for (const cell of data.profiles) if (!cell.suppressed) expect(cell.participants).toBeGreaterThanOrEqual(SMALL_CELL);
        const age = data.profiles.filter((c) => c.dimension === "age_bracket");
        expect(age.find((c) => c.value === "35_49")).toMatchObject({ participants: 6, suppressed: false });
        expect(age.find((c) => c.value === "18_24")).toMatchObject({ participants: null, suppressed: true });
        expect(age.find((c) => c.value === "65_74")).toMatchObject({ participants: null, suppressed: true });
        // The blocked author's answer is not counted: a cell of 0, hidden like any under 5.
        expect(age.find((c) => c.value === "75_plus")?.suppressed).toBe(true);
        // With "not answered" alone under 5, the smallest other cell goes too (no subtraction).
        expect(data.profiles.filter((c) => c.dimension === "ai_use").every((c) => c.suppressed)).toBe(true);
        for (const dimension of ["age_bracket", "ai_use"]) {
          const hidden = data.profiles.filter((c) => c.dimension === dimension && c.suppressed);
          expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
        }
      }
      const csv = exportCsv(pub, "profiles", URL_);
      expect(csv).toContain('"age_bracket","18_24",,true');
      expect(csv).toContain('"age_bracket","35_49",6,false');
    });

    test("no participant id appears anywhere in any export", () => {
      for (const data of [pub, staff]) {
        const text = render(data);
        for (const p of people) expect(text).not.toContain(p.participantId);
        const uuids = new Set(text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi) ?? []);
        expect([...uuids]).toEqual([consultationId]);
      }
    });

    test("the Pol.is files have Pol.is's columns and vote signs", () => {
      const lines = (file: (typeof exportFiles)[number]) => exportCsv(pub, file, URL_).trimEnd().split("\r\n");
      expect(lines("polis-comments")[0]).toBe(
        '"timestamp","datetime","comment-id","author-id","agrees","disagrees","moderated","comment-body"',
      );
      expect(lines("polis-votes")[0]).toBe('"timestamp","datetime","comment-id","voter-id","vote"');
      expect(lines("polis-votes").slice(1).every((l) => /,(1|-1|0)$/.test(l))).toBe(true);
      const matrix = lines("polis-participants-votes");
      const ids = pub.contributions.map((c) => String(c.comment_id));
      expect(matrix[0]).toBe(
        ['"participant"', '"group-id"', '"n-comments"', '"n-votes"', '"n-agree"', '"n-disagree"', ...ids.map((i) => `"${i}"`)].join(","),
      );
      const summary = lines("polis-summary");
      expect(summary.map((l) => l.split(",")[0])).toEqual(
        ['"topic"', '"url"', '"voters"', '"voters-in-conv"', '"commenters"', '"comments"', '"groups"', '"conversation-description"'],
      );
      expect(summary).toContain('"comments",3');
      // Text that looks like a formula is defused; numbers stay numbers.
      expect(lines("polis-comments").some((l) => l.endsWith(`"'-Moins d'attente au guichet"`))).toBe(true);
      expect(summary).toContain(`"conversation-description","'=Décrite, ""citée"""`);
    });

    test("the JSON document carries the licence and the consultative statement", () => {
      const json = exportJson(pub, URL_, new Date("2027-03-01T10:00:00Z"));
      expect(json.metadata.licence.name).toBe("Licence Ouverte 2.0");
      expect(json.metadata.statement).toMatch(/consultatifs/);
      expect(json.metadata.generated_at).toBe("2027-03-01T10:00:00.000Z");
      expect(json.contributions).toHaveLength(3);
      expect(json.profiles.find((p) => p.value === "18_24")).toMatchObject({ participants: null, suppressed: true });
    });
  });
});
