import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { CharterView } from "~/components/charter-view";
import { useTranslation } from "~/i18n-react";
import charterPrintStyles from "~/styles/charter-print.css";
import { loadCharterPage } from "~/charter-page.server";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { PrintButton } from "~/components/print-button";

export const handle = { i18n: ["charter"] };

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["charter"])]);
  return data;
}

/** The charter laid out for A4 (same data and `?version=N` as the charter page). */
export const loader = ({ request, params }: LoaderFunctionArgs) => loadCharterPage(request, params.slug);

export const links: LinksFunction = () => [{ rel: "stylesheet", href: charterPrintStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.printTitle ? `${data.printTitle} — Café IA` : "Café IA" },
];

export default function CharterPrint() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/territoires/${data.territory.slug}/charte`;
  const back = data.shown && !data.shown.current ? `${base}?version=${data.shown.version}` : base;
  return (
    <div className="charter-print">
      <div className="charter-print-tools" role="group" aria-label={t("charter.print.tools")} data-print-hide="">
        <a href={back}>{t("charter.print.back")}</a>
        <PrintButton label={t("charter.print.button")} />
        <p className="hint">{t("charter.print.hint")}</p>
      </div>
      <article className="charter-sheet">
        <CharterView data={data} currentHref={`${base}/imprimer`} />
      </article>
    </div>
  );
}
