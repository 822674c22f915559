import type { LoaderFunctionArgs } from "@remix-run/node";
import { liveHub } from "~/live-hub.server";
import { liveEventId } from "~/live-page.server";

/** The live snapshot for phones that lost the event stream and poll instead (same view as the stream). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = await liveEventId(params.code);
  const view = new URL(request.url).searchParams.get("vue") === "ecran" ? "screen" : "phone";
  const snapshot = await liveHub().current(eventId, view);
  if (!snapshot) throw new Response("Not found", { status: 404 });
  return Response.json(snapshot, { headers: { "Cache-Control": "no-store" } });
}
