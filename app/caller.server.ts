import { redirect } from "@remix-run/node";
import { db, type Identity } from "./db.server";
import { getStaff, type StaffUser } from "./auth.server";
import { actsFor, getAccess, type StaffAccess } from "./models/access.server";
import { getConsultation } from "./models/consultation.server";
import { getEvent } from "./models/event.server";

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Staff pages of one consultation or event: its territory's staff and national admins; everyone
 * else gets 404 (public consultations' events are readable by all, so RLS alone does not decide).
 */
export async function requireConsultationStaff(request: Request, id: string | undefined) {
  const context = await requireStaff(request);
  const consultation = UUID.test(id ?? "")
    ? await db().asCaller(context.identity, (tx) => getConsultation(tx, { id: id! }))
    : null;
  if (!consultation || !actsFor(context.access, consultation.territory_id)) throw new Response("Not found", { status: 404 });
  return { ...context, consultation };
}

export async function requireEventStaff(request: Request, id: string | undefined) {
  const context = await requireStaff(request);
  const event = UUID.test(id ?? "") ? await db().asCaller(context.identity, (tx) => getEvent(tx, { id: id! })) : null;
  if (!event || !actsFor(context.access, event.territory_id)) throw new Response("Not found", { status: 404 });
  return { ...context, event };
}
