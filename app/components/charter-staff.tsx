import { Form, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { commitmentStatuses, RULED_OUT_KEY, ruledOutDifference, type RuledOutUse, type TemplateCommitment } from "~/charter";
import { Field } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { useTranslation } from "~/i18n-react";
import type { ActionResult, loader } from "~/routes/espace.territoires.$slug_.charte";

/** The forms of the staff charter page (espace/territoires/<slug>/charte): draft, signature, follow-up. */
type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Errors = Record<string, string>;

export function useText() {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const day = new Intl.DateTimeFormat(en ? "en-GB" : "fr-FR", { dateStyle: "long", timeZone: "UTC" });
  return {
    t,
    lng: i18n.language,
    commitment: (c: TemplateCommitment) => (en && c.en ? c.en : c.fr),
    use: (u: RuledOutUse) => (en && u.title_en ? u.title_en : u.title),
    day: (iso: string) => day.format(new Date(`${iso.slice(0, 10)}T00:00:00Z`)),
  };
}

export function ErrorText({ id, error, params }: { id: string; error?: string; params?: Record<string, string> }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <p id={id} className="error" role="alert">
      {t(error, params)}
    </p>
  );
}

/** A labelled control whose hint and error are tied to it (aria-describedby), for the draft's many fields. */
function DraftField(props: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  params?: Record<string, string>;
  control: (aria: { id: string; name: string; "aria-invalid"?: true; "aria-describedby"?: string }) => React.ReactNode;
}) {
  const { name, label, hint, error, params, control } = props;
  const describedBy = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field-invalid" : "field"}>
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <p id={`${name}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {control({ id: name, name, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      <ErrorText id={`${name}-error`} error={error} params={params} />
    </div>
  );
}

function RuledOutFields(props: { loaded: LoaderData; ticked: string[]; reason: string; errors: Errors }) {
  const { loaded, errors } = props;
  const { t, use } = useText();
  const [ticked, setTicked] = useState(new Set(props.ticked));
  const proposedIds = new Map(loaded.proposed.map((u) => [u.id, u]));
  const difference = ruledOutDifference(
    loaded.uses.filter((u) => ticked.has(u.id)),
    loaded.finalProposed,
  );
  const list = (uses: RuledOutUse[]) => uses.map(use).join(", ");
  const toggle = (id: string, on: boolean) =>
    setTicked((previous) => {
      const next = new Set(previous);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  return (
    <>
      <fieldset className={errors.ruledOut ? "field field-invalid" : "field"} aria-describedby={errors.ruledOut ? "ruledOut-hint ruledOut-error" : "ruledOut-hint"}>
        <legend>{t("charterDraft.ruledOutLegend")}</legend>
        <div id="ruledOut-hint">
          <p className="hint">{t("charterDraft.ruledOutHint")}</p>
          {loaded.proposed.length ? (
            <>
              <p className="hint">{t("charterDraft.proposedLead")}</p>
              <ul className="hint">
                {loaded.proposed.map((u) => (
                  <li key={u.id}>
                    {use(u)}
                    {u.final ? null : ` (${t("charterDraft.provisional")})`}
                  </li>
                ))}
              </ul>
              {loaded.draft ? null : <p className="hint">{t("charterDraft.preTicked")}</p>}
            </>
          ) : (
            <p className="hint">{t("charterDraft.proposedNone")}</p>
          )}
        </div>
        {loaded.uses.map((u) => (
          <label key={u.id} className="choice">
            <input
              type="checkbox"
              name="ruledOut[]"
              value={u.id}
              checked={ticked.has(u.id)}
              onChange={(event) => toggle(u.id, event.currentTarget.checked)}
            />{" "}
            {use(u)}
            {proposedIds.has(u.id) ? (
              <>
                {" "}
                <span className="badge">{t("charterDraft.proposedBadge")}</span>
              </>
            ) : null}
          </label>
        ))}
        <ErrorText id="ruledOut-error" error={errors.ruledOut} />
      </fieldset>
      <div aria-live="polite" className="notice">
        {difference.added.length ? <p>{t("charterDraft.differenceAdded", { list: list(difference.added) })}</p> : null}
        {difference.leftOut.length ? <p>{t("charterDraft.differenceLeftOut", { list: list(difference.leftOut) })}</p> : null}
        {difference.added.length || difference.leftOut.length ? null : <p>{t("charterDraft.differenceNone")}</p>}
      </div>
      <DraftField
        name="ruledOutReason"
        label={t("charterDraft.reason")}
        hint={t("charterDraft.reasonHint")}
        error={errors.ruledOutReason}
        control={(aria) => <textarea {...aria} rows={3} maxLength={1000} defaultValue={props.reason} />}
      />
    </>
  );
}

export function DraftForm({ loaded, result }: { loaded: LoaderData; result?: ActionResult }) {
  const { t, commitment } = useText();
  const failed = result?.intent === "draft" && !result.done;
  const errors = failed ? result.errors : {};
  const params = (failed && result.params) || {};
  const values = (failed && result.draft) || loaded.values!;
  const template = loaded.template!;
  return (
    <Form method="post" noValidate key={template.version}>
      <input type="hidden" name="intent" value="draft" />
      <input type="hidden" name="templateVersion" value={template.version} />
      {template.commitments.map((c, index) => {
        const text = commitment(c);
        const v = values.items[c.key] ?? { status: "not_planned", target: "", responsible: "", evidence: "", links: "" };
        const name = (field: string) => `${field}.${c.key}`;
        return (
          <fieldset key={c.key} className="card" aria-describedby={`explanation-${c.key}`}>
            <legend>
              <strong>
                {index + 1}. {text.title}
              </strong>
            </legend>
            <p id={`explanation-${c.key}`} className="hint">
              {text.explanation}
            </p>
            <DraftField
              name={name("status")}
              label={t("charterDraft.status")}
              error={errors[name("status")]}
              control={(aria) => (
                <select {...aria} defaultValue={v.status}>
                  {commitmentStatuses.map((s) => (
                    <option key={s} value={s}>
                      {t(`commitmentStatus.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            />
            <DraftField
              name={name("target")}
              label={t("charterDraft.target")}
              error={errors[name("target")]}
              control={(aria) => <input {...aria} type="date" defaultValue={v.target} />}
            />
            <DraftField
              name={name("responsible")}
              label={t("charterDraft.responsible")}
              error={errors[name("responsible")]}
              control={(aria) => <input {...aria} maxLength={200} defaultValue={v.responsible} />}
            />
            <DraftField
              name={name("evidence")}
              label={t("charterDraft.evidence")}
              hint={text.evidence ? t("charterDraft.evidenceExample", { example: text.evidence }) : undefined}
              error={errors[name("evidence")]}
              control={(aria) => <textarea {...aria} rows={3} maxLength={2000} defaultValue={v.evidence} />}
            />
            <DraftField
              name={name("links")}
              label={t("charterDraft.links")}
              hint={t("charterDraft.linksHint")}
              error={errors[name("links")]}
              params={params[name("links")]}
              control={(aria) => <textarea {...aria} rows={2} defaultValue={v.links} />}
            />
            {c.key === RULED_OUT_KEY ? (
              <RuledOutFields loaded={loaded} ticked={values.ruledOut} reason={values.ruledOutReason} errors={errors} />
            ) : null}
          </fieldset>
        );
      })}
      <button type="submit" className="button">
        {t("charterDraft.save")}
      </button>
    </Form>
  );
}

export function SignForm({ loaded, result }: { loaded: LoaderData; result?: ActionResult }) {
  const { t } = useText();
  const failed = result?.intent === "sign" && !result.done;
  const errors = failed ? result.errors : {};
  const values = (failed && result.values) || {};
  return (
    <section aria-labelledby="sign-title" className="card">
      <h2 id="sign-title">{t("charterSign.title")}</h2>
      <p>{t("charterSign.lead")}</p>
      {loaded.canSign ? null : <p className="notice">{t("charterSign.officialOnly")}</p>}
      <FormErrors errors={errors} />
      <ErrorText id="sign-error" error={errors.form} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="sign" />
        <fieldset id="sign-fields" disabled={!loaded.canSign} className="field">
          <Field name="signatoryName" label={t("charterSign.name")} maxLength={120} defaultValue={values.signatoryName} error={errors.signatoryName} />
          <Field
            name="signatoryMandate"
            label={t("charterSign.mandate")}
            hint={t("charterSign.mandateHint")}
            maxLength={160}
            defaultValue={values.signatoryMandate}
            error={errors.signatoryMandate}
          />
          <Field
            name="signedOn"
            type="date"
            label={t("charterSign.date")}
            hint={t("charterSign.dateHint")}
            min={yearBeforeClient(loaded.today)}
            max={loaded.today}
            defaultValue={values.signedOn ?? loaded.today}
            error={errors.signedOn}
          />
          <button type="submit" className="button">
            {t("charterSign.submit")}
          </button>
        </fieldset>
      </Form>
    </section>
  );
}

// The same calendar day a year earlier, as signForm checks it (charter-validation.server).
const yearBeforeClient = (day: string) => `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;

export function FollowUps({ loaded, result }: { loaded: LoaderData; result?: ActionResult }) {
  const { t, commitment, day } = useText();
  const failed = result?.intent === "followUp" && !result.done;
  const errors = failed ? result.errors : {};
  const values = (failed && result.values) || {};
  const commitments = loaded.template?.commitments ?? [];
  const title = (key: string) => {
    const c = commitments.find((x) => x.key === key);
    return c ? commitment(c).title : key;
  };
  return (
    <section aria-labelledby="follow-title" className="card">
      <h2 id="follow-title">{t("followUpForm.title")}</h2>
      <p>{t("followUpForm.lead")}</p>
      {result?.done && result.intent === "followUp" ? (
        <p role="status" className="notice">
          {t("followUpForm.added")}
        </p>
      ) : null}
      {result?.done && result.intent === "deleteFollowUp" ? (
        <p role="status" className="notice">
          {t("followUpForm.deleted")}
        </p>
      ) : null}
      <FormErrors errors={errors} />
      <Form method="post" noValidate key={loaded.requestKey}>
        <input type="hidden" name="intent" value="followUp" />
        <input type="hidden" name="requestKey" value={values.requestKey ?? loaded.requestKey} />
        <Field name="commitment" label={t("followUpForm.commitment")} error={errors.commitment}>
          <select id="commitment" name="commitment" defaultValue={values.commitment}>
            {commitments.map((c, index) => (
              <option key={c.key} value={c.key}>
                {index + 1}. {commitment(c).title}
              </option>
            ))}
          </select>
        </Field>
        <Field
          name="happenedOn"
          type="date"
          label={t("followUpForm.date")}
          max={loaded.today}
          defaultValue={values.happenedOn ?? loaded.today}
          error={errors.happenedOn}
        />
        <DraftField
          name="body"
          label={t("followUpForm.body")}
          error={errors.body}
          control={(aria) => <textarea {...aria} rows={3} maxLength={1000} defaultValue={values.body} />}
        />
        <Field name="link" type="url" label={t("followUpForm.link")} hint={t("followUpForm.linkHint")} defaultValue={values.link} error={errors.link} />
        <button type="submit" className="button">
          {t("followUpForm.submit")}
        </button>
      </Form>
      <h3>{t("followUpForm.listTitle")}</h3>
      {loaded.followUps.length === 0 ? <p>{t("followUpForm.none")}</p> : null}
      <ul className="plain-list">
        {loaded.followUps.map((f) => (
          <li key={f.id} className="card">
            <p className="meta">
              {day(f.happenedOn)} · {title(f.key)}
            </p>
            <p className="description">{f.body}</p>
            {f.link ? (
              <p>
                <a href={f.link} rel="noopener noreferrer">
                  {f.link}
                </a>
              </p>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="deleteFollowUp" />
              <input type="hidden" name="id" value={f.id} />
              <button type="submit" className="link-button">
                {t("followUpForm.delete")} <span className="visually-hidden">{t("followUpForm.deleteLabel", { date: day(f.happenedOn) })}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
