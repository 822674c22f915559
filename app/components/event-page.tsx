import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { eventPageAction, loadEventPage } from "~/event-page.server";
import { useTranslation } from "~/i18n-react";
import { formatDateTime } from "~/time";
import { Field } from "./field";
import { JoinForm } from "./join-form";
import { MapToggle } from "./map-toggle";
import { useEffect, useState } from "react";

export function EventPage() {
  const loaded = useLoaderData<typeof loadEventPage>();
  const result = useActionData<typeof eventPageAction>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!loaded.found) {
    return (
      <div className="page narrow">
        <h1>{t("join.notFoundTitle")}</h1>
        <p role="alert">{t("join.notFoundBody", { code: loaded.code })}</p>
        <JoinForm />
        <p>
          <Link to="/agenda">{t("join.seeAgenda")}</Link>
        </p>
      </div>
    );
  }
  const { event, mine, idempotencyKey } = loaded;
  const lng = i18n.language;
  const errors: Record<string, string> = result?.errors ?? {};
  const registered = result?.registered ?? null;
  const status = registered?.status ?? mine?.status ?? null;
  const open = event.registration_enabled && !event.cancelled_at && !event.past;
  const osm = `https://www.openstreetmap.org/?mlat=${event.latitude}&mlon=${event.longitude}#map=17/${event.latitude}/${event.longitude}`;
  return (
    <div className="page narrow">
      <p className="meta">
        <Link to={`/territoires/${event.territory_slug}`}>{event.territory_name}</Link> · {event.consultation_title}
      </p>
      <h1>{event.title}</h1>
      {loaded.liveLink ? (
        <p className="notice">
          <Link to={`/e/${event.code}/direct`}>{loaded.liveLink}</Link>
        </p>
      ) : null}
      {!event.cancelled_at ? (
        <p>
          <Link className="button" to={`/e/${event.code}/participer`}>
            {t("event.participate")}
          </Link>{" "}
          <Link className="button button-secondary" to={`/e/${event.code}/voter`}>
            {t("event.vote")}
          </Link>
        </p>
      ) : null}
      {event.cancelled_at ? (
        <p className="notice notice-error" role="alert">
          {t("event.cancelled", { reason: event.cancel_reason })}
        </p>
      ) : null}
      {event.past && !event.cancelled_at ? <p className="notice">{t("event.past")}</p> : null}
      <dl className="facts">
        <dt>{t("event.when")}</dt>
        <dd>
          {formatDateTime(event.starts_at, lng)} – {formatDateTime(event.ends_at, lng, { dateStyle: undefined, timeStyle: "short" })}
        </dd>
        <dt>{t("event.where")}</dt>
        <dd>
          {event.venue_name}, {event.address}{" "}
          <a href={osm} rel="noopener noreferrer" target="_blank">
            {t("event.openMap")}
            <span className="visually-hidden"> ({t("event.newWindow")})</span>
          </a>
        </dd>
        <dt>{t("event.forWhom")}</dt>
        <dd>{t(`audience.${event.audience}`)}</dd>
        <dt>{t("event.accessibility")}</dt>
        <dd>
          {event.accessible ? t("event.accessible") : t("event.notAccessible")}
          {event.accessibility_notes ? ` — ${event.accessibility_notes}` : ""}
        </dd>
        {event.online_url ? (
          <>
            <dt>{t("event.online")}</dt>
            <dd>
              <a href={event.online_url} rel="noopener noreferrer">
                {event.online_url}
              </a>
            </dd>
          </>
        ) : null}
        <dt>{t("event.code")}</dt>
        <dd>
          <strong className="code">{event.code}</strong>
        </dd>
      </dl>
      {event.description ? <p className="description">{event.description}</p> : null}
      {hydrated ? (
        <MapToggle
          id="event-map"
          skipTo="#after-map"
          note="event.mapNote"
          tiles={loaded.tiles}
          events={[
            {
              code: event.code,
              title: event.title,
              when: formatDateTime(event.starts_at, lng),
              lat: event.latitude,
              lon: event.longitude,
              cancelled: Boolean(event.cancelled_at),
            },
          ]}
        />
      ) : null}
      <p id="after-map">
        <a href={`/e/${event.code}/calendrier.ics`} download className="button button-secondary">
          {t("event.addToCalendar")}
        </a>
      </p>

      {event.registration_enabled ? (
        <section aria-labelledby="register-title" className="card">
          <h2 id="register-title">{t("registration.title")}</h2>
          {params.get("annule") ? (
            <p role="status" className="notice">
              {t("registration.cancelledNotice")}
            </p>
          ) : null}
          {status ? (
            <div role="status">
              <p className="notice">{t(`registration.yours.${status}`)}</p>
              {registered?.cancelUrl ? (
                <p>
                  {t("registration.keepLink")} <a href={registered.cancelUrl}>{registered.cancelUrl}</a>
                </p>
              ) : null}
              {mine ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="cancel" />
                  <input type="hidden" name="registrationId" value={mine.id} />
                  <button type="submit" className="link-button">
                    {t("registration.cancel")}
                  </button>
                </Form>
              ) : null}
            </div>
          ) : open ? (
            <>
              <p>
                {event.placesLeft > 0 ? t("registration.placesLeft", { count: event.placesLeft }) : t("registration.full")}
              </p>
              {errors.form ? (
                <p role="alert" className="notice notice-error">
                  {t(errors.form)}
                </p>
              ) : null}
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="register" />
                <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
                <Field
                  name="firstName"
                  label={t("registration.firstName")}
                  autoComplete="given-name"
                  required
                  maxLength={60}
                  defaultValue={result?.values?.firstName}
                  error={errors.firstName}
                />
                <Field
                  name="email"
                  type="email"
                  inputMode="email"
                  autoComplete="email"
                  label={t("registration.email")}
                  hint={t("registration.emailHint")}
                  defaultValue={result?.values?.email}
                  error={errors.email}
                />
                <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                  {event.placesLeft > 0 ? t("registration.submit") : t("registration.submitWaiting")}
                </button>
              </Form>
              <p className="hint">{t("registration.privacy")}</p>
            </>
          ) : (
            <p>{t("registration.closedInfo")}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
