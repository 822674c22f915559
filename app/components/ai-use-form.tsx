import { Form } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { formatDateTime } from "~/time";
import { aiUseDomains, riskTiers } from "~/votes";
import { Field } from "./field";
import { FormErrors } from "./form-errors";

/** The wording of a use in one language, as the catalogue stores it. */
export type UseText = { title: string; what: string; example?: string; risks?: string };
export type UseContent = { fr: UseText; en?: UseText };

/** The wording to show in the page's language: English when written, French otherwise. */
export function pickText(content: UseContent, lng: string): UseText {
  return lng === "en" && content.en ? content.en : content.fr;
}

const langs = ["Fr", "En"] as const;
const parts = ["title", "what", "example", "risks"] as const;

/** Form values (field name → text) of a use's current wording. */
export function aiUseValues(use: { domain: string; risk_tier: string; content: UseContent }): Record<string, string> {
  const values: Record<string, string> = { domain: use.domain, riskTier: use.risk_tier };
  for (const lang of langs) {
    const text = lang === "Fr" ? use.content.fr : use.content.en;
    for (const part of parts) values[`${part}${lang}`] = text?.[part] ?? "";
  }
  return values;
}

type Errors = Record<string, string>;

function TextArea({ name, label, values, errors, max, rows = 3 }: { name: string; label: string; values: Record<string, string>; errors: Errors; max: number; rows?: number }) {
  const error = errors[name];
  return (
    <Field name={name} label={label} error={error}>
      <textarea
        id={name}
        name={name}
        rows={rows}
        maxLength={max}
        defaultValue={values[name] ?? ""}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${name}-error` : undefined}
      />
    </Field>
  );
}

function Wording({ lang, values, errors }: { lang: (typeof langs)[number]; values: Record<string, string>; errors: Errors }) {
  const { t } = useTranslation();
  const required = lang === "Fr";
  return (
    <fieldset className="field" aria-describedby={required ? undefined : "english-hint"}>
      <legend>{t(`catalogue.form.wording${lang}`)}</legend>
      {required ? null : (
        <p id="english-hint" className="hint">
          {t("catalogue.form.englishHint")}
        </p>
      )}
      <Field
        name={`title${lang}`}
        label={t(`catalogue.fields.title${lang}`)}
        required={required}
        maxLength={160}
        defaultValue={values[`title${lang}`] ?? ""}
        error={errors[`title${lang}`]}
      />
      <TextArea name={`what${lang}`} label={t(`catalogue.fields.what${lang}`)} values={values} errors={errors} max={1000} rows={4} />
      <TextArea name={`example${lang}`} label={t(`catalogue.fields.example${lang}`)} values={values} errors={errors} max={1000} />
      <TextArea name={`risks${lang}`} label={t(`catalogue.fields.risks${lang}`)} values={values} errors={errors} max={1000} />
    </fieldset>
  );
}

/**
 * The one form that adds or rewords a use, for the national catalogue and a territory's own uses.
 * Creation passes a requestKey (a double submit adds nothing twice); editing writes a new version.
 */
export function AiUseForm({
  values,
  errors,
  requestKey,
  submitLabel,
}: {
  values: Record<string, string>;
  errors: Errors;
  requestKey?: string;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const select = (name: "domain" | "riskTier", options: readonly string[], labelOf: (o: string) => string, hintId?: string) => (
    <select
      id={name}
      name={name}
      required
      defaultValue={values[name] ?? ""}
      aria-invalid={errors[name] ? true : undefined}
      aria-describedby={[hintId, errors[name] ? `${name}-error` : null].filter(Boolean).join(" ") || undefined}
    >
      <option value="">{t("catalogue.form.choose")}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {labelOf(o)}
        </option>
      ))}
    </select>
  );
  return (
    <>
      <FormErrors errors={errors} />
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="save" />
        {requestKey ? <input type="hidden" name="requestKey" value={requestKey} /> : null}
        <Field name="domain" label={t("catalogue.fields.domain")} error={errors.domain}>
          {select("domain", aiUseDomains, (d) => t(`useLabels.domain.${d}`))}
        </Field>
        <Field name="riskTier" label={t("catalogue.fields.riskTier")} error={errors.riskTier}>
          <ul id="riskTier-hint" className="hint">
            {riskTiers.map((tier) => (
              <li key={tier}>
                <strong>{t(`useLabels.tier.${tier}`)}</strong> : {t(`aiUseLabels.tierHint.${tier}`)}
              </li>
            ))}
          </ul>
          {select("riskTier", riskTiers, (tier) => t(`useLabels.tier.${tier}`), "riskTier-hint")}
        </Field>
        <Wording lang="Fr" values={values} errors={errors} />
        <Wording lang="En" values={values} errors={errors} />
        <button type="submit" className="button">
          {submitLabel}
        </button>
      </Form>
    </>
  );
}

type Version = { version: number; domain: string; risk_tier: string; content: UseContent; created_by: string | null; created_at: string };

/** The form fields whose value differs between two wordings. */
export function changedFields(older: Version, newer: Version) {
  const a = aiUseValues(older);
  const b = aiUseValues(newer);
  return Object.keys(b).filter((key) => a[key] !== b[key]);
}

/** Every wording of a use, newest first, with who wrote it and what changed from the one before. */
export function VersionHistory({ versions }: { versions: Version[] }) {
  const { t, i18n } = useTranslation();
  return (
    <ol className="plain-list" reversed>
      {versions.map((v, index) => {
        const previous = versions[index + 1];
        const changed = previous ? changedFields(previous, v) : [];
        const text = pickText(v.content, i18n.language);
        return (
          <li key={v.version} className="card">
            <h3>{t("catalogue.history.version", { version: v.version })}</h3>
            <p className="meta">
              {t("catalogue.history.by", {
                date: formatDateTime(v.created_at, i18n.language, { dateStyle: "medium" }),
                author: v.created_by ?? t("catalogue.history.unknownAuthor"),
              })}
            </p>
            <p>
              {previous
                ? changed.length
                  ? t("catalogue.history.changed", { fields: changed.map((f) => t(`catalogue.fields.${f}`)).join(", ") })
                  : t("catalogue.history.unchanged")
                : t("catalogue.history.first")}
            </p>
            <details>
              <summary>{t("catalogue.history.show", { version: v.version })}</summary>
              <p>
                <strong>{text.title}</strong> · {t(`useLabels.domain.${v.domain}`)} · {t(`useLabels.tier.${v.risk_tier}`)}
              </p>
              <p>{text.what}</p>
              {text.example ? <p>{t("catalogue.history.example", { text: text.example })}</p> : null}
              {text.risks ? <p>{t("catalogue.history.risks", { text: text.risks })}</p> : null}
            </details>
          </li>
        );
      })}
    </ol>
  );
}
