import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { loadCharterPage } from "~/charter-page.server";
import { CharterView } from "~/components/charter-view";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { useTranslation } from "~/i18n-react";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

export const handle = { i18n: ["charter"] };

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["charter"])]);
  return data;
}

/** A territory's published charter of commitments; `?version=N` shows an older version. */
export const loader = ({ request, params }: LoaderFunctionArgs) => loadCharterPage(request, params.slug);

export default function CharterPage() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const base = `/territoires/${data.territory.slug}/charte`;
  const printHref = `${base}/imprimer${data.shown && !data.shown.current ? `?version=${data.shown.version}` : ""}`;
  return (
    <div className="page narrow">
      <p className="meta">
        <a href={`/territoires/${data.territory.slug}`}>{data.territory.name}</a>
      </p>
      <CharterView
        data={data}
        currentHref={base}
        versionHref={(version) => (version === data.currentVersion ? base : `${base}?version=${version}`)}
        tools={
          <p>
            <a href={printHref}>{t("charter.printLink")}</a>
          </p>
        }
      />
    </div>
  );
}
