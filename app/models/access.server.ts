import { z } from "zod";
import type { Tx } from "../db.server";

const membershipRow = z.object({
  territory_id: z.string(),
  slug: z.string(),
  name: z.string(),
  role: z.enum(["facilitator", "official"]),
});

export type StaffAccess = {
  isAdmin: boolean;
  memberships: { territoryId: string; slug: string; name: string; role: "facilitator" | "official" }[];
};

/** What the signed-in staff member may reach, as the database (RLS) sees them. */
export async function getAccess(tx: Tx): Promise<StaffAccess> {
  const admin = await tx.query<{ is_admin: boolean }>("select private.is_national_admin() as is_admin");
  const rows = await tx.query(
    `select m.territory_id, t.slug, t.name, m.role
     from public.memberships m join public.territories t on t.id = m.territory_id
     where m.email = private.current_email()
     order by t.name, m.role`,
  );
  return {
    isAdmin: admin[0].is_admin,
    memberships: rows.map((row) => {
      const m = membershipRow.parse(row);
      return { territoryId: m.territory_id, slug: m.slug, name: m.name, role: m.role };
    }),
  };
}

export function canFacilitate(access: StaffAccess | null) {
  return Boolean(access?.isAdmin || access?.memberships.some((m) => m.role === "facilitator"));
}

export function canReadSyntheses(access: StaffAccess | null) {
  return Boolean(access?.isAdmin || access?.memberships.length);
}

/** Staff pages of a territory: its facilitators and officials, and national admins. */
export function actsFor(access: StaffAccess, territoryId: string) {
  return access.isAdmin || access.memberships.some((m) => m.territoryId === territoryId);
}
