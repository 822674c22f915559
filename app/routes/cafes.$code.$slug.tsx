import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { EventPage } from "~/components/event-page";
import { eventPageAction, loadEventPage } from "~/event-page.server";
import { titleMeta } from "~/meta";

/** The readable address of a Café IA (/cafes/<code>/<title>): same page as /e/<code>. */
export const meta = titleMeta;

export const loader = ({ request, params }: LoaderFunctionArgs) => loadEventPage(request, params.code ?? "");
export const action = ({ request, params }: ActionFunctionArgs) => eventPageAction(request, params.code ?? "");

export default EventPage;
