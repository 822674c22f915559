import { ANON, db } from "./db.server";
import { loadStaff } from "./caller.server";
import { env } from "./env.server";
import { getConsultationExport } from "./models/export.server";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The export as the caller may have it, read as the caller (RLS and private.can_export decide):
 * 404 for a draft, an unknown id, or an open consultation asked by anyone but its staff.
 */
export async function loadExport(request: Request, id: string | undefined) {
  const { identity, headers } = await loadStaff(request);
  const data = UUID.test(id ?? "")
    ? await db().asCaller(identity ?? ANON, (tx) => getConsultationExport(tx, { consultationId: id! }))
    : null;
  if (!data) throw new Response("Not found", { status: 404 });
  const origin = env().PUBLIC_URL ?? new URL(request.url).origin;
  const url = new URL(`/concertations/${data.consultation.id}/resultats`, origin).toString();
  return { data, url, headers };
}

export function exportHeaders(staffHeaders: Headers, contentType: string, filename: string, scope: "public" | "staff") {
  const headers = new Headers(staffHeaders);
  for (const [name, value] of Object.entries({
    "Content-Type": contentType,
    "Content-Disposition": `attachment; filename="${filename}"`,
    // A staff export holds moderated contributions: never kept. A public one may carry a signed-in
    // person's refreshed session cookie: kept by their browser only, never by a shared cache.
    "Cache-Control": scope === "staff" ? "private, no-store" : "private, max-age=300",
    Vary: "Cookie",
  })) headers.set(name, value);
  return headers;
}
