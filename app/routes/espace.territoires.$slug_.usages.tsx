import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { createUseAction, newRequestKey, useSummary } from "~/ai-use-page.server";
import { requireStaff } from "~/caller.server";
import { AiUseList } from "~/components/ai-use-editor";
import { AiUseForm } from "~/components/ai-use-form";
import { db } from "~/db.server";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { actsFor } from "~/models/access.server";
import { getTerritory } from "~/models/territory.server";
import { listLocalUses } from "~/models/vote.server";

/** A territory's own uses of AI, added to the national catalogue for its consultations only. */
export const meta = titleMeta;

async function load(request: Request, slug: string) {
  const context = await requireStaff(request);
  const territory = await db().asCaller(context.identity, (tx) => getTerritory(tx, { slug }));
  if (!territory || !actsFor(context.access, territory.id)) throw new Response("Not found", { status: 404 });
  return { ...context, territory };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, territory, headers } = await load(request, params.slug!);
  const t = await i18next.getFixedT(request);
  const uses = await db().asCaller(identity, (tx) => listLocalUses(tx, { territoryId: territory.id }));
  return data(
    {
      title: t("catalogue.local.heading", { name: territory.name }),
      territory: { slug: territory.slug, name: territory.name },
      uses: uses.map(useSummary),
      requestKey: newRequestKey(),
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { territory } = await load(request, params.slug!);
  return createUseAction(request, { territoryId: territory.id, editPath: "/espace/usages" });
}

export default function TerritoryUses() {
  const { territory, uses, requestKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <p>
        <Link to={`/espace/territoires/${territory.slug}`}>{t("staffTerritory.title", { name: territory.name })}</Link>
      </p>
      <h1>{t("catalogue.local.heading", { name: territory.name })}</h1>
      <p className="lead">{t("catalogue.local.lead")}</p>
      <section aria-labelledby="uses-title">
        <h2 id="uses-title">{t("catalogue.local.listTitle", { count: uses.length })}</h2>
        {uses.length === 0 ? <p>{t("catalogue.local.empty")}</p> : <AiUseList uses={uses} editPath="/espace/usages" label={t("catalogue.local.title")} />}
      </section>
      <section aria-labelledby="add-title" className="card">
        <h2 id="add-title">{t("catalogue.add.title")}</h2>
        <p>{t("catalogue.add.localLead", { name: territory.name })}</p>
        <AiUseForm
          values={result?.values ?? {}}
          errors={result?.errors ?? {}}
          requestKey={result?.values?.requestKey ?? requestKey}
          submitLabel={t("catalogue.add.submit")}
        />
      </section>
    </div>
  );
}
