import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity } from "~/db.server";
import { CODE_PATTERN } from "~/domain";
import { cancelEvent, getEventByCode, scheduleEvent, updateEvent, type EventInput } from "~/models/event.server";
import { openConsultation } from "~/models/consultation.server";
import { cancelByToken, listRegistrations, register } from "~/models/registration.server";
import { sendDueReminders } from "~/reminders.server";
import { attempt, seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

const inTwoWeeks = () => new Date(Date.now() + 14 * 86_400_000);

const eventInput = (over: Partial<EventInput> = {}): EventInput => ({
  title: "Café IA test",
  description: "",
  startsAt: inTwoWeeks(),
  durationMinutes: 120,
  venueName: "Salle des fêtes",
  address: "1 place de la Mairie",
  latitude: 47.2,
  longitude: -1.55,
  audience: "all",
  capacity: 20,
  accessible: true,
  accessibilityNotes: "",
  onlineUrl: null,
  registrationEnabled: true,
  ...over,
});

const consultationInput = {
  title: "Concertation",
  description: "",
  startsOn: "2026-11-01",
  endsOn: "2027-02-01",
  publics: ["all" as const],
};

describe.each(targets)("consultations, events and registrations ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let openA: string;
  let draftA: string;

  const newParticipant = async (): Promise<Identity & { kind: "participant" }> => {
    const id = randomUUID();
    await db.asCaller(ANON, (tx) => tx.query("insert into public.participants (id) values ($1)", [id]));
    return { kind: "participant", participantId: id };
  };
  const schedule = (who: Identity, consultationId: string, over: Partial<EventInput> = {}) =>
    db.asCaller(who, (tx) => scheduleEvent(tx, { ...eventInput(over), consultationId, createdBy: "test" }));

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    openA = await db.asCaller(f.facilitatorA, (tx) =>
      openConsultation(tx, { ...consultationInput, status: "open", territoryId: f.territoryA, createdBy: "test" }),
    );
    draftA = await db.asCaller(f.facilitatorA, (tx) =>
      openConsultation(tx, { ...consultationInput, status: "draft", territoryId: f.territoryA, createdBy: "test" }),
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  test("staff of another territory cannot open a consultation, schedule, edit or cancel an event there", async () => {
    const consultation = await attempt(
      db,
      f.facilitatorB,
      "insert into public.consultations (territory_id, title, starts_on, ends_on) values ($1, 'Intrusion', '2026-12-01', '2026-12-31')",
      [f.territoryA],
    );
    expect(consultation).toMatchObject({ ok: false, code: "42501" });
    const scheduled = await schedule(f.facilitatorB, openA).catch((e: { code?: string }) => e.code);
    expect(scheduled).toBe("42501");
    const own = await schedule(f.facilitatorA, openA);
    expect(own?.code).toMatch(CODE_PATTERN);
    const edited = await db.asCaller(f.facilitatorB, (tx) => updateEvent(tx, { ...eventInput({ title: "Piraté" }), id: own!.id }));
    expect(edited).toBe(false);
    const cancelled = await db.asCaller(f.facilitatorB, (tx) => cancelEvent(tx, { id: own!.id, reason: "non" }));
    expect(cancelled).toBe(false);
    const participant = await newParticipant();
    expect((await db.asCaller(participant, (tx) => cancelEvent(tx, { id: own!.id, reason: "non" })))).toBe(false);
    const after = await db.asCaller(ANON, (tx) => getEventByCode(tx, { code: own!.code }));
    expect(after).toMatchObject({ title: "Café IA test", cancelled_at: null });
    expect(await db.asCaller(f.officialA, (tx) => cancelEvent(tx, { id: own!.id, reason: "Salle indisponible" }))).toBe(true);
    expect(await db.asCaller(ANON, (tx) => getEventByCode(tx, { code: own!.code }))).toMatchObject({ cancel_reason: "Salle indisponible" });
  });

  test("a consultation's territory cannot be changed and an event cannot be moved to another territory", async () => {
    const moved = await attempt(db, f.admin, "update public.consultations set territory_id = $1 where id = $2", [f.territoryB, openA]);
    expect(moved).toMatchObject({ ok: false, code: "42501" });
    const own = await schedule(f.facilitatorA, openA);
    const code = await attempt(db, f.facilitatorA, "update public.events set code = 'ZZZZZZ' where id = $1", [own!.id]);
    expect(code).toMatchObject({ ok: false, code: "42501" });
  });

  test("drafts and their events are visible to their staff only", async () => {
    const ev = await schedule(f.facilitatorA, draftA);
    expect(await db.asCaller(ANON, (tx) => getEventByCode(tx, { code: ev!.code }))).toBeNull();
    expect(await db.asCaller(f.facilitatorB, (tx) => getEventByCode(tx, { code: ev!.code }))).toBeNull();
    expect(await db.asCaller(f.facilitatorA, (tx) => getEventByCode(tx, { code: ev!.code }))).not.toBeNull();
    const participant = await newParticipant();
    const refused = await db
      .asCaller(participant, (tx) => register(tx, { eventId: ev!.id, participantId: participant.participantId, firstName: "Léa", email: null }))
      .catch((e: { code?: string }) => e.code);
    expect(refused).toBe("42501");
  });

  test("a participant cannot read other people's registrations; staff of the territory can, others cannot", async () => {
    const ev = await schedule(f.facilitatorA, openA);
    const [alice, bob] = [await newParticipant(), await newParticipant()];
    await db.asCaller(alice, (tx) => register(tx, { eventId: ev!.id, participantId: alice.participantId, firstName: "Alice", email: "alice@exemple.fr" }));
    await db.asCaller(bob, (tx) => register(tx, { eventId: ev!.id, participantId: bob.participantId, firstName: "Bob", email: null }));
    const seenByBob = await db.asCaller(bob, (tx) => listRegistrations(tx, { eventId: ev!.id }));
    expect(seenByBob.map((r) => r.first_name)).toEqual(["Bob"]);
    expect(await db.asCaller(ANON, (tx) => tx.query("select 1 from public.registrations")).catch((e: { code?: string }) => e.code)).toBe("42501");
    expect((await db.asCaller(f.facilitatorB, (tx) => listRegistrations(tx, { eventId: ev!.id }))).length).toBe(0);
    expect((await db.asCaller(f.officialA, (tx) => listRegistrations(tx, { eventId: ev!.id }))).map((r) => r.first_name)).toEqual(["Alice", "Bob"]);
    // Bob cannot cancel or rename Alice's registration.
    const sneaky = await attempt(db, bob, "update public.registrations set status = 'cancelled' where first_name = 'Alice' returning id");
    expect(sneaky).toEqual({ ok: true, rows: [] });
    const rename = await attempt(db, bob, "update public.registrations set first_name = 'X' where participant_id = $1", [bob.participantId]);
    expect(rename).toMatchObject({ ok: false, code: "42501" });
    // Staff of another territory cannot delete them.
    const wiped = await attempt(db, f.facilitatorB, "delete from public.registrations where event_id = $1 returning id", [ev!.id]);
    expect(wiped).toEqual({ ok: true, rows: [] });
  });

  test("100 concurrent registrations for 20 places give exactly 20 confirmed and 80 waiting", async () => {
    const ev = await schedule(f.facilitatorA, openA, { capacity: 20 });
    const people = await Promise.all(Array.from({ length: 100 }, () => newParticipant()));
    // Each transaction stays open a moment after registering, so on Postgres they truly overlap.
    await Promise.all(
      people.map((p, i) =>
        db.asCaller(p, async (tx) => {
          await register(tx, { eventId: ev!.id, participantId: p.participantId, firstName: `P${i}`, email: null });
          await tx.query("select pg_sleep(0.01)");
        }),
      ),
    );
    const all = await db.asCaller(f.facilitatorA, (tx) => listRegistrations(tx, { eventId: ev!.id }));
    expect(all.filter((r) => r.status === "confirmed")).toHaveLength(20);
    expect(all.filter((r) => r.status === "waiting")).toHaveLength(80);
  });

  test("a double submit registers once; a freed place goes to the first person waiting", async () => {
    const ev = await schedule(f.facilitatorA, openA, { capacity: 1 });
    const [first, second, third] = [await newParticipant(), await newParticipant(), await newParticipant()];
    const reg = (p: typeof first, name: string) =>
      db.asCaller(p, (tx) => register(tx, { eventId: ev!.id, participantId: p.participantId, firstName: name, email: null }));
    const [a, again] = await Promise.all([reg(first, "Un"), reg(first, "Un")]);
    expect(a.registration.id).toBe(again.registration.id);
    expect([a.cancelToken, again.cancelToken].filter(Boolean)).toHaveLength(1);
    expect((await reg(second, "Deux")).registration.status).toBe("waiting");
    expect((await reg(third, "Trois")).registration.status).toBe("waiting");
    const token = (a.cancelToken ?? again.cancelToken)!;
    expect(await db.asCaller(ANON, (tx) => cancelByToken(tx, { token }))).toBe(ev!.id);
    expect(await db.asCaller(ANON, (tx) => cancelByToken(tx, { token }))).toBeNull();
    const after = await db.asCaller(f.facilitatorA, (tx) => listRegistrations(tx, { eventId: ev!.id }));
    expect(after.map((r) => [r.first_name, r.status])).toEqual([
      ["Deux", "confirmed"],
      ["Trois", "waiting"],
      ["Un", "cancelled"],
    ]);
    // More places: the waiting list moves up.
    await db.asCaller(f.facilitatorA, (tx) => updateEvent(tx, { ...eventInput({ capacity: 5 }), id: ev!.id }));
    const grown = await db.asCaller(f.facilitatorA, (tx) => listRegistrations(tx, { eventId: ev!.id }));
    expect(grown.filter((r) => r.status === "confirmed").map((r) => r.first_name)).toEqual(["Deux", "Trois"]);
  });

  test("nobody registers for a cancelled event or one without registration", async () => {
    const closed = await schedule(f.facilitatorA, openA, { registrationEnabled: false });
    const p = await newParticipant();
    const refused = await db
      .asCaller(p, (tx) => register(tx, { eventId: closed!.id, participantId: p.participantId, firstName: "Zoé", email: null }))
      .catch((e: { message: string }) => e.message);
    expect(refused).toMatch(/registration closed/);
  });

  test("a double submit of the same form opens one consultation and schedules one event", async () => {
    const key = randomUUID();
    const open = () =>
      db.asCaller(f.facilitatorA, (tx) =>
        openConsultation(tx, { ...consultationInput, status: "open", territoryId: f.territoryA, createdBy: "test", requestKey: key }),
      );
    const [c1, c2] = await Promise.all([open(), open()]);
    expect(c1).toBe(c2);
    const eventKey = randomUUID();
    const make = () =>
      db.asCaller(f.facilitatorA, (tx) => scheduleEvent(tx, { ...eventInput(), consultationId: c1, createdBy: "test", requestKey: eventKey }));
    const [e1, e2] = await Promise.all([make(), make()]);
    expect(e1).toEqual(e2);
    const count = await db.asService((tx) =>
      tx.query<{ n: number }>("select count(*)::int as n from public.events where consultation_id = $1", [c1]),
    );
    expect(count[0].n).toBe(1);
  });

  test("join codes are unique and unambiguous", async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const ev = await schedule(f.facilitatorA, openA);
      expect(ev!.code).toMatch(CODE_PATTERN);
      expect(ev!.code).not.toMatch(/[O0I1]/);
      codes.add(ev!.code);
    }
    expect(codes.size).toBe(60);
    const [existing] = [...codes];
    const duplicate = await db
      .asService((tx) =>
        tx.query(
          `insert into public.events (code, consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address, latitude, longitude, capacity)
           select $1, id, territory_id, 'Doublon', now(), 60, 'Salle', 'Adresse', 47, -1, 10 from public.consultations where id = $2`,
          [existing, openA],
        ),
      )
      .catch((e: { code?: string }) => e.code);
    expect(duplicate).toBe("23505");
  });
});

describe.each(targets)("registration reminders ($name)", (target) => {
  test("a confirmed registration with an email gets one reminder the day before, in its language", async () => {
    const db = await openMigrated(target);
    try {
      const f = await seedPeople(db);
      const consultationId = await db.asCaller(f.facilitatorA, (tx) =>
        openConsultation(tx, { ...consultationInput, status: "open", territoryId: f.territoryA, createdBy: "t" }),
      );
      const soon = await db.asCaller(f.facilitatorA, (tx) =>
        scheduleEvent(tx, { ...eventInput({ title: "Café demain", startsAt: new Date(Date.now() + 12 * 3_600_000) }), consultationId, createdBy: "t" }),
      );
      const later = await db.asCaller(f.facilitatorA, (tx) =>
        scheduleEvent(tx, { ...eventInput({ title: "Café plus tard", startsAt: new Date(Date.now() + 72 * 3_600_000) }), consultationId, createdBy: "t" }),
      );
      for (const [event, email, locale] of [[soon, "lea@exemple.fr", "en"], [later, "max@exemple.fr", "fr"], [soon, null, "fr"]] as const) {
        const id = randomUUID();
        await db.asCaller(ANON, (tx) => tx.query("insert into public.participants (id) values ($1)", [id]));
        await db.asCaller({ kind: "participant", participantId: id }, (tx) =>
          register(tx, { eventId: event!.id, participantId: id, firstName: "P", email, locale }),
        );
      }
      expect(await sendDueReminders(db, { origin: "http://localhost:3000" })).toBe(1);
      expect(await sendDueReminders(db, { origin: "http://localhost:3000" })).toBe(0);
      const mails = await db.asService((tx) => tx.query<{ to_email: string; subject: string; body: string }>("select to_email, subject, body from auth.mailbox"));
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ to_email: "lea@exemple.fr", subject: "Reminder: Café demain tomorrow" });
      expect(mails[0].body).toContain(`http://localhost:3000/e/${soon!.code}`);
    } finally {
      await db.close();
    }
  });
});
