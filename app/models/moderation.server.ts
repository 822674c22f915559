import { z } from "zod";
import type { Tx } from "../db.server";
import { contributionKinds, themes } from "../themes";

const queueRow = z.object({
  id: z.string(),
  participant_id: z.string().nullable(),
  event_id: z.string().nullable(),
  event_title: z.string().nullable(),
  kind: z.enum(contributionKinds),
  body: z.string(),
  themes: z.array(z.enum(themes)),
  source: z.enum(["online", "paper"]),
  status: z.enum(["visible", "held", "hidden"]),
  held_reason: z.enum(["email", "phone", "insult"]).nullable(),
  created_at: z.date(),
  reports: z.number(),
  report_reasons: z.array(z.string()),
  burst: z.boolean(),
  agree: z.number(),
  disagree: z.number(),
  pass: z.number(),
});
export type QueueItem = z.infer<typeof queueRow>;

/**
 * Everything posted in a consultation, for its staff (RLS): reported and held first, then hidden,
 * then the rest, newest first. `burst` flags an author who posted 5 or more within 2 minutes.
 */
export async function moderationQueue(tx: Tx, { consultationId }: { consultationId: string }) {
  const rows = await tx.query(
    `select c.id, c.participant_id, c.event_id, e.title as event_title, c.kind, c.body, c.themes, c.source, c.status, c.held_reason, c.created_at,
            coalesce(n.reports, 0) as reports,
            coalesce((select array_agg(distinct p.reason order by p.reason) from public.reports p where p.contribution_id = c.id), '{}') as report_reasons,
            c.participant_id is not null and exists (
              select 1 from public.contributions o
              where o.participant_id = c.participant_id and o.id <> c.id
                and o.created_at between c.created_at - interval '2 minutes' and c.created_at + interval '2 minutes'
              group by o.participant_id having count(*) >= 4
            ) as burst,
            coalesce(n.agree, 0) as agree, coalesce(n.disagree, 0) as disagree, coalesce(n.pass, 0) as pass
     from public.contributions c
     left join public.events e on e.id = c.event_id
     left join public.contribution_counts n on n.contribution_id = c.id
     where c.consultation_id = $1
     order by (c.status = 'held' or (coalesce(n.reports, 0) > 0 and c.status = 'visible')) desc,
              (c.status = 'hidden') desc, c.created_at desc
     limit 500`,
    [consultationId],
  );
  return rows.map((row) => queueRow.parse(row));
}

/** Hides or restores with a reason; the log line is written in the same transaction. False if not allowed. */
export async function moderate(tx: Tx, input: { id: string; action: "hide" | "restore"; reason: string }) {
  const rows = await tx.query<{ ok: boolean }>("select private.moderate_contribution($1, $2, $3) as ok", [
    input.id,
    input.action,
    input.reason,
  ]);
  return rows[0]?.ok ?? false;
}

const logRow = z.object({
  id: z.string(),
  contribution_id: z.string(),
  body: z.string(),
  action: z.enum(["hide", "restore"]),
  reason: z.string(),
  actor: z.string(),
  created_at: z.date(),
});

export async function moderationLog(tx: Tx, { consultationId }: { consultationId: string }) {
  const rows = await tx.query(
    `select l.id, l.contribution_id, c.body, l.action, l.reason, l.actor, l.created_at
     from public.moderation_log l join public.contributions c on c.id = l.contribution_id
     where c.consultation_id = $1 order by l.created_at desc limit 200`,
    [consultationId],
  );
  return rows.map((row) => logRow.parse(row));
}

/**
 * Blocks the author of a contribution in its consultation: they can no longer vote there and their
 * votes leave the tallies. False when refused (not staff, or no participant behind it, e.g. paper).
 */
export async function blockAuthor(tx: Tx, { id, reason }: { id: string; reason: string }) {
  const rows = await tx.query<{ ok: boolean }>("select private.block_author($1, $2) as ok", [id, reason]);
  return rows[0]?.ok ?? false;
}

export async function unblockAuthor(tx: Tx, { id }: { id: string }) {
  const rows = await tx.query<{ ok: boolean }>("select private.unblock_author($1) as ok", [id]);
  return rows[0]?.ok ?? false;
}

export async function listBlockedParticipantIds(tx: Tx, { consultationId }: { consultationId: string }) {
  const rows = await tx.query<{ participant_id: string }>(
    "select participant_id from public.participant_blocks where consultation_id = $1",
    [consultationId],
  );
  return rows.map((row) => row.participant_id);
}
