import { Form, NavLink } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";

type Access = {
  isAdmin: boolean;
  memberships: { territoryId: string; slug: string; name: string; role: "facilitator" | "official" }[];
};

/** The header shows what the signed-in person can reach: participate, facilitate, read syntheses, administer. */
export function SiteHeader({
  staff,
  access,
  mailbox,
}: {
  staff: { email: string } | null;
  access: Access | null;
  mailbox: boolean;
}) {
  const { t } = useTranslation();
  const facilitates = Boolean(access?.isAdmin || access?.memberships.some((m) => m.role === "facilitator"));
  const readsSyntheses = Boolean(access?.isAdmin || access?.memberships.length);
  return (
    <header className="site-header">
      <a href="/" className="brand">
        <span aria-hidden="true" className="brand-mark">
          ☕
        </span>{" "}
        Café IA
      </a>
      <nav aria-label={t("shell.nav.label")}>
        <ul>
          <li>
            <NavLink to="/" end>
              {t("shell.nav.participate")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/territoires">{t("shell.nav.territories")}</NavLink>
          </li>
          <li>
            <NavLink to="/agenda">{t("agenda.nav")}</NavLink>
          </li>
          <li>
            <NavLink to="/carte">{t("shell.nav.map")}</NavLink>
          </li>
          <li>
            <NavLink to="/national">{t("shell.nav.national")}</NavLink>
          </li>
          {facilitates ? (
            <li>
              <NavLink to="/espace#animer">{t("shell.nav.facilitate")}</NavLink>
            </li>
          ) : null}
          {readsSyntheses ? (
            <li>
              <NavLink to="/espace#syntheses">{t("shell.nav.syntheses")}</NavLink>
            </li>
          ) : null}
          {access?.isAdmin ? (
            <li>
              <NavLink to="/admin">{t("shell.nav.administer")}</NavLink>
            </li>
          ) : null}
          {mailbox && !staff ? (
            <li>
              <NavLink to="/boite-mail">{t("shell.nav.mailbox")}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      <div className="account">
        {staff ? (
          <Form method="post" action="/deconnexion" reloadDocument>
            <span className="account-email">{staff.email}</span>{" "}
            <button type="submit" className="link-button">
              {t("shell.signOut")}
            </button>
          </Form>
        ) : (
          <a href="/connexion">{t("shell.signIn")}</a>
        )}
      </div>
    </header>
  );
}
