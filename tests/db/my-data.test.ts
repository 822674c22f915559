import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity } from "~/db.server";
import { postContribution, react, report } from "~/models/contribution.server";
import { collectMyData, deleteMyData } from "~/models/my-data.server";
import { saveProfile } from "~/models/profile.server";
import { purgeRegistrationEmails, register } from "~/models/registration.server";
import { castVotes, createAiUse, setSelection } from "~/models/vote.server";
import { seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

type Participant = Identity & { kind: "participant" };

/**
 * A participant's rights of access and erasure: they get everything held about them and nothing about
 * anyone else; erasing removes it all and every count follows, and nobody else can erase them.
 */
describe.each(targets)("a participant's own data ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let consultationId: string;
  let eventId: string;
  let aiUseId: string;

  const newParticipant = async (): Promise<Participant> => {
    const participantId = randomUUID();
    await db.asService((tx) => tx.query("insert into public.participants (id) values ($1)", [participantId]));
    return { kind: "participant", participantId };
  };

  /** One participant doing one of everything: a hope, a reaction, a report, a vote, a registration, a profile. */
  const active = async (other: { contributionId: string }, email: string) => {
    const p = await newParticipant();
    const id = p.participantId;
    const posted = await db.asCaller(p, (tx) =>
      postContribution(tx, { consultationId, eventId, participantId: id, kind: "hope", body: `Un espoir de ${email.split("@")[0]}`, themes: ["inclusion"], requestKey: randomUUID() }),
    );
    await db.asCaller(p, async (tx) => {
      await react(tx, { contributionId: other.contributionId, participantId: id, value: "agree" });
      await report(tx, { contributionId: other.contributionId, participantId: id, reason: "off_topic" });
      await castVotes(tx, {
        consultationId,
        territoryId: f.territoryA,
        eventId,
        participantId: id,
        entries: [{ aiUseId, version: 1, verdict: "conditional", conditions: ["transparency"], other: null }],
      });
      await register(tx, { eventId, participantId: id, firstName: "Camille", email });
      await saveProfile(tx, { participantId: id, skipped: false, ageBracket: "35_49", communeCode: "44109", aiUse: "weekly" });
    });
    return { participant: p, contributionId: posted!.id };
  };

  const counts = (sql: string, params: unknown[]) => db.asService((tx) => tx.query<Record<string, number>>(sql, params));

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    consultationId = (
      await db.asService((tx) =>
        tx.query<{ id: string }>(
          `insert into public.consultations (territory_id, title, starts_on, ends_on, publics, status)
           values ($1, 'Concertation « mes données »', '2026-11-01', '2027-02-01', '{all}', 'draft') returning id`,
          [f.territoryA],
        ),
      )
    )[0].id;
    aiUseId = await db.asCaller(f.admin, (tx) =>
      createAiUse(tx, {
        content: { fr: { title: "Tri automatique des courriers", what: "Un usage décrit pour ce test." } },
        domain: "administration",
        riskTier: "limited",
        territoryId: null,
        createdBy: f.admin.kind === "staff" ? f.admin.email : "test",
        requestKey: null,
      }),
    );
    await db.asCaller(f.facilitatorA, (tx) => setSelection(tx, { consultationId, territoryId: f.territoryA, aiUseIds: [aiUseId] }));
    await db.asService((tx) => tx.query("update public.consultations set status = 'open' where id = $1", [consultationId]));
    eventId = (
      await db.asService((tx) =>
        tx.query<{ id: string }>(
          `insert into public.events (consultation_id, territory_id, code, title, starts_at, duration_minutes, venue_name, address,
             latitude, longitude, capacity, registration_enabled)
           values ($1, $2, 'DATA26', 'Café IA des données', now() + interval '3 days', 90, 'Médiathèque', '1 rue de la Paix',
             47.2, -1.55, 50, true) returning id`,
          [consultationId, f.territoryA],
        ),
      )
    )[0].id;
  });
  afterAll(async () => {
    await db?.close();
  });

  test("a participant gets everything held about them, and nothing about anyone else", async () => {
    const first = await newParticipant();
    const seed = await db.asCaller(first, (tx) =>
      postContribution(tx, { consultationId, eventId, participantId: first.participantId, kind: "fear", body: "Une crainte publique", themes: ["privacy"], requestKey: randomUUID() }),
    );
    const alice = await active({ contributionId: seed!.id }, "alice@exemple.fr");
    const bob = await active({ contributionId: alice.contributionId }, "bob@exemple.fr");

    const mine = await db.asCaller(alice.participant, (tx) => collectMyData(tx, alice.participant.participantId));
    expect(mine).not.toBeNull();
    expect(mine!.participant.id).toBe(alice.participant.participantId);
    expect(mine!.contributions.map((c) => [c.body, c.consultation, c.event])).toEqual([
      ["Un espoir de alice", "Concertation « mes données »", "Café IA des données"],
    ]);
    expect(mine!.reactions).toEqual([expect.objectContaining({ contribution_id: seed!.id, contribution: "Une crainte publique", value: "agree" })]);
    expect(mine!.reports).toEqual([expect.objectContaining({ contribution_id: seed!.id, reason: "off_topic" })]);
    expect(mine!.votes).toEqual([
      expect.objectContaining({ ai_use: "Tri automatique des courriers", verdict: "conditional", conditions: ["transparency"] }),
    ]);
    expect(mine!.registrations).toEqual([expect.objectContaining({ event: "Café IA des données", first_name: "Camille", email: "alice@exemple.fr" })]);
    expect(mine!.profile).toEqual(expect.objectContaining({ age_bracket: "35_49", commune_code: "44109", ai_use: "weekly" }));
    // Nothing of Bob's is in Alice's file, and Bob, a visitor or staff asking for Alice's file get nothing.
    expect(JSON.stringify(mine)).not.toContain("bob@exemple.fr");
    expect(await db.asCaller(bob.participant, (tx) => collectMyData(tx, alice.participant.participantId))).toBeNull();
    expect(await db.asCaller(ANON, (tx) => collectMyData(tx, alice.participant.participantId)).catch((e: { code?: string }) => e.code)).toBe("42501");
    expect(await db.asCaller(f.facilitatorA, (tx) => collectMyData(tx, alice.participant.participantId))).toBeNull();
  });

  test("erasing removes every row of the participant and every count follows; nobody else can erase them", async () => {
    const first = await newParticipant();
    const seed = await db.asCaller(first, (tx) =>
      postContribution(tx, { consultationId, eventId, participantId: first.participantId, kind: "fear", body: "Une autre crainte", themes: ["bias"], requestKey: randomUUID() }),
    );
    const carol = await active({ contributionId: seed!.id }, "carol@exemple.fr");
    const dave = await active({ contributionId: carol.contributionId }, "dave@exemple.fr");
    const id = carol.participant.participantId;
    const held = () =>
      counts(
        `select (select count(*)::int from public.contributions where participant_id = $1) as contributions,
           (select count(*)::int from public.reactions where participant_id = $1) as reactions,
           (select count(*)::int from public.reports where participant_id = $1) as reports,
           (select count(*)::int from public.votes where participant_id = $1) as votes,
           (select count(*)::int from public.registrations where participant_id = $1) as registrations,
           (select count(*)::int from public.participant_profiles where participant_id = $1) as profiles,
           (select count(*)::int from public.participants where id = $1) as participants`,
        [id],
      ).then((rows) => rows[0]);
    const figures = () =>
      counts(
        `select (select agree::int from public.contribution_counts where contribution_id = $1) as agree_on_seed,
           (select total::int from public.vote_tallies where consultation_id = $2 and ai_use_id = $3) as votes_on_use,
           (select participants::int from public.territory_stats where territory_id = $4) as territory_participants,
           (select count(*)::int from public.registrations where event_id = $5 and status <> 'cancelled') as registered`,
        [seed!.id, consultationId, aiUseId, f.territoryA, eventId],
      ).then((rows) => rows[0]);
    expect(await held()).toEqual({ contributions: 1, reactions: 1, reports: 1, votes: 1, registrations: 1, profiles: 1, participants: 1 });
    const before = await figures();

    // Dave, a visitor and the territory's facilitator cannot erase Carol.
    expect(await db.asCaller(dave.participant, (tx) => deleteMyData(tx, id))).toBe(false);
    expect(await db.asCaller(f.facilitatorA, (tx) => deleteMyData(tx, id))).toBe(false);
    expect(await db.asCaller(ANON, (tx) => deleteMyData(tx, id)).catch((e: { code?: string }) => e.code)).toBe("42501");
    expect(await held()).toMatchObject({ participants: 1, contributions: 1 });

    expect(await db.asCaller(carol.participant, (tx) => deleteMyData(tx, id))).toBe(true);
    expect(await held()).toEqual({ contributions: 0, reactions: 0, reports: 0, votes: 0, registrations: 0, profiles: 0, participants: 0 });
    const after = await figures();
    expect(after.agree_on_seed).toBe(before.agree_on_seed - 1);
    expect(after.votes_on_use).toBe(before.votes_on_use - 1);
    expect(after.territory_participants).toBe(before.territory_participants - 1);
    expect(after.registered).toBe(before.registered - 1);
    // Dave's reaction to Carol's (now gone) contribution went with it; Dave's own rows stay.
    const daveLeft = await db.asCaller(dave.participant, (tx) => collectMyData(tx, dave.participant.participantId));
    expect(daveLeft!.reactions).toEqual([]);
    expect(daveLeft!.contributions).toHaveLength(1);
    // Erasing twice is harmless.
    expect(await db.asCaller(carol.participant, (tx) => deleteMyData(tx, id))).toBe(false);
  });

  test("registration emails are erased once the event has been over for the retention delay, and only then", async () => {
    const event = async (code: string) =>
      (
        await db.asService((tx) =>
          tx.query<{ id: string }>(
            `insert into public.events (consultation_id, territory_id, code, title, starts_at, duration_minutes, venue_name, address,
               latitude, longitude, capacity, registration_enabled)
             values ($1, $2, $3, 'Café IA de rétention', now() + interval '1 day', 120, 'Salle', '2 rue du Test', 47.2, -1.55, 50, true)
             returning id`,
            [consultationId, f.territoryA, code],
          ),
        )
      )[0].id;
    // Registrations open only before an event: register first, then move the event to its date.
    const when = (eventId: string, startsAgo: string) =>
      db.asService((tx) => tx.query("update public.events set starts_at = now() - $2::interval where id = $1", [eventId, startsAgo]));
    // Over 31 days ago; over 9 days ago; starting in a week.
    const [old, recent, coming] = [await event("RETA26"), await event("RETB26"), await event("RETC26")];
    for (const [i, eventId] of [old, recent, coming].entries()) {
      const p = await newParticipant();
      await db.asService((tx) =>
        tx.query(
          `insert into public.registrations (event_id, participant_id, first_name, email, status, cancel_token_hash)
           values ($1, $2, 'Sam', $3, 'confirmed', $4)`,
          [eventId, p.participantId, `sam${i}@exemple.fr`, randomUUID()],
        ),
      );
    }
    await when(old, "31 days 2 hours");
    await when(recent, "9 days 2 hours");
    await when(coming, "-7 days");
    const emails = () =>
      db.asService((tx) =>
        tx.query<{ code: string; email: string | null; first_name: string }>(
          `select e.code, r.email, r.first_name from public.registrations r join public.events e on e.id = r.event_id
           where e.code like 'RET%' order by e.code`,
        ),
      );
    expect(await db.asService((tx) => purgeRegistrationEmails(tx, { days: 30 }))).toBe(1);
    expect(await emails()).toEqual([
      { code: "RETA26", email: null, first_name: "Sam" },
      { code: "RETB26", email: "sam1@exemple.fr", first_name: "Sam" },
      { code: "RETC26", email: "sam2@exemple.fr", first_name: "Sam" },
    ]);
    expect(await db.asService((tx) => purgeRegistrationEmails(tx, { days: 30 }))).toBe(0);
    // With no delay, every event that is over loses its emails; one still to come keeps them.
    expect(await db.asService((tx) => purgeRegistrationEmails(tx, { days: 0 }))).toBe(1);
    expect((await emails()).map((r) => r.email)).toEqual([null, null, "sam2@exemple.fr"]);
  });
});
