import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv, type CsvValue } from "~/csv.server";
import { ANON, db } from "~/db.server";
import { env } from "~/env.server";
import { LICENCE } from "~/export-files.server";
import i18next from "~/i18next.server";
import { getCurrentTemplate } from "~/models/charter.server";
import {
  describeColumns,
  openDataColumns,
  openDataFiles,
  openDataRows,
  primaryKeys,
  type OpenDataFile,
  type Value,
} from "~/models/open-data.server";
import { MIN_CELL } from "~/synthesis";

/**
 * The open data (documented on /donnees): /donnees/<file>.csv and /donnees/<file>.json for each file,
 * and /donnees/datapackage.json, their Frictionless Data Package (schema.data.gouv.fr's format).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const origin = env().PUBLIC_URL?.replace(/\/$/, "") ?? new URL(request.url).origin;
  const now = new Date();
  if (params.file === "datapackage.json") {
    return new Response(JSON.stringify(await dataPackage(origin, now), null, 2), {
      headers: headers("application/json; charset=utf-8"),
    });
  }
  const match = /^([a-z]+)\.(csv|json)$/.exec(params.file ?? "");
  const file = match?.[1] as OpenDataFile | undefined;
  if (!match || !file || !openDataFiles.includes(file)) throw new Response("Not found", { status: 404 });
  const rows = await db().asCaller(ANON, (tx) => openDataRows(tx, { file, origin }));
  const filename = `cafe-ia-${file}-${now.toISOString().slice(0, 10)}.${match[2]}`;
  if (match[2] === "csv") {
    const columns = openDataColumns[file];
    const body = toCsv(
      columns.map((c) => c.name),
      rows.map((row) => columns.map((c) => csvValue(row[c.name]))),
    );
    return new Response(body, { headers: headers("text/csv; charset=utf-8", filename) });
  }
  const fr = await i18next.getFixedT("fr");
  const body = {
    name: file,
    title: `Café IA — ${fr(`openData.files.${file}.title`)}`,
    description: fr(`openData.files.${file}.description`),
    generated_at: now.toISOString(),
    licence: LICENCE,
    homepage: `${origin}/donnees`,
    schema: `${origin}/donnees/datapackage.json`,
    small_cell_threshold: MIN_CELL,
    rows,
  };
  return new Response(JSON.stringify(body, null, 2), { headers: headers("application/json; charset=utf-8", filename) });
}

const csvValue = (value: Value): CsvValue => (Array.isArray(value) ? value.join("|") : value);

// Anonymous, public figures: any cache and any site may keep and read them for a few minutes.
function headers(contentType: string, filename?: string) {
  return {
    "Content-Type": contentType,
    ...(filename ? { "Content-Disposition": `attachment; filename="${filename}"` } : {}),
    "Cache-Control": "public, max-age=300",
    "Access-Control-Allow-Origin": "*",
  };
}

async function dataPackage(origin: string, now: Date) {
  const fr = await i18next.getFixedT("fr");
  const template = await db().asCaller(ANON, (tx) => getCurrentTemplate(tx));
  const files = describeColumns(fr, {
    themeLabel: (theme) => fr(`theme.${theme}.label`),
    commitmentKeys: template?.commitments.map((c) => c.key) ?? [],
  });
  return {
    profile: "tabular-data-package",
    name: "cafe-ia-concertations-territoriales-ia",
    title: `Café IA — ${fr("openData.heading")}`,
    description: `${fr("openData.lead")} ${fr("openData.definitions.nature")}`,
    homepage: `${origin}/donnees`,
    created: now.toISOString(),
    licenses: [{ name: "etalab-2.0", title: LICENCE.name, path: LICENCE.url }],
    resources: openDataFiles.map((file) => ({
      profile: "tabular-data-resource",
      name: file,
      path: `${origin}/donnees/${file}.csv`,
      title: fr(`openData.files.${file}.title`),
      description: `${fr(`openData.files.${file}.description`)} ${fr("openData.definitions.small")}`,
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      dialect: { delimiter: ",", lineTerminator: "\r\n", quoteChar: '"', doubleQuote: true, header: true },
      schema: {
        fields: files[file].map((c) => ({
          name: c.name,
          type: c.type,
          ...(c.uri ? { format: "uri" } : {}),
          description: c.description,
          ...(c.enum && !c.list ? { constraints: { enum: [...c.enum] } } : {}),
        })),
        missingValues: [""],
        primaryKey: primaryKeys[file],
      },
    })),
  };
}
