import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportJson } from "~/export-files.server";
import { exportHeaders, loadExport } from "~/export-route.server";

/** The whole export as one JSON document (docs/exports.md). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { data, url, headers } = await loadExport(request, params.id);
  const body = JSON.stringify(exportJson(data, url), null, 2);
  return new Response(body, {
    headers: exportHeaders(headers, "application/json; charset=utf-8", `concertation-${data.consultation.id}.json`, data.scope),
  });
}
