import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireEventStaff } from "~/caller.server";
import { EventForm } from "~/components/event-form";
import { Field } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { TableScroll } from "~/components/table-scroll";
import { db } from "~/db.server";
import { parseForm } from "~/forms.server";
import { useTranslation } from "~/i18n-react";
import { titleMeta } from "~/meta";
import { cancelEvent, toFormValues, updateEvent } from "~/models/event.server";
import { deleteRegistrations, listRegistrations } from "~/models/registration.server";
import { formatDateTime } from "~/time";
import { cancelEventForm, eventForm } from "~/validation.server";

export const meta = titleMeta;

const load = requireEventStaff;

const isOver = (event: { starts_at: Date; duration_minutes: number }) =>
  event.starts_at.getTime() + event.duration_minutes * 60_000 < Date.now();

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, event, headers } = await load(request, params.id!);
  const registrations = await db().asCaller(identity, (tx) => listRegistrations(tx, { eventId: event.id }));
  return data(
    {
      title: event.title,
      event: {
        id: event.id,
        code: event.code,
        title: event.title,
        startsAt: event.starts_at.toISOString(),
        consultationId: event.consultation_id,
        consultationTitle: event.consultation_title,
        cancelReason: event.cancel_reason,
        over: isOver(event),
        confirmed: event.confirmed,
        waiting: event.waiting,
        capacity: event.capacity,
      },
      values: toFormValues(event),
      centre: { latitude: event.latitude, longitude: event.longitude },
      registrations: registrations.map((r) => ({ ...r, created_at: r.created_at.toISOString() })),
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { identity, event } = await load(request, params.id!);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "cancel") {
    const parsed = parseForm(cancelEventForm, form);
    if (!parsed.ok) return data({ intent, errors: parsed.errors, values: parsed.values, done: false }, { status: 400 });
    await db().asCaller(identity, (tx) => cancelEvent(tx, { id: event.id, reason: parsed.data.reason }));
    return { intent, errors: {}, values: undefined, done: true };
  }
  if (intent === "delete-registrations") {
    if (!isOver(event)) return data({ intent, errors: { registrations: "staffEvent.deleteTooEarly" }, values: undefined, done: false }, { status: 400 });
    await db().asCaller(identity, (tx) => deleteRegistrations(tx, { eventId: event.id }));
    return { intent, errors: {}, values: undefined, done: true };
  }
  const parsed = parseForm(eventForm, form);
  if (!parsed.ok) return data({ intent: "save", errors: parsed.errors, values: parsed.values, done: false }, { status: 400 });
  await db().asCaller(identity, (tx) => updateEvent(tx, { ...parsed.data, id: event.id }));
  return { intent: "save", errors: {}, values: undefined, done: true };
}

export default function StaffEvent() {
  const { event, values, centre, registrations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const errors: Record<string, string> = result?.errors ?? {};
  return (
    <div className="page">
      <p>
        <Link to={`/espace/concertations/${event.consultationId}`}>{event.consultationTitle}</Link>
      </p>
      <h1>{event.title}</h1>
      {params.get("nouveau") ? (
        <p role="status" className="notice">
          {t("staffEvent.created", { code: event.code })}
        </p>
      ) : null}
      {result?.done ? (
        <p role="status" className="notice">
          {t(`staffEvent.done.${result.intent}`)}
        </p>
      ) : null}
      {event.cancelReason ? (
        <p className="notice notice-error">{t("event.cancelled", { reason: event.cancelReason })}</p>
      ) : null}
      <p className="meta">{formatDateTime(event.startsAt, i18n.language)}</p>
      <ul className="plain-list">
        <li>
          {t("event.code")} <strong className="code">{event.code}</strong> — <Link to={`/e/${event.code}`}>{t("staffEvent.publicPage")}</Link>
        </li>
        <li>
          <Link to={`/espace/evenements/${event.id}/affiche`}>{t("staffEvent.poster")}</Link>
        </li>
        <li>
          <Link to={`/espace/evenements/${event.id}/papier`}>{t("staffEvent.paperLink")}</Link>
        </li>
        <li>
          <Link to={`/espace/evenements/${event.id}/direct`}>{t("staffEvent.liveLink")}</Link>
        </li>
      </ul>

      <section aria-labelledby="registrations-title">
        <h2 id="registrations-title">{t("staffEvent.registrations")}</h2>
        <p>{t("staffEvent.placesSummary", { confirmed: event.confirmed, capacity: event.capacity, waiting: event.waiting })}</p>
        {registrations.length === 0 ? (
          <p>{t("staffEvent.noRegistrations")}</p>
        ) : (
          <>
            <p>
              <a href={`/espace/evenements/${event.id}/inscriptions.csv`} download>
                {t("staffEvent.exportCsv")}
              </a>
            </p>
            <TableScroll label={t("staffEvent.registrations")}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("staffEvent.colName")}</th>
                    <th scope="col">{t("staffEvent.colEmail")}</th>
                    <th scope="col">{t("staffEvent.colStatus")}</th>
                  </tr>
                </thead>
                <tbody>
                  {registrations.map((r) => (
                    <tr key={r.id}>
                      <td>{r.first_name}</td>
                      <td>{r.email ?? "—"}</td>
                      <td>{t(`registration.status.${r.status}`)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
            <Form method="post">
              <input type="hidden" name="intent" value="delete-registrations" />
              {errors.registrations ? (
                <p className="error" role="alert">
                  {t(errors.registrations)}
                </p>
              ) : null}
              <button type="submit" className="button button-secondary" disabled={!event.over}>
                {t("staffEvent.deleteRegistrations")}
              </button>
              {!event.over ? <p className="hint">{t("staffEvent.deleteAfter")}</p> : null}
            </Form>
          </>
        )}
      </section>

      <section aria-labelledby="edit-title" className="card">
        <h2 id="edit-title">{t("staffEvent.edit")}</h2>
        {result?.intent === "save" ? <FormErrors errors={errors} /> : null}
        <EventForm
          values={result?.intent === "save" && result.values ? result.values : values}
          errors={result?.intent === "save" ? errors : {}}
          submitLabel={t("staffEvent.save")}
          centre={centre}
        />
      </section>

      {!event.cancelReason ? (
        <section aria-labelledby="cancel-title" className="card">
          <h2 id="cancel-title">{t("staffEvent.cancelTitle")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="cancel" />
            <Field name="reason" label={t("staffEvent.cancelReason")} hint={t("staffEvent.cancelHint")} required error={result?.intent === "cancel" ? errors.reason : undefined} />
            <button type="submit" className="button button-danger">
              {t("staffEvent.cancel")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
