import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { normaliseCode } from "~/domain";

/** The home page's code form lands here and goes straight to the event (or its "unknown code" page). */
export function loader({ request }: LoaderFunctionArgs) {
  const code = normaliseCode(new URL(request.url).searchParams.get("code") ?? "");
  return redirect(code ? `/e/${encodeURIComponent(code)}` : "/");
}
