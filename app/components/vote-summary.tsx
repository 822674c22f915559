import { Link } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { SMALL_SAMPLE } from "~/votes";
import { pickText, type UseContent } from "./ai-use-form";
import { TableScroll } from "./table-scroll";

type Result = { id: string; content: UseContent; total: number; outcome: string; others: string[] };

/** For staff on a consultation's page: where to choose the uses put to the vote, and the votes so far. */
export function VoteSummary({ consultationId, voters, results }: { consultationId: string; voters: number; results: Result[] }) {
  const { t, i18n } = useTranslation();
  const others = results.filter((r) => r.others.length);
  const count = others.reduce((n, r) => n + r.others.length, 0);
  return (
    <section aria-labelledby="votes-title">
      <h2 id="votes-title">{t("selection.summary.title")}</h2>
      <ul className="plain-list">
        <li>
          <Link to={`/espace/concertations/${consultationId}/usages`}>{t("selection.summary.chooseLink")}</Link>
        </li>
        <li>
          <Link to={`/concertations/${consultationId}/resultats`}>{t("selection.summary.resultsLink")}</Link>
        </li>
      </ul>
      {results.length === 0 ? (
        <p>{t("selection.summary.none")}</p>
      ) : (
        <>
          <p>
            {t("selection.summary.voters", { count: voters })}
            {voters > 0 && voters < SMALL_SAMPLE ? ` ${t("selection.summary.small", { min: SMALL_SAMPLE })}` : null}
          </p>
          <TableScroll label={t("selection.summary.title")}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("catalogue.list.use")}</th>
                  <th scope="col" className="num">
                    {t("selection.summary.total")}
                  </th>
                  <th scope="col">{t("selection.summary.outcome")}</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r) => (
                  <tr key={r.id}>
                    <td>{pickText(r.content, i18n.language).title}</td>
                    <td className="num">{r.total}</td>
                    <td>{t(`useLabels.outcome.${r.outcome}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <p className="meta">
            {t("results.nature")} {t("selection.summary.rule")}
          </p>
          <details>
            <summary>{t("selection.summary.others", { count })}</summary>
            {others.length === 0 ? <p>{t("selection.summary.noOthers")}</p> : null}
            {others.map((r) => (
              <div key={r.id}>
                <h3>{pickText(r.content, i18n.language).title}</h3>
                <ul>
                  {r.others.map((text, index) => (
                    <li key={index}>{text}</li>
                  ))}
                </ul>
              </div>
            ))}
          </details>
        </>
      )}
    </section>
  );
}
