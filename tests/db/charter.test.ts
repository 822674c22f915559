import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { charterChanges, RULED_OUT_KEY, type CommitmentStatus, type TemplateCommitment } from "~/charter";
import { ANON, type Database, type Identity } from "~/db.server";
import {
  addFollowUp,
  deleteFollowUp,
  getCurrentTemplate,
  getDraft,
  getTemplate,
  listTemplates,
  listCharterVersions,
  listFollowUps,
  listPublishedCharters,
  proposedRuledOut,
  publishCharter,
  saveDraft,
  saveTemplate,
  type DraftItemInput,
} from "~/models/charter.server";
import { castVotes, createAiUse, setSelection } from "~/models/vote.server";
import type { Verdict } from "~/votes";
import { attempt, refusal, seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

type Participant = Identity & { kind: "participant" };

/** The 19 commitments of the national template, in order (supabase/migrations/*_charter_template.sql). */
const TEMPLATE_KEYS = [
  "governance",
  "staff_dialogue",
  "resident_involvement",
  "fairness",
  "ruled_out_uses",
  "experimentation",
  "procurement",
  "evaluate_before",
  "improve_after",
  "data_governance",
  "training",
  "transparency_register",
  "recourse",
  "pooling",
  "reversibility",
  "human_oversight",
  "sobriety",
  "gdpr",
  "ai_act",
];

/** What the caller gets back from a refused call: Postgres' code and hint (or "succeeded"). */
const item = (key: string, status: CommitmentStatus, over: Partial<DraftItemInput> = {}): DraftItemInput => ({
  key,
  status,
  targetDate: null,
  responsible: "Comité éthique",
  evidence: `Preuve pour ${key}`,
  links: [],
  ...over,
});

const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe.each(targets)("charter of commitments ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let participant1: Participant;
  let useFacial: string;
  let useVideo: string;
  let useChatbot: string;

  /** A fresh territory where facilitatorA is facilitator and officialA is official. */
  const newTerritory = async () => {
    const code = String(Math.floor(Math.random() * 1e8)).padStart(8, "0");
    return db.asService(async (tx) => {
      const [{ id }] = await tx.query<{ id: string }>(
        `insert into public.territories (slug, kind, code, name) values ($1, 'epci', $2, $3) returning id`,
        [`charte-${code}`, code, `Territoire ${code}`],
      );
      await tx.query("insert into public.memberships (email, territory_id, role) values ($1, $3, 'facilitator'), ($2, $3, 'official')", [
        f.facilitatorA.email,
        f.officialA.email,
        id,
      ]);
      return id;
    });
  };
  const save = (
    who: Identity,
    territoryId: string,
    items: DraftItemInput[],
    over: Partial<{ templateVersion: number; ruledOut: string[]; ruledOutReason: string }> = {},
  ) =>
    db.asCaller(who, (tx) =>
      saveDraft(tx, {
        territoryId,
        templateVersion: over.templateVersion ?? 1,
        items,
        ruledOut: over.ruledOut ?? [],
        ruledOutReason: over.ruledOutReason ?? "",
        updatedBy: who.kind === "staff" ? who.email : "someone",
      }),
    );
  const publish = (who: Identity, territoryId: string, signedOn = isoDay(-1)) =>
    db.asCaller(who, (tx) =>
      publishCharter(tx, { territoryId, signatoryName: "  Camille Martin  ", signatoryMandate: "Maire", signedOn }),
    );
  /** The draft as stored, whatever RLS says. */
  const storedDraft = (territoryId: string) =>
    db.asService(async (tx) => ({
      draft: await tx.query("select template_version, ruled_out::text[] as ruled_out, ruled_out_reason, updated_by from public.charter_drafts where territory_id = $1", [
        territoryId,
      ]),
      items: await tx.query(
        "select commitment_key, status, target_date::text, responsible, evidence, links from public.charter_draft_items where territory_id = $1 order by commitment_key",
        [territoryId],
      ),
    }));
  const storedVersions = (territoryId: string) =>
    db.asService((tx) => tx.query("select * from public.charter_versions where territory_id = $1 order by version", [territoryId]));
  const follow = (who: Identity, territoryId: string, body: string, over: Partial<{ link: string | null; requestKey: string | null }> = {}) =>
    db.asCaller(who, (tx) =>
      addFollowUp(tx, {
        territoryId,
        key: "transparency_register",
        happenedOn: isoDay(-1),
        body,
        link: over.link ?? null,
        createdBy: who.kind === "staff" ? who.email : "someone",
        requestKey: over.requestKey ?? null,
      }),
    );
  const newUse = (title: string) =>
    db.asCaller(f.admin, (tx) =>
      createAiUse(tx, {
        content: { fr: { title, what: "Un usage de l'intelligence artificielle décrit pour le test." } },
        domain: "security",
        riskTier: "high",
        territoryId: null,
        createdBy: f.admin.email,
        requestKey: null,
      }),
    );
  const newParticipants = async (n: number): Promise<Participant[]> => {
    const ids = Array.from({ length: n }, () => randomUUID());
    await db.asService((tx) => tx.query("insert into public.participants (id) select unnest($1::uuid[])", [ids]));
    return ids.map((participantId) => ({ kind: "participant", participantId }));
  };
  /** An open consultation of the territory putting `uses` to the vote, chosen by its facilitator. */
  const newConsultation = async (territoryId: string, staff: Identity, uses: string[]) => {
    const [{ id }] = await db.asService((tx) =>
      tx.query<{ id: string }>(
        `insert into public.consultations (territory_id, title, starts_on, ends_on, publics, status)
         values ($1, 'Concertation sur l''IA', '2026-11-01', '2027-02-01', '{all}', 'draft') returning id`,
        [territoryId],
      ),
    );
    expect(await db.asCaller(staff, (tx) => setSelection(tx, { consultationId: id, territoryId, aiUseIds: uses }))).toBe(true);
    await setStatus(id, "open");
    return id;
  };
  const setStatus = (id: string, status: "open" | "closed") =>
    db.asService((tx) => tx.query("update public.consultations set status = $2 where id = $1", [id, status]));
  const vote = (p: Participant, consultationId: string, territoryId: string, ballots: [string, Verdict][]) =>
    db.asCaller(p, (tx) =>
      castVotes(tx, {
        consultationId,
        territoryId,
        eventId: null,
        participantId: p.participantId,
        entries: ballots.map(([aiUseId, verdict]) => ({
          aiUseId,
          version: 1,
          verdict,
          conditions: verdict === "conditional" ? ["human_oversight" as const] : [],
          other: null,
        })),
      }),
    );

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    participant1 = f.participant1 as Participant;
    useFacial = await newUse("Reconnaissance faciale dans l'espace public");
    useVideo = await newUse("Vidéosurveillance algorithmique");
    useChatbot = await newUse("Agent conversationnel d'accueil");
  });
  afterAll(async () => {
    await db?.close();
  });

  // The national template ----------------------------------------------------------------------------

  test("the national template version 1 lists the 19 commitments in order, commitment 5 being the uses ruled out", async () => {
    const template = await db.asCaller(ANON, (tx) => getTemplate(tx, { version: 1 }));
    expect(template).toMatchObject({ version: 1, note: "Version initiale" });
    expect((await db.asCaller(f.admin, (tx) => listTemplates(tx))).find((v) => v.version === 1)?.created_by).toBe("catalogue national");
    expect(template!.commitments.map((c) => c.key)).toEqual(TEMPLATE_KEYS);
    expect(template!.commitments[4].key).toBe(RULED_OUT_KEY);
    for (const c of template!.commitments) {
      for (const text of [c.fr, c.en!]) {
        expect(text.title.length).toBeGreaterThan(5);
        expect(text.title.length).toBeLessThanOrEqual(90);
        expect(text.explanation.length).toBeGreaterThan(20);
        expect(text.explanation.length).toBeLessThanOrEqual(300);
        expect(text.evidence!.length).toBeGreaterThan(5);
        expect(text.evidence!.length).toBeLessThanOrEqual(200);
      }
    }
  });

  test("staff emails stay off the public API: anonymous visitors cannot read who wrote, signed or followed up", async () => {
    for (const [table, column] of [
      ["charter_templates", "created_by"],
      ["charter_versions", "signed_by"],
      ["charter_follow_ups", "created_by"],
    ]) {
      expect(await attempt(db, ANON, `select ${column} from public.${table} limit 1`)).toMatchObject({ ok: false, code: "42501" });
      expect(await attempt(db, f.facilitatorA, `select ${column} from public.${table} limit 1`)).toMatchObject({ ok: true });
    }
    expect(await attempt(db, ANON, "select version, commitments, note from public.charter_templates limit 1")).toMatchObject({ ok: true });
  });

  test("only a national admin writes a new template version, numbered by the database", async () => {
    const commitments: TemplateCommitment[] = [{ key: "governance", fr: { title: "Piloter", explanation: "Texte." } }];
    for (const who of [f.facilitatorA, f.officialA, participant1]) {
      const r = await refusal(db.asCaller(who, (tx) => saveTemplate(tx, { commitments, note: "Intrusion", createdBy: "x" })));
      expect(r).toMatchObject({ code: "42501" });
    }
    expect(await refusal(db.asCaller(ANON, (tx) => saveTemplate(tx, { commitments, note: "Intrusion", createdBy: "x" })))).toMatchObject({
      code: "42501",
    });
    // Not even an admin picks the number.
    const forged = await attempt(db, f.admin, "insert into public.charter_templates (version, commitments) values (1, $1::jsonb)", [
      JSON.stringify(commitments),
    ]);
    expect(forged).toMatchObject({ ok: false, code: "42501" });
    expect(await db.asService((tx) => tx.query("select version from public.charter_templates order by version"))).toEqual([{ version: 1 }]);
  });

  // Drafts ---------------------------------------------------------------------------------------

  test("only staff of the territory (national admins included) start, read and edit its draft", async () => {
    const t = f.territoryA;
    // Before any draft: nobody outside A's staff can start one.
    for (const who of [f.facilitatorB, f.stranger, participant1]) {
      expect(await refusal(save(who, t, [item("governance", "adopted")]))).toMatchObject({ code: "42501" });
    }
    expect(await refusal(save(ANON, t, [item("governance", "adopted")]))).toMatchObject({ code: "42501" });
    expect(await storedDraft(t)).toEqual({ draft: [], items: [] });

    expect(await save(f.facilitatorA, t, [item("governance", "in_progress", { targetDate: "2027-03-01" }), item("training", "adopted")], { ruledOut: [useFacial] })).toBe(
      true,
    );
    expect(await db.asCaller(f.officialA, (tx) => getDraft(tx, { territoryId: t }))).toMatchObject({ template_version: 1, ruled_out: [useFacial] });

    // Once it exists: others neither read, overwrite, edit nor remove it.
    for (const who of [f.facilitatorB, f.stranger, participant1]) {
      expect(await db.asCaller(who, (tx) => getDraft(tx, { territoryId: t }))).toBeNull();
      expect(await refusal(save(who, t, [item("governance", "not_planned")], { ruledOutReason: "détourné" }))).toMatchObject({ code: "42501" });
      expect(await attempt(db, who, "update public.charter_drafts set ruled_out_reason = 'détourné' where territory_id = $1 returning 1", [t])).toEqual({
        ok: true,
        rows: [],
      });
      expect(
        await attempt(db, who, "update public.charter_draft_items set status = 'not_planned' where territory_id = $1 returning 1", [t]),
      ).toEqual({ ok: true, rows: [] });
      expect(await attempt(db, who, "delete from public.charter_draft_items where territory_id = $1 returning 1", [t])).toEqual({ ok: true, rows: [] });
      expect(
        await attempt(db, who, "insert into public.charter_draft_items (territory_id, commitment_key, status) values ($1, 'fairness', 'adopted')", [t]),
      ).toMatchObject({ ok: false, code: "42501" });
    }
    for (const sql of [
      "select 1 from public.charter_drafts where territory_id = $1",
      "select 1 from public.charter_draft_items where territory_id = $1",
      "update public.charter_draft_items set status = 'not_planned' where territory_id = $1",
      "delete from public.charter_draft_items where territory_id = $1",
    ]) {
      expect(await attempt(db, ANON, sql, [t])).toMatchObject({ ok: false, code: "42501" });
    }
    expect(await storedDraft(t)).toEqual({
      draft: [{ template_version: 1, ruled_out: [useFacial], ruled_out_reason: "", updated_by: f.facilitatorA.email }],
      items: [
        { commitment_key: "governance", status: "in_progress", target_date: "2027-03-01", responsible: "Comité éthique", evidence: "Preuve pour governance", links: [] },
        { commitment_key: "training", status: "adopted", target_date: null, responsible: "Comité éthique", evidence: "Preuve pour training", links: [] },
      ],
    });

    // The official of A and a national admin are staff of A too.
    expect(await save(f.officialA, t, [item("governance", "adopted")], { ruledOut: [useFacial] })).toBe(true);
    expect(await save(f.admin, t, [item("fairness", "in_progress")], { ruledOut: [useFacial, useVideo], ruledOutReason: "Décision du conseil" })).toBe(true);
    expect(
      await attempt(db, f.admin, "delete from public.charter_draft_items where territory_id = $1 and commitment_key = 'training' returning 1", [t]),
    ).toEqual({ ok: true, rows: [{ "?column?": 1 }] });
    const stored = await storedDraft(t);
    expect(stored.draft).toEqual([
      { template_version: 1, ruled_out: [useFacial, useVideo], ruled_out_reason: "Décision du conseil", updated_by: f.admin.email },
    ]);
    expect(stored.items.map((i) => [i.commitment_key, i.status])).toEqual([
      ["fairness", "in_progress"],
      ["governance", "adopted"],
    ]);
  });

  test("evidence links must be http(s) addresses and statuses come from the list", async () => {
    const t = await newTerritory();
    expect(await save(f.facilitatorA, t, [item("governance", "adopted", { links: ["https://exemple.fr/deliberation", "http://exemple.fr/cr.pdf"] })])).toBe(true);
    const before = await storedDraft(t);
    for (const bad of ["javascript:alert(1)", "ftp://exemple.fr/a", "exemple.fr/deliberation", "https://exemple.fr/a b", `https://exemple.fr/${"a".repeat(500)}`]) {
      const r = await refusal(save(f.facilitatorA, t, [item("governance", "adopted", { links: ["https://exemple.fr/ok", bad] })]));
      expect(r).toMatchObject({ code: "23514", hint: "invalid_link" });
      const updated = await attempt(db, f.facilitatorA, "update public.charter_draft_items set links = $2 where territory_id = $1", [t, [bad]]);
      expect(updated).toMatchObject({ ok: false, code: "23514" });
    }
    expect(
      await refusal(save(f.facilitatorA, t, [item("governance", "done" as CommitmentStatus)])),
    ).toMatchObject({ code: "23514" });
    expect(
      await attempt(db, f.facilitatorA, "update public.charter_draft_items set status = 'abandoned' where territory_id = $1", [t]),
    ).toMatchObject({ ok: false, code: "23514" });
    expect(await storedDraft(t)).toEqual(before);
  });

  // Publishing ------------------------------------------------------------------------------------------

  test("only an official of the territory signs and publishes; a national admin only once made official", async () => {
    const t = await newTerritory();
    expect(await refusal(publish(f.officialA, t))).toMatchObject({ code: "P0001", hint: "no_draft" });
    expect(await save(f.facilitatorA, t, [item("governance", "adopted")])).toBe(true);

    for (const who of [f.facilitatorA, f.admin, f.facilitatorB, f.stranger, participant1, ANON]) {
      expect(await refusal(publish(who, t))).toMatchObject({ code: "P0001", hint: "not_official" });
    }
    expect(await refusal(publish(f.officialA, t, isoDay(2)))).toMatchObject({ code: "P0001", hint: "signed_on" });
    // Nor straight into the table, around the signature.
    const forged = await attempt(
      db,
      f.officialA,
      `insert into public.charter_versions (territory_id, version, template_version, commitments, signatory_name, signatory_mandate, signed_on, signed_by)
       values ($1, 1, 1, '[]', 'Camille Martin', 'Maire', current_date, 'x')`,
      [t],
    );
    expect(forged).toMatchObject({ ok: false, code: "42501" });
    expect(await storedVersions(t)).toEqual([]);

    expect(await publish(f.officialA, t, isoDay(-3))).toBe(1);
    const [v1] = await storedVersions(t);
    expect(v1).toMatchObject({ version: 1, template_version: 1, signatory_name: "Camille Martin", signatory_mandate: "Maire", signed_by: f.officialA.email });

    await db.asService((tx) => tx.query("insert into public.memberships (email, territory_id, role) values ($1, $2, 'official')", [f.admin.email, t]));
    expect(await publish(f.admin, t)).toBe(2);
    expect((await storedVersions(t)).map((v) => [v.version, v.signed_by])).toEqual([
      [1, f.officialA.email],
      [2, f.admin.email],
    ]);
  });

  test("publishing twice makes versions 1 and 2, and version 1 keeps its content", async () => {
    const t = await newTerritory();
    expect(
      await save(f.facilitatorA, t, [
        item("governance", "in_progress", { targetDate: "2027-01-15", links: ["https://exemple.fr/v1"] }),
        item(RULED_OUT_KEY, "adopted"),
      ], { ruledOut: [useVideo], ruledOutReason: "Raison 1" }),
    ).toBe(true);
    expect(await publish(f.officialA, t, isoDay(-10))).toBe(1);
    // A double submit of the same signature gives back version 1 instead of a copy.
    expect(await publish(f.officialA, t, isoDay(-10))).toBe(1);
    expect(await storedVersions(t)).toHaveLength(1);
    const [v1Stored] = await storedVersions(t);

    expect(
      await save(f.facilitatorA, t, [item("governance", "adopted", { evidence: "Délibération votée", links: ["https://exemple.fr/v2"] })], {
        ruledOut: [useVideo, useFacial],
        ruledOutReason: "Raison 2",
      }),
    ).toBe(true);
    expect(await publish(f.officialA, t)).toBe(2);

    const stored = await storedVersions(t);
    expect(stored.map((v) => v.version)).toEqual([1, 2]);
    expect(stored[0]).toEqual(v1Stored);

    const [v2, v1] = await db.asCaller(ANON, (tx) => listCharterVersions(tx, { territoryId: t }));
    expect([v2.version, v1.version]).toEqual([2, 1]);
    // Every commitment of the template, in its order; those the draft leaves out are "not planned".
    expect(v1.commitments.map((c) => c.key)).toEqual(TEMPLATE_KEYS);
    expect(v1.commitments[0]).toMatchObject({ key: "governance", status: "in_progress", target_date: "2027-01-15", evidence: "Preuve pour governance", links: ["https://exemple.fr/v1"] });
    expect(v1.commitments.find((c) => c.key === "training")).toMatchObject({ status: "not_planned", responsible: "", evidence: "", links: [] });
    expect(v1.ruled_out.map((u) => u.id)).toEqual([useVideo]);
    expect(v1.ruled_out_reason).toBe("Raison 1");
    expect(v2.commitments[0]).toMatchObject({ status: "adopted", evidence: "Délibération votée", links: ["https://exemple.fr/v2"] });
    expect(v2.ruled_out.map((u) => u.id).sort()).toEqual([useFacial, useVideo].sort());
    expect(v2.ruled_out.find((u) => u.id === useFacial)?.title).toBe("Reconnaissance faciale dans l'espace public");

    const changes = charterChanges(v1, v2);
    expect(changes).toContainEqual({ kind: "status", key: "governance", from: "in_progress", to: "adopted" });
    expect(changes).toContainEqual({ kind: "ruled_out_added", use: expect.objectContaining({ id: useFacial }) });
  });

  test("a published version cannot be changed or deleted by anyone, not even on the service path", async () => {
    const t = await newTerritory();
    expect(await save(f.facilitatorA, t, [item("governance", "adopted")], { ruledOut: [useFacial], ruledOutReason: "Exclu par principe, avant tout vote." })).toBe(true);
    expect(await publish(f.officialA, t)).toBe(1);
    const [before] = await storedVersions(t);

    for (const who of [f.facilitatorA, f.officialA, f.admin, participant1, ANON]) {
      for (const sql of [
        "update public.charter_versions set signatory_name = 'Quelqu''un d''autre' where id = $1",
        "update public.charter_versions set commitments = '[]' where id = $1",
        "delete from public.charter_versions where id = $1",
      ]) {
        expect(await attempt(db, who, sql, [before.id])).toMatchObject({ ok: false, code: "42501" });
      }
    }
    for (const sql of [
      "update public.charter_versions set signatory_name = 'Quelqu''un d''autre' where id = $1",
      "update public.charter_versions set ruled_out = '[]' where id = $1",
      "delete from public.charter_versions where id = $1",
    ]) {
      expect(await refusal(db.asService((tx) => tx.query(sql, [before.id])))).toMatchObject({ code: "P0001", hint: "published_immutable" });
    }
    expect(await storedVersions(t)).toEqual([before]);

    // Deleting the territory itself is what removes its versions.
    await db.asService((tx) => tx.query("delete from public.territories where id = $1", [t]));
    expect(await storedVersions(t)).toEqual([]);
  });

  test("a new template version leaves the wording of charters already published as it was", async () => {
    const t = await newTerritory();
    const v1Template = (await db.asService((tx) => getTemplate(tx, { version: 1 })))!;
    expect(await save(f.facilitatorA, t, [item("governance", "adopted")])).toBe(true);
    expect(await publish(f.officialA, t)).toBe(1);

    const reworded = v1Template.commitments.map((c) =>
      c.key === "governance" ? { ...c, fr: { ...c.fr, title: "Gouverner l’IA avec un comité et un référent" } } : c,
    ) as TemplateCommitment[];
    // Written straight in SQL, the commitments passed as a JSON value (saveTemplate is tested on its own below).
    const next = (
      await db.asCaller(f.admin, (tx) =>
        tx.query<{ version: number }>("insert into public.charter_templates (commitments, note, created_by) values ($1, 'Titre reformulé', $2) returning version", [
          reworded,
          f.admin.email,
        ]),
      )
    )[0].version;
    expect(next).toBeGreaterThan(1);
    expect((await db.asCaller(ANON, (tx) => getCurrentTemplate(tx)))!.version).toBe(next);
    expect(await db.asService((tx) => getTemplate(tx, { version: 1 }))).toEqual(v1Template);

    const [published] = await db.asCaller(ANON, (tx) => listCharterVersions(tx, { territoryId: t }));
    expect(published.template_version).toBe(1);
    expect(published.commitments[0].fr).toEqual(v1Template.commitments[0].fr);

    // The draft moved to the new template: its next version takes the new wording, the first keeps the old one.
    expect(await save(f.facilitatorA, t, [item("governance", "adopted")], { templateVersion: next })).toBe(true);
    expect(await publish(f.officialA, t)).toBe(2);
    const [v2, v1] = await db.asCaller(ANON, (tx) => listCharterVersions(tx, { territoryId: t }));
    expect([v2.template_version, v2.commitments[0].fr.title]).toEqual([next, "Gouverner l’IA avec un comité et un référent"]);
    expect([v1.template_version, v1.commitments[0].fr.title]).toEqual([1, v1Template.commitments[0].fr.title]);
  });

  test("a national admin's new template version, saved through the model, reads back as the same list of commitments", async () => {
    const commitments: TemplateCommitment[] = [
      { key: "governance", fr: { title: "Piloter l’IA", explanation: "Une instance et un référent.", evidence: "Délibération" }, en: { title: "Steer AI", explanation: "A body and a referent." } },
      { key: RULED_OUT_KEY, fr: { title: "Publier les usages exclus", explanation: "La liste des usages que nous excluons." } },
    ];
    const version = await db.asCaller(f.admin, (tx) => saveTemplate(tx, { commitments, note: "Version courte", createdBy: f.admin.email }));
    const saved = await db.asCaller(ANON, (tx) => getTemplate(tx, { version }));
    expect(saved).toMatchObject({ version, commitments, note: "Version courte" });
    // The author is who was signed in, read by staff only.
    expect((await db.asCaller(f.admin, (tx) => listTemplates(tx)))[0]).toMatchObject({ version, created_by: f.admin.email });
    expect((await db.asCaller(ANON, (tx) => getCurrentTemplate(tx)))?.version).toBe(version);
  });

  // Commitment 5: what the votes propose ---------------------------------------------------------------

  test("the votes propose to rule out the uses a majority voted to proscribe in the territory's consultations", async () => {
    const [p1, p2, p3] = await newParticipants(3);
    const c = await newConsultation(f.territoryA, f.facilitatorA, [useFacial, useVideo, useChatbot]);
    // Facial recognition: 2 of 3 proscribe. Video: 1 of 3 only. Chatbot: conditional.
    await vote(p1, c, f.territoryA, [[useFacial, "proscribe"], [useVideo, "proscribe"], [useChatbot, "conditional"]]);
    await vote(p2, c, f.territoryA, [[useFacial, "proscribe"], [useVideo, "accept"], [useChatbot, "conditional"]]);
    await vote(p3, c, f.territoryA, [[useFacial, "accept"], [useVideo, "unsure"], [useChatbot, "proscribe"]]);
    // In B, everyone proscribes video surveillance: that is B's proposal, not A's.
    const cB = await newConsultation(f.territoryB, f.facilitatorB, [useVideo]);
    await vote(p1, cB, f.territoryB, [[useVideo, "proscribe"]]);

    // While voting is open the proposal is provisional: staff of the territory may ask for it, nobody
    // else sees it (results may be held until closing), and publishing leaves it out.
    const provisional = (who: Identity, territoryId: string) =>
      db.asCaller(who, (tx) => proposedRuledOut(tx, { territoryId, includeOpen: true }));
    expect(await provisional(f.facilitatorA, f.territoryA)).toEqual([
      { id: useFacial, title: "Reconnaissance faciale dans l'espace public", title_en: null, final: false },
    ]);
    expect((await provisional(f.facilitatorB, f.territoryB)).map((u) => u.id)).toEqual([useVideo]);
    for (const who of [ANON, participant1, f.facilitatorB]) expect(await provisional(who, f.territoryA)).toEqual([]);
    expect(await db.asCaller(f.facilitatorA, (tx) => proposedRuledOut(tx, { territoryId: f.territoryA }))).toEqual([]);
    // A use proscribed in an open and a closed consultation is proposed once, as final.
    const cClosed = await newConsultation(f.territoryA, f.facilitatorA, [useFacial]);
    await vote(p3, cClosed, f.territoryA, [[useFacial, "proscribe"]]);
    await setStatus(cClosed, "closed");
    expect(await provisional(f.facilitatorA, f.territoryA)).toEqual([
      { id: useFacial, title: "Reconnaissance faciale dans l'espace public", title_en: null, final: true },
    ]);

    // Once closed, the proposal is final, and publishing keeps it next to what the territory chose.
    await setStatus(c, "closed");
    expect(await db.asCaller(f.facilitatorA, (tx) => proposedRuledOut(tx, { territoryId: f.territoryA }))).toEqual([
      { id: useFacial, title: "Reconnaissance faciale dans l'espace public", title_en: null, final: true },
    ]);
    const t = f.territoryA;
    // A list that differs from the votes is never published without a reason.
    expect(await save(f.facilitatorA, t, [item(RULED_OUT_KEY, "adopted")], { ruledOut: [useVideo], ruledOutReason: "" })).toBe(true);
    expect(await refusal(publish(f.officialA, t))).toMatchObject({ code: "P0001", hint: "reason_required" });
    expect(await db.asCaller(ANON, (tx) => listCharterVersions(tx, { territoryId: t }))).toEqual([]);
    expect(await save(f.facilitatorA, t, [item(RULED_OUT_KEY, "adopted")], { ruledOut: [useVideo], ruledOutReason: "Le conseil a préféré exclure la vidéosurveillance." })).toBe(true);
    const version = await publish(f.officialA, t);
    const published = (await db.asCaller(ANON, (tx) => listCharterVersions(tx, { territoryId: t }))).find((v) => v.version === version)!;
    expect(published.ruled_out.map((u) => u.id)).toEqual([useVideo]);
    expect(published.proposed.map((u) => [u.id, u.final])).toEqual([[useFacial, true]]);
    expect(published.ruled_out_reason).toBe("Le conseil a préféré exclure la vidéosurveillance.");
  });

  // Follow-up ------------------------------------------------------------------------------------------

  test("staff of the territory add dated follow-up entries that everyone reads", async () => {
    const t = await newTerritory();
    const first = await follow(f.facilitatorA, t, "Registre des usages de l’IA publié", { link: "https://exemple.fr/registre" });
    expect(first).toEqual(expect.any(String));
    expect(await follow(f.officialA, t, "Comité d’éthique installé")).toEqual(expect.any(String));
    expect(await follow(f.admin, t, "Formation des élus")).toEqual(expect.any(String));
    // A double submit adds it once.
    const key = randomUUID();
    expect(await follow(f.facilitatorA, t, "Première réunion du comité", { requestKey: key })).toEqual(expect.any(String));
    expect(await follow(f.facilitatorA, t, "Première réunion du comité", { requestKey: key })).toBeNull();

    for (const who of [f.facilitatorB, f.stranger, participant1, ANON]) {
      expect(await refusal(follow(who, t, "Entrée détournée"))).toMatchObject({ code: "42501" });
    }
    expect(await refusal(follow(f.facilitatorA, t, "Lien douteux", { link: "javascript:alert(1)" }))).toMatchObject({ code: "23514" });

    for (const who of [ANON, participant1, f.facilitatorB]) {
      const seen = await db.asCaller(who, (tx) => listFollowUps(tx, { territoryId: t }));
      expect(seen.map((e) => e.body).sort()).toEqual(
        ["Comité d’éthique installé", "Formation des élus", "Première réunion du comité", "Registre des usages de l’IA publié"].sort(),
      );
    }

    // Only staff of the territory remove an entry.
    expect(await db.asCaller(f.facilitatorB, (tx) => deleteFollowUp(tx, { id: first! }))).toBe(false);
    expect(await db.asCaller(participant1, (tx) => deleteFollowUp(tx, { id: first! }))).toBe(false);
    expect(await attempt(db, ANON, "delete from public.charter_follow_ups where id = $1", [first])).toMatchObject({ ok: false, code: "42501" });
    expect(await db.asCaller(f.facilitatorA, (tx) => deleteFollowUp(tx, { id: first! }))).toBe(true);
    expect((await db.asCaller(ANON, (tx) => listFollowUps(tx, { territoryId: t }))).length).toBe(3);
  });

  // National view ----------------------------------------------------------------------------------------

  test("the national table lists each territory's latest published version with its adopted commitments", async () => {
    const [x, y, draftOnly] = [await newTerritory(), await newTerritory(), await newTerritory()];
    expect(await save(f.facilitatorA, x, [item("governance", "in_progress"), item("training", "adopted")])).toBe(true);
    expect(await publish(f.officialA, x, isoDay(-20))).toBe(1);
    expect(await save(f.facilitatorA, x, [item("governance", "adopted"), item("sobriety", "in_progress")])).toBe(true);
    expect(await publish(f.officialA, x, isoDay(-2))).toBe(2);
    expect(await save(f.facilitatorA, y, [item("fairness", "adopted"), item("gdpr", "adopted"), item("recourse", "in_progress")])).toBe(true);
    expect(await publish(f.officialA, y)).toBe(1);
    expect(await save(f.facilitatorA, draftOnly, [item("governance", "adopted")])).toBe(true);

    const all = await db.asCaller(ANON, (tx) => listPublishedCharters(tx));
    expect(all.filter((c) => c.territory_id === x || c.territory_id === y).length).toBe(2);
    expect(all.find((c) => c.territory_id === draftOnly)).toBeUndefined();
    const cx = all.find((c) => c.territory_id === x)!;
    expect({ version: cx.version, signed_on: cx.signed_on, adopted: [...cx.adopted].sort(), in_progress: cx.in_progress }).toEqual({
      version: 2,
      signed_on: isoDay(-2),
      adopted: ["governance", "training"],
      in_progress: ["sobriety"],
    });
    const cy = all.find((c) => c.territory_id === y)!;
    expect({ version: cy.version, adopted: [...cy.adopted].sort(), in_progress: cy.in_progress }).toEqual({
      version: 1,
      adopted: ["fairness", "gdpr"],
      in_progress: ["recourse"],
    });
  });
});
