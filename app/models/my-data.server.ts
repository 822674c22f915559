import { z } from "zod";
import type { Tx } from "../db.server";

/**
 * Everything the platform holds about one participant (the right of access, GDPR art. 15), read as that
 * participant: RLS lets them see their own rows only, so this cannot reach anyone else's. Each list says
 * where the row belongs (consultation, event, use) by its public title where the participant may see it.
 */

const iso = z.union([z.date(), z.string()]).transform((v) => new Date(v).toISOString());

const participantRow = z.object({ id: z.string(), created_at: iso });
const profileRow = z.object({
  skipped: z.boolean(),
  age_bracket: z.string().nullable(),
  commune_code: z.string().nullable(),
  ai_use: z.string().nullable(),
  created_at: iso,
  updated_at: iso,
});
const contributionRow = z.object({
  id: z.string(),
  consultation: z.string().nullable(),
  event: z.string().nullable(),
  kind: z.enum(["hope", "fear"]),
  body: z.string(),
  themes: z.array(z.string()),
  status: z.string(),
  created_at: iso,
  updated_at: iso,
});
const reactionRow = z.object({ contribution_id: z.string(), contribution: z.string().nullable(), value: z.string(), updated_at: iso });
const reportRow = z.object({ contribution_id: z.string(), reason: z.string(), created_at: iso });
const voteRow = z.object({
  consultation: z.string().nullable(),
  ai_use: z.string().nullable(),
  verdict: z.string(),
  conditions: z.array(z.string()),
  other_condition: z.string().nullable(),
  updated_at: iso,
});
const registrationRow = z.object({
  event: z.string().nullable(),
  starts_at: iso.nullable(),
  first_name: z.string(),
  email: z.string().nullable(),
  status: z.string(),
  locale: z.string(),
  created_at: iso,
});

export type MyData = {
  participant: z.infer<typeof participantRow>;
  profile: z.infer<typeof profileRow> | null;
  contributions: z.infer<typeof contributionRow>[];
  reactions: z.infer<typeof reactionRow>[];
  reports: z.infer<typeof reportRow>[];
  votes: z.infer<typeof voteRow>[];
  registrations: z.infer<typeof registrationRow>[];
};

/** Null when the participant no longer exists (deleted, or a stale cookie). */
export async function collectMyData(tx: Tx, participantId: string): Promise<MyData | null> {
  const [participant] = await tx.query("select id, created_at from public.participants where id = $1", [participantId]);
  if (!participant) return null;
  const [profile] = await tx.query(
    "select skipped, age_bracket, commune_code, ai_use, created_at, updated_at from public.participant_profiles where participant_id = $1",
    [participantId],
  );
  const contributions = await tx.query(
    `select c.id, k.title as consultation, e.title as event, c.kind, c.body, c.themes, c.status, c.created_at, c.updated_at
     from public.contributions c
     left join public.consultations k on k.id = c.consultation_id
     left join public.events e on e.id = c.event_id
     where c.participant_id = $1
     order by c.created_at`,
    [participantId],
  );
  // A reaction names the contribution it answers by its text only while that text is public.
  const reactions = await tx.query(
    `select r.contribution_id, c.body as contribution, r.value, r.updated_at
     from public.reactions r left join public.contributions c on c.id = r.contribution_id
     where r.participant_id = $1
     order by r.updated_at`,
    [participantId],
  );
  const reports = await tx.query(
    "select contribution_id, reason, created_at from public.reports where participant_id = $1 order by created_at",
    [participantId],
  );
  const votes = await tx.query(
    `select k.title as consultation, w.content -> 'fr' ->> 'title' as ai_use, v.verdict, v.conditions, v.other_condition, v.updated_at
     from public.votes v
     left join public.consultations k on k.id = v.consultation_id
     -- The wording the participant voted on.
     left join public.ai_use_versions w on w.ai_use_id = v.ai_use_id and w.version = v.ai_use_version
     where v.participant_id = $1
     order by v.updated_at`,
    [participantId],
  );
  const registrations = await tx.query(
    `select e.title as event, e.starts_at, r.first_name, r.email, r.status, r.locale, r.created_at
     from public.registrations r left join public.events e on e.id = r.event_id
     where r.participant_id = $1
     order by r.created_at`,
    [participantId],
  );
  return {
    participant: participantRow.parse(participant),
    profile: profile ? profileRow.parse(profile) : null,
    contributions: contributions.map((r) => contributionRow.parse(r)),
    reactions: reactions.map((r) => reactionRow.parse(r)),
    reports: reports.map((r) => reportRow.parse(r)),
    votes: votes.map((r) => voteRow.parse(r)),
    registrations: registrations.map((r) => registrationRow.parse(r)),
  };
}

/**
 * The right to erasure (art. 17): the participant row goes, and with it (on delete cascade) their
 * contributions, reactions, reports, votes, profile and registrations; the database's triggers take
 * them out of every count, tally and summary in the same transaction. Returns whether a row went.
 */
export async function deleteMyData(tx: Tx, participantId: string): Promise<boolean> {
  const rows = await tx.query("delete from public.participants where id = $1 returning id", [participantId]);
  return rows.length > 0;
}
