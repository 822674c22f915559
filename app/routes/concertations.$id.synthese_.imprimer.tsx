import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { SynthesisView } from "~/components/synthesis-view";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { useTranslation } from "~/i18n-react";
import synthesisStyles from "~/styles/synthesis-print.css";
import { loadPublishedSynthesis } from "~/synthesis-page.server";
import { PrintButton } from "~/components/print-button";

const namespaces = ["synthesis", "contribute", "vote"];
export const handle = { i18n: namespaces };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: synthesisStyles }];

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(namespaces)]);
  return data;
}

/** The published synthesis laid out for A4 (same data and `?version=N` as the public page). */
export const loader = ({ request, params }: LoaderFunctionArgs) => loadPublishedSynthesis(request, params.id);

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.printTitle ? `${data.printTitle} — Café IA` : "Café IA" }];

export default function SynthesisPrint() {
  const { consultation, synthesis } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const back = `/concertations/${consultation.id}/synthese${synthesis && !synthesis.latest ? `?version=${synthesis.version}` : ""}`;
  return (
    <div className="synthesis-print">
      <div className="synthesis-print-tools" role="group" aria-label={t("synthesis.print.tools")} data-print-hide="">
        <a href={back}>{t("synthesis.print.back")}</a>
        <PrintButton label={t("synthesis.print.button")} />
        <p className="hint">{t("synthesis.print.hint")}</p>
      </div>
      <article className="synthesis-sheet">
        <header className="synthesis-sheet-header">
          <p className="meta">{synthesis?.figures.territory.name}</p>
          <h1>{consultation.title}</h1>
          {synthesis ? (
            <p>
              <strong>{t("synthesis.public.heading")}</strong> — {t("synthesis.public.published", { date: synthesis.publishedOn, version: synthesis.version })}
            </p>
          ) : (
            <p>{t("synthesis.public.noneBody")}</p>
          )}
        </header>
        {synthesis ? <SynthesisView figures={synthesis.figures} narrative={synthesis.narrative} followUp={synthesis.followUp} print /> : null}
      </article>
    </div>
  );
}
