import type { Tx } from "../db.server";

export const ageBrackets = ["under_18", "18_24", "25_34", "35_49", "50_64", "65_74", "75_plus"] as const;
export const aiUses = ["never", "rarely", "monthly", "weekly", "daily"] as const;

export type ProfileInput = {
  skipped: boolean;
  ageBracket?: (typeof ageBrackets)[number] | null;
  communeCode?: string | null;
  aiUse?: (typeof aiUses)[number] | null;
};

export async function getProfile(tx: Tx, { participantId }: { participantId: string }) {
  const rows = await tx.query<{ skipped: boolean; age_bracket: string | null; commune_code: string | null; ai_use: string | null }>(
    "select skipped, age_bracket, commune_code, ai_use from public.participant_profiles where participant_id = $1",
    [participantId],
  );
  return rows[0] ?? null;
}

/** The optional profile, asked once: answering or skipping both record that it was asked. */
export async function saveProfile(tx: Tx, input: ProfileInput & { participantId: string }) {
  await tx.query(
    `insert into public.participant_profiles (participant_id, skipped, age_bracket, commune_code, ai_use)
     values ($1, $2, $3, $4, $5)
     on conflict (participant_id) do update set skipped = excluded.skipped, age_bracket = excluded.age_bracket,
       commune_code = excluded.commune_code, ai_use = excluded.ai_use, updated_at = now()`,
    [input.participantId, input.skipped, input.ageBracket ?? null, input.communeCode ?? null, input.aiUse ?? null],
  );
}
