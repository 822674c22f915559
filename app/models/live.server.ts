import { z } from "zod";
import type { Tx } from "../db.server";
import { contributionKinds, themes } from "../themes";
import { verdicts } from "../votes";

/** The phases a facilitator moves the room through; each opens and closes. */
export const livePhases = ["welcome", "contributions", "reactions", "votes", "wrapup"] as const;
export type LivePhase = (typeof livePhases)[number];

/** The channel the database notifies on; payload `{"e": eventId, "k": kind}` (see the migration). */
export const LIVE_CHANNEL = "cafe_live";
export const liveNotice = z.object({ e: z.string(), k: z.enum(["phase", "contribution", "reaction", "vote"]) });
export type LiveNotice = z.infer<typeof liveNotice>;

const sessionRow = z.object({
  event_id: z.string(),
  consultation_id: z.string(),
  territory_id: z.string(),
  phase: z.enum(livePhases),
  phase_open: z.boolean(),
  version: z.number(),
  started_at: z.date(),
  ended_at: z.date().nullable(),
  updated_at: z.date(),
});
export type LiveSession = z.infer<typeof sessionRow>;

// Who started it is left out: visitors may not read that column.
const SESSION_COLUMNS = "event_id, consultation_id, territory_id, phase, phase_open, version, started_at, ended_at, updated_at";

export async function getLiveSession(tx: Tx, { eventId }: { eventId: string }): Promise<LiveSession | null> {
  const rows = await tx.query(`select ${SESSION_COLUMNS} from public.live_sessions where event_id = $1`, [eventId]);
  return rows.length ? sessionRow.parse(rows[0]) : null;
}

/**
 * Starts the session of an event in the welcome phase, or resumes an ended one where it stopped. A
 * second start (double submit, two staff at once) returns the running session. RLS: staff of the
 * event's territory.
 */
export async function startLiveSession(tx: Tx, { eventId, startedBy }: { eventId: string; startedBy: string }) {
  const rows = await tx.query(
    `insert into public.live_sessions (event_id, consultation_id, territory_id, started_by)
     select e.id, e.consultation_id, e.territory_id, $2 from public.events e where e.id = $1
     on conflict (event_id) do update set ended_at = null where live_sessions.ended_at is not null
     returning ${SESSION_COLUMNS}`,
    [eventId, startedBy],
  );
  return rows.length ? sessionRow.parse(rows[0]) : getLiveSession(tx, { eventId });
}

/**
 * Moves a running session to a phase, open or closed. Returns the session (unchanged when it
 * already was so), or null when there is no running session or the caller may not run it.
 */
export async function setLivePhase(tx: Tx, { eventId, phase, open }: { eventId: string; phase: LivePhase; open: boolean }) {
  const rows = await tx.query(
    `update public.live_sessions set phase = $2, phase_open = $3
     where event_id = $1 and ended_at is null and (phase, phase_open) is distinct from ($2, $3)
     returning ${SESSION_COLUMNS}`,
    [eventId, phase, open],
  );
  if (rows.length) return sessionRow.parse(rows[0]);
  const current = await getLiveSession(tx, { eventId });
  return current && !current.ended_at && current.phase === phase && current.phase_open === open ? current : null;
}

/** Ends a running session (ending twice is a no-op). Null when there is none or the caller may not. */
export async function endLiveSession(tx: Tx, { eventId }: { eventId: string }) {
  const rows = await tx.query(
    `update public.live_sessions set ended_at = now() where event_id = $1 and ended_at is null returning ${SESSION_COLUMNS}`,
    [eventId],
  );
  if (rows.length) return sessionRow.parse(rows[0]);
  const current = await getLiveSession(tx, { eventId });
  return current?.ended_at ? current : null;
}

const count = z.number().int().nonnegative();
const themeCounts = z.partialRecord(z.enum(themes), count);
const snapshotRow = z.object({
  phase: z.enum(livePhases).nullable(),
  phase_open: z.boolean().nullable(),
  version: z.number().nullable(),
  started_at: z.date().nullable(),
  ended_at: z.date().nullable(),
  figures: z.object({
    contributions: count,
    hopes: count,
    fears: count,
    votes: count,
    participants: count,
    themes: z.partialRecord(z.enum(contributionKinds), themeCounts),
    results_shown: z.boolean(),
    uses: z.array(
      z.object({
        ai_use_id: z.string(),
        position: z.number(),
        votes: count,
        bars: z.record(z.enum(verdicts), count).nullable(),
      }),
    ),
  }),
  latest: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(contributionKinds),
      body: z.string(),
      themes: z.array(z.enum(themes)),
      created_at: z.coerce.date(),
    }),
  ),
});

export type LiveSnapshot = {
  session: { phase: LivePhase; phase_open: boolean; version: number; started_at: Date; ended_at: Date | null } | null;
  counts: { contributions: number; hopes: number; fears: number; votes: number; participants: number };
  themes: z.infer<typeof snapshotRow>["figures"]["themes"];
  /** Uses put to the vote, in ballot order; `bars` only when results may be shown to the room. */
  uses: z.infer<typeof snapshotRow>["figures"]["uses"];
  results_shown: boolean;
  /** Visible contributions of the event, newest first. */
  latest: z.infer<typeof snapshotRow>["latest"];
};

/**
 * What phones and the projector show, the same for every caller (anonymous included): nothing held
 * or hidden, no person's id or email. Null when the caller may not see the event. One statement:
 * it runs several times a second per live event.
 */
export async function liveSnapshot(tx: Tx, { eventId, limit = 80 }: { eventId: string; limit?: number }): Promise<LiveSnapshot | null> {
  const rows = await tx.query(
    `select s.phase, s.phase_open, s.version, s.started_at, s.ended_at, private.live_figures(e.id) as figures,
            coalesce((
              select jsonb_agg(jsonb_build_object('id', c.id, 'kind', c.kind, 'body', c.body, 'themes', c.themes,
                       'created_at', c.created_at) order by c.created_at desc, c.id desc)
              from (select c.id, c.kind, c.body, c.themes, c.created_at from public.contributions c
                    where c.event_id = e.id and c.status = 'visible'
                    order by c.created_at desc, c.id desc limit $2) c), '[]') as latest
     from public.events e left join public.live_sessions s on s.event_id = e.id
     where e.id = $1`,
    [eventId, limit],
  );
  if (!rows.length || rows[0].figures === null) return null;
  const row = snapshotRow.parse(rows[0]);
  const { figures } = row;
  return {
    session:
      row.phase && row.started_at
        ? { phase: row.phase, phase_open: row.phase_open ?? false, version: row.version ?? 1, started_at: row.started_at, ended_at: row.ended_at }
        : null,
    counts: {
      contributions: figures.contributions,
      hopes: figures.hopes,
      fears: figures.fears,
      votes: figures.votes,
      participants: figures.participants,
    },
    themes: figures.themes,
    uses: figures.uses,
    results_shown: figures.results_shown,
    latest: row.latest,
  };
}
