import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { requireStaff } from "~/caller.server";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { staff, access, headers } = await requireStaff(request);
  const t = await i18next.getFixedT(request);
  return data({ title: t("space.title"), email: staff.email, access }, { headers });
}

export default function StaffSpace() {
  const { email, access } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const facilitated = access.memberships.filter((m) => m.role === "facilitator");
  const hasRole = access.isAdmin || access.memberships.length > 0;
  return (
    <div className="page">
      <h1>{t("space.title")}</h1>
      <p className="lead">{t("space.lead", { email })}</p>
      {!hasRole ? <p role="status">{t("space.noRole")}</p> : null}
      {access.isAdmin ? (
        <section aria-labelledby="admin-title" className="card">
          <h2 id="admin-title">{t("space.adminTitle")}</h2>
          <p>{t("space.adminLead")}</p>
          <p>
            <Link to="/admin">{t("space.adminLink")}</Link>
          </p>
        </section>
      ) : null}
      {facilitated.length > 0 || access.isAdmin ? (
        <section aria-labelledby="animer" className="card">
          <h2 id="animer">{t("space.facilitateTitle")}</h2>
          <p>{t("space.facilitateLead")}</p>
          {facilitated.length === 0 ? <p>{t("space.none")}</p> : null}
          <ul className="plain-list">
            {facilitated.map((m) => (
              <li key={m.territoryId}>
                <Link to={`/espace/territoires/${m.slug}`}>{m.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {hasRole ? (
        <section aria-labelledby="syntheses" className="card">
          <h2 id="syntheses">{t("space.synthesesTitle")}</h2>
          <p>{t("space.synthesesLead")}</p>
          {access.memberships.length === 0 ? <p>{t("space.none")}</p> : null}
          <ul className="plain-list">
            {[...new Map(access.memberships.map((m) => [m.territoryId, m])).values()].map((m) => (
              <li key={m.territoryId}>
                <Link to={`/espace/territoires/${m.slug}`}>{m.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
