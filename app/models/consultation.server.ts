import { z } from "zod";
import type { Tx } from "../db.server";
import { audiences, consultationStatuses } from "../domain";

const consultationRow = z.object({
  id: z.string(),
  territory_id: z.string(),
  title: z.string(),
  description: z.string(),
  starts_on: z.coerce.date(),
  ends_on: z.coerce.date(),
  publics: z.array(z.enum(audiences)),
  status: z.enum(consultationStatuses),
});
export type Consultation = z.infer<typeof consultationRow>;

const COLUMNS = "id, territory_id, title, description, starts_on::text, ends_on::text, publics, status";

export type ConsultationInput = {
  title: string;
  description: string;
  startsOn: string;
  endsOn: string;
  publics: (typeof audiences)[number][];
  status: (typeof consultationStatuses)[number];
};

export async function listConsultations(tx: Tx, { territoryId }: { territoryId: string }) {
  const rows = await tx.query(
    `select ${COLUMNS} from public.consultations where territory_id = $1 order by starts_on desc, title`,
    [territoryId],
  );
  return rows.map((row) => consultationRow.parse(row));
}

export async function getConsultation(tx: Tx, { id }: { id: string }) {
  const rows = await tx.query(`select ${COLUMNS} from public.consultations where id = $1`, [id]);
  return rows.length ? consultationRow.parse(rows[0]) : null;
}

/** Opens a consultation; the same request key (a double submit) returns the first one. */
export async function openConsultation(
  tx: Tx,
  input: ConsultationInput & { territoryId: string; createdBy: string; requestKey?: string | null },
) {
  const rows = await tx.query<{ id: string }>(
    `insert into public.consultations (territory_id, title, description, starts_on, ends_on, publics, status, created_by, request_key)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     on conflict (request_key) do nothing returning id`,
    [
      input.territoryId,
      input.title,
      input.description,
      input.startsOn,
      input.endsOn,
      input.publics,
      input.status,
      input.createdBy,
      input.requestKey ?? null,
    ],
  );
  if (rows.length) return rows[0].id;
  const first = await tx.query<{ id: string }>("select id from public.consultations where request_key = $1", [input.requestKey]);
  return first[0].id;
}

/** Returns false when RLS (or a missing row) left nothing to update. */
export async function updateConsultation(tx: Tx, input: ConsultationInput & { id: string }) {
  const rows = await tx.query(
    `update public.consultations
     set title = $2, description = $3, starts_on = $4, ends_on = $5, publics = $6, status = $7, updated_at = now()
     where id = $1 returning id`,
    [input.id, input.title, input.description, input.startsOn, input.endsOn, input.publics, input.status],
  );
  return rows.length > 0;
}

/** When voting closed (the status left "open"), or null while it is open. */
export async function getCloseDate(tx: Tx, { id }: { id: string }) {
  const rows = await tx.query<{ closed_at: Date | null }>("select closed_at from public.consultations where id = $1", [id]);
  return rows[0]?.closed_at ?? null;
}
