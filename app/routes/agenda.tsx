import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import type { MapEvent } from "~/components/events-map.client";
import { Field } from "~/components/field";
import { MapToggle } from "~/components/map-toggle";
import { ANON, db } from "~/db.server";
import { audiences } from "~/domain";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { mapTiles } from "~/map-config.server";
import { titleMeta } from "~/meta";
import { AGENDA_LIMIT, listAgendaChoices, listUpcoming, readAgendaQuery } from "~/models/agenda.server";
import type { AgendaEvent } from "~/models/agenda.server";
import { isPostalCode, resolvePlace, type Place } from "~/places.server";
import { formatDateTime } from "~/time";


export const meta = titleMeta;

const placeLabel = (place: Place) => `${place.name} (${place.postalCode})`;
// Three decimals (about 100 m) are enough to sort by distance and keep the address out of the URL.
const round = (value: number) => Math.round(value * 1000) / 1000;

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const query = readAgendaQuery(new URL(request.url).searchParams);
  let origin: { lat: number; lon: number; label: string | null } | null = null;
  let unknownPlace = false;
  let placeChoices: string[] = [];
  let otherPlaces: string[] = [];
  if (query.near) {
    const found = resolvePlace(query.near);
    if (!found) unknownPlace = true;
    else if (!Array.isArray(found)) origin = { ...found, label: placeLabel(found) };
    else if (isPostalCode(query.near)) {
      // Communes sharing a postal code are neighbours: measure from the most populated, offer the others.
      origin = { ...found[0], label: placeLabel(found[0]) };
      otherPlaces = found.slice(1).map(placeLabel);
    } else placeChoices = found.map(placeLabel);
  } else if (query.lat !== undefined && query.lon !== undefined) {
    origin = { lat: round(query.lat), lon: round(query.lon), label: null };
  }
  const { territory, departement, region, audience, from, to } = query;
  const { agenda, choices } = await db().asCaller(ANON, async (tx) => ({
    agenda: await listUpcoming(tx, { territory, departement, region, audience, from, to, near: origin ?? undefined }),
    choices: await listAgendaChoices(tx),
  }));
  return {
    title: t("agenda.title"),
    query: { ...query, lat: origin && !origin.label ? origin.lat : undefined, lon: origin && !origin.label ? origin.lon : undefined },
    origin: origin ? { label: origin.label } : null,
    unknownPlace,
    placeChoices,
    otherPlaces,
    ...agenda,
    limit: AGENDA_LIMIT,
    choices,
    tiles: mapTiles(),
  };
}

type Option = { value: string; label: string };

function Select({ name, label, any, options, value }: { name: string; label: string; any: string; options: Option[]; value?: string }) {
  // A value from a shared link stays selectable even when it has no event to come.
  const all = value && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        <option value="">{any}</option>
        {all.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

type PolicyDocument = Document & { permissionsPolicy?: FeaturePolicy; featurePolicy?: FeaturePolicy };
type FeaturePolicy = { allowsFeature?: (feature: string) => boolean };

/**
 * Only the agenda's own documents may use geolocation (Permissions-Policy, docs/security.md). Reached
 * by an in-app link, the document is still the previous page's: the click then reloads the agenda
 * with this mark, and the reloaded page asks for the position.
 */
const LOCATE_AFTER_RELOAD = "#ma-position";

function documentAllowsGeolocation() {
  const policy = (document as PolicyDocument).permissionsPolicy ?? (document as PolicyDocument).featurePolicy;
  return policy?.allowsFeature?.("geolocation") ?? true;
}

/** Asks the browser for the position only on click, then searches from it (rounded to about 100 m). */
function UseMyLocation({ form }: { form: React.RefObject<HTMLFormElement> }) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const [state, setState] = useState<"idle" | "locating" | "failed">("idle");
  useEffect(() => {
    if (window.location.hash !== LOCATE_AFTER_RELOAD) return;
    window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    locate();
  }, []);
  if (typeof navigator === "undefined" || !("geolocation" in navigator)) return null;
  function locate() {
    if (!documentAllowsGeolocation()) {
      window.history.replaceState(window.history.state, "", LOCATE_AFTER_RELOAD);
      return window.location.reload();
    }
    setState("locating");
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        const params = new URLSearchParams();
        for (const [key, value] of new FormData(form.current!)) {
          if (typeof value === "string" && value && !["near", "lat", "lon"].includes(key)) params.set(key, value);
        }
        params.set("lat", String(round(coords.latitude)));
        params.set("lon", String(round(coords.longitude)));
        setState("idle");
        submit(params, { method: "get", action: "/agenda" });
      },
      () => setState("failed"),
      { timeout: 15_000, maximumAge: 600_000 },
    );
  }
  return (
    <div className="field">
      <button type="button" className="link-button" onClick={locate} disabled={state === "locating"}>
        {t("agenda.useLocation")}
      </button>
      <p role="status" className={state === "failed" ? "error" : "hint"}>
        {state === "locating" ? t("agenda.locating") : state === "failed" ? t("agenda.locationFailed") : ""}
      </p>
    </div>
  );
}

function EventItem({ event, showDistance }: { event: AgendaEvent; showDistance: boolean }) {
  const { t, i18n } = useTranslation();
  const km = event.distanceKm ?? 0;
  const distance = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: km < 10 ? 1 : 0 }).format(km);
  const places = !event.registrationEnabled
    ? t("agenda.freeEntry")
    : event.placesLeft > 0
      ? t("agenda.placesLeft", { count: event.placesLeft })
      : t("agenda.full");
  const facts = [event.territory.name, t(`audience.${event.audience}`), event.cancelled ? null : places];
  if (showDistance && event.distanceKm !== null) facts.push(t("agenda.distance", { km: distance }));
  return (
    <li className="card">
      <h3>
        <a href={`/e/${event.code}`}>{event.title}</a>
      </h3>
      {/* One paragraph with line breaks keeps a list of 100 within the page's DOM budget. */}
      <p style={{ whiteSpace: "pre-line", margin: 0 }}>
        {[formatDateTime(event.startsAt, i18n.language), `${event.venueName}, ${event.address}`, facts.filter(Boolean).join(" · ")].join("\n")}
      </p>
      {event.cancelled ? <p className="notice notice-error">{t("agenda.cancelled", { reason: event.cancelReason })}</p> : null}
    </li>
  );
}

export default function Agenda() {
  const data = useLoaderData<typeof loader>();
  const { query, origin, events, choices } = data;
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const hydrated = useHydrated();
  const form = useRef<HTMLFormElement>(null);
  const filtered = Boolean(query.territory || query.departement || query.region || query.audience || query.from || query.to);
  const nearHref = (label: string) => {
    const next = new URLSearchParams(params);
    next.set("near", label);
    next.delete("lat");
    next.delete("lon");
    return `/agenda?${next}`;
  };
  const mapEvents: MapEvent[] = events.map((e) => ({
    code: e.code,
    title: e.title,
    when: formatDateTime(e.startsAt, i18n.language),
    lat: e.latitude,
    lon: e.longitude,
    cancelled: e.cancelled,
  }));
  return (
    <div className="page">
      <h1>{t("agenda.title")}</h1>
      <p className="lead">{t("agenda.lead")}</p>
      <Form method="get" action="/agenda" role="search" aria-label={t("agenda.search")} ref={form}>
        <Field key={`near-${query.near ?? ""}`} name="near" label={t("agenda.near")} hint={t("agenda.nearHint")} defaultValue={query.near ?? ""} />
        {query.lat !== undefined && query.lon !== undefined ? (
          <>
            <input type="hidden" name="lat" value={query.lat} />
            <input type="hidden" name="lon" value={query.lon} />
          </>
        ) : null}
        {hydrated ? <UseMyLocation form={form} /> : null}
        <details open={filtered} key={`filters-${filtered}`}>
          <summary>{t("agenda.moreFilters")}</summary>
          <Select key={`t-${query.territory}`} name="territory" label={t("agenda.territory")} any={t("agenda.allTerritories")} options={choices.territories} value={query.territory} />
          <Select key={`d-${query.departement}`} name="departement" label={t("agenda.departement")} any={t("agenda.allDepartements")} options={choices.departements} value={query.departement} />
          <Select key={`r-${query.region}`} name="region" label={t("agenda.region")} any={t("agenda.allRegions")} options={choices.regions} value={query.region} />
          <Select
            key={`a-${query.audience}`}
            name="audience"
            label={t("agenda.audience")}
            any={t("agenda.allAudiences")}
            options={audiences.map((a) => ({ value: a, label: t(`audience.${a}`) }))}
            value={query.audience}
          />
          <Field key={`f-${query.from}`} name="from" type="date" label={t("agenda.from")} defaultValue={query.from ?? ""} />
          <Field key={`u-${query.to}`} name="to" type="date" label={t("agenda.to")} defaultValue={query.to ?? ""} />
        </details>
        <p>
          <button type="submit" className="button">
            {t("agenda.submit")}
          </button>{" "}
          {params.toString() ? <a href="/agenda">{t("agenda.reset")}</a> : null}
        </p>
      </Form>

      <section aria-labelledby="agenda-results">
        <h2 id="agenda-results">{t("agenda.results")}</h2>
        <div role="status">
          {data.unknownPlace ? <p className="notice notice-error">{t("agenda.unknownPlace", { query: query.near })}</p> : null}
          {data.placeChoices.length ? <p className="notice">{t("agenda.choosePlace", { query: query.near })}</p> : null}
          <p>
            {events.length ? t("agenda.count", { count: events.length }) : t("agenda.none")}
            {origin && events.length ? ` ${t("agenda.sortedFrom", { place: origin.label ?? t("agenda.yourPosition") })}` : null}
          </p>
        </div>
        {data.placeChoices.length ? (
          <ul>
            {data.placeChoices.map((label) => (
              <li key={label}>
                <a href={nearHref(label)}>{label}</a>
              </li>
            ))}
          </ul>
        ) : null}
        {data.otherPlaces.length ? (
          <p className="meta">
            {t("agenda.otherPlaces")}{" "}
            {data.otherPlaces.map((label, i) => (
              <span key={label}>
                {i ? ", " : null}
                <a href={nearHref(label)}>{label}</a>
              </span>
            ))}
          </p>
        ) : null}
        {data.more ? <p className="notice">{t("agenda.more", { count: data.limit })}</p> : null}
        {hydrated && events.length ? <MapToggle events={mapEvents} tiles={data.tiles} /> : null}
        {events.length ? (
          <ol id="agenda-list" className="plain-list" tabIndex={-1}>
            {events.map((event) => (
              <EventItem key={event.id} event={event} showDistance={origin !== null} />
            ))}
          </ol>
        ) : null}
      </section>
    </div>
  );
}
