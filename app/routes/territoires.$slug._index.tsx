import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ANON, db } from "~/db.server";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { AGENDA_LIMIT, listPublicConsultations, listTerritoryEvents, TERRITORY_PAST_LIMIT } from "~/models/agenda.server";
import type { AgendaEvent } from "~/models/agenda.server";
import { getTerritory } from "~/models/territory.server";
import { formatDateTime } from "~/time";

export const meta = titleMeta;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const found = await db().asCaller(ANON, async (tx) => {
    const territory = await getTerritory(tx, { slug: params.slug ?? "" });
    if (!territory) return null;
    return {
      territory,
      consultations: await listPublicConsultations(tx, { territoryId: territory.id }),
      events: await listTerritoryEvents(tx, { territoryId: territory.id }),
    };
  });
  if (!found) throw new Response("Not found", { status: 404 });
  return {
    title: found.territory.name,
    // Translated here: the page does not load the charter's strings in the browser.
    charterLink: t("charter.link"),
    ...found,
    limits: { upcoming: AGENDA_LIMIT, past: TERRITORY_PAST_LIMIT },
  };
}

function EventList({ events, empty, past }: { events: AgendaEvent[]; empty: string; past?: boolean }) {
  const { t, i18n } = useTranslation();
  if (!events.length) return <p>{empty}</p>;
  return (
    <ul className="plain-list">
      {events.map((e) => (
        <li key={e.id} className="card">
          <h3>
            <a href={`/e/${e.code}`}>{e.title}</a>
          </h3>
          <p style={{ whiteSpace: "pre-line", margin: 0 }}>
            {[
              `${formatDateTime(e.startsAt, i18n.language)}${past ? ` (${t("territory.pastLabel")})` : ""}`,
              `${e.venueName}, ${e.address}`,
              t(`audience.${e.audience}`),
            ].join("\n")}
          </p>
          {e.cancelled ? <p className="notice notice-error">{t("agenda.cancelled", { reason: e.cancelReason })}</p> : null}
        </li>
      ))}
    </ul>
  );
}

export default function TerritoryPage() {
  const { territory, consultations, events, limits, charterLink } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const day = (iso: string) => formatDateTime(`${iso}T12:00:00Z`, i18n.language, { dateStyle: "long", timeStyle: undefined });
  return (
    <div className="page">
      <h1>{territory.name}</h1>
      <dl>
        <dt>{t("territory.kind")}</dt>
        <dd>{t(`territories.kind.${territory.kind}`)}</dd>
        <dt>{t("territory.code")}</dt>
        <dd>{territory.code}</dd>
        {territory.population !== null ? (
          <>
            <dt>{t("territory.population")}</dt>
            <dd>{new Intl.NumberFormat(i18n.language).format(territory.population)}</dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={`/territoires/${territory.slug}/charte`}>{charterLink}</a>
      </p>

      <h2>{t("territory.consultations")}</h2>
      {consultations.length ? (
        <ul>
          {consultations.map((c) => (
            <li key={c.id}>
              <strong>{c.title}</strong>, {t("territory.dates", { from: day(c.starts_on), to: day(c.ends_on) })} —{" "}
              {t(`territory.status.${c.status}`)}
              {c.status === "open" ? (
                <>
                  {" — "}
                  <a href={`/concertations/${c.id}/participer`}>{t("territory.participate", { title: c.title })}</a>
                  {" — "}
                  <a href={`/concertations/${c.id}/voter`}>{t("territory.vote")}</a>
                </>
              ) : null}
              {" — "}
              <a href={`/concertations/${c.id}/resultats`}>
                {t("territory.results")}
                <span className="visually-hidden">{` — ${c.title}`}</span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("territory.noConsultations")}</p>
      )}

      <h2>{t("territory.upcoming")}</h2>
      <EventList events={events.upcoming} empty={t("territory.noUpcoming")} />
      {events.moreUpcoming ? <p className="notice">{t("territory.moreUpcoming", { count: limits.upcoming })}</p> : null}
      <p>
        <a href="/agenda">{t("territory.agendaLink")}</a>
      </p>

      <h2>{t("territory.past")}</h2>
      <EventList events={events.past} empty={t("territory.noPast")} past />
      {events.morePast ? <p className="notice">{t("territory.morePast", { count: limits.past })}</p> : null}
    </div>
  );
}
