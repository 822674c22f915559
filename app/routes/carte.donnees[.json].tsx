import type { LoaderFunctionArgs } from "@remix-run/node";
import { ANON, db } from "~/db.server";
import i18next from "~/i18next.server";
import { loadMapData, loadMapItems, readMapQuery } from "~/map-data.server";

/**
 * The map's data: every marker and proportional circle of the chosen indicator, coloured and written out
 * by the server exactly as the table on /carte. Read from the summary tables only (national.server.ts).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const started = performance.now();
  const t = await i18next.getFixedT(request);
  const lng = (await i18next.getLocale(request)) === "en" ? "en" : "fr";
  const { query } = readMapQuery(new URL(request.url).searchParams);
  const items = await db().asCaller(ANON, async (tx) => loadMapItems(tx, await loadMapData(tx, query, t, lng, { options: false }), t, lng));
  const body = JSON.stringify(items);
  return new Response(body, {
    headers: {
      // The server's own time for the map data (issue 8's target), readable in the browser's tools and by the bench.
      "Server-Timing": `app;dur=${(performance.now() - started).toFixed(1)}`,
      "Content-Type": "application/json; charset=utf-8",
      "Content-Language": lng,
      // Public aggregates: a minute of caching spares the database when a room opens the map at once.
      "Cache-Control": "public, max-age=60",
      Vary: "Cookie, Accept-Language",
    },
  });
}
