import { redirect } from "@remix-run/node";
import { db, type Identity } from "./db.server";
import { getStaff, type StaffUser } from "./auth.server";
import { getAccess, type StaffAccess } from "./models/access.server";

export function staffIdentity(staff: StaffUser): Identity {
  return { kind: "staff", userId: staff.userId, email: staff.email };
}

export type StaffContext = { staff: StaffUser; access: StaffAccess; identity: Identity; headers: Headers };

/** The signed-in staff member and what they may reach, or null for everyone else. */
export async function loadStaff(request: Request): Promise<(Omit<StaffContext, "staff" | "access" | "identity"> & Partial<StaffContext>)> {
  const { staff, headers } = await getStaff(request);
  if (!staff) return { headers };
  const identity = staffIdentity(staff);
  const access = await db().asCaller(identity, getAccess);
  return { staff, access, identity, headers };
}

/** Staff pages: signed-out visitors go to sign-in and come back; `admin` pages answer 403 to others. */
export async function requireStaff(request: Request, options: { admin?: boolean } = {}): Promise<StaffContext> {
  const context = await loadStaff(request);
  if (!context.staff || !context.access || !context.identity) {
    const url = new URL(request.url);
    throw redirect(`/connexion?redirectTo=${encodeURIComponent(url.pathname + url.search)}`, {
      headers: context.headers,
    });
  }
  if (options.admin && !context.access.isAdmin) throw new Response("Forbidden", { status: 403 });
  return context as StaffContext;
}
