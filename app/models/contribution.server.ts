import { z } from "zod";
import type { Tx } from "../db.server";
import { contributionKinds, reactionValues, reportReasons, themes, type ReactionValue, type ReportReason, type Theme } from "../themes";

export const EDIT_MINUTES = 10;

const contributionRow = z.object({
  id: z.string(),
  consultation_id: z.string(),
  event_id: z.string().nullable(),
  kind: z.enum(contributionKinds),
  body: z.string(),
  themes: z.array(z.enum(themes)),
  source: z.enum(["online", "paper"]),
  status: z.enum(["visible", "held", "hidden"]),
  held_reason: z.enum(["email", "phone", "insult"]).nullable(),
  created_at: z.date(),
  mine: z.boolean(),
  my_reaction: z.enum(reactionValues).nullable(),
  reported: z.boolean(),
  agree: z.number().nullable(),
  disagree: z.number().nullable(),
  pass: z.number().nullable(),
});
export type Contribution = z.infer<typeof contributionRow>;

/**
 * Contributions as the caller may see them. For a participant, the order favours what they have
 * not reacted to yet, then the least-reacted (new and little-seen ones get seen), shuffled per person
 * so nobody sees the earliest first; counts come only for what they reacted to (RLS on the counts).
 *
 * The counts are read apart, for the contributions the caller reacted to: joined to every row, the
 * counts' policy (two security definer calls per row) cost ~0.3 ms per contribution of the
 * consultation, 175 ms per page load with 600 of them on Postgres, the bulk of a live session's
 * database time (scripts/bench-live.ts). The policy still decides what the second read returns.
 */
export async function listForParticipant(
  tx: Tx,
  { consultationId, participantId, limit = 50 }: { consultationId: string; participantId: string | null; limit?: number },
) {
  const rows = await tx.query<{ id: string; my_reaction: string | null }>(
    `select c.id, c.consultation_id, c.event_id, c.kind, c.body, c.themes, c.source, c.status, c.held_reason, c.created_at,
            coalesce(c.participant_id = $2, false) as mine,
            r.value as my_reaction,
            exists (select 1 from public.reports p where p.contribution_id = c.id and p.participant_id = $2) as reported
     from public.contributions c
     left join public.reactions r on r.contribution_id = c.id and r.participant_id = $2
     where c.consultation_id = $1 and (c.status = 'visible' or c.participant_id = $2)
     order by (c.participant_id = $2) desc nulls last, (r.value is not null), private.reaction_total(c.id),
              md5(c.id::text || coalesce($2::text, ''))
     limit $3`,
    [consultationId, participantId, limit],
  );
  const reacted = rows.filter((row) => row.my_reaction !== null).map((row) => row.id);
  const counts = new Map<string, Record<string, unknown>>();
  if (reacted.length) {
    const found = await tx.query<{ contribution_id: string }>(
      "select contribution_id, agree, disagree, pass from public.contribution_counts where contribution_id = any ($1::uuid[])",
      [reacted],
    );
    for (const row of found) counts.set(row.contribution_id, row);
  }
  return rows.map((row) => {
    const n = counts.get(row.id);
    return contributionRow.parse({ ...row, agree: n?.agree ?? null, disagree: n?.disagree ?? null, pass: n?.pass ?? null });
  });
}

export type ContributionInput = { kind: (typeof contributionKinds)[number]; body: string; themes: Theme[] };

/** Posts a contribution; the same request key (double tap, retry) returns the first one. */
export async function postContribution(
  tx: Tx,
  input: ContributionInput & { consultationId: string; eventId: string | null; participantId: string; requestKey: string | null },
) {
  // A retry of a request that already went through returns it without touching the rate limit.
  if (input.requestKey) {
    const done = await tx.query<{ id: string; status: string; held_reason: string | null }>(
      "select id, status, held_reason from public.contributions where request_key = $1",
      [input.requestKey],
    );
    if (done.length) return done[0];
  }
  const rows = await tx.query<{ id: string; status: string; held_reason: string | null }>(
    `insert into public.contributions (consultation_id, territory_id, event_id, participant_id, kind, body, themes, request_key)
     select c.id, c.territory_id, $2, $3, $4, $5, $6, $7 from public.consultations c where c.id = $1
     on conflict (request_key) do nothing
     returning id, status, held_reason`,
    [input.consultationId, input.eventId, input.participantId, input.kind, input.body, input.themes, input.requestKey],
  );
  if (rows.length || !input.requestKey) return rows[0] ?? null;
  const first = await tx.query<{ id: string; status: string; held_reason: string | null }>(
    "select id, status, held_reason from public.contributions where request_key = $1",
    [input.requestKey],
  );
  return first[0] ?? null;
}

/** Staff type in a note collected on paper during an event. */
export async function typePaperContribution(
  tx: Tx,
  input: ContributionInput & { consultationId: string; eventId: string; enteredBy: string; requestKey: string | null },
) {
  const rows = await tx.query<{ id: string }>(
    `insert into public.contributions (consultation_id, territory_id, event_id, kind, body, themes, source, entered_by, request_key)
     select c.id, c.territory_id, $2, $3, $4, $5, 'paper', $6, $7 from public.consultations c where c.id = $1
     on conflict (request_key) do nothing
     returning id`,
    [input.consultationId, input.eventId, input.kind, input.body, input.themes, input.enteredBy, input.requestKey],
  );
  return rows[0]?.id ?? null;
}

/** The author's edit, within 10 minutes (RLS); returns the new status or null when refused. */
export async function editContribution(tx: Tx, input: { id: string; body: string; themes: Theme[] }) {
  const rows = await tx.query<{ status: string; held_reason: string | null }>(
    "update public.contributions set body = $2, themes = $3 where id = $1 returning status, held_reason",
    [input.id, input.body, input.themes],
  );
  return rows[0] ?? null;
}

export async function deleteContribution(tx: Tx, { id }: { id: string }) {
  const rows = await tx.query("delete from public.contributions where id = $1 returning id", [id]);
  return rows.length > 0;
}

/** One reaction per participant and contribution; reacting again changes it. */
export async function react(tx: Tx, input: { contributionId: string; participantId: string; value: ReactionValue }) {
  await tx.query(
    `insert into public.reactions (contribution_id, participant_id, value) values ($1, $2, $3)
     on conflict (contribution_id, participant_id) do update set value = excluded.value`,
    [input.contributionId, input.participantId, input.value],
  );
  const counts = await tx.query<{ agree: number; disagree: number; pass: number }>(
    "select agree, disagree, pass from public.contribution_counts where contribution_id = $1",
    [input.contributionId],
  );
  return counts[0] ?? null;
}

/** Reporting twice changes nothing. */
export async function report(tx: Tx, input: { contributionId: string; participantId: string; reason: ReportReason }) {
  await tx.query(
    `insert into public.reports (contribution_id, participant_id, reason) values ($1, $2, $3)
     on conflict (contribution_id, participant_id) do nothing`,
    [input.contributionId, input.participantId, input.reason],
  );
}

export { reportReasons };
