import type { LoaderFunctionArgs } from "@remix-run/node";
import { liveStream } from "~/live-hub.server";
import { liveEventId } from "~/live-page.server";

/** Server-sent events of an event's live session: `?vue=ecran` for the projector and the console. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = await liveEventId(params.code);
  const view = new URL(request.url).searchParams.get("vue") === "ecran" ? "screen" : "phone";
  return liveStream(request, eventId, view);
}
