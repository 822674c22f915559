import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { lazy, Suspense, useEffect, useState } from "react";
import { TableScroll } from "~/components/table-scroll";
import { ANON, db } from "~/db.server";
import { audiences, territoryKinds } from "~/domain";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { indicators, MAX_RADIUS, MIN_RADIUS } from "~/map";
import { mapTiles } from "~/map-config.server";
import { loadMapData, mapSearch, readMapQuery, tablePage, type SortKey } from "~/map-data.server";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

export const handle = { i18n: ["map"] };

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["map"])]);
  return data;
}

// Leaflet (about 42 KB gzip) loads only when someone opens the map (docs/decisions/004).
const NationalMap = lazy(() => import("~/components/national-map.client"));
const MAP_HEIGHT = 440;

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const lng = (await i18next.getLocale(request)) === "en" ? "en" : "fr";
  const { query, errors } = readMapQuery(new URL(request.url).searchParams);
  const data = await db().asCaller(ANON, (tx) => loadMapData(tx, query, t, lng));
  if (data.unknown.usage) errors.usage = "carte.errors.usage";
  if (data.unknown.engagement) errors.engagement = "carte.errors.engagement";
  const table = tablePage(data.rows, query);
  const numbers = new Intl.NumberFormat(lng);
  const sortHref = (sort: SortKey) =>
    `/carte${mapSearch(query, { sort, descending: query.sort === sort ? !query.descending : sort !== "nom", page: 1 })}#tableau`;
  const chosen =
    data.query.indicator === "proscrit"
      ? data.options.uses.find((u) => u.id === data.aiUseId)
      : data.query.indicator === "engagement"
        ? data.options.commitments.find((c) => c.key === data.commitmentKey)
        : undefined;
  return {
    title: t("carte.title"),
    query,
    aiUseId: data.aiUseId,
    commitmentKey: data.commitmentKey,
    chosen: chosen ? { title: chosen.title, lang: chosen.lang } : null,
    errors: Object.fromEntries(Object.entries(errors).map(([field, key]) => [field, t(key)])),
    options: data.options,
    legend: data.legend,
    summedPerConsultation: data.summedPerConsultation,
    total: table.total,
    placed: data.rows.filter((r) => r.lat !== null && r.lon !== null).length,
    table: {
      page: table.page,
      pages: table.pages,
      rows: table.rows.map((r) => ({
        slug: r.slug,
        name: r.name,
        kind: t(`territories.kind.${r.kind}`),
        display: r.display,
        colour: r.colour,
        participants: r.participants === null ? t("carte.fewer") : numbers.format(r.participants),
        upcoming: numbers.format(r.eventsUpcoming),
        charter: r.charterVersion === null ? t("carte.table.noCharter") : t("carte.table.charterVersion", { version: r.charterVersion }),
      })),
      sort: Object.fromEntries((["nom", "valeur", "participants", "avenir"] as const).map((key) => [key, sortHref(key)])),
      previous: table.page > 1 ? `/carte${mapSearch(query, { page: table.page - 1 })}#tableau` : null,
      next: table.page < table.pages ? `/carte${mapSearch(query, { page: table.page + 1 })}#tableau` : null,
    },
    dataUrl: `/carte/donnees.json${mapSearch({ ...query, aiUseId: data.aiUseId, commitmentKey: data.commitmentKey, sort: "valeur", descending: true, page: 1 }) || "?"}`,
    tiles: mapTiles(),
  };
}

type Option = { value: string; label: string; lang?: string };

function Select({ name, label, options, value, error, hint, any }: { name: string; label: string; options: Option[]; value: string; error?: string; hint?: string; any?: string }) {
  const described = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={`carte-${name}`}>{label}</label>
      {hint ? (
        <p className="hint" id={`${name}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="error" id={`${name}-error`}>
          {error}
        </p>
      ) : null}
      <select id={`carte-${name}`} name={name} defaultValue={value} aria-describedby={described} aria-invalid={error ? true : undefined}>
        {any ? <option value="">{any}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function SortHeader({ sort, label, href }: { sort: SortKey; label: string; href: string }) {
  const { query } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const active = query.sort === sort;
  return (
    <th scope="col" aria-sort={active ? (query.descending ? "descending" : "ascending") : undefined}>
      <a href={href}>
        {label}
        <span className="visually-hidden">
          {" "}
          {active ? (query.descending ? t("carte.table.sortedDesc") : t("carte.table.sortedAsc")) : t("carte.table.sortBy")}
        </span>
        {active ? <span aria-hidden="true">{query.descending ? " ▼" : " ▲"}</span> : null}
      </a>
    </th>
  );
}

export default function MapPage() {
  const data = useLoaderData<typeof loader>();
  const { query, options, errors, table } = data;
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const indicatorLabel = t(`carte.indicator.${query.indicator}`);
  return (
    <div className="page">
      <h1>{t("carte.title")}</h1>
      <p className="lead">{t("carte.lead")}</p>

      <Form method="get" action="/carte" aria-label={t("carte.form")}>
        <Select
          name="indicateur"
          label={t("carte.indicatorLabel")}
          value={query.indicator}
          error={errors.indicateur}
          options={indicators.map((i) => ({ value: i, label: t(`carte.indicator.${i}`) }))}
        />
        <Select
          name="usage"
          label={t("carte.useLabel")}
          hint={t("carte.useHint")}
          value={data.aiUseId ?? options.uses[0]?.id ?? ""}
          error={errors.usage}
          options={options.uses.map((u) => ({ value: u.id, label: u.title, lang: u.lang === i18n.language ? undefined : u.lang }))}
        />
        <Select
          name="engagement"
          label={t("carte.commitmentLabel")}
          hint={t("carte.commitmentHint")}
          value={data.commitmentKey ?? options.commitments[0]?.key ?? ""}
          error={errors.engagement}
          options={options.commitments.map((c) => ({ value: c.key, label: c.title, lang: c.lang === i18n.language ? undefined : c.lang }))}
        />
        <details open={Boolean(query.year || query.audience || query.kind || query.upcomingOnly || errors.annee || errors.public || errors.type)}>
          <summary>{t("carte.filters")}</summary>
          <Select
            name="annee"
            label={t("carte.yearLabel")}
            any={t("carte.anyYear")}
            value={query.year ? String(query.year) : ""}
            error={errors.annee}
            options={options.years.map((y) => ({ value: String(y), label: String(y) }))}
          />
          <Select
            name="public"
            label={t("carte.audienceLabel")}
            any={t("carte.anyAudience")}
            value={query.audience ?? ""}
            error={errors.public}
            options={audiences.map((a) => ({ value: a, label: t(`audience.${a}`) }))}
          />
          <Select
            name="type"
            label={t("carte.kindLabel")}
            any={t("carte.anyKind")}
            value={query.kind ?? ""}
            error={errors.type}
            options={territoryKinds.map((k) => ({ value: k, label: t(`territories.kind.${k}`) }))}
          />
          <div className="field">
            <input type="checkbox" id="carte-avenir" name="avenir" value="1" defaultChecked={query.upcomingOnly} />{" "}
            <label htmlFor="carte-avenir">{t("carte.upcomingOnly")}</label>
          </div>
        </details>
        <button type="submit" className="button">
          {t("carte.show")}
        </button>
      </Form>

      <section aria-labelledby="carte-carte">
        <h2 id="carte-carte">{t("carte.mapHeading")}</h2>
        <p className="meta">{t("carte.mapNote", { placed: data.placed, total: data.total })}</p>
        <p>
          <a href="#tableau">{t("carte.toTable")}</a>
        </p>
        {/* Until the page runs JavaScript (never, for some), say what the map needs instead of a dead button. */}
        {hydrated ? (
          <button type="button" className="button" aria-expanded={open} aria-controls="carte-leaflet" onClick={() => setOpen(!open)}>
            {open ? t("carte.hideMap") : t("carte.showMap")}
          </button>
        ) : (
          <p className="notice">{t("carte.noScript")}</p>
        )}
        <div id="carte-leaflet">
          {open ? (
            <div role="region" aria-label={t("carte.mapLabel")} style={{ minHeight: MAP_HEIGHT }}>
              <Suspense fallback={<p style={{ height: MAP_HEIGHT }}>{t("carte.loading")}</p>}>
                <NationalMap key={data.dataUrl} dataUrl={`${data.dataUrl}&lng=${i18n.language}`} tiles={data.tiles} height={MAP_HEIGHT} />
              </Suspense>
            </div>
          ) : null}
        </div>
      </section>

      <section aria-labelledby="carte-legende">
        <h2 id="carte-legende">
          {indicatorLabel}
          {data.chosen ? (
            <>
              {" : "}
              <span lang={data.chosen.lang === i18n.language ? undefined : data.chosen.lang}>{data.chosen.title}</span>
            </>
          ) : null}
        </h2>
        <p>{t(`carte.explain.${query.indicator}`)}</p>
        <ul className="map-legend">
          {data.legend.map((entry) => (
            <li key={entry.label}>
              <span className="swatch" aria-hidden="true" style={{ background: entry.colour }} /> {entry.label}
            </li>
          ))}
        </ul>
        <p className="meta">
          {t(query.indicator === "proscrit" ? "carte.sizeVotes" : "carte.sizeParticipants", { min: MIN_RADIUS, max: MAX_RADIUS })}{" "}
          {data.summedPerConsultation ? t("carte.summed") : null} {t("carte.smallCells")}
        </p>
      </section>

      <section aria-labelledby="tableau">
        <h2 id="tableau" tabIndex={-1}>
          {t("carte.tableHeading")}
        </h2>
        {data.total === 0 ? (
          <p>{t("carte.empty")}</p>
        ) : (
          <>
            <TableScroll label={t("carte.tableHeading")}>
              <table>
                <caption>{t("carte.caption", { indicator: indicatorLabel, count: data.total, page: table.page, pages: table.pages })}</caption>
                <thead>
                  <tr>
                    <SortHeader sort="nom" label={t("carte.table.name")} href={table.sort.nom} />
                    <th scope="col">{t("carte.table.kind")}</th>
                    <SortHeader sort="valeur" label={indicatorLabel} href={table.sort.valeur} />
                    <SortHeader sort="participants" label={t("carte.table.participants")} href={table.sort.participants} />
                    <SortHeader sort="avenir" label={t("carte.table.upcoming")} href={table.sort.avenir} />
                    <th scope="col">{t("carte.table.charter")}</th>
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((r) => (
                    <tr key={r.slug} data-territory={r.slug}>
                      <th scope="row">
                        <a href={`/territoires/${r.slug}`}>{r.name}</a>
                      </th>
                      <td>{r.kind}</td>
                      <td>
                        <span className="swatch" aria-hidden="true" style={{ background: r.colour }} /> {r.display}
                      </td>
                      <td>{r.participants}</td>
                      <td>{r.upcoming}</td>
                      <td>{r.charter}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            {table.pages > 1 ? (
              <nav aria-label={t("carte.pagination")} className="pagination">
                {table.previous ? <a href={table.previous}>{t("carte.previous")}</a> : null}{" "}
                <span>{t("carte.pageOf", { page: table.page, pages: table.pages })}</span>{" "}
                {table.next ? <a href={table.next}>{t("carte.next")}</a> : null}
              </nav>
            ) : null}
          </>
        )}
        <p>
          <a href="/national">{t("carte.toNational")}</a> · <a href="/donnees">{t("carte.toOpenData")}</a>
        </p>
      </section>
    </div>
  );
}
