import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { TableScroll } from "~/components/table-scroll";
import { ANON, db } from "~/db.server";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { listTerritories, type Territory } from "~/models/territory.server";

export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  // The engaged local authorities; régions and départements get their own pages with the map.
  const territories = await db().asCaller(ANON, (tx) => listTerritories(tx, { kinds: ["commune", "epci"] }));
  // Translated here: the page does not load the charter's strings in the browser.
  return { title: t("territories.title"), territories, charterLink: t("charterNational.link") };
}

function TerritoryTable({ caption, rows }: { caption: string; rows: Territory[] }) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language);
  return (
    <TableScroll label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("territories.colName")}</th>
            <th scope="col">{t("territories.colKind")}</th>
            <th scope="col">{t("territories.colCode")}</th>
            <th scope="col" className="num">
              {t("territories.colPopulation")}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((territory) => (
            <tr key={territory.id}>
              <th scope="row">
                <a href={`/territoires/${territory.slug}`}>{territory.name}</a>
              </th>
              <td>{t(`territories.kind.${territory.kind}`)}</td>
              <td>{territory.code}</td>
              <td className="num">{territory.population === null ? "—" : number.format(territory.population)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export default function Territories() {
  const { territories, charterLink } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("territories.title")}</h1>
      <p className="lead">{t("territories.lead")}</p>
      <p>
        <a href="/charte">{charterLink}</a>
      </p>
      <TerritoryTable caption={t("territories.engagedTitle")} rows={territories} />
    </div>
  );
}
