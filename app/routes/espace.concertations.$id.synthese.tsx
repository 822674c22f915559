import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { z } from "zod";
import { requireConsultationStaff } from "~/caller.server";
import { SynthesisView } from "~/components/synthesis-view";
import { db } from "~/db.server";
import { parseForm } from "~/forms.server";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { computeSynthesis, getSynthesisDraft, listSynthesisVersions, publishSynthesis, saveSynthesisDraft } from "~/models/synthesis.server";
import synthesisStyles from "~/styles/synthesis-print.css";
import { formatDateTime } from "~/time";

export const meta = titleMeta;

const namespaces = ["synthesis", "contribute", "vote"];
export const handle = { i18n: namespaces };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: synthesisStyles }];

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(namespaces)]);
  return data;
}

const NARRATIVE_MAX = 20_000;
const FOLLOW_UP_MAX = 10_000;

const draftForm = z.object({
  narrative: z.string().max(NARRATIVE_MAX, "synthesis.errors.narrativeTooLong").default(""),
  followUp: z.string().max(FOLLOW_UP_MAX, "synthesis.errors.followUpTooLong").default(""),
});
const publishForm = z.object({ confirm: z.literal("on", { error: "synthesis.errors.confirm" }) });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, consultation, headers } = await requireConsultationStaff(request, params.id);
  const t = await i18next.getFixedT(request);
  const lng = await i18next.getLocale(request);
  const { figures, draft, versions } = await db().asCaller(identity, async (tx) => ({
    figures: await computeSynthesis(tx, { consultationId: consultation.id }),
    draft: await getSynthesisDraft(tx, { consultationId: consultation.id }),
    versions: await listSynthesisVersions(tx, { consultationId: consultation.id }),
  }));
  if (!figures) throw new Response("Not found", { status: 404 });
  const date = (d: Date | string) => formatDateTime(d, lng, { dateStyle: "long", timeStyle: "short" });
  return data(
    {
      title: t("synthesis.staff.title", { name: consultation.title }),
      consultation: { id: consultation.id, title: consultation.title, status: consultation.status },
      figures,
      computedAt: date(figures.generatedAt),
      draft: { narrative: draft?.narrative ?? "", followUp: draft?.follow_up ?? "", savedAt: draft ? date(draft.updated_at) : null },
      versions: versions.map((v) => ({ version: v.version, publishedOn: date(v.published_at) })),
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { identity, consultation, staff } = await requireConsultationStaff(request, params.id);
  const form = await request.formData();
  if (form.get("intent") === "publish") {
    const parsed = parseForm(publishForm, form);
    if (!parsed.ok) return data({ intent: "publish", saved: false, errors: parsed.errors, values: null }, { status: 400 });
    let version: number | null;
    let refusal = "synthesis.errors.publishFailed";
    try {
      version = await db().asCaller(identity, (tx) => publishSynthesis(tx, { consultationId: consultation.id }));
    } catch (error) {
      const e = error as { code?: string; hint?: string };
      if (!/^(P0001|42501|23\d{3})$/.test(e.code ?? "")) throw error;
      if (e.hint === "consultation_open") refusal = "synthesis.errors.notClosed";
      version = null;
    }
    if (!version) return data({ intent: "publish", saved: false, errors: { confirm: refusal }, values: null }, { status: 400 });
    return redirect(`/espace/concertations/${consultation.id}/synthese?published=${version}`);
  }
  const parsed = parseForm(draftForm, form);
  if (!parsed.ok) return data({ intent: "save", saved: false, errors: parsed.errors, values: parsed.values }, { status: 400 });
  const saved = await db().asCaller(identity, (tx) =>
    saveSynthesisDraft(tx, {
      consultationId: consultation.id,
      territoryId: consultation.territory_id,
      narrative: parsed.data.narrative,
      followUp: parsed.data.followUp,
      updatedBy: staff.userId,
    }),
  );
  if (!saved) throw new Response("Forbidden", { status: 403 });
  return { intent: "save", saved: true, errors: {} as Record<string, string>, values: null };
}

function TextArea({ name, label, hint, value, error, maxLength }: { name: string; label: string; hint: string; value: string; error?: string; maxLength: number }) {
  const { t } = useTranslation();
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={name}>{label}</label>
      <p id={`${name}-hint`} className="hint">
        {hint}
      </p>
      <textarea
        id={name}
        name={name}
        rows={12}
        defaultValue={value}
        // No maxLength attribute: a pasted text too long must reach the server and get a clear message.
        data-max={maxLength}
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${name}-hint`, error ? `${name}-error` : null].filter(Boolean).join(" ")}
      />
      {error ? (
        <p id={`${name}-error`} className="error" role="alert">
          {t(error)}
        </p>
      ) : null}
    </div>
  );
}

export default function StaffSynthesis() {
  const { consultation, figures, computedAt, draft, versions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const published = Number(params.get("published")) || 0;
  const saveErrors: Record<string, string> = result?.intent === "save" ? result.errors : {};
  const publishErrors: Record<string, string> = result?.intent === "publish" ? result.errors : {};
  const values = result?.intent === "save" && result.values ? result.values : draft;
  const base = `/concertations/${consultation.id}`;
  return (
    <div className="page synthesis-page">
      <p>
        <Link to={`/espace/concertations/${consultation.id}`}>{t("synthesis.staff.back")}</Link>
      </p>
      <p className="meta">{consultation.title}</p>
      <h1>{t("synthesis.staff.heading")}</h1>
      {published ? (
        <p role="status" className="notice">
          {t("synthesis.staff.published", { version: published })} <Link to={`${base}/synthese`}>{t("synthesis.staff.public")}</Link>
        </p>
      ) : null}
      <section aria-labelledby="editor-title" className="card">
        <h2 id="editor-title">{t("synthesis.staff.editor")}</h2>
        {result?.intent === "save" && result.saved ? (
          <p role="status" className="notice">
            {t("synthesis.staff.saved")}
          </p>
        ) : null}
        {draft.savedAt ? <p className="hint">{t("synthesis.staff.lastSaved", { date: draft.savedAt })}</p> : null}
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="save" />
          <TextArea name="narrative" label={t("synthesis.staff.narrative")} hint={t("synthesis.staff.narrativeHint")} value={values.narrative ?? ""} error={saveErrors.narrative} maxLength={NARRATIVE_MAX} />
          <TextArea name="followUp" label={t("synthesis.staff.followUp")} hint={t("synthesis.staff.followUpHint")} value={values.followUp ?? ""} error={saveErrors.followUp} maxLength={FOLLOW_UP_MAX} />
          <button type="submit" className="button">
            {t("synthesis.staff.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="publish-title" className="card">
        <h2 id="publish-title">{t("synthesis.staff.publish")}</h2>
        <p>{t("synthesis.staff.publishText")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="publish" />
          <div className={publishErrors.confirm ? "field field-invalid" : "field"}>
            <label className="choice" htmlFor="confirm">
              <input type="checkbox" id="confirm" name="confirm" aria-invalid={publishErrors.confirm ? true : undefined} aria-describedby={publishErrors.confirm ? "confirm-error" : undefined} />
              {t("synthesis.staff.confirm")}
            </label>
            {publishErrors.confirm ? (
              <p id="confirm-error" className="error" role="alert">
                {t(publishErrors.confirm)}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button">
            {t("synthesis.staff.publishButton")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t("synthesis.staff.versions")}</h2>
        {versions.length === 0 ? (
          <p>{t("synthesis.staff.noVersions")}</p>
        ) : (
          <ul>
            {versions.map((v) => (
              <li key={v.version}>
                <Link to={`${base}/synthese?version=${v.version}`}>{t("synthesis.staff.version", { version: v.version, date: v.publishedOn })}</Link>{" "}
                (<Link to={`${base}/synthese/imprimer?version=${v.version}`}>{t("synthesis.staff.print")}</Link>)
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="current-title">
        <h2 id="current-title">{t("synthesis.staff.current")}</h2>
        <p className="hint">{t("synthesis.staff.currentLead", { date: computedAt })}</p>
        <SynthesisView figures={figures} narrative={values.narrative ?? ""} followUp={values.followUp ?? ""} />
      </section>
    </div>
  );
}
