import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireStaff } from "~/caller.server";
import { actsFor } from "~/models/access.server";
import { ConsultationFields } from "~/components/consultation-fields";
import { FormErrors } from "~/components/form-errors";
import { db } from "~/db.server";
import { parseForm } from "~/forms.server";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { listConsultations, openConsultation } from "~/models/consultation.server";
import { getTerritory } from "~/models/territory.server";
import { consultationForm } from "~/validation.server";

export const meta = titleMeta;

async function load(request: Request, slug: string) {
  const context = await requireStaff(request);
  const territory = await db().asCaller(context.identity, (tx) => getTerritory(tx, { slug }));
  const isStaff =
    territory && actsFor(context.access, territory.id);
  if (!territory || !isStaff) throw new Response("Not found", { status: 404 });
  return { ...context, territory };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, territory, headers } = await load(request, params.slug!);
  const t = await i18next.getFixedT(request);
  const consultations = await db().asCaller(identity, (tx) => listConsultations(tx, { territoryId: territory.id }));
  return data(
    {
      title: territory.name,
      territory,
      consultations: consultations.map((c) => ({ ...c, starts_on: c.starts_on.toISOString(), ends_on: c.ends_on.toISOString() })),
      heading: t("staffTerritory.title", { name: territory.name }),
      requestKey: randomUUID(),
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { identity, territory, staff } = await load(request, params.slug!);
  const parsed = parseForm(consultationForm, await request.formData());
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const id = await db().asCaller(identity, (tx) =>
    openConsultation(tx, { ...parsed.data, territoryId: territory.id, createdBy: staff.email }),
  );
  return redirect(`/espace/concertations/${id}`);
}

export default function StaffTerritory() {
  const { territory, consultations, heading, requestKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeZone: "UTC" });
  return (
    <div className="page">
      <p>
        <Link to="/espace">{t("space.title")}</Link>
      </p>
      <h1>{heading}</h1>
      <p>
        <Link to={`/territoires/${territory.slug}`}>{t("staffTerritory.publicPage")}</Link>
      </p>
      <p>
        <Link to={`/espace/territoires/${territory.slug}/usages`}>{t("catalogue.territoryLink")}</Link>
      </p>
      <p>
        <Link to={`/espace/territoires/${territory.slug}/charte`}>{t("charterDraft.link")}</Link>
      </p>
      <section aria-labelledby="consultations-title">
        <h2 id="consultations-title">{t("staffTerritory.consultations")}</h2>
        {consultations.length === 0 ? <p>{t("staffTerritory.none")}</p> : null}
        <ul className="plain-list">
          {consultations.map((c) => (
            <li key={c.id} className="card">
              <Link to={`/espace/concertations/${c.id}`}>{c.title}</Link>{" "}
              <span className="badge">{t(`consultation.status.${c.status}`)}</span>
              <p className="meta">
                {date.format(new Date(c.starts_on))} – {date.format(new Date(c.ends_on))}
              </p>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="new-title" className="card">
        <h2 id="new-title">{t("staffTerritory.open")}</h2>
        <FormErrors errors={result?.errors ?? {}} />
        <Form method="post" noValidate>
          <input type="hidden" name="requestKey" value={result?.values?.requestKey ?? requestKey} />
          <ConsultationFields values={result?.values ?? { status: "draft", publics: "all" }} errors={result?.errors ?? {}} />
          <button type="submit" className="button">
            {t("staffTerritory.openSubmit")}
          </button>
        </Form>
      </section>
    </div>
  );
}
