import { useTranslation } from "~/i18n-react";

const tables = ["contributions", "votes", "participation", "profiles"] as const;
const polis = ["polis-comments", "polis-votes", "polis-participants-votes", "polis-summary"] as const;

/**
 * The download links of a consultation's export (docs/exports.md). Strings live in the `exports`
 * namespace (locales/<lng>/exports.json), which the page must load. Plain links: they work without
 * JavaScript, and the server answers 404 to anyone not allowed to export yet.
 */
export function ExportLinks({ consultationId }: { consultationId: string }) {
  const { t } = useTranslation();
  const base = `/concertations/${consultationId}/export`;
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">{t("exports.heading")}</h2>
      <p>{t("exports.intro")}</p>
      <p>
        <a href={`${base}.json`} download>
          {t("exports.json")}
        </a>
      </p>
      <h3>{t("exports.csvHeading")}</h3>
      <ul>
        {tables.map((file) => (
          <li key={file}>
            <a href={`${base}/${file}.csv`} download>
              {t(`exports.files.${file}`)}
            </a>
          </li>
        ))}
      </ul>
      <h3>{t("exports.polisHeading")}</h3>
      <p>{t("exports.polisHint")}</p>
      <ul>
        {polis.map((file) => (
          <li key={file}>
            <a href={`${base}/${file}.csv`} download>
              {t(`exports.files.${file}`)}
            </a>
          </li>
        ))}
      </ul>
      <p>{t("exports.licence")}</p>
    </section>
  );
}
