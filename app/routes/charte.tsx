import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { TableScroll } from "~/components/table-scroll";
import { ANON, db } from "~/db.server";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { getCurrentTemplate, listPublishedCharters } from "~/models/charter.server";
import { formatDateTime } from "~/time";

export const meta = titleMeta;

export const handle = { i18n: ["charter"] };

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["charter"])]);
  return data;
}

const share = (count: number, total: number) => (total ? Math.round((count / total) * 100) : 0);

/** Which territories published a charter, and how widely each commitment is adopted across them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const lng = (await i18next.getLocale(request)) === "en" ? "en" : "fr";
  const { charters, template } = await db().asCaller(ANON, async (tx) => ({
    charters: await listPublishedCharters(tx),
    template: await getCurrentTemplate(tx),
  }));
  const total = charters.length;
  const count = (keys: string[][]) =>
    keys.reduce((counts, list) => {
      for (const key of list) counts.set(key, (counts.get(key) ?? 0) + 1);
      return counts;
    }, new Map<string, number>());
  const adopted = count(charters.map((c) => c.adopted));
  const inProgress = count(charters.map((c) => c.in_progress));
  const titled = (template?.commitments ?? []).map((c) => {
    const text = lng === "en" && c.en ? { title: c.en.title, lang: "en" } : { title: c.fr.title, lang: "fr" };
    return { key: c.key, ...text };
  });
  // Keys no longer in the template still count: they were signed.
  const known = new Set(titled.map((c) => c.key));
  const retired = [...new Set([...adopted.keys(), ...inProgress.keys()])].filter((key) => !known.has(key));
  return {
    title: t("charterNational.title"),
    total,
    territories: charters.map((c) => ({
      slug: c.slug,
      name: c.name,
      kind: c.kind,
      version: c.version,
      signedOn: formatDateTime(`${c.signed_on}T12:00:00Z`, lng, { dateStyle: "long", timeStyle: undefined }),
      adopted: c.adopted.length,
    })),
    commitments: [...titled, ...retired.map((key) => ({ key, title: key, lang: "fr" }))].map((c) => ({
      ...c,
      adopted: adopted.get(c.key) ?? 0,
      adoptedShare: share(adopted.get(c.key) ?? 0, total),
      inProgress: inProgress.get(c.key) ?? 0,
      inProgressShare: share(inProgress.get(c.key) ?? 0, total),
    })),
  };
}

export default function NationalCharter() {
  const { total, territories, commitments } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const pct = (share: number) => `${share} %`;
  return (
    <div className="page">
      <h1>{t("charterNational.heading")}</h1>
      <p className="lead">{t("charterNational.lead")}</p>
      {total === 0 ? (
        <p className="notice">{t("charterNational.none")}</p>
      ) : (
        <>
          <TableScroll label={t("charterNational.territoriesCaption")}>
            <table>
              <caption>{t("charterNational.territoriesCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("charterNational.colTerritory")}</th>
                  <th scope="col">{t("charterNational.colKind")}</th>
                  <th scope="col" className="num">
                    {t("charterNational.colVersion")}
                  </th>
                  <th scope="col">{t("charterNational.colSigned")}</th>
                  <th scope="col" className="num">
                    {t("charterNational.colAdopted")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {territories.map((c) => (
                  <tr key={c.slug}>
                    <th scope="row">
                      <a href={`/territoires/${c.slug}/charte`}>{c.name}</a>
                    </th>
                    <td>{t(`territories.kind.${c.kind}`)}</td>
                    <td className="num">{c.version}</td>
                    <td>{c.signedOn}</td>
                    <td className="num">{c.adopted}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
          <TableScroll label={t("charterNational.adoptionCaption")}>
            <table>
              <caption>
                {t("charterNational.adoptionCaption")}
                <span className="hint"> {t("charterNational.adoptionBase", { count: total })}</span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t("charterNational.colCommitment")}</th>
                  <th scope="col" className="num">
                    {t("commitmentStatus.adopted")}
                  </th>
                  <th scope="col" className="num">
                    {t("commitmentStatus.in_progress")}
                  </th>
                </tr>
              </thead>
              <tbody>
                {commitments.map((c) => (
                  <tr key={c.key}>
                    <th scope="row" lang={c.lang}>
                      {c.title}
                    </th>
                    <td className="num">
                      {c.adopted} <span className="hint">({pct(c.adoptedShare)})</span>
                    </td>
                    <td className="num">
                      {c.inProgress} <span className="hint">({pct(c.inProgressShare)})</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}
    </div>
  );
}
