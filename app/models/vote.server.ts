import { z } from "zod";
import type { Tx } from "../db.server";
import {
  aiUseDomains,
  outcomes,
  resultsVisibilities,
  riskTiers,
  verdicts,
  voteConditions,
  type AiUseDomain,
  type ResultsVisibility,
  type RiskTier,
  type Verdict,
  type VoteCondition,
} from "../votes";

/** The wording of a use in one language: what it does, an example from a territory, what could go wrong. */
export const aiUseText = z.object({
  title: z.string(),
  what: z.string(),
  example: z.string().optional(),
  risks: z.string().optional(),
});
export type AiUseText = z.infer<typeof aiUseText>;
export const aiUseContent = z.object({ fr: aiUseText, en: aiUseText.optional() });
export type AiUseContent = z.infer<typeof aiUseContent>;

const aiUseRow = z.object({
  id: z.string(),
  territory_id: z.string().nullable(),
  slug: z.string(),
  version: z.number(),
  domain: z.enum(aiUseDomains),
  risk_tier: z.enum(riskTiers),
  archived: z.boolean(),
  content: aiUseContent,
  updated_at: z.date(),
});
export type AiUse = z.infer<typeof aiUseRow>;

const USE_COLUMNS = `u.id, u.territory_id, u.slug, u.version, u.domain, u.risk_tier, u.archived_at is not null as archived,
  w.content, u.updated_at`;

/** The catalogue a territory's staff choose from: the national uses and the territory's own. */
export async function listCatalogue(
  tx: Tx,
  { territoryId, includeArchived = false }: { territoryId?: string | null; includeArchived?: boolean } = {},
) {
  const rows = await tx.query(
    `select ${USE_COLUMNS}
     from public.ai_uses u join public.ai_use_versions w on w.ai_use_id = u.id and w.version = u.version
     where (u.territory_id is null or u.territory_id = $1) and ($2 or u.archived_at is null)
     order by u.territory_id nulls first, u.domain, w.content #>> '{fr,title}'`,
    [territoryId ?? null, includeArchived],
  );
  return rows.map((row) => aiUseRow.parse(row));
}

/** A territory's own uses only (for its staff page). */
export async function listLocalUses(tx: Tx, { territoryId }: { territoryId: string }) {
  const rows = await tx.query(
    `select ${USE_COLUMNS}
     from public.ai_uses u join public.ai_use_versions w on w.ai_use_id = u.id and w.version = u.version
     where u.territory_id = $1
     order by u.archived_at nulls first, w.content #>> '{fr,title}'`,
    [territoryId],
  );
  return rows.map((row) => aiUseRow.parse(row));
}

export async function getAiUse(tx: Tx, { id }: { id: string }) {
  const rows = await tx.query(
    `select ${USE_COLUMNS}
     from public.ai_uses u join public.ai_use_versions w on w.ai_use_id = u.id and w.version = u.version
     where u.id = $1`,
    [id],
  );
  return rows.length ? aiUseRow.parse(rows[0]) : null;
}

const versionRow = z.object({
  version: z.number(),
  domain: z.enum(aiUseDomains),
  risk_tier: z.enum(riskTiers),
  content: aiUseContent,
  created_by: z.string().nullable(),
  created_at: z.date(),
});
export type AiUseVersion = z.infer<typeof versionRow>;

/** Every wording a use has had, newest first. */
export async function listVersions(tx: Tx, { id }: { id: string }) {
  const rows = await tx.query(
    `select version, domain, risk_tier, content, created_by, created_at
     from public.ai_use_versions where ai_use_id = $1 order by version desc`,
    [id],
  );
  return rows.map((row) => versionRow.parse(row));
}

export type AiUseInput = { content: AiUseContent; domain: AiUseDomain; riskTier: RiskTier };

/** A slug from a French title, made unique with a short suffix. */
export function slugFor(title: string, suffix: string) {
  const base = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return `${base || "usage"}-${suffix}`;
}

/**
 * Adds a use to the catalogue (national when territoryId is null) with its first wording, in the
 * caller's transaction. The same request key (a double submit) returns the first one. Returns null
 * when RLS refused.
 */
export async function createAiUse(
  tx: Tx,
  input: AiUseInput & { territoryId: string | null; createdBy: string; requestKey: string | null },
) {
  if (input.requestKey) {
    const done = await tx.query<{ id: string }>("select id from public.ai_uses where request_key = $1", [input.requestKey]);
    if (done.length) return done[0].id;
  }
  const suffix = (input.requestKey ?? crypto.randomUUID()).slice(0, 8);
  // Two identical submits at once: the second finds the first's row instead of failing on the key.
  const rows = await tx.query<{ id: string }>(
    `insert into public.ai_uses (territory_id, slug, request_key, created_by) values ($1, $2, $3, $4)
     on conflict (request_key) do nothing returning id`,
    [input.territoryId, slugFor(input.content.fr.title, suffix), input.requestKey, input.createdBy],
  );
  if (!rows.length) {
    const first = await tx.query<{ id: string }>("select id from public.ai_uses where request_key = $1", [input.requestKey]);
    return first[0].id;
  }
  const id = rows[0].id;
  await reviseAiUse(tx, { ...input, id });
  return id;
}

/** Writes a new wording; a vote keeps pointing to the wording its voter saw. Nothing when unchanged. */
export async function reviseAiUse(tx: Tx, input: AiUseInput & { id: string; createdBy: string }) {
  const current = await getAiUse(tx, { id: input.id });
  if (
    current &&
    current.version > 0 &&
    current.domain === input.domain &&
    current.risk_tier === input.riskTier &&
    JSON.stringify(current.content) === JSON.stringify(stripEmpty(input.content))
  ) {
    return current.version;
  }
  const rows = await tx.query<{ version: number }>(
    `insert into public.ai_use_versions (ai_use_id, domain, risk_tier, content, created_by)
     values ($1, $2, $3, $4, $5) returning version`,
    [input.id, input.domain, input.riskTier, stripEmpty(input.content), input.createdBy],
  );
  return rows[0].version;
}

/** Empty optional texts are left out, as the database stores them (jsonb_strip_nulls). */
function stripEmpty(content: AiUseContent): AiUseContent {
  const clean = (text: AiUseText): AiUseText => {
    const out: AiUseText = { title: text.title, what: text.what };
    if (text.example) out.example = text.example;
    if (text.risks) out.risks = text.risks;
    return out;
  };
  return content.en ? { fr: clean(content.fr), en: clean(content.en) } : { fr: clean(content.fr) };
}

/** Archives (or brings back) a use: it can no longer be added to a consultation. False when refused. */
export async function setArchived(tx: Tx, { id, archived }: { id: string; archived: boolean }) {
  const rows = await tx.query(
    `update public.ai_uses set archived_at = case when $2 then coalesce(archived_at, now()) end, updated_at = now()
     where id = $1 returning id`,
    [id, archived],
  );
  return rows.length > 0;
}

// The uses a consultation puts to the vote ----------------------------------------------------------

const selectedRow = aiUseRow.extend({ position: z.number(), votes: z.number() });

/** The uses put to the vote, in order, with how many votes each has (staff see them all). */
export async function listSelection(tx: Tx, { consultationId }: { consultationId: string }) {
  const rows = await tx.query(
    `select ${USE_COLUMNS}, s.position,
            (select count(*)::int from public.votes v where v.consultation_id = s.consultation_id and v.ai_use_id = s.ai_use_id) as votes
     from public.consultation_ai_uses s
     join public.ai_uses u on u.id = s.ai_use_id
     join public.ai_use_versions w on w.ai_use_id = u.id and w.version = u.version
     where s.consultation_id = $1
     order by s.position, w.content #>> '{fr,title}'`,
    [consultationId],
  );
  return rows.map((row) => selectedRow.parse(row));
}

/**
 * Sets the uses put to the vote, in the given order: adds the new ones, withdraws the others.
 * Withdrawing a use somebody voted on fails (the database keeps votes), as does any change once the
 * consultation is closed. Returns false when RLS refused.
 */
export async function setSelection(
  tx: Tx,
  { consultationId, territoryId, aiUseIds }: { consultationId: string; territoryId: string; aiUseIds: string[] },
) {
  await tx.query(
    "delete from public.consultation_ai_uses where consultation_id = $1 and not (ai_use_id = any ($2::uuid[]))",
    [consultationId, aiUseIds],
  );
  // Uses already selected are only reordered: an archived one stays put; only new ones are checked.
  const existing = new Set(
    (await tx.query<{ ai_use_id: string }>("select ai_use_id from public.consultation_ai_uses where consultation_id = $1", [consultationId])).map(
      (r) => r.ai_use_id,
    ),
  );
  let written = 0;
  for (const [position, aiUseId] of aiUseIds.entries()) {
    const rows = existing.has(aiUseId)
      ? await tx.query(
          `update public.consultation_ai_uses set position = $3
           where consultation_id = $1 and ai_use_id = $2 returning ai_use_id`,
          [consultationId, aiUseId, position],
        )
      : await tx.query(
          `insert into public.consultation_ai_uses (consultation_id, territory_id, ai_use_id, position)
           values ($1, $2, $3, $4) returning ai_use_id`,
          [consultationId, territoryId, aiUseId, position],
        );
    written += rows.length;
  }
  return written === aiUseIds.length;
}

/** Whether results show right after voting on a use, or only once the consultation closes. */
export async function setResultsVisibility(
  tx: Tx,
  { consultationId, visibility }: { consultationId: string; visibility: ResultsVisibility },
) {
  const rows = await tx.query("update public.consultations set results_visibility = $2 where id = $1 returning id", [
    consultationId,
    visibility,
  ]);
  return rows.length > 0;
}

export async function getResultsVisibility(tx: Tx, { consultationId }: { consultationId: string }) {
  const rows = await tx.query<{ results_visibility: string }>(
    "select results_visibility from public.consultations where id = $1",
    [consultationId],
  );
  return rows.length ? z.enum(resultsVisibilities).parse(rows[0].results_visibility) : null;
}

// Voting -------------------------------------------------------------------------------------------

const ballotRow = aiUseRow.extend({
  my_verdict: z.enum(verdicts).nullable(),
  my_conditions: z.array(z.enum(voteConditions)).nullable(),
  my_other: z.string().nullable(),
  my_version: z.number().nullable(),
});
export type BallotItem = z.infer<typeof ballotRow>;

/** The uses of a consultation with the caller's own vote on each, if any. */
export async function listBallot(tx: Tx, { consultationId, participantId }: { consultationId: string; participantId: string | null }) {
  const rows = await tx.query(
    `select ${USE_COLUMNS}, v.verdict as my_verdict, v.conditions as my_conditions, v.other_condition as my_other,
            v.ai_use_version as my_version
     from public.consultation_ai_uses s
     join public.ai_uses u on u.id = s.ai_use_id
     join public.ai_use_versions w on w.ai_use_id = u.id and w.version = u.version
     left join public.votes v on v.consultation_id = s.consultation_id and v.ai_use_id = s.ai_use_id and v.participant_id = $2
     where s.consultation_id = $1
     order by s.position, w.content #>> '{fr,title}'`,
    [consultationId, participantId],
  );
  return rows.map((row) => ballotRow.parse(row));
}

export type BallotEntry = {
  aiUseId: string;
  version: number;
  verdict: Verdict;
  conditions: VoteCondition[];
  other: string | null;
};

/**
 * Records the caller's votes on several uses, all or none (one transaction): one vote per
 * participant, use and consultation, a second one replacing the first. The same ballot sent twice
 * leaves the same votes. The database refuses a use not put to the vote, a closed consultation and
 * a blocked participant.
 */
export async function castVotes(
  tx: Tx,
  {
    consultationId,
    territoryId,
    eventId,
    participantId,
    entries,
  }: { consultationId: string; territoryId: string; eventId: string | null; participantId: string; entries: BallotEntry[] },
) {
  for (const entry of entries) {
    await tx.query(
      `insert into public.votes (consultation_id, ai_use_id, participant_id, territory_id, event_id, ai_use_version, verdict, conditions, other_condition)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       on conflict (consultation_id, ai_use_id, participant_id) do update set
         ai_use_version = excluded.ai_use_version, verdict = excluded.verdict, conditions = excluded.conditions,
         other_condition = excluded.other_condition, event_id = coalesce(excluded.event_id, votes.event_id)
       where (votes.ai_use_version, votes.verdict, votes.conditions, votes.other_condition)
         is distinct from (excluded.ai_use_version, excluded.verdict, excluded.conditions, excluded.other_condition)`,
      [consultationId, entry.aiUseId, participantId, territoryId, eventId, entry.version, entry.verdict, entry.conditions, entry.other],
    );
  }
}

// Results ------------------------------------------------------------------------------------------

const resultRow = aiUseRow.extend({
  proscribe: z.number(),
  conditional: z.number(),
  accept: z.number(),
  unsure: z.number(),
  human_oversight: z.number(),
  transparency: z.number(),
  eu_hosting: z.number(),
  bias_audit: z.number(),
  human_alternative: z.number(),
  other_condition: z.number(),
  total: z.number(),
  outcome: z.enum(outcomes),
  position: z.number(),
});
export type UseResult = z.infer<typeof resultRow>;

/**
 * The results the caller may read (RLS on vote_tallies): staff always, everyone once closed, a
 * participant the uses they voted on while it is open (unless results wait for the close).
 * Votes of blocked participants are never in the tallies.
 */
export async function listResults(tx: Tx, { consultationId }: { consultationId: string }) {
  const rows = await tx.query(
    `select ${USE_COLUMNS}, t.proscribe, t.conditional, t.accept, t.unsure, t.human_oversight, t.transparency,
            t.eu_hosting, t.bias_audit, t.human_alternative, t.other_condition, t.total, t.outcome, s.position
     from public.vote_tallies t
     join public.consultation_ai_uses s on s.consultation_id = t.consultation_id and s.ai_use_id = t.ai_use_id
     join public.ai_uses u on u.id = t.ai_use_id
     join public.ai_use_versions w on w.ai_use_id = u.id and w.version = u.version
     where t.consultation_id = $1
     order by s.position, w.content #>> '{fr,title}'`,
    [consultationId],
  );
  return rows.map((row) => resultRow.parse(row));
}

/**
 * How many different participants voted (not blocked), for the "fewer than 30" note: null when the
 * caller may read none of the consultation's results.
 */
export async function countVoters(tx: Tx, { consultationId }: { consultationId: string }) {
  const rows = await tx.query<{ n: number | null }>("select private.count_voters($1) as n", [consultationId]);
  return rows[0]?.n ?? null;
}

/**
 * The uses the participants want ruled out: a majority for proscribing. This is the proposed
 * content of charter commitment 5 ("publish the list of uses the territory rules out").
 */
export async function proscribedUses(tx: Tx, { consultationId }: { consultationId: string }) {
  return (await listResults(tx, { consultationId })).filter((r) => r.outcome === "proscribe");
}

/** The conditions people wrote themselves, for staff reading the results (RLS: staff of the territory). */
export async function listOtherConditions(tx: Tx, { consultationId }: { consultationId: string }) {
  const rows = await tx.query<{ ai_use_id: string; other_condition: string }>(
    `select v.ai_use_id, v.other_condition from public.votes v
     where v.consultation_id = $1 and v.other_condition is not null
       and not private.is_blocked(v.consultation_id, v.participant_id)
     order by v.updated_at`,
    [consultationId],
  );
  const byUse = new Map<string, string[]>();
  for (const row of rows) byUse.set(row.ai_use_id, [...(byUse.get(row.ai_use_id) ?? []), row.other_condition]);
  return byUse;
}
