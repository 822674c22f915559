import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { loadUseEditor, useEditorAction } from "~/ai-use-page.server";
import { useTranslation } from "~/i18n-react";
import { AiUseForm, aiUseValues, pickText, VersionHistory, type UseText } from "./ai-use-form";
import { TableScroll } from "./table-scroll";

/** The page of one use (national or a territory's): reword it as a new version, archive it, read its history. */
export function AiUseEditor() {
  const { use, back, created, versions } = useLoaderData<typeof loadUseEditor>();
  const result = useActionData<typeof useEditorAction>();
  const { t, i18n } = useTranslation();
  const errors: Record<string, string> = result?.errors ?? {};
  const text = pickText(use.content, i18n.language);
  return (
    <div className="page">
      <p>
        <Link to={back}>{t(use.local ? "catalogue.local.title" : "catalogue.national.title")}</Link>
      </p>
      <h1>{text.title}</h1>
      <p className="meta">
        {t(`useLabels.domain.${use.domain}`)} · {t(`useLabels.tier.${use.risk_tier}`)} ·{" "}
        {t("catalogue.history.version", { version: use.version })}
        {use.archived ? (
          <>
            {" "}
            <span className="badge badge-alert">{t("catalogue.archivedBadge")}</span>
          </>
        ) : null}
      </p>
      {created && !result ? (
        <p role="status" className="notice">
          {t("catalogue.edit.created")}
        </p>
      ) : null}
      {result?.intent === "save" && !Object.keys(errors).length ? (
        <p role="status" className="notice">
          {result.version !== result.previous
            ? t("catalogue.edit.saved", { version: result.version, previous: result.previous })
            : t("catalogue.edit.unchanged", { version: result.version })}
        </p>
      ) : null}
      {result?.intent === "archive" || result?.intent === "unarchive" ? (
        <p role="status" className="notice">
          {t(`catalogue.edit.${result.intent}d`)}
        </p>
      ) : null}

      <section aria-labelledby="edit-title" className="card">
        <h2 id="edit-title">{t("catalogue.edit.heading")}</h2>
        <p>{t("catalogue.edit.versioning", { current: use.version, next: use.version + 1 })}</p>
        <AiUseForm
          key={use.version}
          values={result?.values ?? aiUseValues(use)}
          errors={errors}
          submitLabel={t("catalogue.edit.submit", { version: use.version + 1 })}
        />
      </section>

      <section aria-labelledby="archive-title">
        <h2 id="archive-title">{t(use.archived ? "catalogue.edit.unarchiveTitle" : "catalogue.edit.archiveTitle")}</h2>
        <p>{t(use.archived ? "catalogue.edit.unarchiveLead" : "catalogue.edit.archiveLead")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value={use.archived ? "unarchive" : "archive"} />
          <button type="submit" className={use.archived ? "button" : "button button-secondary"}>
            {t(use.archived ? "catalogue.edit.unarchive" : "catalogue.edit.archive")}
          </button>
        </Form>
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t("catalogue.history.title")}</h2>
        <p>{t("catalogue.history.lead")}</p>
        <VersionHistory versions={versions} />
      </section>
    </div>
  );
}

type ListedUse = { id: string; domain: string; risk_tier: string; version: number; archived: boolean; content: { fr: UseText; en?: UseText } };

/** The uses kept on a page (national catalogue or a territory's own), each linking to its own page. */
export function AiUseList({ uses, editPath, label }: { uses: ListedUse[]; editPath: string; label: string }) {
  const { t, i18n } = useTranslation();
  return (
    <TableScroll label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("catalogue.list.use")}</th>
            <th scope="col">{t("catalogue.fields.domain")}</th>
            <th scope="col">{t("catalogue.fields.riskTier")}</th>
            <th scope="col" className="num">
              {t("catalogue.list.version")}
            </th>
            <th scope="col">{t("catalogue.list.state")}</th>
          </tr>
        </thead>
        <tbody>
          {uses.map((use) => (
            <tr key={use.id}>
              <td>
                <Link to={`${editPath}/${use.id}`}>{pickText(use.content, i18n.language).title}</Link>
              </td>
              <td>{t(`useLabels.domain.${use.domain}`)}</td>
              <td>{t(`useLabels.tier.${use.risk_tier}`)}</td>
              <td className="num">{use.version}</td>
              <td>{use.archived ? <span className="badge badge-alert">{t("catalogue.archivedBadge")}</span> : t("catalogue.list.active")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
