import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportCsv, exportFiles, type ExportFile } from "~/export-files.server";
import { exportHeaders, loadExport } from "~/export-route.server";

/** One CSV file of the export: /concertations/:id/export/<file>.csv (docs/exports.md). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const name = /^([a-z-]+)\.csv$/.exec(params.file ?? "")?.[1];
  if (!name || !exportFiles.includes(name as ExportFile)) throw new Response("Not found", { status: 404 });
  const { data, url, headers } = await loadExport(request, params.id);
  // Pol.is files keep Pol.is's own names (comments.csv…), which tools that read its exports expect.
  const filename = name.startsWith("polis-") ? `${name.slice(6)}.csv` : `${name}-${data.consultation.id}.csv`;
  return new Response(exportCsv(data, name as ExportFile, url), {
    headers: exportHeaders(headers, "text/csv; charset=utf-8", filename, data.scope),
  });
}
