import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireStaff } from "~/caller.server";
import { commitmentsFrom, templateForm, templateValues } from "~/charter-template-form.server";
import { Field } from "~/components/field";
import { FormErrors } from "~/components/form-errors";
import { TableScroll } from "~/components/table-scroll";
import { db } from "~/db.server";
import { parseForm } from "~/forms.server";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { getCurrentTemplate, listTemplates, saveTemplate } from "~/models/charter.server";

/** The national charter template, kept by national admins: each save is a new version. */
export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { identity, headers } = await requireStaff(request, { admin: true });
  const t = await i18next.getFixedT(request);
  const templates = await db().asCaller(identity, listTemplates);
  const current = templates[0] ?? null;
  return data(
    {
      title: t("charterTemplate.title"),
      current: current
        ? {
            version: current.version,
            commitments: current.commitments.map((c) => ({ key: c.key, title: c.fr.title })),
            values: templateValues(current.commitments),
          }
        : null,
      history: templates.map((v) => ({ version: v.version, createdAt: v.created_at.toISOString(), author: v.created_by, note: v.note })),
    },
    { headers },
  );
}

export async function action({ request }: ActionFunctionArgs) {
  const { staff, identity, headers } = await requireStaff(request, { admin: true });
  const form = await request.formData();
  const failed = (errors: Record<string, string>, values: Record<string, string>) =>
    data({ errors, values }, { status: 400, headers });
  return db().asCaller(identity, async (tx) => {
    const current = await getCurrentTemplate(tx);
    if (!current) throw new Response("Not found", { status: 404, headers });
    const keys = current.commitments.map((c) => c.key);
    const parsed = parseForm(templateForm(keys), form);
    if (!parsed.ok) return failed(parsed.errors, parsed.values);
    // Someone saved a version since this form was opened: saving would silently undo their changes.
    if (parsed.data.baseVersion !== current.version) return failed({ form: "charterTemplate.errors.stale" }, parsed.values);
    const commitments = commitmentsFrom(keys, parsed.data);
    const same = (c: unknown) => JSON.stringify(templateValues(c as typeof commitments));
    if (same(commitments) === same(current.commitments)) return failed({ form: "charterTemplate.errors.unchanged" }, parsed.values);
    const version = await saveTemplate(tx, { commitments, note: parsed.data.note as string, createdBy: staff.email });
    return redirect(`/admin/charte?saved=${version}`, { headers });
  });
}

type Values = Record<string, string>;

// Field names follow the form's schema: `<key>-<lang>-<part>` (charter-template-form.server.ts).
function Wording({ commitmentKey, lang, values, errors }: { commitmentKey: string; lang: "fr" | "en"; values: Values; errors: Values }) {
  const { t } = useTranslation();
  const name = (part: string) => `${commitmentKey}-${lang}-${part}`;
  const hintId = `${commitmentKey}-en-hint`;
  const area = (part: "explanation" | "evidence", required: boolean) => {
    const error = errors[name(part)];
    return (
      <Field name={name(part)} label={t(`charterTemplate.fields.${part}`)} error={error}>
        <textarea
          id={name(part)}
          name={name(part)}
          rows={3}
          maxLength={1000}
          required={required}
          defaultValue={values[name(part)] ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${name(part)}-error` : undefined}
        />
      </Field>
    );
  };
  return (
    <fieldset className="field" aria-describedby={lang === "en" ? hintId : undefined}>
      <legend>{t(`charterTemplate.${lang}`)}</legend>
      {lang === "en" ? (
        <p id={hintId} className="hint">
          {t("charterTemplate.englishHint")}
        </p>
      ) : null}
      <Field
        name={name("title")}
        label={t("charterTemplate.fields.title")}
        required={lang === "fr"}
        maxLength={160}
        defaultValue={values[name("title")] ?? ""}
        error={errors[name("title")]}
      />
      {area("explanation", lang === "fr")}
      {area("evidence", false)}
    </fieldset>
  );
}

export default function CharterTemplateEditor() {
  const { current, history } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const errors: Values = result?.errors ?? {};
  const values: Values = result?.values ?? current?.values ?? {};
  const saved = result ? null : params.get("saved");
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Paris" });
  return (
    <div className="page">
      <p>
        <Link to="/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("charterTemplate.title")}</h1>
      <p className="lead">{t("charterTemplate.lead")}</p>
      <p className="notice">{t("charterTemplate.publishedKeep")}</p>
      {saved ? (
        <p role="status" className="notice">
          {t("charterTemplate.saved", { version: saved })}
        </p>
      ) : null}
      {!current ? (
        <p>{t("charterTemplate.none")}</p>
      ) : (
        <section aria-labelledby="edit-title" className="card">
          <h2 id="edit-title">{t("charterTemplate.current", { version: current.version, count: current.commitments.length })}</h2>
          <p>{t("charterTemplate.editLead")}</p>
          {errors.form ? (
            <p role="alert" className="notice notice-error">
              {t(errors.form)}
            </p>
          ) : (
            <FormErrors errors={errors} />
          )}
          <Form method="post" noValidate>
            <input type="hidden" name="baseVersion" value={values.baseVersion ?? current.version} />
            {current.commitments.map((c, index) => (
              <details key={c.key} open={Object.keys(errors).some((name) => name.startsWith(`${c.key}-`))}>
                <summary>
                  {index + 1}. <span lang="fr">{c.title}</span>
                </summary>
                <Wording commitmentKey={c.key} lang="fr" values={values} errors={errors} />
                <Wording commitmentKey={c.key} lang="en" values={values} errors={errors} />
              </details>
            ))}
            <Field name="note" label={t("charterTemplate.note")} hint={t("charterTemplate.noteHint")} error={errors.note}>
              <textarea
                id="note"
                name="note"
                rows={2}
                maxLength={500}
                required
                defaultValue={values.note ?? ""}
                aria-invalid={errors.note ? true : undefined}
                aria-describedby={["note-hint", errors.note ? "note-error" : null].filter(Boolean).join(" ")}
              />
            </Field>
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t("charterTemplate.submit")}
            </button>
          </Form>
        </section>
      )}
      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("charterTemplate.historyTitle")}</h2>
        {history.length ? (
          <TableScroll label={t("charterTemplate.historyTitle")}>
            <table>
              <caption className="visually-hidden">{t("charterTemplate.historyTitle")}</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    {t("charterTemplate.colVersion")}
                  </th>
                  <th scope="col">{t("charterTemplate.colDate")}</th>
                  <th scope="col">{t("charterTemplate.colAuthor")}</th>
                  <th scope="col">{t("charterTemplate.colNote")}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((v) => (
                  <tr key={v.version}>
                    <th scope="row" className="num">
                      {v.version}
                    </th>
                    <td>{date.format(new Date(v.createdAt))}</td>
                    <td style={{ overflowWrap: "anywhere" }}>{v.author ?? "—"}</td>
                    <td>{v.note || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        ) : (
          <p>{t("charterTemplate.none")}</p>
        )}
      </section>
    </div>
  );
}
