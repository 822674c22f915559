import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireConsultationStaff } from "~/caller.server";
import { ConsultationFields } from "~/components/consultation-fields";
import { FormErrors } from "~/components/form-errors";
import { VoteSummary } from "~/components/vote-summary";
import { db } from "~/db.server";
import { parseForm } from "~/forms.server";
import { useTranslation } from "~/i18n-react";
import { titleMeta } from "~/meta";
import { updateConsultation } from "~/models/consultation.server";
import { listEvents } from "~/models/event.server";
import { countVoters, listOtherConditions, listResults } from "~/models/vote.server";
import { formatDateTime } from "~/time";
import { consultationForm } from "~/validation.server";

export const meta = titleMeta;

const load = requireConsultationStaff;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, consultation, headers } = await load(request, params.id!);
  const { events, results, voters, others } = await db().asCaller(identity, async (tx) => ({
    events: await listEvents(tx, { consultationId: consultation.id }),
    results: await listResults(tx, { consultationId: consultation.id }),
    voters: (await countVoters(tx, { consultationId: consultation.id })) ?? 0,
    others: await listOtherConditions(tx, { consultationId: consultation.id }),
  }));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return data(
    {
      title: consultation.title,
      consultation: { id: consultation.id, title: consultation.title, status: consultation.status },
      values: {
        title: consultation.title,
        description: consultation.description,
        startsOn: day(consultation.starts_on),
        endsOn: day(consultation.ends_on),
        publics: consultation.publics.join(","),
        status: consultation.status,
      },
      events: events.map((e) => ({
        id: e.id,
        code: e.code,
        title: e.title,
        startsAt: e.starts_at.toISOString(),
        past: e.starts_at.getTime() + e.duration_minutes * 60_000 < Date.now(),
        cancelled: Boolean(e.cancelled_at),
        confirmed: e.confirmed,
        capacity: e.capacity,
      })),
      votes: {
        voters,
        results: results.map((r) => ({ id: r.id, content: r.content, total: r.total, outcome: r.outcome, others: others.get(r.id) ?? [] })),
      },
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { identity, consultation } = await load(request, params.id!);
  const parsed = parseForm(consultationForm, await request.formData());
  if (!parsed.ok) return data({ saved: false, errors: parsed.errors, values: parsed.values }, { status: 400 });
  try {
    await db().asCaller(identity, (tx) => updateConsultation(tx, { ...parsed.data, id: consultation.id }));
  } catch (error) {
    if ((error as { code?: string }).code !== "P0001") throw error;
    return data({ saved: false, errors: { status: "validation.statusBackwards" }, values: parsed.values }, { status: 400 });
  }
  return { saved: true, errors: {} as Record<string, string>, values: undefined };
}

export default function StaffConsultation() {
  const { consultation, values, events, votes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  return (
    <div className="page">
      <p>
        <Link to="/espace">{t("space.title")}</Link>
      </p>
      <h1>{consultation.title}</h1>
      <section aria-labelledby="events-title">
        <h2 id="events-title">{t("staffConsultation.events")}</h2>
        <p>
          <Link to={`/espace/concertations/${consultation.id}/moderation`}>{t("staffConsultation.moderationLink")}</Link>
        </p>
        <p>
          <Link to={`/espace/concertations/${consultation.id}/synthese`}>{t("synthesis.staffLink")}</Link>
        </p>
        <p>
          <Link className="button" to={`/espace/concertations/${consultation.id}/nouveau-cafe`}>
            {t("staffConsultation.schedule")}
          </Link>
        </p>
        {events.length === 0 ? <p>{t("staffConsultation.noEvents")}</p> : null}
        <ul className="plain-list">
          {events.map((e) => (
            <li key={e.id} className="card">
              <Link to={`/espace/evenements/${e.id}`}>{e.title}</Link>{" "}
              {e.cancelled ? <span className="badge badge-alert">{t("event.cancelledBadge")}</span> : null}
              {e.past ? <span className="badge">{t("event.pastBadge")}</span> : null}
              <p className="meta">
                {formatDateTime(e.startsAt, i18n.language)} · {t("event.code")} <strong>{e.code}</strong> ·{" "}
                {t("staffEvent.placesTaken", { confirmed: e.confirmed, capacity: e.capacity })}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <VoteSummary consultationId={consultation.id} voters={votes.voters} results={votes.results} />
      <section aria-labelledby="edit-title" className="card">
        <h2 id="edit-title">{t("staffConsultation.edit")}</h2>
        {result?.saved ? (
          <p role="status" className="notice">
            {t("staffConsultation.saved")}
          </p>
        ) : null}
        <FormErrors errors={result?.errors ?? {}} />
        <Form method="post" noValidate>
          <ConsultationFields values={result?.values ?? values} errors={result?.errors ?? {}} />
          <button type="submit" className="button">
            {t("staffConsultation.save")}
          </button>
        </Form>
      </section>
    </div>
  );
}
