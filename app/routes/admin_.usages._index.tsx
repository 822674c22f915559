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
import { listCatalogue } from "~/models/vote.server";

/** The national catalogue of uses of AI put to the vote, kept by national admins. */
export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { identity, headers } = await requireStaff(request, { admin: true });
  const t = await i18next.getFixedT(request);
  const uses = await db().asCaller(identity, (tx) => listCatalogue(tx, { territoryId: null, includeArchived: true }));
  return data({ title: t("catalogue.national.title"), uses: uses.map(useSummary), requestKey: newRequestKey() }, { headers });
}

export const action = ({ request }: ActionFunctionArgs) => createUseAction(request, { territoryId: null, editPath: "/admin/usages" });

export default function NationalCatalogue() {
  const { uses, requestKey } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <p>
        <Link to="/admin">{t("admin.title")}</Link>
      </p>
      <h1>{t("catalogue.national.title")}</h1>
      <p className="lead">{t("catalogue.national.lead")}</p>
      <section aria-labelledby="uses-title">
        <h2 id="uses-title">{t("catalogue.national.listTitle", { count: uses.length })}</h2>
        {uses.length === 0 ? <p>{t("catalogue.list.empty")}</p> : <AiUseList uses={uses} editPath="/admin/usages" label={t("catalogue.national.title")} />}
      </section>
      <section aria-labelledby="add-title" className="card">
        <h2 id="add-title">{t("catalogue.add.title")}</h2>
        <p>{t("catalogue.add.lead")}</p>
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
