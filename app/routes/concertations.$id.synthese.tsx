import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { SynthesisView } from "~/components/synthesis-view";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { useTranslation } from "~/i18n-react";
import { titleMeta } from "~/meta";
import synthesisStyles from "~/styles/synthesis-print.css";
import { loadPublishedSynthesis } from "~/synthesis-page.server";

export const meta = titleMeta;

const namespaces = ["synthesis", "contribute", "vote"];
export const handle = { i18n: namespaces };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: synthesisStyles }];

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(namespaces)]);
  return data;
}

export const loader = ({ request, params }: LoaderFunctionArgs) => loadPublishedSynthesis(request, params.id);

export default function PublishedSynthesis() {
  const { consultation, synthesis, versions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/concertations/${consultation.id}`;
  return (
    <div className="page synthesis-page">
      <p className="meta">{consultation.title}</p>
      {synthesis ? (
        <>
          <h1>{t("synthesis.public.heading")}</h1>
          <p>
            <strong>{t("synthesis.public.published", { date: synthesis.publishedOn, version: synthesis.version })}</strong>
          </p>
          {synthesis.latest ? null : (
            <p className="notice" role="note">
              {t("synthesis.public.older")} <Link to={`${base}/synthese`}>{t("synthesis.public.latest")}</Link>
            </p>
          )}
          <p className="synthesis-actions">
            <Link to={`${base}/synthese/imprimer${synthesis.latest ? "" : `?version=${synthesis.version}`}`}>{t("synthesis.public.print")}</Link>
            <Link to={`${base}/resultats`}>{t("synthesis.public.results")}</Link>
          </p>
          <SynthesisView figures={synthesis.figures} narrative={synthesis.narrative} followUp={synthesis.followUp} />
        </>
      ) : (
        <>
          <h1>{t("synthesis.public.noneTitle")}</h1>
          <p>{t("synthesis.public.noneBody")}</p>
          <p>
            <Link to={`${base}/resultats`}>{t("synthesis.public.results")}</Link>
          </p>
        </>
      )}
      {versions.length > 1 || (!synthesis && versions.length) ? (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title">{t("synthesis.public.versions")}</h2>
          <ul>
            {versions.map((v) => (
              <li key={v.version}>
                <Link to={`${base}/synthese?version=${v.version}`} aria-current={v.version === synthesis?.version ? "page" : undefined}>
                  {t("synthesis.staff.version", { version: v.version, date: v.publishedOn })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
