import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity } from "~/db.server";
import { postContribution, react, typePaperContribution } from "~/models/contribution.server";
import { blockAuthor } from "~/models/moderation.server";
import { saveProfile } from "~/models/profile.server";
import {
  computeSynthesis,
  getPublishedSynthesis,
  getSynthesisDraft,
  listFigureContributions,
  listSynthesisVersions,
  publishSynthesis,
  saveSynthesisDraft,
} from "~/models/synthesis.server";
import { castVotes, createAiUse, setSelection } from "~/models/vote.server";
import { MIN_CELL, MIN_REACTIONS, type Breakdown, type SynthesisFigures } from "~/synthesis";
import type { ContributionKind, ReactionValue, Theme } from "~/themes";
import { verdicts, type Verdict } from "~/votes";
import { attempt, seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

type Participant = Identity & { kind: "participant" };

/** Blocked participants, written out again for the independent counts. */
const NOT_BLOCKED = (alias: string, consultation = "$1") =>
  `not exists (select 1 from public.participant_blocks b where b.consultation_id = ${consultation} and b.participant_id = ${alias}.participant_id)`;

describe.each(targets)("syntheses ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let consultationId: string;
  let draftConsultationId: string;
  let eventId: string;
  let uses: string[];
  let people: Participant[];
  const ids: Record<string, string> = {};

  const service = <R extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    db.asService((tx) => tx.query<R>(text, params));
  const figuresAs = (who: Identity, id = consultationId) => db.asCaller(who, (tx) => computeSynthesis(tx, { consultationId: id }));
  const newParticipants = async (n: number): Promise<Participant[]> => {
    const pids = Array.from({ length: n }, () => randomUUID());
    await service("insert into public.participants (id) select unnest($1::uuid[])", [pids]);
    return pids.map((participantId) => ({ kind: "participant", participantId }));
  };
  const post = async (p: Participant, kind: ContributionKind, themes: Theme[], body: string, event: string | null = null, consultation = consultationId) =>
    (await db.asCaller(p, (tx) =>
      postContribution(tx, { consultationId: consultation, eventId: event, participantId: p.participantId, kind, body, themes, requestKey: null }),
    ))!.id;
  const reactAs = (p: Participant, contributionId: string, value: ReactionValue) =>
    db.asCaller(p, (tx) => react(tx, { contributionId, participantId: p.participantId, value }));
  const voteAs = (p: Participant, aiUseId: string, verdict: Verdict, event: string | null = eventId) =>
    db.asCaller(p, (tx) =>
      castVotes(tx, {
        consultationId,
        territoryId: f.territoryA,
        eventId: event,
        participantId: p.participantId,
        entries: [{ aiUseId, version: 1, verdict, conditions: verdict === "conditional" ? ["transparency", "eu_hosting"] : [], other: null }],
      }),
    );
  const newConsultation = async (territoryId: string, status: "draft" | "open") => {
    const [{ id }] = await service<{ id: string }>(
      `insert into public.consultations (territory_id, title, starts_on, ends_on) values ($1, 'Concertation IA', '2026-11-01', '2027-02-01') returning id`,
      [territoryId],
    );
    if (status === "open") await service("update public.consultations set status = 'open' where id = $1", [id]);
    return id;
  };
  const newEvent = async (consultation: string, territory: string, startsIn: string, cancelled = false) =>
    (
      await service<{ id: string }>(
        `insert into public.events (consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address,
           latitude, longitude, capacity, cancelled_at, cancel_reason)
         values ($1, $2, 'Café IA de test', now() + $3::interval, 90, 'Médiathèque', '1 rue de la Paix', 47.2, -1.55, 50,
           case when $4 then now() end, case when $4 then 'Salle indisponible' end)
         returning id`,
        [consultation, territory, startsIn, cancelled],
      )
    )[0].id;

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    draftConsultationId = await newConsultation(f.territoryA, "draft");
    consultationId = await newConsultation(f.territoryA, "draft");
    uses = [];
    for (const title of ["Tri des candidatures", "Vidéosurveillance algorithmique"]) {
      uses.push(
        await db.asCaller(f.admin, (tx) =>
          createAiUse(tx, {
            content: { fr: { title, what: "Un usage de l'intelligence artificielle décrit pour le test." } },
            domain: "hr",
            riskTier: "high",
            territoryId: null,
            createdBy: f.admin.email,
            requestKey: null,
          }),
        ),
      );
    }
    await db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId, territoryId: f.territoryA, aiUseIds: uses }));
    await service("update public.consultations set status = 'open' where id = $1", [consultationId]);
    eventId = await newEvent(consultationId, f.territoryA, "-2 days");
    await newEvent(consultationId, f.territoryA, "-1 day", true); // cancelled: not held
    await newEvent(consultationId, f.territoryA, "5 days"); // not yet held

    people = await newParticipants(16);
    const [p0, p1, p2, p3, p4, p5, p6] = people;
    ids.shared = await post(p0, "fear", ["privacy", "sovereignty"], "Les données des habitants doivent rester en France.", eventId);
    ids.divisive = await post(p1, "hope", ["efficiency"], "L'IA fera gagner du temps aux agents sur les tâches répétitives.");
    ids.consensus = await post(p2, "hope", ["service_quality"], "Des réponses plus rapides aux questions simples.", eventId);
    ids.few = await post(p3, "fear", ["jobs"], "Des postes d'accueil risquent de disparaître.");
    ids.hidden = await post(p4, "fear", ["surveillance"], "Une contribution que la modération cachera.");
    ids.held = await post(p5, "fear", ["privacy"], "Écrivez-moi à jean.dupont@exemple.fr pour en parler.");
    ids.other = await post(p6, "fear", ["bias", "privacy"], "Les algorithmes peuvent discriminer les quartiers populaires.", eventId);
    for (const [i, name] of ["c5", "c6", "c7"].entries()) {
      ids[name] = await post(people[7 + i], "hope", ["inclusion"], `Former les habitants au numérique, proposition ${i + 1}.`);
    }
    ids.paper = (await db.asCaller(f.facilitatorA, (tx) =>
      typePaperContribution(tx, { consultationId, eventId, kind: "hope", body: "Moins d'attente au guichet", themes: ["service_quality"], enteredBy: f.facilitatorA.email, requestKey: null }),
    ))!;
    ids.paper2 = (await db.asCaller(f.facilitatorA, (tx) =>
      typePaperContribution(tx, { consultationId, eventId, kind: "fear", body: "Qui contrôle ces machines ?", themes: ["human_oversight"], enteredBy: f.facilitatorA.email, requestKey: null }),
    ))!;

    // shared: 7 agree, 1 disagree (p1's agree is dropped by the block); divisive: 4/4; consensus: 6/0;
    // few: 2 agree + 2 disagree (under MIN_REACTIONS); paper: 3/3.
    const plan: [string, ReactionValue[]][] = [
      [ids.shared, ["agree", "agree", "agree", "agree", "agree", "agree", "agree", "disagree", "pass", "pass"]],
      [ids.divisive, ["agree", "disagree", "agree", "disagree", "agree", "disagree", "agree", "disagree", "pass"]],
      [ids.consensus, ["agree", "agree", "agree", "agree", "agree", "agree"]],
      [ids.few, ["agree", "agree", "disagree", "disagree", "pass"]],
      [ids.paper, ["agree", "disagree", "agree", "disagree", "agree", "disagree"]],
      [ids.hidden, ["agree", "agree", "agree", "agree", "agree", "agree"]],
      [ids.c5, ["agree", "disagree", "disagree", "disagree", "disagree", "disagree"]],
      [ids.c6, ["agree", "agree", "agree", "disagree", "disagree"]],
      [ids.c7, ["agree", "agree", "disagree", "disagree", "disagree"]],
    ];
    for (const [contribution, values] of plan) {
      for (const [i, value] of values.entries()) await reactAs(people[(i + 2) % people.length], contribution, value);
    }
    await reactAs(p1, ids.shared, "agree"); // the author blocked below: left out
    await reactAs(people[9], ids.consensus, "disagree"); // changed back below
    await reactAs(people[9], ids.consensus, "agree");
    await reactAs(people[10], ids.other, "pass");
    await reactAs(people[12], ids.other, "pass");
    await reactAs(people[13], ids.other, "agree");
    await service("update public.contributions set status = 'hidden' where id = $1", [ids.hidden]);

    const ballot: Verdict[] = ["proscribe", "proscribe", "conditional", "accept", "proscribe", "unsure", "conditional", "proscribe"];
    for (const [i, verdict] of ballot.entries()) await voteAs(people[i], uses[0], verdict, i < 5 ? eventId : null);
    for (const [i, verdict] of ballot.slice(0, 6).reverse().entries()) await voteAs(people[i], uses[1], verdict, null);
    await voteAs(people[3], uses[0], "proscribe"); // changed vote
    await voteAs(people[11], uses[1], "accept", null);
    await voteAs(people[14], uses[1], "unsure", null); // a voter who did nothing else
    // Some activity a week and more earlier, for the weekly series (before the block: a blocked
    // participant's reactions can no longer be touched).
    await service("update public.contributions set created_at = created_at - interval '9 days' where id = any ($1)", [[ids.shared, ids.paper]]);
    await service("update public.reactions set created_at = created_at - interval '9 days' where contribution_id = $1", [ids.shared]);
    await service("update public.votes set created_at = created_at - interval '15 days' where participant_id = $1", [p0.participantId]);
    expect(await db.asCaller(f.facilitatorA, (tx) => blockAuthor(tx, { id: ids.divisive, reason: "Propos répétés" }))).toBe(true);

    // Profiles of p0–p14 (p1 is blocked, p15 skipped): 35–49 ×6, 18–24 ×5, 65–74 ×2, under 18 ×1;
    // AI use: daily ×8, weekly ×5, never ×1; communes: 44109 ×8, 44000 ×5, 44020 ×1.
    const ages = ["35_49", "75_plus", "35_49", "35_49", "35_49", "35_49", "35_49", "18_24", "18_24", "18_24", "18_24", "18_24", "65_74", "65_74", "under_18"] as const;
    const ai = ["daily", "never", "daily", "daily", "daily", "daily", "daily", "daily", "daily", "weekly", "weekly", "weekly", "weekly", "weekly", "never"] as const;
    const communes = ["44109", "44109", "44109", "44109", "44109", "44109", "44109", "44000", "44000", "44020", "44109", "44109", "44000", "44000", "44000"];
    for (const [i, p] of people.slice(0, 15).entries()) {
      await db.asCaller(p, (tx) =>
        saveProfile(tx, { participantId: p.participantId, skipped: false, ageBracket: ages[i], aiUse: ai[i], communeCode: communes[i] }),
      );
    }
    await db.asCaller(people[15], (tx) => saveProfile(tx, { participantId: people[15].participantId, skipped: true }));

  });

  afterAll(async () => {
    await db?.close();
  });

  /** Every figure, recounted from the raw tables as the service role, written independently of the functions. */
  async function independentFigures(consultation: string) {
    const one = async (text: string) => (await service<{ n: number }>(text, [consultation]))[0].n;
    const people = `(
      select participant_id from public.contributions where consultation_id = $1 and participant_id is not null
      union select r.participant_id from public.reactions r join public.contributions c on c.id = r.contribution_id where c.consultation_id = $1
      union select participant_id from public.votes where consultation_id = $1) p`;
    const visibleReactions = `public.reactions r join public.contributions c on c.id = r.contribution_id
      where c.consultation_id = $1 and c.status = 'visible' and ${NOT_BLOCKED("r")}`;
    return {
      eventsHeld: await one("select count(*)::int as n from public.events where consultation_id = $1 and cancelled_at is null and starts_at < now()"),
      participants: await one(`select count(*)::int as n from ${people} where ${NOT_BLOCKED("p")}`),
      online: await one("select count(*)::int as n from public.contributions where consultation_id = $1 and status = 'visible' and source = 'online'"),
      paper: await one("select count(*)::int as n from public.contributions where consultation_id = $1 and status = 'visible' and source = 'paper'"),
      hidden: await one("select count(*)::int as n from public.contributions where consultation_id = $1 and status <> 'visible'"),
      reactions: await one(`select count(*)::int as n from ${visibleReactions}`),
      votes: await one(`select count(*)::int as n from public.votes v where consultation_id = $1 and ${NOT_BLOCKED("v")}`),
      voters: await one(`select count(distinct participant_id)::int as n from public.votes v where consultation_id = $1 and ${NOT_BLOCKED("v")}`),
      population: (await service<{ population: number }>(
        "select t.population from public.territories t join public.consultations c on c.territory_id = t.id where c.id = $1",
        [consultation],
      ))[0].population,
      perEvent: await service<{ code: string; participants: number; contributions: number; votes: number }>(
        `select e.code,
           (select count(distinct x.participant_id)::int from (
              select participant_id from public.contributions where event_id = e.id and participant_id is not null
              union all select participant_id from public.votes where event_id = e.id) x where ${NOT_BLOCKED("x")}) as participants,
           (select count(*)::int from public.contributions where event_id = e.id and status = 'visible') as contributions,
           (select count(*)::int from public.votes v where v.event_id = e.id and ${NOT_BLOCKED("v")}) as votes
         from public.events e where e.consultation_id = $1 and e.cancelled_at is null order by e.starts_at`,
        [consultation],
      ),
      weeks: await service<{ week: string; kind: string; n: number }>(
        `select to_char(date_trunc('week', timezone('Europe/Paris', at)), 'YYYY-MM-DD') as week, kind, count(*)::int as n from (
           select created_at as at, 'contributions' as kind from public.contributions where consultation_id = $1 and status = 'visible'
           union all select r.created_at, 'reactions' from ${visibleReactions}
           union all select created_at, 'votes' from public.votes v where consultation_id = $1 and ${NOT_BLOCKED("v")}) d
         group by 1, 2`,
        [consultation],
      ),
      profiles: await service<{ dimension: string; value: string; n: number }>(
        `select d.dimension, d.value, count(*)::int as n
         from ${people} join public.participant_profiles pp on pp.participant_id = p.participant_id
         cross join lateral (values ('age', pp.age_bracket), ('ai_use', pp.ai_use), ('commune', pp.commune_code)) d(dimension, value)
         where ${NOT_BLOCKED("p")} and d.value is not null group by 1, 2`,
        [consultation],
      ),
      themes: await service<{ kind: string; theme: string; n: number; total: number }>(
        `select c.kind, t.theme, count(*)::int as n,
           (select count(*)::int from public.contributions x where x.consultation_id = $1 and x.status = 'visible' and x.kind = c.kind) as total
         from public.contributions c, unnest(c.themes) t(theme) where c.consultation_id = $1 and c.status = 'visible' group by 1, 2`,
        [consultation],
      ),
      counts: await service<{ id: string; kind: string; created_at: Date; agree: number; disagree: number; pass: number }>(
        `select c.id, c.kind, c.created_at,
           (select count(*)::int from public.reactions r where r.contribution_id = c.id and r.value = 'agree' and ${NOT_BLOCKED("r")}) as agree,
           (select count(*)::int from public.reactions r where r.contribution_id = c.id and r.value = 'disagree' and ${NOT_BLOCKED("r")}) as disagree,
           (select count(*)::int from public.reactions r where r.contribution_id = c.id and r.value = 'pass' and ${NOT_BLOCKED("r")}) as pass
         from public.contributions c where c.consultation_id = $1 and c.status = 'visible'`,
        [consultation],
      ),
      uses: await service<{ ai_use_id: string; verdict: string; n: number }>(
        `select ai_use_id, verdict, count(*)::int as n from public.votes v where consultation_id = $1 and ${NOT_BLOCKED("v")} group by 1, 2`,
        [consultation],
      ),
    };
  }

  const allCells = (s: SynthesisFigures): Breakdown[] => [s.profiles.age, s.profiles.aiUse, s.profiles.communes];

  test("every figure equals an independent count over the raw tables", async () => {
    const s = (await figuresAs(f.officialA))!;
    const x = await independentFigures(consultationId);
    const p = s.participation;
    expect(p.eventsHeld).toBe(x.eventsHeld);
    expect(p.eventsHeld).toBe(1);
    expect(p.participants).toBe(x.participants);
    expect(p.participants).toBe(14); // p0–p14 but the blocked p1
    expect(p.contributions).toEqual({ online: x.online, paper: x.paper, hidden: x.hidden });
    expect(p.contributions).toEqual({ online: 8, paper: 2, hidden: 2 });
    expect(p.reactions).toBe(x.reactions);
    expect(p.votes).toBe(x.votes);
    expect(p.voters).toBe(x.voters);
    expect(p.perThousand).toBe(Math.round((x.participants * 1000 * 10) / x.population) / 10);
    expect(p.perEvent.map(({ code, participants, contributions, votes }) => ({ code, participants, contributions, votes }))).toEqual(
      x.perEvent,
    );
    for (const kind of ["contributions", "reactions", "votes"] as const) {
      const weeks = x.weeks.filter((w) => w.kind === kind);
      expect(p.overTime.filter((w) => w[kind] > 0).map((w) => [w.week, w[kind]]).sort()).toEqual(weeks.map((w) => [w.week, w.n]).sort());
    }
    expect(p.overTime.length).toBeGreaterThanOrEqual(2);
    expect(p.overTime.reduce((sum, w) => sum + w.reactions, 0)).toBe(p.reactions);

    // Profiles: every shown cell is the raw count, answered is the sum.
    const raw = (dimension: string, key: string) => x.profiles.find((r) => r.dimension === dimension && r.value === key)?.n ?? 0;
    for (const [dimension, b] of [["age", s.profiles.age], ["ai_use", s.profiles.aiUse]] as const) {
      expect(b.answered).toBe(x.profiles.filter((r) => r.dimension === dimension).reduce((sum, r) => sum + r.n, 0));
      for (const cell of b.cells) {
        if (cell.count !== null) {
          expect(cell.count).toBe(raw(dimension, cell.key));
          expect(cell.share).toBe(Math.round((cell.count * 1000) / b.answered!) / 10);
        }
      }
    }
    expect(s.profiles.age.answered).toBe(14);
    expect(s.profiles.age.cells.find((c) => c.key === "35_49")!.count).toBe(6);
    expect(s.profiles.age.cells.find((c) => c.key === "75_plus")!.underRepresented).toBe(true);
    expect(s.profiles.age.tooFew).toBe(true);
    expect(s.profiles.age.referenceSource).toMatch(/Insee.*2024/);
    // Communes are named with their code; a commune under 5 people is never named.
    expect(s.profiles.communes.cells.find((c) => c.key === "Nantes (44109)")!.count).toBe(raw("commune", "44109"));
    expect(s.profiles.communes.cells.map((c) => c.key).join()).not.toContain("44020");

    // Themes, shares in % of the kind's visible contributions.
    for (const kind of ["hope", "fear"] as const) {
      const expected = x.themes.filter((t) => t.kind === kind);
      expect(s.themes[kind].map((t) => [t.theme, t.count, t.share]).sort()).toEqual(
        expected.map((t) => [t.theme, t.n, Math.round((t.n * 1000) / t.total) / 10]).sort(),
      );
      const counts = s.themes[kind].map((t) => t.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
    }

    // Most shared and most divisive, ranked here from the raw counts.
    const candidates = x.counts.filter((c) => c.agree + c.disagree >= MIN_REACTIONS);
    const tie = (a: (typeof candidates)[0], b: (typeof candidates)[0]) => a.created_at.getTime() - b.created_at.getTime() || (a.id < b.id ? -1 : 1);
    const ratio = (c: (typeof candidates)[0]) => c.agree / (c.agree + c.disagree);
    const split = (c: (typeof candidates)[0]) => Math.min(c.agree, c.disagree) / (c.agree + c.disagree);
    // "Most shared" only counts texts more people agree with than disagree with.
    const shared = candidates
      .filter((c) => c.agree > c.disagree)
      .sort((a, b) => ratio(b) - ratio(a) || b.agree - a.agree || tie(a, b))
      .slice(0, 5);
    for (const c of s.mostShared) expect(c.agree).toBeGreaterThan(c.disagree);
    const divisive = candidates
      .filter((c) => !shared.includes(c))
      .sort((a, b) => split(b) - split(a) || b.agree + b.disagree - (a.agree + a.disagree) || tie(a, b))
      .slice(0, 5);
    const pick = (c: { id: string; agree: number; disagree: number; pass: number }) => [c.id, c.agree, c.disagree, c.pass];
    expect(s.mostShared.map(pick)).toEqual(shared.map(pick));
    expect(s.mostDivisive.map(pick)).toEqual(divisive.map(pick));
    expect(s.mostShared[0].id).toBe(ids.consensus);
    // The even splits lead the divisive ones; a mostly rejected text (c5: 1 for, 5 against) is never "shared".
    expect(s.mostDivisive.slice(0, 2).map((c) => c.id).sort()).toEqual([ids.divisive, ids.paper].sort());
    expect(s.mostShared.map((c) => c.id)).not.toContain(ids.c5);
    expect(s.mostShared.map((c) => c.id)).not.toContain(ids.hidden);
    expect([...s.mostShared, ...s.mostDivisive].map((c) => c.id)).not.toContain(ids.few);
    const quotedShared = s.mostShared.find((c) => c.id === ids.shared)!;
    expect([quotedShared.agree, quotedShared.disagree]).toEqual([7, 1]); // p1's agree is out

    // Votes on uses.
    for (const use of s.uses) {
      for (const v of verdicts) expect(use.counts[v]).toBe(x.uses.find((r) => r.ai_use_id === use.id && r.verdict === v)?.n ?? 0);
      expect(use.total).toBe(x.uses.filter((r) => r.ai_use_id === use.id).reduce((sum, r) => sum + r.n, 0));
    }
    expect(s.uses.reduce((sum, u) => sum + u.total, 0)).toBe(p.votes);
    expect(s.uses[0].outcome).toBe("proscribe");
  });

  test("no breakdown cell under 5 is ever shown: suppressed cells are null, and cannot be worked out", async () => {
    const s = (await figuresAs(f.facilitatorA))!;
    for (const b of allCells(s)) {
      expect(b.answered === null || b.answered >= MIN_CELL).toBe(true);
      for (const cell of b.cells) {
        expect(cell.count === null || cell.count >= MIN_CELL).toBe(true);
        expect(cell.count === null).toBe(cell.share === null);
      }
      const hidden = b.cells.filter((c) => c.count === null);
      expect(hidden.length === 0 || hidden.length >= 2).toBe(true);
    }
    expect(s.profiles.age.cells.find((c) => c.key === "65_74")!.count).toBeNull();
    expect(s.profiles.age.cells.find((c) => c.key === "under_18")!.count).toBeNull();
    expect(JSON.stringify(s)).not.toContain(people[0].participantId);
  });

  test("the functions refuse everyone but staff of the territory", async () => {
    for (const who of [ANON, people[0], f.facilitatorB, f.stranger] as Identity[]) {
      expect(await figuresAs(who)).toBeNull();
      for (const fn of ["synthesis_participation", "synthesis_per_event", "synthesis_over_time", "synthesis_profile_counts", "synthesis_theme_counts", "synthesis_national_participation", "synthesis_national_themes"]) {
        const r = await attempt(db, who, `select * from private.${fn}($1)`, [consultationId]);
        expect(r.ok && r.rows.length).toBe(0);
      }
      const q = await attempt(db, who, "select * from private.synthesis_quoted($1, 1)", [consultationId]);
      expect(q.ok && q.rows.length).toBe(0);
      const people_ = await attempt(db, who, "select * from private.synthesis_people($1)", [consultationId]);
      expect(people_.ok).toBe(false);
    }
    expect(await figuresAs(f.admin)).not.toBeNull();
  });

  describe("draft and publication", () => {
    let published: SynthesisFigures;

    test("a draft synthesis is visible to staff of the territory only", async () => {
      const saved = await db.asCaller(f.facilitatorA, (tx) =>
        saveSynthesisDraft(tx, { consultationId, territoryId: f.territoryA, narrative: "## Ce que nous retenons\n- Les données", followUp: "Une charte.", updatedBy: "forged@exemple.fr" }),
      );
      expect(saved!.updated_by).toBe(f.facilitatorA.email);
      const again = await db.asCaller(f.officialA, (tx) =>
        saveSynthesisDraft(tx, { consultationId, territoryId: f.territoryA, narrative: "## Ce que nous retenons\n- Les données restent en France", followUp: "Une charte.", updatedBy: f.officialA.email }),
      );
      expect(again!.narrative).toContain("restent en France");
      expect((await db.asCaller(f.facilitatorA, (tx) => getSynthesisDraft(tx, { consultationId })))!.updated_by).toBe(f.officialA.email);
      for (const who of [ANON, people[0], f.facilitatorB, f.stranger] as Identity[]) {
        expect(await db.asCaller(who, (tx) => getSynthesisDraft(tx, { consultationId }))).toBeNull();
        const r = await attempt(db, who, "select * from public.syntheses");
        expect(r.ok ? r.rows.length : 0).toBe(0);
        const u = await attempt(db, who, "update public.syntheses set narrative = 'x' returning consultation_id");
        expect(u.ok ? u.rows.length : 0).toBe(0);
      }
      expect(await db.asCaller(f.facilitatorB, (tx) =>
        saveSynthesisDraft(tx, { consultationId, territoryId: f.territoryA, narrative: "x", followUp: "", updatedBy: "b" }),
      )).toBeNull();
      const forged = await attempt(db, f.facilitatorB, "insert into public.syntheses (consultation_id, territory_id, narrative) values ($1, $2, 'x')", [draftConsultationId, f.territoryA]);
      expect(forged.ok).toBe(false);
      const tooLong = await attempt(db, f.facilitatorA, "update public.syntheses set narrative = repeat('a', 20001) where consultation_id = $1", [consultationId]);
      expect(tooLong.ok).toBe(false);
    });

    test("counts behind a figure are withheld from the public until publication", async () => {
      const anon = await db.asCaller(ANON, (tx) => listFigureContributions(tx, { consultationId, kind: "fear" }));
      expect(anon.map((c) => c.id).sort()).toEqual([ids.shared, ids.few, ids.other, ids.paper2].sort());
      expect(anon.every((c) => c.agree === null)).toBe(true);
      const staff = await db.asCaller(f.officialA, (tx) => listFigureContributions(tx, { consultationId, theme: "privacy" }));
      expect(staff.map((c) => c.id).sort()).toEqual([ids.shared, ids.other].sort()); // not the held one
      expect(staff.find((c) => c.id === ids.shared)!.agree).toBe(7);
      const byIds = await db.asCaller(f.officialA, (tx) => listFigureContributions(tx, { consultationId, ids: [ids.consensus, ids.hidden] }));
      expect(byIds.map((c) => [c.id, c.agree])).toEqual([[ids.consensus, 7]]);
    });

    test("only staff of the territory publish, never for a draft consultation", async () => {
      for (const who of [people[0], f.facilitatorB, f.stranger] as Identity[]) {
        expect(await db.asCaller(who, (tx) => publishSynthesis(tx, { consultationId }))).toBeNull();
        const direct = await attempt(db, who, "select private.publish_synthesis($1, $2::jsonb)", [consultationId, { consultation: { id: consultationId } }]);
        expect(direct.ok ? "succeeded" : direct.message).toMatch(/only staff/);
      }
      const draft = await attempt(db, f.facilitatorA, "select private.publish_synthesis($1, $2::jsonb)", [draftConsultationId, { consultation: { id: draftConsultationId } }]);
      expect(draft.ok ? "succeeded" : draft.message).toMatch(/once the consultation is closed/);
      // Nor while voting is open: a synthesis would publish what the consultation holds back.
      const open = await attempt(db, f.facilitatorA, "select private.publish_synthesis($1, $2::jsonb)", [consultationId, { consultation: { id: consultationId } }]);
      expect(open.ok ? "succeeded" : open.message).toMatch(/once the consultation is closed/);
      expect(await db.asCaller(ANON, (tx) => listSynthesisVersions(tx, { consultationId }))).toEqual([]);
      for (const who of [ANON, f.facilitatorA] as Identity[]) {
        const insert = await attempt(db, who, "insert into public.synthesis_versions (consultation_id, territory_id, version, figures, published_by) values ($1, $2, 9, '{}', 'x')", [consultationId, f.territoryA]);
        expect(insert.ok).toBe(false);
      }
    });

    test("a published version is readable by everyone and changed by no one, not even the service role", async () => {
      await service("update public.consultations set status = 'closed' where id = $1", [consultationId]);
      const other = await attempt(db, f.facilitatorA, "select private.publish_synthesis($1, '{}'::jsonb)", [consultationId]);
      expect(other.ok ? "succeeded" : other.message).toMatch(/another consultation/);
      published = (await figuresAs(f.officialA))!;
      expect(await db.asCaller(f.officialA, (tx) => publishSynthesis(tx, { consultationId }))).toBe(1);
      // A double submit gives back version 1 instead of publishing a copy.
      expect(await db.asCaller(f.officialA, (tx) => publishSynthesis(tx, { consultationId }))).toBe(1);
      expect(await db.asCaller(ANON, (tx) => listSynthesisVersions(tx, { consultationId }))).toHaveLength(1);
      for (const who of [ANON, people[0], f.facilitatorB, f.officialA] as Identity[]) {
        const v = (await db.asCaller(who, (tx) => getPublishedSynthesis(tx, { consultationId })))!;
        expect(v.version).toBe(1);
        expect(v.narrative).toContain("restent en France");
        expect(v.follow_up).toBe("Une charte.");
        expect({ ...v.figures, generatedAt: "" }).toEqual({ ...published, generatedAt: "" });
      }
      // Who published is recorded for staff, never readable by visitors.
      expect(await attempt(db, ANON, "select published_by from public.synthesis_versions")).toMatchObject({ ok: false, code: "42501" });
      expect(await attempt(db, f.facilitatorA, "select published_by from public.synthesis_versions where consultation_id = $1", [consultationId])).toEqual({
        ok: true,
        rows: [{ published_by: f.officialA.email }],
      });
      for (const who of [ANON, people[0], f.facilitatorA, f.officialA, f.admin] as Identity[]) {
        const u = await attempt(db, who, "update public.synthesis_versions set narrative = 'x' returning id");
        expect(u.ok ? u.rows.length : 0).toBe(0);
        const d = await attempt(db, who, "delete from public.synthesis_versions returning id");
        expect(d.ok ? d.rows.length : 0).toBe(0);
      }
      await expect(service("update public.synthesis_versions set narrative = 'x' where consultation_id = $1", [consultationId])).rejects.toThrow(/cannot be changed/);
      await expect(service("delete from public.synthesis_versions where consultation_id = $1", [consultationId])).rejects.toThrow(/cannot be changed/);
      // Once published, anyone gets the counts behind a figure.
      const anon = await db.asCaller(ANON, (tx) => listFigureContributions(tx, { consultationId, ids: [ids.shared] }));
      expect([anon[0].agree, anon[0].disagree]).toEqual([7, 1]);
    });

    test("published figures stay frozen when the raw data changes", async () => {
      const newcomers = await newParticipants(2);
      await reactAs(newcomers[0], ids.shared, "agree");
      await reactAs(newcomers[1], ids.consensus, "disagree");
      await service("update public.contributions set status = 'hidden' where id = $1", [ids.other]);
      await db.asCaller(f.facilitatorA, (tx) => saveSynthesisDraft(tx, { consultationId, territoryId: f.territoryA, narrative: "Réécrit", followUp: "", updatedBy: "" }));
      const current = (await figuresAs(f.officialA))!;
      expect(current.participation.participants).toBe(published.participation.participants + 2);
      expect(current.participation.contributions.hidden).toBe(published.participation.contributions.hidden + 1);
      const v1 = (await db.asCaller(ANON, (tx) => getPublishedSynthesis(tx, { consultationId })))!;
      expect({ ...v1.figures, generatedAt: "" }).toEqual({ ...published, generatedAt: "" });
      expect(v1.narrative).toContain("restent en France");
      expect(await db.asCaller(f.facilitatorA, (tx) => publishSynthesis(tx, { consultationId }))).toBe(2);
      expect((await db.asCaller(ANON, (tx) => listSynthesisVersions(tx, { consultationId }))).map((v) => v.version)).toEqual([2, 1]);
      const v2 = (await db.asCaller(ANON, (tx) => getPublishedSynthesis(tx, { consultationId })))!;
      expect(v2.figures.participation.participants).toBe(current.participation.participants);
      expect(v2.narrative).toBe("Réécrit");
      expect((await db.asCaller(ANON, (tx) => getPublishedSynthesis(tx, { consultationId, version: 1 })))!.version).toBe(1);

      // A quoted contribution hidden by moderation after publication is no longer quoted, in any version.
      const quoted = v1.figures.mostShared[0];
      expect(quoted.body.length).toBeGreaterThan(0);
      await service("update public.contributions set status = 'hidden' where id = $1", [quoted.id]);
      for (const version of [1, 2]) {
        const again = (await db.asCaller(ANON, (tx) => getPublishedSynthesis(tx, { consultationId, version })))!;
        const same = [...again.figures.mostShared, ...again.figures.mostDivisive].find((q) => q.id === quoted.id)!;
        expect(same).toMatchObject({ body: "", withdrawn: true });
      }
      // And its text is not stored in the frozen version at all.
      const stored = await service("select figures::text as f from public.synthesis_versions where consultation_id = $1", [consultationId]);
      for (const row of stored as { f: string }[]) expect(row.f).not.toContain(quoted.body);
    });
  });

  describe("national comparison", () => {
    // Another territory with data: an open consultation where `n` people write `kind` contributions.
    const otherTerritory = async (n: number, population: number | null, theme: Theme) => {
      const suffix = randomUUID().slice(0, 8);
      const [{ id }] = await service<{ id: string }>(
        `insert into public.territories (slug, kind, code, name, population) values ($1, 'commune', $2, 'Autre', $3) returning id`,
        [`autre-${suffix}`, String(10000 + Math.floor(Math.random() * 80000)), population],
      );
      const consultation = await newConsultation(id, "open");
      const crowd = await newParticipants(n);
      for (const [i, p] of crowd.entries()) await post(p, i % 2 ? "hope" : "fear", [theme], "Une contribution d'un autre territoire.", null, consultation);
      return id;
    };

    const pooled = async () => {
      const [row] = await service<{ territories: number; participants: number; population: number; contributions: number }>(
        `with others as (
           select c.id, c.territory_id from public.consultations c
           where c.status <> 'draft' and c.territory_id <> $1),
         per as (
           select o.territory_id, count(distinct x.participant_id)::int as participants from others o
           cross join lateral (
             select participant_id from public.contributions where consultation_id = o.id and participant_id is not null
             union select r.participant_id from public.reactions r join public.contributions c on c.id = r.contribution_id where c.consultation_id = o.id
             union select participant_id from public.votes where consultation_id = o.id) x
           where ${NOT_BLOCKED("x", "o.id")}
           group by 1)
         select count(*)::int as territories, sum(per.participants)::int as participants, sum(t.population)::int as population,
           (select count(*)::int from public.contributions c join others o on o.id = c.consultation_id where c.status = 'visible') as contributions
         from per join public.territories t on t.id = per.territory_id where per.participants > 0 and t.population > 0`,
        [f.territoryA],
      );
      return row;
    };

    test("null with fewer than 3 other territories, pooled over the others from 3 on", async () => {
      await otherTerritory(6, 40000, "jobs");
      let s = (await figuresAs(f.facilitatorA))!;
      expect(s.participation.national.perThousand).toBeNull();
      expect(s.participation.national.contributionsPerParticipant).toBeNull();
      expect(s.themes.fear.every((t) => t.national === null)).toBe(true);

      await otherTerritory(4, 20000, "jobs");
      await otherTerritory(10, 100000, "environment");
      // Staff of B see the comparison with A among the others for their own consultation: not tested here.
      s = (await figuresAs(f.facilitatorA))!;
      const x = await pooled();
      expect(x.territories).toBe(3);
      expect(s.participation.national.perThousand).toEqual({ territories: 3, value: Math.round((x.participants * 1000 * 10) / x.population) / 10 });
      expect(s.participation.national.contributionsPerParticipant).toEqual({
        territories: 3,
        value: Math.round((x.contributions / x.participants) * 100) / 100,
      });
      // Fears elsewhere: 3 + 2 about jobs, 5 about the environment: 50 % each.
      const jobs = s.themes.fear.find((t) => t.theme === "jobs")!;
      expect(jobs.national).toEqual({ territories: 3, value: 50 });
      const privacy = s.themes.fear.find((t) => t.theme === "privacy")!;
      expect(privacy.national).toEqual({ territories: 3, value: 0 });
      // This territory's own figures are not in the pool.
      expect(s.participation.participants).toBeGreaterThan(0);
    });
  });
});
