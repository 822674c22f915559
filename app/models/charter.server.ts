import { z } from "zod";
import { commitmentStatuses, type CommitmentStatus, type TemplateCommitment } from "../charter";
import type { Tx } from "../db.server";

const commitmentText = z.object({ title: z.string(), explanation: z.string(), evidence: z.string().optional() });
// A published version stores `en: null` where the template had no English.
const templateCommitment = z.object({ key: z.string(), fr: commitmentText, en: commitmentText.nullish() });

const templateRow = z.object({
  version: z.number(),
  commitments: z.array(templateCommitment),
  note: z.string(),
  // Only listTemplates (staff) reads the author; public pages never ask for it.
  created_by: z.string().nullish(),
  created_at: z.date(),
});
export type CharterTemplate = z.infer<typeof templateRow>;

export async function getCurrentTemplate(tx: Tx) {
  const rows = await tx.query(
    "select version, commitments, note, created_at from public.charter_templates order by version desc limit 1",
  );
  return rows.length ? templateRow.parse(rows[0]) : null;
}

export async function getTemplate(tx: Tx, { version }: { version: number }) {
  const rows = await tx.query("select version, commitments, note, created_at from public.charter_templates where version = $1", [
    version,
  ]);
  return rows.length ? templateRow.parse(rows[0]) : null;
}

export async function listTemplates(tx: Tx) {
  const rows = await tx.query("select version, commitments, note, created_by, created_at from public.charter_templates order by version desc");
  return rows.map((row) => templateRow.parse(row));
}

/** A new template version (national admins, by RLS). Published charters keep the wording they had. */
export async function saveTemplate(tx: Tx, input: { commitments: TemplateCommitment[]; note: string; createdBy: string }) {
  const rows = await tx.query<{ version: number }>(
    // Sent as text and cast: a JSON string parameter typed jsonb would be encoded twice by postgres.js.
    "insert into public.charter_templates (commitments, note, created_by) values ($1::text::jsonb, $2, $3) returning version",
    [JSON.stringify(input.commitments), input.note, input.createdBy],
  );
  return rows[0].version;
}

// A territory's draft ------------------------------------------------------------------------------

const itemRow = z.object({
  commitment_key: z.string(),
  status: z.enum(commitmentStatuses),
  target_date: z.string().nullable(),
  responsible: z.string(),
  evidence: z.string(),
  links: z.array(z.string()),
});
export type DraftItem = z.infer<typeof itemRow>;

const draftRow = z.object({
  template_version: z.number(),
  ruled_out: z.array(z.string()),
  ruled_out_reason: z.string(),
  updated_by: z.string().nullable(),
  updated_at: z.date(),
});

/** The territory's draft, or null before anyone started it (staff of the territory, by RLS). */
export async function getDraft(tx: Tx, { territoryId }: { territoryId: string }) {
  const drafts = await tx.query(
    "select template_version, ruled_out::text[] as ruled_out, ruled_out_reason, updated_by, updated_at from public.charter_drafts where territory_id = $1",
    [territoryId],
  );
  if (!drafts.length) return null;
  const items = await tx.query(
    `select commitment_key, status, target_date::text, responsible, evidence, links
     from public.charter_draft_items where territory_id = $1`,
    [territoryId],
  );
  return { ...draftRow.parse(drafts[0]), items: new Map(items.map((row) => [(row as { commitment_key: string }).commitment_key, itemRow.parse(row)])) };
}

export type DraftItemInput = {
  key: string;
  status: CommitmentStatus;
  targetDate: string | null;
  responsible: string;
  evidence: string;
  links: string[];
};

/**
 * Saves the whole draft in the caller's transaction: the draft row, then each commitment. A caller
 * who is not staff of the territory gets an RLS error (42501) and the transaction writes nothing.
 */
export async function saveDraft(
  tx: Tx,
  input: {
    territoryId: string;
    templateVersion: number;
    items: DraftItemInput[];
    ruledOut: string[];
    ruledOutReason: string;
    updatedBy: string;
  },
) {
  const drafts = await tx.query(
    `insert into public.charter_drafts (territory_id, template_version, ruled_out, ruled_out_reason, updated_by)
     values ($1, $2, $3::uuid[], $4, $5)
     on conflict (territory_id) do update set template_version = excluded.template_version, ruled_out = excluded.ruled_out,
       ruled_out_reason = excluded.ruled_out_reason, updated_by = excluded.updated_by, updated_at = now()
     returning territory_id`,
    [input.territoryId, input.templateVersion, input.ruledOut, input.ruledOutReason, input.updatedBy],
  );
  if (!drafts.length) return false;
  for (const item of input.items) {
    await tx.query(
      `insert into public.charter_draft_items (territory_id, commitment_key, status, target_date, responsible, evidence, links)
       values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (territory_id, commitment_key) do update set status = excluded.status, target_date = excluded.target_date,
         responsible = excluded.responsible, evidence = excluded.evidence, links = excluded.links`,
      [input.territoryId, item.key, item.status, item.targetDate, item.responsible, item.evidence, item.links],
    );
  }
  return true;
}

const ruledOutUse = z.object({ id: z.string(), title: z.string(), title_en: z.string().nullish(), final: z.boolean().optional() });

/**
 * What the territory's votes propose for commitment 5: uses with a majority for proscribing in a
 * closed consultation; with `includeOpen`, staff also get provisional ones (`final: false`).
 */
export async function proposedRuledOut(tx: Tx, { territoryId, includeOpen = false }: { territoryId: string; includeOpen?: boolean }) {
  const rows = await tx.query<{ proposed: unknown }>("select private.proposed_ruled_out($1, $2) as proposed", [territoryId, includeOpen]);
  return z.array(ruledOutUse).parse(rows[0].proposed);
}

/**
 * An official of the territory signs and publishes the draft as the next immutable version.
 * The database refuses anyone else (hint not_official) and a draft that does not exist (no_draft).
 */
export async function publishCharter(
  tx: Tx,
  input: { territoryId: string; signatoryName: string; signatoryMandate: string; signedOn: string },
) {
  const rows = await tx.query<{ version: number }>("select private.publish_charter($1, $2, $3, $4) as version", [
    input.territoryId,
    input.signatoryName,
    input.signatoryMandate,
    input.signedOn,
  ]);
  return rows[0].version;
}

// Published versions ----------------------------------------------------------------------------

const publishedCommitment = templateCommitment.extend({
  status: z.enum(commitmentStatuses),
  target_date: z.string().nullable(),
  responsible: z.string(),
  evidence: z.string(),
  links: z.array(z.string()),
});

const versionRow = z.object({
  version: z.number(),
  template_version: z.number(),
  commitments: z.array(publishedCommitment),
  ruled_out: z.array(ruledOutUse),
  proposed: z.array(ruledOutUse),
  ruled_out_reason: z.string(),
  signatory_name: z.string(),
  signatory_mandate: z.string(),
  signed_on: z.string(),
  published_at: z.date(),
});
export type CharterVersion = z.infer<typeof versionRow>;

const VERSION_COLUMNS = `version, template_version, commitments, ruled_out, proposed, ruled_out_reason, signatory_name,
  signatory_mandate, signed_on::text, published_at`;

/** Every published version of a territory's charter, newest first. */
export async function listCharterVersions(tx: Tx, { territoryId }: { territoryId: string }) {
  const rows = await tx.query(`select ${VERSION_COLUMNS} from public.charter_versions where territory_id = $1 order by version desc`, [
    territoryId,
  ]);
  return rows.map((row) => versionRow.parse(row));
}

// Follow-up ------------------------------------------------------------------------------------------

const followUpRow = z.object({
  id: z.string(),
  commitment_key: z.string(),
  happened_on: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  created_at: z.date(),
});
export type FollowUp = z.infer<typeof followUpRow>;

export async function listFollowUps(tx: Tx, { territoryId }: { territoryId: string }) {
  const rows = await tx.query(
    `select id, commitment_key, happened_on::text, body, link, created_at from public.charter_follow_ups
     where territory_id = $1 order by happened_on desc, created_at desc`,
    [territoryId],
  );
  return rows.map((row) => followUpRow.parse(row));
}

/** A dated follow-up entry; the same request key (a double submit) adds it once (null the second time). */
export async function addFollowUp(
  tx: Tx,
  input: { territoryId: string; key: string; happenedOn: string; body: string; link: string | null; createdBy: string; requestKey: string | null },
) {
  const rows = await tx.query<{ id: string }>(
    `insert into public.charter_follow_ups (territory_id, commitment_key, happened_on, body, link, created_by, request_key)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (request_key) do nothing returning id`,
    [input.territoryId, input.key, input.happenedOn, input.body, input.link, input.createdBy, input.requestKey],
  );
  return rows[0]?.id ?? null;
}

export async function deleteFollowUp(tx: Tx, { id }: { id: string }) {
  const rows = await tx.query("delete from public.charter_follow_ups where id = $1 returning id", [id]);
  return rows.length > 0;
}

// National view ---------------------------------------------------------------------------------

const adoptionRow = z.object({
  territory_id: z.string(),
  slug: z.string(),
  name: z.string(),
  kind: z.string(),
  version: z.number(),
  signed_on: z.string(),
  published_at: z.date(),
  adopted: z.array(z.string()),
  in_progress: z.array(z.string()),
});
export type TerritoryCharter = z.infer<typeof adoptionRow>;

/**
 * Each territory's current published charter, with which commitments it adopted or has in
 * progress: the national table of adoption, and the layer the national map reads.
 */
export async function listPublishedCharters(tx: Tx) {
  const rows = await tx.query(
    `select distinct on (v.territory_id) v.territory_id, t.slug, t.name, t.kind, v.version, v.signed_on::text, v.published_at,
            array(select c ->> 'key' from jsonb_array_elements(v.commitments) c where c ->> 'status' = 'adopted') as adopted,
            array(select c ->> 'key' from jsonb_array_elements(v.commitments) c where c ->> 'status' = 'in_progress') as in_progress
     from public.charter_versions v join public.territories t on t.id = v.territory_id
     order by v.territory_id, v.version desc`,
  );
  return rows.map((row) => adoptionRow.parse(row)).sort((a, b) => a.name.localeCompare(b.name, "fr"));
}
