import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/caller.server";
import { db } from "~/db.server";
import i18next from "~/i18next.server";
import { getEvent } from "~/models/event.server";
import { listRegistrations } from "~/models/registration.server";
import { toCsv } from "~/csv.server";
import { UUID_PATTERN } from "~/domain";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity } = await requireStaff(request);
  const id = params.id ?? "";
  const found = UUID_PATTERN.test(id)
    ? await db().asCaller(identity, async (tx) => {
        const event = await getEvent(tx, { id });
        return event ? { event, registrations: await listRegistrations(tx, { eventId: id }) } : null;
      })
    : null;
  if (!found) throw new Response("Not found", { status: 404 });
  const t = await i18next.getFixedT(request);
  const header = [t("staffEvent.colName"), t("staffEvent.colEmail"), t("staffEvent.colStatus"), t("staffEvent.colDate")];
  const body = toCsv(
    header,
    found.registrations.map((r) => [r.first_name, r.email ?? "", t(`registration.status.${r.status}`), r.created_at.toISOString()]),
  );
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="inscriptions-${found.event.code}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
