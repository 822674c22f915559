import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TableScroll } from "~/components/table-scroll";
import { ANON, db } from "~/db.server";
import { LICENCE } from "~/export-files.server";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { getCurrentTemplate } from "~/models/charter.server";
import { describeColumns, openDataFiles } from "~/models/open-data.server";
import { formatDateTime } from "~/time";

export const meta = titleMeta;

const definitions = ["participant", "consultations", "contributions", "votes", "nature", "small", "totals"] as const;
const copy = ["heading", "lead", "licence", "licenceName", "licenceTerms", "national", "filesHeading", "schema", "definitionsHeading", "formatHeading"] as const;

/**
 * How to reuse the open data: licence, definitions, format, and every column of every file. A page of
 * text, all translated here: the browser downloads none of it as a dictionary.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const lng = (await i18next.getLocale(request)) === "en" ? "en" : "fr";
  const template = await db().asCaller(ANON, (tx) => getCurrentTemplate(tx));
  // Descriptions are translated here, with the theme labels and commitment keys they list.
  const columns = describeColumns(t, {
    themeLabel: (theme) => t(`theme.${theme}.label`),
    commitmentKeys: template?.commitments.map((c) => c.key) ?? [],
  });
  return {
    title: t("openData.title"),
    text: {
      ...Object.fromEntries(copy.map((key) => [key, t(`openData.${key}`)])),
      generated: t("openData.generated", { date: formatDateTime(new Date(), lng, { dateStyle: "long", timeStyle: "short" }) }),
      nationalPage: t("national.title"),
    } as Record<(typeof copy)[number] | "generated" | "nationalPage", string>,
    definitions: definitions.map((key) => t(`openData.definitions.${key}`)),
    format: (["csv", "json", "values"] as const).map((key) => t(`openData.format.${key}`)),
    licence: LICENCE,
    files: openDataFiles.map((file) => ({
      file,
      title: t(`openData.files.${file}.title`),
      description: t(`openData.files.${file}.description`),
      csv: t("openData.download", { file: t(`openData.files.${file}.title`), format: "CSV" }),
      json: t("openData.download", { file: t(`openData.files.${file}.title`), format: "JSON" }),
      caption: t("openData.columnsCaption", { file: `${file}.csv` }),
      columns: columns[file].map((c) => ({ name: c.name, type: t(`openData.type.${c.type}`), description: c.description })),
    })),
    columnHeaders: [t("openData.colColumn"), t("openData.colDescription")],
  };
}

export default function OpenData() {
  const { text, definitions, format, licence, files, columnHeaders } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>{text.heading}</h1>
      <p className="lead">{text.lead}</p>
      <p>
        {text.licence}
        <a href={licence.url} lang="fr" hrefLang="fr">
          {text.licenceName}
        </a>
        {text.licenceTerms}
      </p>
      <p>{text.generated}</p>
      <p>
        {text.national} <a href="/national">{text.nationalPage}</a>.
      </p>

      <h2>{text.filesHeading}</h2>
      <ul>
        {files.map((f) => (
          <li key={f.file}>
            <strong>{f.title}</strong> — {f.description}{" "}
            <a href={`/donnees/${f.file}.csv`} download aria-label={f.csv}>
              CSV
            </a>{" "}
            ·{" "}
            <a href={`/donnees/${f.file}.json`} download aria-label={f.json}>
              JSON
            </a>
          </li>
        ))}
      </ul>
      <p>
        {text.schema} <a href="/donnees/datapackage.json">datapackage.json</a>
      </p>

      <h2>{text.definitionsHeading}</h2>
      <ul>
        {definitions.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>

      <h2>{text.formatHeading}</h2>
      <ul>
        {format.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ul>

      {files.map((f) => (
        <section key={f.file} aria-labelledby={`file-${f.file}`}>
          <h2 id={`file-${f.file}`}>
            {f.title} <span className="hint">({f.file}.csv)</span>
          </h2>
          <p>{f.description}</p>
          <TableScroll label={f.caption}>
            <table>
              <caption>{f.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{columnHeaders[0]}</th>
                  <th scope="col">{columnHeaders[1]}</th>
                </tr>
              </thead>
              <tbody>
                {f.columns.map((c) => (
                  <tr key={c.name}>
                    <th scope="row">
                      <code>{breakable(c.name)}</code> <br />
                      <span className="hint">{c.type}</span>
                    </th>
                    <td>{c.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ))}
    </div>
  );
}

/** A column name that may wrap after its underscores on a phone (copied, it stays whole). */
const breakable = (name: string) =>
  name.split("_").flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, `_${part}`]));
