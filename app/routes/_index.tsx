import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { JoinForm } from "~/components/join-form";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  return { title: t("home.title") };
}

export default function Home() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.lead")}</p>
      <section aria-labelledby="participate-title" className="card">
        <h2 id="participate-title">{t("home.participateTitle")}</h2>
        <p>{t("home.participateBody")}</p>
        <JoinForm />
        <p>
          <Link to="/agenda">{t("home.agendaLink")}</Link>
        </p>
      </section>
      <section aria-labelledby="staff-title" className="card">
        <h2 id="staff-title">{t("home.staffTitle")}</h2>
        <p>{t("home.staffBody")}</p>
        <p>
          <Link to="/connexion">{t("shell.signIn")}</Link>
        </p>
      </section>
      <p>
        <Link to="/territoires">{t("home.territoriesLink")}</Link>
      </p>
    </div>
  );
}
