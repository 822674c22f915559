import type { LoaderFunctionArgs } from "@remix-run/node";
import { ANON, db } from "~/db.server";
import { CODE_PATTERN, normaliseCode } from "~/domain";
import { eventToIcs } from "~/ics.server";
import i18next from "~/i18next.server";
import { getEventByCode } from "~/models/event.server";
import { originOf } from "~/secrets.server";

/** GET /e/<CODE>/calendrier.ics: the event as a calendar file. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const code = normaliseCode(params.code ?? "");
  const event = CODE_PATTERN.test(code) ? await db().asCaller(ANON, (tx) => getEventByCode(tx, { code })) : null;
  if (!event) {
    return new Response(t("calendar.notFound"), {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const ics = eventToIcs(event, { url: `${originOf(request)}/e/${event.code}`, cancelledLabel: t("calendar.cancelled") });
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="cafe-ia-${event.code}.ics"`,
      "Cache-Control": "no-cache",
    },
  });
}
