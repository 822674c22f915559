import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database, type Identity } from "~/db.server";
import { openConsultation, updateConsultation } from "~/models/consultation.server";
import { deleteContribution, editContribution, listForParticipant, postContribution, react, report } from "~/models/contribution.server";
import { getProfile, saveProfile } from "~/models/profile.server";
import { attempt, seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

type Participant = Identity & { kind: "participant" };

describe.each(targets)("contributions and reactions ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let consultationId: string;

  const newParticipant = async (): Promise<Participant> => {
    const id = randomUUID();
    await db.asCaller(ANON, (tx) => tx.query("insert into public.participants (id) values ($1)", [id]));
    return { kind: "participant", participantId: id };
  };
  const post = (p: Participant, body: string, over: { consultation?: string; requestKey?: string | null } = {}) =>
    db.asCaller(p, (tx) =>
      postContribution(tx, {
        kind: "fear",
        body,
        themes: ["privacy"],
        consultationId: over.consultation ?? consultationId,
        eventId: null,
        participantId: p.participantId,
        requestKey: over.requestKey ?? null,
      }),
    );
  const visibleTo = async (who: Identity, participantId: string | null) =>
    (await db.asCaller(who, (tx) => listForParticipant(tx, { consultationId, participantId, limit: 500 }))).map((c) => c.body);

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    consultationId = await db.asCaller(f.facilitatorA, (tx) =>
      openConsultation(tx, { title: "Concertation", description: "", startsOn: "2026-11-01", endsOn: "2027-01-31", publics: ["all"], status: "open", territoryId: f.territoryA, createdBy: "t" }),
    );
  });
  afterAll(async () => {
    await db?.close();
  });

  test("a participant sees visible contributions and their own held or hidden ones, never others'", async () => {
    const [alice, bob] = [await newParticipant(), await newParticipant()];
    await post(alice, "Je crains pour mes données de santé.");
    const held = await post(alice, "Écrivez-moi à alice@exemple.fr pour en parler");
    expect(held).toMatchObject({ status: "held", held_reason: "email" });
    const phone = await post(bob, "Appelez le 06 12 34 56 78 pour en discuter");
    expect(phone).toMatchObject({ status: "held", held_reason: "phone" });
    const insult = await post(bob, "Les élus sont des connards avec leur IA");
    expect(insult).toMatchObject({ status: "held", held_reason: "insult" });
    const hiddenOne = await post(bob, "Une idée que l'équipe va masquer");
    await db.asCaller(f.facilitatorA, (tx) => tx.query("select private.moderate_contribution($1, 'hide', 'Hors sujet')", [hiddenOne!.id]));

    const seenByAlice = await visibleTo(alice, alice.participantId);
    expect(seenByAlice).toContain("Écrivez-moi à alice@exemple.fr pour en parler");
    expect(seenByAlice).not.toContain("Appelez le 06 12 34 56 78 pour en discuter");
    expect(seenByAlice).not.toContain("Une idée que l'équipe va masquer");
    const seenByBob = await visibleTo(bob, bob.participantId);
    expect(seenByBob).toContain("Une idée que l'équipe va masquer");
    expect(seenByBob).not.toContain("Écrivez-moi à alice@exemple.fr pour en parler");
    const seenByAnon = await visibleTo(ANON, null);
    expect(seenByAnon).toContain("Je crains pour mes données de santé.");
    expect(seenByAnon.some((b) => /alice@|06 12|connards|masquer/.test(b))).toBe(false);
    const raw = await attempt(db, f.participant1, "select body from public.contributions where status <> 'visible'");
    expect(raw).toEqual({ ok: true, rows: [] });
    const staff = await attempt(db, f.facilitatorA, "select body from public.contributions where status <> 'visible'");
    expect(staff.ok && staff.rows.length).toBe(4);
    expect((await attempt(db, f.facilitatorB, "select body from public.contributions where status <> 'visible'"))).toEqual({ ok: true, rows: [] });
  });

  test("a participant cannot set their contribution's status or source, nor post as someone else", async () => {
    const p = await newParticipant();
    const forged = await attempt(
      db,
      p,
      "insert into public.contributions (consultation_id, territory_id, participant_id, kind, body, themes, status) values ($1, $2, $3, 'hope', 'Statut forcé', '{jobs}', 'visible')",
      [consultationId, f.territoryA, p.participantId],
    );
    expect(forged).toMatchObject({ ok: false, code: "42501" });
    const other = await newParticipant();
    const asOther = await attempt(
      db,
      p,
      "insert into public.contributions (consultation_id, territory_id, participant_id, kind, body, themes) values ($1, $2, $3, 'hope', 'Usurpation', '{jobs}')",
      [consultationId, f.territoryA, other.participantId],
    );
    expect(asOther).toMatchObject({ ok: false, code: "42501" });
    const paper = await attempt(
      db,
      p,
      "insert into public.contributions (consultation_id, territory_id, kind, body, themes, source) values ($1, $2, 'hope', 'Faux papier', '{jobs}', 'paper')",
      [consultationId, f.territoryA],
    );
    expect(paper).toMatchObject({ ok: false, code: "42501" });
  });

  test("one reaction per participant and contribution, changeable; counts only for those who reacted", async () => {
    const [author, reader, other] = [await newParticipant(), await newParticipant(), await newParticipant()];
    const c = await post(author, "L'IA pourrait raccourcir les files d'attente en mairie.");
    expect(await db.asCaller(reader, (tx) => react(tx, { contributionId: c!.id, participantId: reader.participantId, value: "agree" }))).toEqual({ agree: 1, disagree: 0, pass: 0 });
    expect(await db.asCaller(reader, (tx) => react(tx, { contributionId: c!.id, participantId: reader.participantId, value: "disagree" }))).toEqual({ agree: 0, disagree: 1, pass: 0 });
    const twice = await attempt(db, reader, "insert into public.reactions (contribution_id, participant_id, value) values ($1, $2, 'agree')", [c!.id, reader.participantId]);
    expect(twice).toMatchObject({ ok: false, code: "23505" });
    const counts = await attempt(db, other, "select agree from public.contribution_counts where contribution_id = $1", [c!.id]);
    expect(counts).toEqual({ ok: true, rows: [] });
    const list = await db.asCaller(other, (tx) => listForParticipant(tx, { consultationId, participantId: other.participantId, limit: 500 }));
    expect(list.find((x) => x.id === c!.id)).toMatchObject({ agree: null, my_reaction: null });
    const mine = await db.asCaller(reader, (tx) => listForParticipant(tx, { consultationId, participantId: reader.participantId, limit: 500 }));
    expect(mine.find((x) => x.id === c!.id)).toMatchObject({ agree: 0, disagree: 1, pass: 0, my_reaction: "disagree" });
    const forOther = await attempt(db, reader, "insert into public.reactions (contribution_id, participant_id, value) values ($1, $2, 'agree')", [c!.id, other.participantId]);
    expect(forOther).toMatchObject({ ok: false, code: "42501" });
  });

  test("200 concurrent reactions from 200 participants give exact counts", async () => {
    const author = await newParticipant();
    const c = await post(author, "Une IA pour aider à remplir les dossiers d'aide sociale.");
    const people = await Promise.all(Array.from({ length: 200 }, () => newParticipant()));
    const values = ["agree", "disagree", "pass"] as const;
    await Promise.all(
      people.map((p, i) =>
        db.asCaller(p, async (tx) => {
          await react(tx, { contributionId: c!.id, participantId: p.participantId, value: values[i % 3] });
          await tx.query("select pg_sleep(0.005)");
        }),
      ),
    );
    // Then a third of them change their mind, concurrently too.
    await Promise.all(
      people.filter((_, i) => i % 3 === 0).map((p) => db.asCaller(p, (tx) => react(tx, { contributionId: c!.id, participantId: p.participantId, value: "pass" }))),
    );
    const counts = await db.asService((tx) => tx.query("select agree, disagree, pass from public.contribution_counts where contribution_id = $1", [c!.id]));
    const recount = await db.asService((tx) =>
      tx.query(
        "select count(*) filter (where value = 'agree')::int as agree, count(*) filter (where value = 'disagree')::int as disagree, count(*) filter (where value = 'pass')::int as pass from public.reactions where contribution_id = $1",
        [c!.id],
      ),
    );
    expect(counts[0]).toEqual({ agree: 0, disagree: 67, pass: 133 });
    expect(counts[0]).toEqual(recount[0]);
  });

  test("authors edit or delete their own contribution for 10 minutes only, never someone else's", async () => {
    const [author, intruder] = [await newParticipant(), await newParticipant()];
    const c = await post(author, "Première version de mon idée.");
    expect(await db.asCaller(intruder, (tx) => editContribution(tx, { id: c!.id, body: "Piraté", themes: ["jobs"] }))).toBeNull();
    expect(await db.asCaller(intruder, (tx) => deleteContribution(tx, { id: c!.id }))).toBe(false);
    expect(await db.asCaller(author, (tx) => editContribution(tx, { id: c!.id, body: "Version corrigée de mon idée.", themes: ["jobs", "bias"] }))).toMatchObject({ status: "visible" });
    // Eleven minutes later (moved back in time on the service path), nothing changes any more.
    await db.asService((tx) => tx.query("update public.contributions set created_at = now() - interval '11 minutes' where id = $1", [c!.id]));
    expect(await db.asCaller(author, (tx) => editContribution(tx, { id: c!.id, body: "Trop tard", themes: ["jobs"] }))).toBeNull();
    expect(await db.asCaller(author, (tx) => deleteContribution(tx, { id: c!.id }))).toBe(false);
    const body = await db.asService((tx) => tx.query("select body from public.contributions where id = $1", [c!.id]));
    expect(body).toEqual([{ body: "Version corrigée de mon idée." }]);
    const fresh = await post(author, "Une idée à retirer tout de suite.");
    expect(await db.asCaller(author, (tx) => deleteContribution(tx, { id: fresh!.id }))).toBe(true);
  });

  test("an edit that adds a phone number is held again", async () => {
    const author = await newParticipant();
    const c = await post(author, "Une idée tout à fait correcte.");
    expect(await db.asCaller(author, (tx) => editContribution(tx, { id: c!.id, body: "Appelez-moi au 0612345678", themes: ["jobs"] }))).toMatchObject({ status: "held", held_reason: "phone" });
  });

  test("nothing is written to a closed consultation, or with bad content", async () => {
    const p = await newParticipant();
    const closed = await db.asCaller(f.facilitatorA, (tx) =>
      openConsultation(tx, { title: "Close", description: "", startsOn: "2026-01-01", endsOn: "2026-02-01", publics: ["all"], status: "open", territoryId: f.territoryA, createdBy: "t" }),
    );
    await db.asCaller(f.facilitatorA, (tx) => updateConsultation(tx, { id: closed, title: "Close", description: "", startsOn: "2026-01-01", endsOn: "2026-02-01", publics: ["all"], status: "closed" }));
    const refused = await post(p, "Trop tard pour cette concertation.", { consultation: closed }).catch((e: { message: string }) => e.message);
    expect(refused).toMatch(/consultation not open/);
    for (const [body, themes] of [["  ", ["jobs"]], ["ab", ["jobs"]], ["x".repeat(501), ["jobs"]], ["Texte correct", []], ["Texte correct", ["jobs", "bias", "privacy"]], ["Texte correct", ["astrologie"]]] as const) {
      const r = await attempt(db, p, "insert into public.contributions (consultation_id, territory_id, participant_id, kind, body, themes) values ($1, $2, $3, 'hope', $4, $5)", [consultationId, f.territoryA, p.participantId, body, themes]);
      expect(r).toMatchObject({ ok: false, code: "23514" });
    }
    const script = await post(p, '<script>alert(1)</script>"><img src=x onerror=alert(1)>');
    const stored = await db.asService((tx) => tx.query("select body from public.contributions where id = $1", [script!.id]));
    expect(stored[0].body).toBe('<script>alert(1)</script>"><img src=x onerror=alert(1)>');
  });

  test("a double tap posts once; a participant past the rate limit is told to slow down and keeps what was posted", async () => {
    const p = await newParticipant();
    const key = randomUUID();
    const a = await post(p, "Une seule fois, même envoyé deux fois.", { requestKey: key });
    const b = await post(p, "Une seule fois, même envoyé deux fois.", { requestKey: key });
    expect(a!.id).toBe(b!.id);
    for (let i = 0; i < 9; i++) await post(p, `Idée numéro ${i} en rafale`);
    const limited = await post(p, "Une de trop").catch((e: { message: string }) => e.message);
    expect(limited).toMatch(/rate limited/);
    const mine = await db.asCaller(p, (tx) => tx.query<{ n: number }>("select count(*)::int as n from public.contributions where participant_id = $1", [p.participantId]));
    expect(mine[0].n).toBe(10);
  });

  test("reports: once per participant, only on visible contributions; staff of the territory read them", async () => {
    const [author, reporter] = [await newParticipant(), await newParticipant()];
    const c = await post(author, "Une idée qui sera signalée.");
    await db.asCaller(reporter, (tx) => report(tx, { contributionId: c!.id, participantId: reporter.participantId, reason: "off_topic" }));
    await db.asCaller(reporter, (tx) => report(tx, { contributionId: c!.id, participantId: reporter.participantId, reason: "insulting" }));
    const seen = await attempt(db, f.facilitatorA, "select reason from public.reports where contribution_id = $1", [c!.id]);
    expect(seen).toEqual({ ok: true, rows: [{ reason: "off_topic" }] });
    expect(await attempt(db, f.facilitatorB, "select reason from public.reports where contribution_id = $1", [c!.id])).toEqual({ ok: true, rows: [] });
    expect(await attempt(db, author, "select reason from public.reports where contribution_id = $1", [c!.id])).toEqual({ ok: true, rows: [] });
  });

  test("the optional profile belongs to its participant alone", async () => {
    const [p, other] = [await newParticipant(), await newParticipant()];
    await db.asCaller(p, (tx) => saveProfile(tx, { participantId: p.participantId, skipped: false, ageBracket: "25_34", communeCode: "44109", aiUse: "weekly" }));
    expect(await db.asCaller(p, (tx) => getProfile(tx, { participantId: p.participantId }))).toMatchObject({ age_bracket: "25_34" });
    expect(await db.asCaller(other, (tx) => getProfile(tx, { participantId: p.participantId }))).toBeNull();
    expect(await attempt(db, f.facilitatorA, "select * from public.participant_profiles")).toEqual({ ok: true, rows: [] });
    const forged = await attempt(db, other, "insert into public.participant_profiles (participant_id, skipped) values ($1, true)", [p.participantId]);
    expect(forged).toMatchObject({ ok: false });
  });
});
