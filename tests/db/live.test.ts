import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity, type Tx } from "~/db.server";
import { openConsultation } from "~/models/consultation.server";
import { deleteContribution, editContribution, postContribution, react, typePaperContribution } from "~/models/contribution.server";
import { scheduleEvent } from "~/models/event.server";
import {
  LIVE_CHANNEL,
  endLiveSession,
  getLiveSession,
  liveNotice,
  liveSnapshot,
  setLivePhase,
  startLiveSession,
  type LiveNotice,
  type LivePhase,
} from "~/models/live.server";
import { blockAuthor, moderate, unblockAuthor } from "~/models/moderation.server";
import { castVotes, createAiUse, setSelection } from "~/models/vote.server";
import type { Theme } from "~/themes";
import type { ResultsVisibility, Verdict } from "~/votes";
import { attempt, refusal, seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

type Participant = Identity & { kind: "participant" };
type Staff = Identity & { kind: "staff" };

const PHASE_CLOSED = { code: "P0001", hint: "phase_closed" };

describe.each(targets)("live Café IA ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let uses: string[];

  const newParticipant = async (): Promise<Participant> => {
    const id = randomUUID();
    await db.asCaller(ANON, (tx) => tx.query("insert into public.participants (id) values ($1)", [id]));
    return { kind: "participant", participantId: id };
  };

  /** A consultation of territory A (open unless told) with the two uses, and one event in it. */
  const newPlace = async (over: { status?: "draft" | "open"; visibility?: ResultsVisibility; aiUses?: string[] } = {}) => {
    const staff = f.facilitatorA;
    const consultationId = await db.asCaller(staff, (tx) =>
      openConsultation(tx, {
        title: "Concertation en direct",
        description: "",
        startsOn: "2026-11-01",
        endsOn: "2027-01-31",
        publics: ["all"],
        status: over.status ?? "open",
        territoryId: f.territoryA,
        createdBy: staff.email,
      }),
    );
    await db.asCaller(staff, async (tx) => {
      expect(await setSelection(tx, { consultationId, territoryId: f.territoryA, aiUseIds: over.aiUses ?? uses })).toBe(true);
      await tx.query("update public.consultations set results_visibility = $2 where id = $1", [consultationId, over.visibility ?? "after_vote"]);
    });
    const event = await db.asCaller(staff, (tx) =>
      scheduleEvent(tx, {
        consultationId,
        createdBy: staff.email,
        title: "Café IA en salle",
        description: "",
        startsAt: new Date("2026-12-01T18:00:00Z"),
        durationMinutes: 120,
        venueName: "Médiathèque",
        address: "1 place de la Mairie",
        latitude: 47.2,
        longitude: -1.55,
        audience: "all",
        capacity: 5000,
        accessible: true,
        accessibilityNotes: "",
        onlineUrl: null,
        registrationEnabled: false,
      }),
    );
    return { consultationId, eventId: event!.id };
  };
  type Place = Awaited<ReturnType<typeof newPlace>>;

  const start = (place: Place, who: Staff = f.facilitatorA) =>
    db.asCaller(who, (tx) => startLiveSession(tx, { eventId: place.eventId, startedBy: who.email }));
  const phase = (place: Place, p: LivePhase, open: boolean, who: Identity = f.facilitatorA) =>
    db.asCaller(who, (tx) => setLivePhase(tx, { eventId: place.eventId, phase: p, open }));
  const post = (p: Participant, place: Place, body: string, over: { kind?: "hope" | "fear"; atEvent?: boolean } = {}) =>
    db.asCaller(p, (tx) =>
      postContribution(tx, {
        kind: over.kind ?? "hope",
        body,
        themes: ["service_quality"],
        consultationId: place.consultationId,
        eventId: over.atEvent === false ? null : place.eventId,
        participantId: p.participantId,
        requestKey: null,
      }),
    );
  const reactTo = (p: Participant, contributionId: string, value: "agree" | "disagree" | "pass" = "agree") =>
    db.asCaller(p, (tx) => react(tx, { contributionId, participantId: p.participantId, value }));
  const vote = (p: Participant, place: Place, verdict: Verdict, over: { atEvent?: boolean; aiUseId?: string } = {}) =>
    db.asCaller(p, (tx) =>
      castVotes(tx, {
        consultationId: place.consultationId,
        territoryId: f.territoryA,
        eventId: over.atEvent === false ? null : place.eventId,
        participantId: p.participantId,
        entries: [{ aiUseId: over.aiUseId ?? uses[0], version: 1, verdict, conditions: [], other: null }],
      }),
    );
  const paper = (place: Place, body: string) =>
    db.asCaller(f.facilitatorA, (tx) =>
      typePaperContribution(tx, {
        kind: "fear",
        body,
        themes: ["privacy"],
        consultationId: place.consultationId,
        eventId: place.eventId,
        enteredBy: f.facilitatorA.email,
        requestKey: null,
      }),
    );
  const storedSession = async (place: Place) =>
    (await db.asService((tx) => tx.query("select * from public.live_sessions where event_id = $1", [place.eventId])))[0];

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    uses = [];
    for (const title of ["Tri automatique des courriers", "Agent conversationnel d'accueil"]) {
      uses.push(
        await db.asCaller(f.admin, (tx) =>
          createAiUse(tx, {
            content: { fr: { title, what: "Un usage de l'intelligence artificielle décrit pour le test." } },
            domain: "administration",
            riskTier: "limited",
            territoryId: null,
            createdBy: f.admin.email,
            requestKey: null,
          }),
        ),
      );
    }
  });
  afterAll(async () => {
    await db?.close();
  });

  // Who reads and who runs a session -------------------------------------------------------------------

  test("everyone reads a session of a public event; only staff of the territory (or a national admin) start and run it", async () => {
    const place = await newPlace();
    const select = "select event_id, phase, phase_open, version from public.live_sessions where event_id = $1";
    const insert = `insert into public.live_sessions (event_id, consultation_id, territory_id, started_by)
                    values ($1, $2, $3, 'x@exemple.fr') returning event_id`;

    // Nobody but staff of A (or an admin) starts it; a forged territory is refused.
    expect(await attempt(db, ANON, insert, [place.eventId, place.consultationId, f.territoryA])).toMatchObject({ ok: false, code: "42501" });
    for (const who of [f.participant1, f.facilitatorB, f.stranger]) {
      expect(await attempt(db, who, insert, [place.eventId, place.consultationId, f.territoryA])).toMatchObject({ ok: false, code: "42501" });
    }
    expect(await attempt(db, f.facilitatorB, insert, [place.eventId, place.consultationId, f.territoryB])).toMatchObject({
      ok: false,
      code: "23503",
    });
    expect(await refusal(start(place, f.facilitatorB))).toMatchObject({ code: "42501" });
    expect(await storedSession(place)).toBeUndefined();

    const started = await start(place, f.facilitatorA);
    expect(started).toMatchObject({ event_id: place.eventId, territory_id: f.territoryA, phase: "welcome", phase_open: false, version: 1, ended_at: null });
    expect((await storedSession(place)).started_by).toBe(f.facilitatorA.email);

    // Read: everyone, but the starter's email is not for visitors.
    for (const who of [ANON, f.participant1, f.facilitatorA, f.officialA, f.facilitatorB, f.admin, f.stranger]) {
      expect(await attempt(db, who, select, [place.eventId])).toEqual({
        ok: true,
        rows: [{ event_id: place.eventId, phase: "welcome", phase_open: false, version: 1 }],
      });
    }
    expect(await attempt(db, ANON, "select started_by from public.live_sessions")).toMatchObject({ ok: false, code: "42501" });

    // Run: facilitator, official and admin do; visitors, participants, other territories' staff do not.
    expect(await attempt(db, ANON, "update public.live_sessions set phase_open = true where event_id = $1 returning 1", [place.eventId])).toMatchObject({
      ok: false,
      code: "42501",
    });
    for (const who of [f.participant1, f.facilitatorB, f.stranger]) {
      expect(await phase(place, "contributions", true, who)).toBeNull();
      expect(await db.asCaller(who, (tx) => endLiveSession(tx, { eventId: place.eventId }))).toBeNull();
    }
    expect(await storedSession(place)).toMatchObject({ phase: "welcome", phase_open: false, version: 1, ended_at: null });

    expect(await phase(place, "contributions", true, f.facilitatorA)).toMatchObject({ phase: "contributions", phase_open: true, version: 2 });
    expect(await phase(place, "contributions", false, f.officialA)).toMatchObject({ phase_open: false, version: 3 });
    expect(await phase(place, "reactions", true, f.admin)).toMatchObject({ phase: "reactions", phase_open: true, version: 4 });
    // Columns the database keeps are not for anyone to write.
    for (const column of ["version = 99", "started_by = 'autre@exemple.fr'", "territory_id = territory_id", "started_at = now()"]) {
      expect(await attempt(db, f.facilitatorA, `update public.live_sessions set ${column} where event_id = $1`, [place.eventId])).toMatchObject({
        ok: false,
        code: "42501",
      });
    }
    expect(await attempt(db, f.facilitatorA, "delete from public.live_sessions where event_id = $1", [place.eventId])).toMatchObject({
      ok: false,
      code: "42501",
    });

    // Staff of A, their official and a national admin start sessions of other events of A.
    for (const who of [f.officialA, f.admin]) {
      const other = await newPlace();
      expect(await start(other, who)).toMatchObject({ version: 1 });
    }
  });

  test("the session of a draft consultation's event is for its staff only", async () => {
    const place = await newPlace({ status: "draft" });
    await start(place);
    const select = "select event_id from public.live_sessions where event_id = $1";
    for (const who of [ANON, f.participant1, f.facilitatorB]) {
      expect(await attempt(db, who, select, [place.eventId])).toEqual({ ok: true, rows: [] });
      expect(await db.asCaller(who, (tx) => liveSnapshot(tx, { eventId: place.eventId }))).toBeNull();
    }
    expect(await attempt(db, f.officialA, select, [place.eventId])).toEqual({ ok: true, rows: [{ event_id: place.eventId }] });
    expect(await db.asCaller(f.officialA, (tx) => liveSnapshot(tx, { eventId: place.eventId }))).toMatchObject({ session: { phase: "welcome" } });
  });

  test("every change adds one to the version; a repeated start, phase or end changes nothing", async () => {
    const place = await newPlace();
    const [a, b] = await Promise.all([start(place), start(place)]);
    expect(a).toEqual(b);
    expect(await start(place)).toEqual(a);
    expect(await db.asService((tx) => tx.query("select count(*)::int as n from public.live_sessions where event_id = $1", [place.eventId]))).toEqual([
      { n: 1 },
    ]);
    expect(a).toMatchObject({ version: 1, phase: "welcome" });

    expect(await phase(place, "contributions", true)).toMatchObject({ version: 2 });
    expect(await phase(place, "contributions", true)).toMatchObject({ version: 2 });
    expect(await phase(place, "votes", true)).toMatchObject({ version: 3 });
    const ended = await db.asCaller(f.facilitatorA, (tx) => endLiveSession(tx, { eventId: place.eventId }));
    expect(ended).toMatchObject({ version: 4, phase: "votes" });
    expect(ended!.ended_at).toBeInstanceOf(Date);
    expect(await db.asCaller(f.facilitatorA, (tx) => endLiveSession(tx, { eventId: place.eventId }))).toEqual(ended);
    expect(await phase(place, "wrapup", true)).toBeNull();
    expect(await refusal(db.asService((tx) => tx.query("update public.live_sessions set phase = 'wrapup' where event_id = $1", [place.eventId])))).toMatchObject({
      code: "P0001",
      hint: "session_ended",
    });
    // Starting again resumes where it stopped.
    const resumed = await start(place);
    expect(resumed).toMatchObject({ version: 5, phase: "votes", phase_open: true, ended_at: null, started_at: a!.started_at });
    expect(await db.asCaller(ANON, (tx) => getLiveSession(tx, { eventId: place.eventId }))).toEqual(resumed);
  });

  // Phase gating -----------------------------------------------------------------------------------------

  test("a participant posts at the event only while the contributions phase is open; paper and online participation are never gated", async () => {
    const place = await newPlace();
    await start(place);
    const p = await newParticipant();
    expect(await refusal(post(p, place, "Pendant l'accueil on ne publie pas."))).toMatchObject(PHASE_CLOSED);
    await phase(place, "contributions", false);
    expect(await refusal(post(p, place, "Phase des contributions fermée."))).toMatchObject(PHASE_CLOSED);
    for (const other of ["reactions", "votes", "wrapup"] as const) {
      await phase(place, other, true);
      expect(await refusal(post(p, place, `Phase ${other} ouverte, pas de contribution.`))).toMatchObject(PHASE_CLOSED);
    }
    await phase(place, "contributions", true);
    expect(await post(p, place, "L'IA pourrait traduire les formulaires.")).toMatchObject({ status: "visible" });

    await phase(place, "welcome", false);
    expect(await paper(place, "Note recueillie sur papier pendant l'accueil.")).toEqual(expect.any(String));
    expect(await post(p, place, "Participation en ligne, hors de la salle.", { atEvent: false })).toMatchObject({ status: "visible" });
    expect(await refusal(post(p, place, "Toujours fermé dans la salle."))).toMatchObject(PHASE_CLOSED);
    const stored = await db.asService((tx) =>
      tx.query<{ n: number }>("select count(*)::int as n from public.contributions where consultation_id = $1", [place.consultationId]),
    );
    expect(stored).toEqual([{ n: 3 }]);
  });

  test("a participant reacts only in the open contributions or reactions phase", async () => {
    const place = await newPlace();
    await start(place);
    await phase(place, "contributions", true);
    const [author, reader] = [await newParticipant(), await newParticipant()];
    const c = (await post(author, place, "Des réponses plus rapides aux demandes."))!;
    expect(await reactTo(reader, c.id, "agree")).toEqual({ agree: 1, disagree: 0, pass: 0 });
    await phase(place, "reactions", false);
    expect(await refusal(reactTo(reader, c.id, "disagree"))).toMatchObject(PHASE_CLOSED);
    await phase(place, "votes", true);
    expect(await refusal(reactTo(author, c.id, "pass"))).toMatchObject(PHASE_CLOSED);
    await phase(place, "reactions", true);
    expect(await reactTo(reader, c.id, "disagree")).toEqual({ agree: 0, disagree: 1, pass: 0 });
    expect(await reactTo(author, c.id, "pass")).toEqual({ agree: 0, disagree: 1, pass: 1 });
  });

  test("a participant votes at the event only while the votes phase is open", async () => {
    const place = await newPlace();
    await start(place);
    const p = await newParticipant();
    for (const [name, open] of [["welcome", true], ["contributions", true], ["votes", false], ["wrapup", true]] as const) {
      await phase(place, name, open);
      expect(await refusal(vote(p, place, "proscribe"))).toMatchObject(PHASE_CLOSED);
    }
    await phase(place, "votes", true);
    await vote(p, place, "proscribe");
    await vote(p, place, "accept");
    await phase(place, "votes", false);
    expect(await refusal(vote(p, place, "unsure"))).toMatchObject(PHASE_CLOSED);
    // Voting on the consultation's own page (no event) is not the room's.
    await vote(p, place, "unsure", { atEvent: false, aiUseId: uses[1] });
    const stored = await db.asService((tx) =>
      tx.query("select ai_use_id, verdict from public.votes where participant_id = $1 order by verdict", [p.participantId]),
    );
    expect(stored).toEqual([
      { ai_use_id: uses[0], verdict: "accept" },
      { ai_use_id: uses[1], verdict: "unsure" },
    ]);
  });

  test("without a session, or once it ended, posting, reacting and voting work as before", async () => {
    for (const withSession of [false, true]) {
      const place = await newPlace();
      if (withSession) {
        await start(place);
        await db.asCaller(f.facilitatorA, (tx) => endLiveSession(tx, { eventId: place.eventId }));
      }
      const [author, reader] = [await newParticipant(), await newParticipant()];
      const c = (await post(author, place, "Une contribution sans session en cours."))!;
      expect(c).toMatchObject({ status: "visible" });
      expect(await reactTo(reader, c.id)).toEqual({ agree: 1, disagree: 0, pass: 0 });
      await vote(reader, place, "proscribe");
      const n = await db.asService((tx) =>
        tx.query<{ n: number }>("select count(*)::int as n from public.votes where event_id = $1", [place.eventId]),
      );
      expect(n).toEqual([{ n: 1 }]);
    }
  });

  // Notifications -----------------------------------------------------------------------------------------

  test("live screens are notified at commit, of running sessions only, never of a rolled-back change", async () => {
    const heard: string[] = [];
    const stop = await db.listen(LIVE_CHANNEL, (payload) => heard.push(payload));
    const notices = () => heard.map((raw) => liveNotice.parse(JSON.parse(raw)));
    const until = async (wanted: (n: LiveNotice) => boolean) => {
      for (let i = 0; i < 100; i++) {
        if (notices().some(wanted)) return;
        await new Promise((r) => setTimeout(r, 30));
      }
      throw new Error(`no notice came; heard ${JSON.stringify(heard)}`);
    };
    const of = (place: Place) => notices().filter((n) => n.e === place.eventId).map((n) => n.k);
    /** Waits until notices stop arriving (Postgres delivers them on another connection, a little later). */
    const settled = async () => {
      for (let seen = -1; seen !== heard.length; ) {
        seen = heard.length;
        await new Promise((r) => setTimeout(r, 150));
      }
    };
    try {
      const place = await newPlace();
      await start(place);
      await until((n) => n.e === place.eventId && n.k === "phase");
      expect(heard).toContain(`{"e": "${place.eventId}", "k": "phase"}`);

      await phase(place, "contributions", true);
      const [author, reader] = [await newParticipant(), await newParticipant()];
      const c = (await post(author, place, "Moins d'attente au guichet."))!;
      await until((n) => n.e === place.eventId && n.k === "contribution");
      await reactTo(reader, c.id);
      await until((n) => n.e === place.eventId && n.k === "reaction");
      await phase(place, "votes", true);
      await vote(reader, place, "accept");
      await until((n) => n.e === place.eventId && n.k === "vote");

      // Hiding, restoring and deleting are announced too.
      for (const action of ["hide", "restore"] as const) {
        await settled();
        const before = of(place).length;
        expect(await db.asCaller(f.facilitatorA, (tx) => moderate(tx, { id: c.id, action, reason: "Vérification" }))).toBe(true);
        await until(() => of(place).length > before);
        expect(of(place).at(-1)).toBe("contribution");
      }
      await phase(place, "contributions", true);
      const mine = (await post(author, place, "Je retire cette idée."))!;
      await settled();
      const beforeDelete = of(place).length;
      expect(await db.asCaller(author, (tx) => deleteContribution(tx, { id: mine.id }))).toBe(true);
      await until(() => of(place).length > beforeDelete);

      // Nothing before commit.
      await settled();
      const beforeCommit = of(place).length;
      await db.asCaller(f.facilitatorA, async (tx) => {
        await setLivePhase(tx, { eventId: place.eventId, phase: "reactions", open: true });
        await new Promise((r) => setTimeout(r, 300));
        expect(of(place).length).toBe(beforeCommit);
      });
      await until(() => of(place).length > beforeCommit);

      // A rolled-back change, and an event without a session, announce nothing; a later change does.
      const quiet = await newPlace();
      await settled();
      const mark = heard.length;
      const rolledBack = await refusal(
        db.asCaller(f.facilitatorA, async (tx) => {
          await setLivePhase(tx, { eventId: place.eventId, phase: "wrapup", open: true });
          throw new Error("rolled back");
        }),
      );
      expect(rolledBack).toMatchObject({ message: "rolled back" });
      await post(await newParticipant(), quiet, "Aucun écran n'écoute cet événement.");
      const marker = await newPlace();
      await start(marker);
      await until((n) => n.e === marker.eventId);
      expect(heard.slice(mark).every((raw) => raw.includes(marker.eventId))).toBe(true);
      expect(of(quiet)).toEqual([]);
      expect((await db.asCaller(ANON, (tx) => getLiveSession(tx, { eventId: place.eventId })))?.phase).toBe("reactions");

      // An ended session announces its end, then nothing more.
      await settled();
      const beforeEnd = of(place).length;
      await db.asCaller(f.facilitatorA, (tx) => endLiveSession(tx, { eventId: place.eventId }));
      await until(() => of(place).length > beforeEnd);
      const afterEnd = of(place).length;
      await post(await newParticipant(), place, "Après la fin de la session.");
      await start(marker);
      await phase(marker, "contributions", true);
      await until(() => of(marker).length >= 2);
      expect(of(place).length).toBe(afterEnd);
    } finally {
      await stop();
    }
  });

  // The snapshot -------------------------------------------------------------------------------------------

  test("the snapshot shows what is visible, no person, and the vote split only once results may be shown", async () => {
    const place = await newPlace({ visibility: "after_vote" });
    await start(place);
    await phase(place, "contributions", true);
    const [alice, bob, carol] = [await newParticipant(), await newParticipant(), await newParticipant()];
    const hope1 = (await post(alice, place, "Des démarches plus simples en ligne.", { kind: "hope" }))!;
    await post(bob, place, "Un accueil ouvert la nuit grâce à l'IA.", { kind: "hope" });
    const fear = (await post(bob, place, "Que mes données partent à l'étranger.", { kind: "fear" }))!;
    expect(await post(carol, place, "Écrivez-moi à carol@exemple.fr", { kind: "fear" })).toMatchObject({ status: "held" });
    const hidden = (await post(carol, place, "Une remarque que l'équipe masquera.", { kind: "fear" }))!;
    await db.asCaller(f.facilitatorA, (tx) => moderate(tx, { id: hidden.id, action: "hide", reason: "Hors sujet" }));
    await paper(place, "Une crainte notée sur papier.");
    const elsewhere = await newPlace();
    await post(alice, elsewhere, "Ailleurs, un autre café.");
    await phase(place, "reactions", true);
    await reactTo(carol, hope1.id);
    await phase(place, "votes", true);
    const dave = await newParticipant();
    await vote(alice, place, "proscribe");
    await vote(bob, place, "proscribe");
    await vote(dave, place, "accept");
    await vote(dave, place, "unsure", { aiUseId: uses[1] });
    await vote(carol, place, "accept", { atEvent: false });

    const snap = (await db.asCaller(ANON, (tx) => liveSnapshot(tx, { eventId: place.eventId })))!;
    expect(snap.session).toMatchObject({ phase: "votes", phase_open: true });
    expect(snap.counts).toEqual({ contributions: 4, hopes: 2, fears: 2, votes: 4, participants: 4 });
    expect(snap.themes).toEqual({ hope: { service_quality: 2 }, fear: { service_quality: 1, privacy: 1 } });
    expect(snap.latest.map((c) => c.body)).toEqual([
      "Une crainte notée sur papier.",
      "Que mes données partent à l'étranger.",
      "Un accueil ouvert la nuit grâce à l'IA.",
      "Des démarches plus simples en ligne.",
    ]);
    expect(snap.latest[1]).toEqual({ id: fear.id, kind: "fear", body: "Que mes données partent à l'étranger.", themes: ["service_quality"], created_at: expect.any(Date) });
    expect(snap.results_shown).toBe(false);
    expect(snap.uses).toEqual([
      { ai_use_id: uses[0], position: 0, votes: 3, bars: null },
      { ai_use_id: uses[1], position: 1, votes: 1, bars: null },
    ]);
    const text = JSON.stringify(snap);
    for (const secret of [alice, bob, carol, dave].map((p) => p.participantId).concat(f.facilitatorA.email, "carol@exemple.fr", "masquera")) {
      expect(text).not.toContain(secret);
    }
    // The same for everyone: staff and participants see no more than visitors.
    for (const who of [alice, carol, f.facilitatorA, f.admin]) {
      expect(await db.asCaller(who, (tx) => liveSnapshot(tx, { eventId: place.eventId }))).toEqual(snap);
    }

    // Results "after voting": the room sees the split once its vote is over.
    await phase(place, "votes", false);
    const revealed = (await db.asCaller(ANON, (tx) => liveSnapshot(tx, { eventId: place.eventId })))!;
    expect(revealed.results_shown).toBe(true);
    expect(revealed.uses[0]).toEqual({ ai_use_id: uses[0], position: 0, votes: 3, bars: { proscribe: 2, conditional: 0, accept: 1, unsure: 0 } });
    expect(revealed.session!.version).toBeGreaterThan(snap.session!.version);

    // A blocked author's votes leave the bars; hiding takes a contribution off every screen.
    await db.asCaller(f.facilitatorA, (tx) => blockAuthor(tx, { id: fear.id, reason: "Propos répétés" }));
    await db.asCaller(f.facilitatorA, (tx) => moderate(tx, { id: fear.id, action: "hide", reason: "Hors sujet" }));
    const after = (await db.asCaller(ANON, (tx) => liveSnapshot(tx, { eventId: place.eventId })))!;
    expect(after.uses[0].bars).toEqual({ proscribe: 1, conditional: 0, accept: 1, unsure: 0 });
    expect(after.counts).toMatchObject({ contributions: 3, fears: 1, votes: 3 });
    expect(after.latest.map((c) => c.id)).not.toContain(fear.id);
    expect(after.themes.fear).toEqual({ privacy: 1 });
  });

  test("with results shown only after closing, the room never sees the split before the consultation closes", async () => {
    const place = await newPlace({ visibility: "after_close" });
    await start(place);
    await phase(place, "votes", true);
    await vote(await newParticipant(), place, "proscribe");
    for (const [name, open] of [["votes", false], ["wrapup", true]] as const) {
      await phase(place, name, open);
      const snap = (await db.asCaller(ANON, (tx) => liveSnapshot(tx, { eventId: place.eventId })))!;
      expect(snap.results_shown).toBe(false);
      expect(snap.uses[0]).toMatchObject({ votes: 1, bars: null });
    }
    await db.asService((tx) => tx.query("update public.consultations set status = 'closed' where id = $1", [place.consultationId]));
    const closed = (await db.asCaller(ANON, (tx) => liveSnapshot(tx, { eventId: place.eventId })))!;
    expect(closed.results_shown).toBe(true);
    expect(closed.uses[0].bars).toEqual({ proscribe: 1, conditional: 0, accept: 0, unsure: 0 });
  });

  test("an event without a session has a snapshot with no session; an unknown event has none", async () => {
    const place = await newPlace();
    expect(await db.asCaller(ANON, (tx) => liveSnapshot(tx, { eventId: place.eventId }))).toMatchObject({
      session: null,
      counts: { contributions: 0, votes: 0, participants: 0 },
      themes: {},
      latest: [],
    });
    expect(await db.asCaller(ANON, (tx) => liveSnapshot(tx, { eventId: randomUUID() }))).toBeNull();
  });

  test("the figures kept by the triggers stay equal to a recount through edits, moderation, blocks, moved votes and deleted data", async () => {
    const place = await newPlace();
    // A second café of the same consultation, where a vote may move.
    const otherEventId = (
      await db.asCaller(f.facilitatorA, (tx) =>
        tx.query<{ id: string }>(
          `insert into public.events (consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address, latitude, longitude, capacity)
           values ($1, $2, 'Second café', now(), 60, 'Mairie', '2 rue du Port', 47, -1, 50) returning id`,
          [place.consultationId, f.territoryA],
        ),
      )
    )[0].id;
    await start(place);
    await phase(place, "contributions", true);
    const people = await Promise.all(Array.from({ length: 8 }, () => newParticipant()));
    const themesFor: Theme[][] = [["jobs"], ["privacy", "bias"], ["bias", "privacy"], ["efficiency"], ["inclusion", "jobs"], ["democracy"]];
    const posted: string[][] = [];
    for (const [i, p] of people.slice(0, 6).entries()) {
      posted.push([]);
      for (const kind of ["hope", "fear"] as const) {
        const c = await db.asCaller(p, (tx) =>
          postContribution(tx, {
            kind,
            body: `Idée ${kind} numéro ${i} pour le café`,
            themes: themesFor[i],
            consultationId: place.consultationId,
            eventId: place.eventId,
            participantId: p.participantId,
            requestKey: null,
          }),
        );
        posted[i].push(c!.id);
      }
    }
    await post(people[6], place, "Contactez-moi au 06 11 22 33 44 après le café");
    await paper(place, "Première note papier.");
    await paper(place, "Seconde note papier.");
    const staff = (work: (tx: Tx) => Promise<unknown>) => db.asCaller(f.facilitatorA, work);
    await db.asCaller(people[0], (tx) => editContribution(tx, { id: posted[0][0], body: "Idée revue par son autrice", themes: ["bias", "sovereignty"] }));
    await db.asCaller(people[1], (tx) => editContribution(tx, { id: posted[1][0], body: "Appelez le 06 12 34 56 78", themes: ["privacy"] }));
    await staff((tx) => moderate(tx, { id: posted[2][0], action: "hide", reason: "Hors sujet" }));
    await staff((tx) => moderate(tx, { id: posted[3][0], action: "hide", reason: "Vérification" }));
    await staff((tx) => moderate(tx, { id: posted[3][0], action: "restore", reason: "Vérifié" }));
    await db.asCaller(people[4], (tx) => deleteContribution(tx, { id: posted[4][1] }));
    await phase(place, "reactions", true);
    for (const [i, p] of people.entries()) await reactTo(p, posted[5][0], (["agree", "disagree", "pass"] as const)[i % 3]);
    await reactTo(people[7], posted[0][1]);
    await phase(place, "votes", true);
    const verdictsFor: Verdict[] = ["proscribe", "accept", "unsure", "proscribe", "accept", "unsure", "proscribe", "accept"];
    for (const [i, p] of people.entries()) {
      await vote(p, place, verdictsFor[i]);
      await vote(p, place, verdictsFor[(i + 1) % 8], { aiUseId: uses[1] });
    }
    await vote(people[0], place, "unsure");
    await staff((tx) => blockAuthor(tx, { id: posted[1][1], reason: "Propos répétés" }));
    await staff((tx) => blockAuthor(tx, { id: posted[2][1], reason: "Propos répétés" }));
    await staff((tx) => unblockAuthor(tx, { id: posted[2][1] }));
    // A vote cast again at the second café moves there.
    await db.asCaller(people[3], (tx) =>
      castVotes(tx, {
        consultationId: place.consultationId,
        territoryId: f.territoryA,
        eventId: otherEventId,
        participantId: people[3].participantId,
        entries: [{ aiUseId: uses[0], version: 1, verdict: "conditional", conditions: ["transparency"], other: null }],
      }),
    );
    // A participant deletes their data.
    expect(await attempt(db, people[7], "delete from public.participants where id = $1 returning id", [people[7].participantId])).toMatchObject({ ok: true });

    const kept = await Promise.all([place.eventId, otherEventId].map((eventId) => db.asCaller(ANON, (tx) => liveSnapshot(tx, { eventId }))));
    expect(kept[0]!.counts).toEqual({ contributions: 11, hopes: 4, fears: 7, votes: 11, participants: 7 });
    expect(kept[0]!.themes).toEqual({
      hope: { bias: 1, sovereignty: 1, efficiency: 1, inclusion: 1, jobs: 1, democracy: 1 },
      fear: { jobs: 1, privacy: 4, bias: 2, efficiency: 1, democracy: 1 },
    });
    expect(kept[1]!.uses[0]).toMatchObject({ votes: 1 });
    await db.asService((tx) => tx.query("select private.recount_live()"));
    const recounted = await Promise.all([place.eventId, otherEventId].map((eventId) => db.asCaller(ANON, (tx) => liveSnapshot(tx, { eventId }))));
    expect(recounted).toEqual(kept);
  });

  // A full hall ------------------------------------------------------------------------------------------------

  test("a full hall behind one address is not refused by a shared rate limit; the limits still stop a flood", async () => {
    const place = await newPlace();
    await start(place);
    const network = `venue-${randomUUID()}`;
    /** Sets a bucket's count in this window and the next, as if the rest of the hall had just written. */
    const used = (bucket: string, seconds: number, hits: number) =>
      db.asService((tx) =>
        tx.query(
          `insert into private.rate_counters (bucket, window_start, hits)
           select $1, to_timestamp(floor(extract(epoch from now()) / $2) * $2 + $2 * k), $3 from generate_series(0, 1) k
           on conflict (bucket, window_start) do update set hits = excluded.hits`,
          [bucket, seconds, hits],
        ),
      );
    const phone = async () => ({ ...(await newParticipant()), network });
    const RATE_LIMITED = { code: "P0001", hint: "rate_limited" };

    // 1,000 phones post 2 contributions each in the minute the phase opens: the 2,000th goes through.
    await phase(place, "contributions", true);
    await used(`event:${place.eventId}`, 60, 1999);
    await used(`net:${network}`, 300, 1999);
    expect(await post(await phone(), place, "La deux millième contribution de la salle.")).toMatchObject({ status: "visible" });
    // 8 votes each, every entry counted on its insert attempt and again when a changed vote is updated,
    // ballots resent: about 40 per phone.
    await phase(place, "votes", true);
    await used(`net-vote:${network}`, 300, 39_999);
    const voter = await phone();
    await vote(voter, place, "proscribe");
    await vote(voter, place, "accept");

    // The shared limits remain, and one phone is still stopped on its own.
    await used(`event:${place.eventId}`, 60, 5000);
    await phase(place, "contributions", true);
    expect(await refusal(post(await phone(), place, "Une de trop pour cet événement."))).toMatchObject(RATE_LIMITED);
    await used(`event:${place.eventId}`, 60, 0);
    await used(`net:${network}`, 300, 10_000);
    expect(await refusal(post(await phone(), place, "Une de trop pour ce réseau."))).toMatchObject(RATE_LIMITED);
    await used(`net:${network}`, 300, 0);
    const eager = await phone();
    for (let i = 0; i < 10; i++) await post(eager, place, `Contribution numéro ${i} du même téléphone.`);
    expect(await refusal(post(eager, place, "La onzième en cinq minutes."))).toMatchObject(RATE_LIMITED);
    await phase(place, "votes", true);
    await used(`net-vote:${network}`, 300, 50_000);
    expect(await refusal(vote(await phone(), place, "unsure"))).toMatchObject(RATE_LIMITED);
  });
});
