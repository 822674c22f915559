import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity } from "~/db.server";
import { openConsultation } from "~/models/consultation.server";
import { listForParticipant, postContribution, report, typePaperContribution } from "~/models/contribution.server";
import { scheduleEvent } from "~/models/event.server";
import { moderate, moderationLog, moderationQueue } from "~/models/moderation.server";
import type { Theme } from "~/themes";
import { attempt, seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

type Participant = Identity & { kind: "participant" };

const consultationInput = { title: "Concertation", description: "", startsOn: "2026-11-01", endsOn: "2027-02-01", publics: ["all" as const] };

const eventInput = {
  title: "Café IA papier",
  description: "",
  startsAt: new Date(Date.now() + 7 * 86_400_000),
  durationMinutes: 120,
  venueName: "Médiathèque",
  address: "1 place de la Mairie",
  latitude: 47.2,
  longitude: -1.55,
  audience: "all" as const,
  capacity: 30,
  accessible: true,
  accessibilityNotes: "",
  onlineUrl: null,
  registrationEnabled: true,
};

describe.each(targets)("moderation and paper notes ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let consultationA: string;
  let eventA: string;

  const newParticipant = async (): Promise<Participant> => {
    const id = randomUUID();
    await db.asCaller(ANON, (tx) => tx.query("insert into public.participants (id) values ($1)", [id]));
    return { kind: "participant", participantId: id };
  };
  const post = async (p: Participant, body: string) => {
    const row = await db.asCaller(p, (tx) =>
      postContribution(tx, { kind: "fear", body, themes: ["privacy"], consultationId: consultationA, eventId: null, participantId: p.participantId, requestKey: null }),
    );
    return row!;
  };
  const typeNote = (who: Identity, body: string, over: { consultationId?: string; requestKey?: string | null; themes?: Theme[] } = {}) =>
    db.asCaller(who, (tx) =>
      typePaperContribution(tx, {
        kind: "hope",
        body,
        themes: over.themes ?? ["service_quality"],
        consultationId: over.consultationId ?? consultationA,
        eventId: eventA,
        enteredBy: who.kind === "staff" ? who.email : "someone",
        requestKey: over.requestKey ?? null,
      }),
    );
  const hide = (who: Identity, id: string, reason = "Hors sujet") => db.asCaller(who, (tx) => moderate(tx, { id, action: "hide", reason }));
  const restore = (who: Identity, id: string, reason = "Relu, conforme") => db.asCaller(who, (tx) => moderate(tx, { id, action: "restore", reason }));
  /** The row as it is in the database, whatever RLS says. */
  const stored = async (id: string) =>
    (await db.asService((tx) => tx.query<{ status: string; held_reason: string | null }>("select status, held_reason from public.contributions where id = $1", [id])))[0];
  const logOf = async (id: string) =>
    db.asService((tx) => tx.query<{ action: string; reason: string; actor: string }>("select action, reason, actor from public.moderation_log where contribution_id = $1 order by created_at", [id]));
  const bodiesSeenBy = async (who: Identity, participantId: string | null) =>
    (await db.asCaller(who, (tx) => listForParticipant(tx, { consultationId: consultationA, participantId, limit: 500 }))).map((c) => c.id);
  const rawSeenBy = async (who: Identity, id: string) => {
    const r = await attempt(db, who, "select id from public.contributions where id = $1", [id]);
    return r.ok ? r.rows.length : -1;
  };

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    consultationA = await db.asCaller(f.facilitatorA, (tx) =>
      openConsultation(tx, { ...consultationInput, status: "open", territoryId: f.territoryA, createdBy: "test" }),
    );
    eventA = (await db.asCaller(f.facilitatorA, (tx) => scheduleEvent(tx, { ...eventInput, consultationId: consultationA, createdBy: "test" })))!.id;
  });
  afterAll(async () => {
    await db?.close();
  });

  test("only staff of the territory and national admins moderate; others change nothing", async () => {
    const author = await newParticipant();
    const c = await post(author, "Je crains que l'IA décide à notre place.");
    for (const who of [f.facilitatorB, f.stranger, author, ANON]) {
      expect(await hide(who, c.id)).toBe(false);
    }
    expect(await stored(c.id)).toMatchObject({ status: "visible" });
    expect(await logOf(c.id)).toEqual([]);
    // Staff of B see what the public sees of A, nothing held or hidden.
    const seenByB = await db.asCaller(f.facilitatorB, (tx) => moderationQueue(tx, { consultationId: consultationA }));
    expect(seenByB.every((q) => q.status === "visible")).toBe(true);
    expect(await hide(f.admin, c.id, "Doublon")).toBe(true);
    expect(await restore(f.officialA, c.id, "Pas un doublon")).toBe(true);
    expect((await logOf(c.id)).map((l) => l.actor)).toEqual([f.admin.email, f.officialA.email]);
    expect(await db.asCaller(f.facilitatorB, (tx) => moderationLog(tx, { consultationId: consultationA }))).toEqual([]);
  });

  test("hiding writes one log line; the contribution leaves everyone's view but its author's and staff's, and is kept", async () => {
    const [author, other] = [await newParticipant(), await newParticipant()];
    const c = await post(author, "Une idée hors sujet sur le marché de Noël.");
    expect(await bodiesSeenBy(other, other.participantId)).toContain(c.id);
    expect(await hide(f.facilitatorA, c.id, "  Hors sujet : marché de Noël  ")).toBe(true);

    const lines = await logOf(c.id);
    expect(lines).toEqual([{ action: "hide", reason: "Hors sujet : marché de Noël", actor: f.facilitatorA.email }]);
    const log = await db.asCaller(f.facilitatorA, (tx) => moderationLog(tx, { consultationId: consultationA }));
    expect(log.filter((l) => l.contribution_id === c.id)).toMatchObject([{ action: "hide", actor: f.facilitatorA.email, body: "Une idée hors sujet sur le marché de Noël.", reason: "Hors sujet : marché de Noël" }]);

    expect(await bodiesSeenBy(ANON, null)).not.toContain(c.id);
    expect(await bodiesSeenBy(other, other.participantId)).not.toContain(c.id);
    expect(await rawSeenBy(ANON, c.id)).toBe(0);
    expect(await rawSeenBy(other, c.id)).toBe(0);
    expect(await rawSeenBy(f.facilitatorB, c.id)).toBe(0);
    expect(await bodiesSeenBy(author, author.participantId)).toContain(c.id);
    expect(await rawSeenBy(f.facilitatorA, c.id)).toBe(1);
    const queued = (await db.asCaller(f.facilitatorA, (tx) => moderationQueue(tx, { consultationId: consultationA }))).find((q) => q.id === c.id);
    expect(queued).toMatchObject({ status: "hidden", body: "Une idée hors sujet sur le marché de Noël." });
    expect(await stored(c.id)).toMatchObject({ status: "hidden" });

    expect(await restore(f.facilitatorA, c.id, "Finalement dans le sujet")).toBe(true);
    expect(await stored(c.id)).toMatchObject({ status: "visible" });
    expect((await logOf(c.id)).map((l) => [l.action, l.reason])).toEqual([
      ["hide", "Hors sujet : marché de Noël"],
      ["restore", "Finalement dans le sujet"],
    ]);
    expect(await bodiesSeenBy(ANON, null)).toContain(c.id);
    expect(await bodiesSeenBy(other, other.participantId)).toContain(c.id);
  });

  test("a reason is required: empty, blank, too short or too long is refused and changes nothing", async () => {
    const author = await newParticipant();
    const c = await post(author, "Une crainte parfaitement correcte.");
    for (const reason of ["", "   ", "ab", "x".repeat(501)]) {
      const refused = await hide(f.facilitatorA, c.id, reason).catch((e: { code?: string }) => e.code);
      expect(refused).toBe("P0001");
    }
    const badAction = await db
      .asCaller(f.facilitatorA, (tx) => moderate(tx, { id: c.id, action: "delete" as "hide", reason: "Supprimer" }))
      .catch((e: { code?: string }) => e.code);
    expect(badAction).toBe("P0001");
    expect(await stored(c.id)).toMatchObject({ status: "visible" });
    expect(await logOf(c.id)).toEqual([]);
  });

  test("an email, a phone number or an insult holds a contribution for review; publishing it makes it visible", async () => {
    const [author, other] = [await newParticipant(), await newParticipant()];
    const cases = [
      ["Écrivez-moi à camille.martin@exemple.fr pour en parler", "email"],
      ["Appelez le 06 12 34 56 78 si besoin", "phone"],
      ["Celui qui a eu cette idée est un connard", "insult"],
    ] as const;
    const held: string[] = [];
    for (const [body, reason] of cases) {
      const c = await post(author, body);
      expect(c).toMatchObject({ status: "held", held_reason: reason });
      expect(await stored(c.id)).toEqual({ status: "held", held_reason: reason });
      held.push(c.id);
    }
    for (const id of held) {
      expect(await rawSeenBy(ANON, id)).toBe(0);
      expect(await rawSeenBy(other, id)).toBe(0);
      expect(await rawSeenBy(author, id)).toBe(1);
    }
    const queue = await db.asCaller(f.facilitatorA, (tx) => moderationQueue(tx, { consultationId: consultationA }));
    expect(queue.filter((q) => held.includes(q.id)).map((q) => q.held_reason).sort()).toEqual(["email", "insult", "phone"]);
    // Held ones come first in the queue.
    expect(held).toContain(queue[0].id);

    expect(await restore(f.facilitatorA, held[0], "Adresse de la mairie, publique")).toBe(true);
    expect(await stored(held[0])).toMatchObject({ status: "visible" });
    expect(await bodiesSeenBy(ANON, null)).toContain(held[0]);
    expect(await hide(f.facilitatorA, held[2], "Propos injurieux")).toBe(true);
    expect(await stored(held[2])).toMatchObject({ status: "hidden" });
  });

  test("the queue counts reports with their reasons and flags bursts", async () => {
    const [author, reporter, burster] = [await newParticipant(), await newParticipant(), await newParticipant()];
    const c = await post(author, "Une idée que quelqu'un va signaler.");
    await db.asCaller(reporter, (tx) => report(tx, { contributionId: c.id, participantId: reporter.participantId, reason: "off_topic" }));
    const burst: string[] = [];
    for (let i = 0; i < 5; i++) burst.push((await post(burster, `Envoi rapide numéro ${i}`)).id);
    const queue = await db.asCaller(f.facilitatorA, (tx) => moderationQueue(tx, { consultationId: consultationA }));
    expect(queue.find((q) => q.id === c.id)).toMatchObject({ reports: 1, report_reasons: ["off_topic"], burst: false, source: "online" });
    expect(queue.filter((q) => burst.includes(q.id)).every((q) => q.burst)).toBe(true);
  });

  test("staff type paper notes: source paper, no participant, visible to all, attributed to the event", async () => {
    const id = await typeNote(f.facilitatorA, "Plus de temps pour l'accueil des habitants");
    expect(id).toBeTruthy();
    const row = await db.asService((tx) =>
      tx.query("select source, participant_id, status, event_id, entered_by from public.contributions where id = $1", [id]),
    );
    expect(row).toEqual([{ source: "paper", participant_id: null, status: "visible", event_id: eventA, entered_by: f.facilitatorA.email }]);
    expect(await bodiesSeenBy(ANON, null)).toContain(id);
    const other = await newParticipant();
    expect(await bodiesSeenBy(other, other.participantId)).toContain(id);
    expect(await typeNote(f.admin, "Une note saisie par la coordination nationale")).toBeTruthy();
  });

  test("a paper note is never held by the screening, but staff can still hide it", async () => {
    const id = (await typeNote(f.facilitatorA, "Contact : 06 12 34 56 78 (noté sur le post-it)"))!;
    expect(await stored(id)).toMatchObject({ status: "visible" });
    expect(await hide(f.facilitatorA, id, "Numéro de téléphone")).toBe(true);
    expect(await rawSeenBy(ANON, id)).toBe(0);
  });

  test("participants cannot type paper notes, nor staff of another territory", async () => {
    const p = await newParticipant();
    const asParticipant = await typeNote(p, "Fausse note papier").catch((e: { code?: string }) => e.code);
    expect(asParticipant).toBe("42501");
    const raw = await attempt(
      db,
      p,
      "insert into public.contributions (consultation_id, territory_id, event_id, kind, body, themes, source) values ($1, $2, $3, 'hope', 'Faux papier', '{jobs}', 'paper')",
      [consultationA, f.territoryA, eventA],
    );
    expect(raw).toMatchObject({ ok: false, code: "42501" });
    const asB = await typeNote(f.facilitatorB, "Intrusion depuis le territoire B").catch((e: { code?: string }) => e.code);
    expect(asB).toBe("42501");
    const asAnon = await typeNote(ANON, "Note anonyme").catch((e: { code?: string }) => e.code);
    expect(asAnon).toBe("42501");
    const forB = await attempt(
      db,
      f.facilitatorB,
      "insert into public.contributions (consultation_id, territory_id, kind, body, themes, source) values ($1, $2, 'hope', 'Mauvais territoire', '{jobs}', 'paper')",
      [consultationA, f.territoryB],
    );
    expect(forB.ok).toBe(false);
    const count = await db.asService((tx) =>
      tx.query<{ n: number }>("select count(*)::int as n from public.contributions where body in ('Fausse note papier', 'Faux papier', 'Intrusion depuis le territoire B', 'Note anonyme', 'Mauvais territoire')"),
    );
    expect(count[0].n).toBe(0);
  });

  test("the same request key twice (a double Enter) gives one note", async () => {
    const key = randomUUID();
    const first = await typeNote(f.facilitatorA, "Une note envoyée deux fois", { requestKey: key });
    const second = await typeNote(f.facilitatorA, "Une note envoyée deux fois", { requestKey: key });
    expect(first).toBeTruthy();
    expect(second).toBeNull();
    // Two submits racing with one key: one wins, the other waits on the unique key and writes nothing.
    const k = randomUUID();
    const both = await Promise.all([typeNote(f.facilitatorA, "En même temps", { requestKey: k }), typeNote(f.facilitatorA, "En même temps", { requestKey: k })]);
    expect(both.filter(Boolean)).toHaveLength(1);
    const rows = await db.asService((tx) =>
      tx.query<{ body: string; n: number }>(
        "select body, count(*)::int as n from public.contributions where body in ('Une note envoyée deux fois', 'En même temps') group by body order by body",
      ),
    );
    expect(rows).toEqual([
      { body: "En même temps", n: 1 },
      { body: "Une note envoyée deux fois", n: 1 },
    ]);
  });
});
