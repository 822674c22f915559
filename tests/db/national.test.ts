import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity } from "~/db.server";
import { deleteContribution, editContribution, postContribution, react } from "~/models/contribution.server";
import { blockAuthor, moderate, unblockAuthor } from "~/models/moderation.server";
import { charterAdoption, listMapYears, listTerritoryIndicators, nationalThemes, nationalUseResults } from "~/models/national.server";
import { castVotes, createAiUse, setSelection } from "~/models/vote.server";
import type { ReactionValue, Theme } from "~/themes";
import type { Verdict } from "~/votes";
import { attempt, seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

type Participant = Identity & { kind: "participant" };
type Status = "draft" | "open" | "closed" | "published";

const SUMMARY_TABLES = [
  "territory_stats",
  "territory_theme_counts",
  "territory_use_counts",
  "territory_charter",
  "consultation_stats",
  "consultation_theme_counts",
  "consultation_use_counts",
];
/** Everything national: a bulk load with triggers off leaves these empty before recount_national(). */
const REBUILT_TABLES = [...SUMMARY_TABLES.map((t) => `public.${t}`), "private.consultation_participants", "private.territory_participants"];

describe.each(targets)("national aggregates ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let use1: string;
  let use2: string;

  const newParticipants = async (n: number): Promise<Participant[]> => {
    const ids = Array.from({ length: n }, () => randomUUID());
    await db.asService((tx) => tx.query("insert into public.participants (id) select unnest($1::uuid[])", [ids]));
    return ids.map((participantId) => ({ kind: "participant", participantId }));
  };
  const setStatus = (id: string, status: Status) =>
    db.asService((tx) => tx.query("update public.consultations set status = $2 where id = $1", [id, status]));
  type Period = { startsOn: string; endsOn: string; publics: string[] };
  const newConsultation = async (
    territoryId: string,
    uses: string[] = [],
    status: Status = "open",
    period: Period = { startsOn: "2026-11-01", endsOn: "2027-02-01", publics: ["all"] },
  ) => {
    const id = (
      await db.asService((tx) =>
        tx.query<{ id: string }>(
          `insert into public.consultations (territory_id, title, starts_on, ends_on, publics, status)
           values ($1, 'Concertation nationale', $2, $3, $4, 'draft') returning id`,
          [territoryId, period.startsOn, period.endsOn, period.publics],
        ),
      )
    )[0].id;
    if (uses.length) {
      const staff = territoryId === f.territoryA ? f.facilitatorA : f.facilitatorB;
      expect(await db.asCaller(staff, (tx) => setSelection(tx, { consultationId: id, territoryId, aiUseIds: uses }))).toBe(true);
    }
    if (status !== "draft") await setStatus(id, "open");
    if (status === "closed" || status === "published") await setStatus(id, "closed");
    if (status === "published") await setStatus(id, "published");
    return id;
  };
  const post = async (p: Participant, consultationId: string, kind: "hope" | "fear", themes: Theme[], body = "Une idée sur l'IA au service public.") =>
    (await db.asCaller(p, (tx) =>
      postContribution(tx, { kind, body, themes, consultationId, eventId: null, participantId: p.participantId, requestKey: null }),
    ))!;
  const reactTo = (p: Participant, contributionId: string, value: ReactionValue) =>
    db.asCaller(p, (tx) => react(tx, { contributionId, participantId: p.participantId, value }));
  const vote = (p: Participant, consultationId: string, territoryId: string, entries: [string, Verdict][]) =>
    db.asCaller(p, (tx) =>
      castVotes(tx, {
        consultationId,
        territoryId,
        eventId: null,
        participantId: p.participantId,
        entries: entries.map(([aiUseId, verdict]) => ({
          aiUseId,
          version: 1,
          verdict,
          conditions: verdict === "conditional" ? ["human_oversight"] : [],
          other: null,
        })),
      }),
    );

  /** Everything the triggers keep for a territory, helper tables included. */
  const snapshot = (territoryId: string) =>
    db.asService(async (tx) => ({
      stats: await tx.query(
        `select participants, contributions_visible, hopes, fears, reactions, votes, events_total
         from public.territory_stats where territory_id = $1`,
        [territoryId],
      ),
      themes: await tx.query(
        "select kind, theme, count from public.territory_theme_counts where territory_id = $1 and count > 0 order by kind, theme",
        [territoryId],
      ),
      uses: await tx.query(
        `select ai_use_id, proscribe, conditional, accept, unsure, total from public.territory_use_counts
         where territory_id = $1 and total > 0 order by ai_use_id`,
        [territoryId],
      ),
      charter: await tx.query("select version, adopted, in_progress from public.territory_charter where territory_id = $1", [territoryId]),
      pairs: await tx.query(
        "select consultation_id, participant_id, refs from private.consultation_participants where territory_id = $1 order by 1, 2",
        [territoryId],
      ),
      people: await tx.query(
        "select participant_id, consultations from private.territory_participants where territory_id = $1 order by 1",
        [territoryId],
      ),
      consultationStats: await tx.query(
        `select s.consultation_id, s.territory_id, s.participants, s.contributions_visible, s.hopes, s.fears, s.reactions, s.votes,
           s.events_total
         from public.consultation_stats s join public.consultations k on k.id = s.consultation_id
         where k.territory_id = $1 order by 1`,
        [territoryId],
      ),
      consultationThemes: await tx.query(
        `select c.consultation_id, c.kind, c.theme, c.count from public.consultation_theme_counts c
         join public.consultations k on k.id = c.consultation_id
         where k.territory_id = $1 and c.count > 0 order by 1, 2, 3`,
        [territoryId],
      ),
      consultationUses: await tx.query(
        `select u.consultation_id, u.ai_use_id, u.proscribe, u.conditional, u.accept, u.unsure, u.total
         from public.consultation_use_counts u join public.consultations k on k.id = u.consultation_id
         where k.territory_id = $1 and u.total > 0 order by 1, 2`,
        [territoryId],
      ),
    }));
  /**
   * The maintained figures (territory and consultation levels) equal a full recount from the raw tables,
   * for every territory: one territory at a time, then the national rebuild from empty tables.
   */
  const expectMatchesRecount = async () => {
    const territories = (await db.asService((tx) => tx.query<{ id: string }>("select id from public.territories order by id"))).map((r) => r.id);
    const kept = await Promise.all(territories.map((t) => snapshot(t)));
    await db.asService(async (tx) => {
      for (const t of territories) await tx.query("select private.recount_national($1)", [t]);
    });
    const recounted = await Promise.all(territories.map((t) => snapshot(t)));
    for (const [i, t] of territories.entries()) expect({ territory: t, ...kept[i] }).toEqual({ territory: t, ...recounted[i] });
    await db.asService(async (tx) => {
      for (const table of REBUILT_TABLES) await tx.query(`delete from ${table}`);
      await tx.query("select private.recount_national()");
    });
    const rebuilt = await Promise.all(territories.map((t) => snapshot(t)));
    for (const [i, t] of territories.entries()) expect({ territory: t, ...kept[i] }).toEqual({ territory: t, ...rebuilt[i] });
    return Object.fromEntries(territories.map((t, i) => [t, kept[i]]));
  };
  const stats = async (territoryId: string) => (await snapshot(territoryId)).stats[0] as Record<string, number>;
  /** A consultation's summary row (undefined while it is a draft). */
  const consultationStats = async (consultationId: string) =>
    (
      await db.asService((tx) =>
        tx.query(
          `select participants, contributions_visible, hopes, fears, reactions, votes, events_total
           from public.consultation_stats where consultation_id = $1`,
          [consultationId],
        ),
      )
    )[0] as Record<string, number> | undefined;

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    const newUse = (title: string) =>
      db.asCaller(f.admin, (tx) =>
        createAiUse(tx, {
          content: { fr: { title, what: "Un usage de l'intelligence artificielle décrit pour le test." } },
          domain: "administration",
          riskTier: "limited",
          territoryId: null,
          createdBy: f.admin.email,
          requestKey: null,
        }),
      );
    use1 = await newUse("Tri automatique des courriers");
    use2 = await newUse("Agent conversationnel d'accueil");
  });
  afterAll(async () => {
    await db?.close();
  });

  test("every territory has a summary row from the start, all zeros", async () => {
    expect(await stats(f.territoryA)).toEqual({
      participants: 0,
      contributions_visible: 0,
      hopes: 0,
      fears: 0,
      reactions: 0,
      votes: 0,
      events_total: 0,
    });
    await expectMatchesRecount();
  });

  test("contributions, reactions, edits, hides, restores and deletions keep the figures equal to a recount", async () => {
    const consultation = await newConsultation(f.territoryA);
    const people = await newParticipants(8);
    const c1 = await post(people[0], consultation, "hope", ["jobs", "efficiency"]);
    const c2 = await post(people[1], consultation, "fear", ["privacy"]);
    const c3 = await post(people[2], consultation, "fear", ["surveillance", "privacy"]);
    // Held by screening: counts as participation, not as a visible contribution.
    const held = await post(people[3], consultation, "fear", ["bias"], "Contactez moi à jean@exemple.fr pour en parler");
    expect(held.status).toBe("held");
    for (const p of people.slice(3)) await reactTo(p, c1.id, "agree");
    await reactTo(people[4], c2.id, "disagree");
    await reactTo(people[0], c2.id, "pass");
    expect(await stats(f.territoryA)).toMatchObject({ participants: 8, contributions_visible: 3, hopes: 1, fears: 2, reactions: 7 });
    expect(await consultationStats(consultation)).toEqual({
      participants: 8,
      contributions_visible: 3,
      hopes: 1,
      fears: 2,
      reactions: 7,
      votes: 0,
      events_total: 0,
    });
    await expectMatchesRecount();

    // Reactions change their value (no national change) and are withdrawn.
    await reactTo(people[4], c1.id, "disagree");
    await db.asCaller(people[5], (tx) => tx.query("delete from public.reactions where contribution_id = $1 and participant_id = $2", [c1.id, people[5].participantId]));
    expect(await stats(f.territoryA)).toMatchObject({ participants: 7, reactions: 6 });
    expect(await consultationStats(consultation)).toMatchObject({ participants: 7, reactions: 6 });
    await expectMatchesRecount();

    // The author edits the themes; an edit that screening holds leaves the visible counts.
    expect(await db.asCaller(people[2], (tx) => editContribution(tx, { id: c3.id, body: "Une caméra partout, non merci.", themes: ["democracy"] }))).toMatchObject({ status: "visible" });
    await expectMatchesRecount();
    expect(
      await db.asCaller(people[1], (tx) => editContribution(tx, { id: c2.id, body: "Appelez le 06 12 34 56 78 pour en parler", themes: ["privacy"] })),
    ).toMatchObject({ status: "held" });
    expect(await stats(f.territoryA)).toMatchObject({ contributions_visible: 2, fears: 1, reactions: 4 });
    await expectMatchesRecount();

    // Moderation hides and restores.
    expect(await db.asCaller(f.facilitatorA, (tx) => moderate(tx, { id: c1.id, action: "hide", reason: "Hors sujet" }))).toBe(true);
    expect(await stats(f.territoryA)).toMatchObject({ contributions_visible: 1, hopes: 0, reactions: 0 });
    expect(await consultationStats(consultation)).toMatchObject({ contributions_visible: 1, hopes: 0, reactions: 0 });
    await expectMatchesRecount();
    expect(await db.asCaller(f.facilitatorA, (tx) => moderate(tx, { id: c1.id, action: "restore", reason: "Finalement pertinent" }))).toBe(true);
    expect(await db.asCaller(f.facilitatorA, (tx) => moderate(tx, { id: held.id, action: "restore", reason: "Adresse retirée" }))).toBe(true);
    await expectMatchesRecount();

    // The author deletes a contribution that others reacted to: its reactions go with it.
    expect(await db.asCaller(people[0], (tx) => deleteContribution(tx, { id: c1.id }))).toBe(true);
    const after = await expectMatchesRecount();
    expect(after[f.territoryA].themes.find((t) => (t as { theme: string }).theme === "jobs")).toBeUndefined();
    expect(after[f.territoryA].consultationThemes.find((t) => (t as { theme: string }).theme === "jobs")).toBeUndefined();
    // Territory B never moved.
    expect(await stats(f.territoryB)).toMatchObject({ participants: 0, contributions_visible: 0 });
  });

  test("votes count nationally only once the consultation closes; vote changes, blocks and participant deletion follow", async () => {
    const consultation = await newConsultation(f.territoryB, [use1, use2]);
    const people = await newParticipants(7);
    const verdicts: Verdict[] = ["proscribe", "proscribe", "accept", "conditional", "unsure", "proscribe", "accept"];
    for (const [i, p] of people.entries()) await vote(p, consultation, f.territoryB, [[use1, verdicts[i]], [use2, "accept"]]);
    const author = people[0];
    const c = await post(author, consultation, "hope", ["inclusion"]);
    expect(await stats(f.territoryB)).toMatchObject({ participants: 7, votes: 0 });
    const open = await expectMatchesRecount();
    expect(open[f.territoryB].uses).toEqual([]);

    // A changed vote while open.
    await vote(people[1], consultation, f.territoryB, [[use1, "accept"]]);
    // Blocking while open leaves the participant out of the participants.
    expect(await db.asCaller(f.facilitatorB, (tx) => blockAuthor(tx, { id: c.id, reason: "Propos répétés" }))).toBe(true);
    expect(await stats(f.territoryB)).toMatchObject({ participants: 6, votes: 0 });
    await expectMatchesRecount();
    expect(await db.asCaller(f.facilitatorB, (tx) => unblockAuthor(tx, { id: c.id }))).toBe(true);
    expect(await stats(f.territoryB)).toMatchObject({ participants: 7 });

    await setStatus(consultation, "closed");
    const closed = await expectMatchesRecount();
    expect(closed[f.territoryB].stats[0]).toMatchObject({ votes: 14 });
    expect(await consultationStats(consultation)).toMatchObject({ participants: 7, votes: 14 });
    expect(closed[f.territoryB].consultationUses.find((u) => (u as { ai_use_id: string }).ai_use_id === use1)).toMatchObject({
      consultation_id: consultation,
      proscribe: 2,
      accept: 3,
      total: 7,
    });
    expect(closed[f.territoryB].uses.find((u) => (u as { ai_use_id: string }).ai_use_id === use1)).toMatchObject({
      proscribe: 2,
      accept: 3,
      conditional: 1,
      unsure: 1,
      total: 7,
    });

    // After closing: a block recounts the tallies, and the national figures follow.
    expect(await db.asCaller(f.facilitatorB, (tx) => blockAuthor(tx, { id: c.id, reason: "Propos répétés" }))).toBe(true);
    expect(await stats(f.territoryB)).toMatchObject({ participants: 6, votes: 12 });
    expect(await consultationStats(consultation)).toMatchObject({ participants: 6, votes: 12 });
    await expectMatchesRecount();
    await setStatus(consultation, "published");
    await expectMatchesRecount();

    // A participant deletes their data: their votes, contribution and reactions leave every figure.
    await reactTo(people[3], c.id, "agree");
    await db.asCaller(people[2], (tx) => tx.query("delete from public.participants where id = $1", [people[2].participantId]));
    await db.asCaller(author, (tx) => tx.query("delete from public.participants where id = $1", [author.participantId]));
    expect(await stats(f.territoryB)).toMatchObject({ participants: 5, votes: 10 });
    expect(await consultationStats(consultation)).toMatchObject({ participants: 5, votes: 10 });
    await expectMatchesRecount();
  });

  test("a draft consultation counts only once opened; deleting a consultation takes its figures out", async () => {
    const draft = await newConsultation(f.territoryA, [], "draft");
    const before = await stats(f.territoryA);
    // Paper notes typed into a draft by the service path, and an event.
    await db.asService((tx) =>
      tx.query(
        `insert into public.contributions (consultation_id, territory_id, kind, body, themes, source)
         values ($1, $2, 'hope', 'Une note papier', '{sovereignty}', 'paper')`,
        [draft, f.territoryA],
      ),
    );
    await db.asService((tx) =>
      tx.query(
        `insert into public.events (consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address, latitude, longitude, capacity)
         values ($1, $2, 'Café IA', now() + interval '3 days', 90, 'Médiathèque', '1 place de la Mairie', 47.2, -1.55, 30)`,
        [draft, f.territoryA],
      ),
    );
    expect(await stats(f.territoryA)).toEqual(before);
    // A draft is staff-only: no public summary row names it.
    expect(await consultationStats(draft)).toBeUndefined();
    await setStatus(draft, "open");
    expect(await stats(f.territoryA)).toMatchObject({ contributions_visible: before.contributions_visible + 1, events_total: before.events_total + 1 });
    expect(await consultationStats(draft)).toEqual({
      participants: 0,
      contributions_visible: 1,
      hopes: 1,
      fears: 0,
      reactions: 0,
      votes: 0,
      events_total: 1,
    });
    const [p] = await newParticipants(1);
    await post(p, draft, "fear", ["jobs"]);
    await db.asService((tx) => tx.query("update public.events set cancelled_at = now(), cancel_reason = 'Salle indisponible' where consultation_id = $1", [draft]));
    await expectMatchesRecount();

    expect(await consultationStats(draft)).toMatchObject({ participants: 1, contributions_visible: 2, fears: 1, events_total: 0 });
    await db.asService((tx) => tx.query("delete from public.consultations where id = $1", [draft]));
    expect(await stats(f.territoryA)).toEqual(before);
    expect(await consultationStats(draft)).toBeUndefined();
    await expectMatchesRecount();
  });

  test("the latest published charter of a territory is kept with its adopted commitments", async () => {
    const publish = (version: number, statuses: Record<string, string>) =>
      db.asService((tx) =>
        tx.query(
          `insert into public.charter_versions (territory_id, version, template_version, commitments, signatory_name, signatory_mandate, signed_on, signed_by)
           select $1, $2, 1, jsonb_agg(jsonb_build_object('key', k, 'status', s) order by n), 'Marie Dupont', 'Maire', current_date, 'test'
           from unnest($3::text[], $4::text[]) with ordinality as x(k, s, n)`,
          [f.territoryA, version, Object.keys(statuses), Object.values(statuses)],
        ),
      );
    await publish(1, { governance: "adopted", transparency: "in_progress", training: "not_planned" });
    await publish(2, { governance: "adopted", transparency: "adopted", training: "in_progress" });
    const kept = await expectMatchesRecount();
    expect(kept[f.territoryA].charter).toEqual([{ version: 2, adopted: ["governance", "transparency"], in_progress: ["training"] }]);
    const adoption = await db.asCaller(ANON, (tx) => charterAdoption(tx));
    expect(adoption).toEqual(
      expect.arrayContaining([
        { key: "governance", adopted: 1, inProgress: 0, charters: 1 },
        { key: "training", adopted: 0, inProgress: 1, charters: 1 },
      ]),
    );
  });

  test("200 concurrent reactions and votes leave exact counts", async () => {
    const consultation = await newConsultation(f.territoryB, [use1]);
    const [author] = await newParticipants(1);
    const c = await post(author, consultation, "fear", ["jobs"]);
    const before = await stats(f.territoryB);
    const people = await newParticipants(200);
    await Promise.all(
      people.map((p, i) =>
        i % 2 === 0 ? reactTo(p, c.id, (["agree", "disagree", "pass"] as const)[i % 3]) : vote(p, consultation, f.territoryB, [[use1, "proscribe"]]),
      ),
    );
    // Then everyone does the other thing, concurrently too.
    await Promise.all(
      people.map((p, i) => (i % 2 === 1 ? reactTo(p, c.id, "agree") : vote(p, consultation, f.territoryB, [[use1, i % 4 === 0 ? "accept" : "proscribe"]]))),
    );
    expect(await stats(f.territoryB)).toMatchObject({ participants: before.participants + 200, reactions: before.reactions + 200, votes: before.votes });
    expect(await consultationStats(consultation)).toMatchObject({ participants: 201, reactions: 200, votes: 0 });
    await setStatus(consultation, "closed");
    expect(await stats(f.territoryB)).toMatchObject({ votes: before.votes + 200 });
    expect(await consultationStats(consultation)).toMatchObject({ participants: 201, votes: 200 });
    const kept = await expectMatchesRecount();
    expect(kept[f.territoryB].uses.find((u) => (u as { ai_use_id: string }).ai_use_id === use1)).toMatchObject({ total: 205, proscribe: 151, accept: 52 });
  });

  test("the model reads the summaries and never shows a figure from fewer than 5 participants", async () => {
    // A third territory with 3 participants only.
    const small = (
      await db.asService((tx) =>
        tx.query<{ id: string }>(
          `insert into public.territories (slug, kind, code, name, population, region_code, latitude, longitude)
           values ($1, 'commune', '35238', 'Petit territoire', 1200, '53', 48.1, -1.68) returning id`,
          [`petit-${f.suffix}`],
        ),
      )
    )[0].id;
    await db.asService((tx) => tx.query("insert into public.memberships (email, territory_id, role) values ($1, $2, 'facilitator')", [f.facilitatorB.email, small]));
    const consultation = await newConsultation(small, [use1]);
    const few = await newParticipants(3);
    for (const p of few) {
      await post(p, consultation, "hope", ["environment"]);
      await vote(p, consultation, small, [[use1, "proscribe"]]);
    }
    await setStatus(consultation, "closed");
    await expectMatchesRecount();

    const rows = await db.asCaller(ANON, (tx) => listTerritoryIndicators(tx, { aiUseId: use1, commitmentKey: "transparency" }));
    expect(rows.every((r) => r.scope === "territory")).toBe(true);
    const bySmall = rows.find((r) => r.id === small)!;
    expect(bySmall).toMatchObject({ participants: null, perThousand: null, leadingHope: null, useProscribeShare: null, useVotes: null });
    const b = rows.find((r) => r.id === f.territoryB)!;
    const statsB = await stats(f.territoryB);
    expect(b.participants).toBe(statsB.participants);
    expect(b.perThousand).toBe(Math.round((statsB.participants * 1000 * 10) / 500000) / 10);
    expect(b.useVotes).toBe(205);
    expect(b.useProscribeShare).toBe(Math.round((151 * 1000) / 205) / 10);
    const a = rows.find((r) => r.id === f.territoryA)!;
    expect(a).toMatchObject({ charterPublished: true, charterVersion: 2, commitmentAdopted: true });

    const uses = await db.asCaller(ANON, (tx) => nationalUseResults(tx));
    expect(uses.find((u) => u.aiUseId === use1)).toMatchObject({ territories: 2, participants: 208, title: "Tri automatique des courriers" });
    const themes = await db.asCaller(ANON, (tx) => nationalThemes(tx));
    expect(themes.find((t) => t.kind === "fear" && t.theme === "jobs")).toBeDefined();
    expect(themes.find((t) => t.kind === "hope" && t.theme === "environment")).toMatchObject({ count: null, territories: 1 });
  });

  test("filtered by year or audience, the map sums the matching consultations and still hides small cells", async () => {
    const newTerritory = async (name: string, code: string) => {
      const id = (
        await db.asService((tx) =>
          tx.query<{ id: string }>(
            `insert into public.territories (slug, kind, code, name, population, region_code, latitude, longitude)
             values ($1, 'commune', $2, $3, 10000, '84', 45.7, 4.8) returning id`,
            [`${code}-${f.suffix}`, code, name],
          ),
        )
      )[0].id;
      await db.asService((tx) => tx.query("insert into public.memberships (email, territory_id, role) values ($1, $2, 'facilitator')", [f.facilitatorB.email, id]));
      return id;
    };
    const event = (consultationId: string, territoryId: string, startsAt: string, cancelled = false) =>
      db.asService((tx) =>
        tx.query(
          `insert into public.events (consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address, latitude, longitude,
             capacity, cancelled_at, cancel_reason)
           values ($1, $2, 'Café IA', now() + $3::interval, 90, 'Médiathèque', '1 place de la Mairie', 45.7, 4.8, 30,
             case when $4 then now() end, case when $4 then 'Salle indisponible' end)`,
          [consultationId, territoryId, startsAt, cancelled],
        ),
      );
    const c = await newTerritory("Territoire C", "69123");
    const d = await newTerritory("Territoire D", "13055");
    const e = await newTerritory("Territoire E", "67482");
    const c1 = await newConsultation(c, [use1], "open", { startsOn: "2030-03-01", endsOn: "2030-06-30", publics: ["youth"] });
    const c2 = await newConsultation(c, [], "open", { startsOn: "2030-11-15", endsOn: "2031-01-31", publics: ["seniors", "families"] });
    const d1 = await newConsultation(d, [], "open", { startsOn: "2031-02-01", endsOn: "2031-05-01", publics: ["seniors"] });
    const d2 = await newConsultation(d, [], "open", { startsOn: "2031-09-01", endsOn: "2031-12-31", publics: ["seniors", "youth"] });
    const e1 = await newConsultation(e, [], "draft", { startsOn: "2032-01-01", endsOn: "2032-12-31", publics: ["youth"] });
    // A draft holds paper notes and an event: nothing of it may show, whatever the filter.
    await db.asService((tx) =>
      tx.query(
        `insert into public.contributions (consultation_id, territory_id, kind, body, themes, source)
         select $1, $2, 'hope', 'Une note papier', '{sovereignty}', 'paper' from generate_series(1, 6)`,
        [e1, e],
      ),
    );
    await event(e1, e, "5 days");

    // C: six young people in c1 (hopes, votes), two of them and two others in c2 (fears).
    const young = await newParticipants(6);
    for (const [i, p] of young.entries()) {
      await post(p, c1, "hope", ["jobs"]);
      await vote(p, c1, c, [[use1, i < 4 ? "proscribe" : "accept"]]);
    }
    const older = [young[0], young[1], ...(await newParticipants(2))];
    for (const p of older) await post(p, c2, "fear", ["privacy"]);
    await setStatus(c1, "closed");
    await event(c1, c, "-30 days");
    await event(c2, c, "3 days");
    // D: three people in each of its consultations, six different people.
    for (const p of await newParticipants(3)) await post(p, d1, "hope", ["inclusion"]);
    for (const p of await newParticipants(3)) await post(p, d2, "hope", ["inclusion"]);
    await event(d1, d, "10 days", true);
    await expectMatchesRecount();

    const list = (filters: Parameters<typeof listTerritoryIndicators>[1]) =>
      db.asCaller(ANON, (tx) => listTerritoryIndicators(tx, { aiUseId: use1, ...filters }));
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

    // Unfiltered: the territory level, distinct people (C: 8, D: 6); the draft's territory is absent.
    const all = await list({});
    expect(all.find((r) => r.id === c)).toMatchObject({ scope: "territory", participants: 8, contributions: 10, eventsTotal: 2 });
    expect(all.find((r) => r.id === d)).toMatchObject({ scope: "territory", participants: 6, contributions: 6 });
    expect(all.find((r) => r.id === e)).toBeUndefined();
    expect(await list({ year: null, audience: "" })).toEqual(all);

    // 2030: c1 and c2 (which runs into 2031). Participants summed: the two people in both count twice.
    const in2030 = await list({ year: 2030 });
    expect(ids(in2030)).toEqual([c]);
    expect(in2030[0]).toMatchObject({
      scope: "consultations",
      participants: 10,
      perThousand: 1,
      contributions: 10,
      reactions: 0,
      votes: 6,
      eventsTotal: 2,
      eventsUpcoming: 1,
      leadingHope: "jobs",
      leadingFear: "privacy",
      useVotes: 6,
      useProscribeShare: 66.7,
    });

    // Without themes (the map's other indicators), the same figures and no theme lookup.
    const noThemes = await list({ year: 2030, themes: false });
    expect(noThemes[0]).toMatchObject({ ...in2030[0], leadingHope: null, leadingFear: null });
    expect(all.find((r) => r.id === c)?.leadingHope).toEqual(expect.any(String));
    expect((await list({ themes: false })).find((r) => r.id === c)).toMatchObject({ participants: 8, leadingHope: null, leadingFear: null });

    // 2031: c2 alone for C (4 people), d1 + d2 for D (3 + 3: maybe fewer than 5 people): both hidden.
    const in2031 = await list({ year: 2031 });
    expect(ids(in2031)).toEqual([c, d].sort());
    expect(in2031.find((r) => r.id === c)).toMatchObject({
      scope: "consultations",
      participants: null,
      perThousand: null,
      contributions: null,
      leadingFear: null,
      useVotes: null,
      eventsTotal: 1,
      eventsUpcoming: 1,
    });
    expect(in2031.find((r) => r.id === d)).toMatchObject({ participants: null, contributions: null, leadingHope: null, eventsTotal: 0 });
    expect(await list({ year: 2029 })).toEqual([]);
    expect(await list({ year: 2032 })).toEqual([]);
    expect(await list({ year: 2030.5 })).toEqual([]);

    // Audiences: any of a consultation's publics matches.
    const youth = await list({ audience: "youth" });
    expect(ids(youth)).toEqual([c, d].sort());
    expect(youth.find((r) => r.id === c)).toMatchObject({
      participants: 6,
      contributions: 6,
      leadingHope: "jobs",
      leadingFear: null,
      useVotes: 6,
      eventsTotal: 1,
      eventsUpcoming: 0,
    });
    expect(youth.find((r) => r.id === d)).toMatchObject({ participants: null, eventsTotal: 0 });
    expect(ids(await list({ audience: "seniors" }))).toEqual([c, d].sort());
    expect(ids(await list({ audience: "families" }))).toEqual([c]);
    expect(await list({ audience: "officials" })).toEqual([]);
    expect(await list({ audience: "martians" })).toEqual([]);
    // Both filters, and the territory filters still apply.
    const seniors2030 = await list({ year: 2030, audience: "seniors" });
    expect(seniors2030).toEqual([expect.objectContaining({ id: c, participants: null, eventsUpcoming: 1, useVotes: null })]);
    expect(await list({ year: 2030, kinds: ["epci"] })).toEqual([]);
    expect(await list({ year: 2031, regionCode: "84", departementCode: null })).toHaveLength(2);

    // 2026 and "all": territories A and B, each the sum of its consultations' rows.
    const in2026 = await list({ year: 2026, audience: "all" });
    expect(ids(in2026)).toEqual(expect.arrayContaining([f.territoryA, f.territoryB]));
    expect(ids(in2026)).not.toContain(c);
    const sums = await db.asService((tx) =>
      tx.query<{ territory_id: string; participants: number; votes: number }>(
        `select s.territory_id, sum(s.participants)::int as participants, sum(s.votes)::int as votes
         from public.consultation_stats s where s.territory_id = any ($1::uuid[]) group by s.territory_id`,
        [[f.territoryA, f.territoryB]],
      ),
    );
    for (const sum of sums) {
      expect(in2026.find((r) => r.id === sum.territory_id)).toMatchObject({ participants: sum.participants, votes: sum.votes });
    }

    expect(await db.asCaller(ANON, (tx) => listMapYears(tx))).toEqual([2026, 2027, 2030, 2031]);

    // Someone who took part in both of C's consultations deletes their data: both rows follow.
    await db.asCaller(young[0], (tx) => tx.query("delete from public.participants where id = $1", [young[0].participantId]));
    expect(await consultationStats(c1)).toMatchObject({ participants: 5, contributions_visible: 5, votes: 5 });
    expect(await consultationStats(c2)).toMatchObject({ participants: 3, contributions_visible: 3 });
    expect(await stats(c)).toMatchObject({ participants: 7, contributions_visible: 8, votes: 5 });
    await expectMatchesRecount();
    expect((await list({ year: 2030 }))[0]).toMatchObject({ participants: 8, useVotes: 5, useProscribeShare: 60 });
  });

  test("anonymous visitors read the summaries; nobody writes them, nor reads the helper tables", async () => {
    for (const table of SUMMARY_TABLES) {
      const read = await attempt(db, ANON, `select count(*)::int as n from public.${table}`);
      expect(read.ok).toBe(true);
    }
    expect((await attempt(db, ANON, "select participants from public.territory_stats where territory_id = $1", [f.territoryA])).rows).toHaveLength(1);
    for (const table of ["consultation_stats", "consultation_theme_counts", "consultation_use_counts"]) {
      expect((await attempt(db, ANON, `select * from public.${table}`)).rows?.length).toBeGreaterThan(0);
    }
    const [p] = await newParticipants(1);
    for (const who of [ANON, p, f.facilitatorA, f.admin]) {
      for (const statement of [
        ["update public.territory_stats set participants = 999 where territory_id = $1", [f.territoryA]],
        ["delete from public.territory_stats where territory_id = $1", [f.territoryA]],
        ["insert into public.territory_theme_counts (territory_id, kind, theme, count) values ($1, 'hope', 'jobs', 99)", [f.territoryA]],
        ["update public.territory_use_counts set proscribe = 999", []],
        ["delete from public.territory_charter", []],
        ["select * from private.territory_participants", []],
        ["select * from private.consultation_participants", []],
        ["select private.recount_national($1)", [f.territoryA]],
        ["select private.recount_national()", []],
        ["update public.consultation_stats set participants = 999", []],
        ["delete from public.consultation_stats", []],
        ["insert into public.consultation_stats (consultation_id, territory_id) select id, territory_id from public.consultations", []],
        ["insert into public.consultation_theme_counts (consultation_id, kind, theme, count) select id, 'hope', 'jobs', 99 from public.consultations", []],
        ["update public.consultation_theme_counts set count = 999", []],
        ["delete from public.consultation_use_counts", []],
        ["update public.consultation_use_counts set proscribe = 999", []],
      ] as const) {
        expect(await attempt(db, who, statement[0], [...statement[1]])).toMatchObject({ ok: false, code: "42501" });
      }
    }
    await expectMatchesRecount();
  });
});
