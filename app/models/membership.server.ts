import { z } from "zod";
import type { Tx } from "../db.server";

import { roles, type Role } from "../domain";

const membershipRow = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(roles),
  territory_id: z.string(),
  territory_name: z.string(),
  created_at: z.date(),
});

export type Membership = z.infer<typeof membershipRow>;

/** The memberships the caller may see (RLS decides: admins see all). */
export async function listMemberships(tx: Tx) {
  const rows = await tx.query(
    `select m.id, m.email, m.role, m.territory_id, t.name as territory_name, m.created_at
     from public.memberships m join public.territories t on t.id = m.territory_id
     order by t.name, m.email, m.role`,
  );
  return rows.map((row) => membershipRow.parse(row));
}

/** Gives a role; giving it twice changes nothing. Only national admins pass RLS. */
export async function grantRole(
  tx: Tx,
  input: { email: string; territoryId: string; role: Role; grantedBy: string },
): Promise<"granted" | "already"> {
  const rows = await tx.query(
    `insert into public.memberships (email, territory_id, role, granted_by) values ($1, $2, $3, $4)
     on conflict (email, territory_id, role) do nothing
     returning id`,
    [input.email, input.territoryId, input.role, input.grantedBy],
  );
  return rows.length ? "granted" : "already";
}

/** Removes a role; returns the person's email, or null when nothing was removed. */
export async function revokeRole(tx: Tx, { id }: { id: string }): Promise<string | null> {
  const rows = await tx.query<{ email: string }>("delete from public.memberships where id = $1 returning email", [id]);
  return rows[0]?.email ?? null;
}

export async function listNationalAdmins(tx: Tx) {
  const rows = await tx.query<{ email: string; source: string }>(
    "select email, source from public.national_admins order by email",
  );
  return rows;
}
