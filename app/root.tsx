import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { ANON, db } from "./db.server";
import { env } from "./env.server";
import i18next from "./i18next.server";
import { loadStaff } from "./caller.server";
import { isDemoDeployment } from "./models/deployment.server";
import { SiteHeader } from "./components/site-header";
import { LanguageSwitch } from "./components/language-switch";
import { useNonce } from "./nonce";
import styles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Café IA" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await i18next.getLocale(request);
  const { staff, access, headers } = await loadStaff(request);
  const demo = await db().asCaller(ANON, isDemoDeployment);
  return data(
    {
      locale,
      demo,
      mailbox: env().mailbox,
      staff: staff ? { email: staff.email } : null,
      access: access ?? null,
    },
    { headers },
  );
}

export type RootData = typeof loader;

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData<RootData>("root");
  const { t, i18n } = useTranslation();
  const locale = root?.locale ?? i18n.language ?? "fr";
  const location = useLocation();
  const nonce = useNonce();
  const namespaces = new Set(
    useMatches().flatMap((match) => ((match.handle as { i18n?: string[] } | undefined)?.i18n ?? [])),
  );
  if (root?.staff) namespaces.add("staff");
  return (
    <html lang={locale} dir="ltr" data-ns={[...namespaces].join(" ") || undefined}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("shell.skip")}
        </a>
        {root?.demo ? (
          <p className="demo-banner" role="note">
            {t("shell.demo")}
          </p>
        ) : null}
        <SiteHeader staff={root?.staff ?? null} access={root?.access ?? null} mailbox={root?.mailbox ?? false} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <LanguageSwitch locale={locale} redirectTo={location.pathname + location.search} />
          <nav aria-label={t("shell.footerLinks.label")}>
            <ul className="footer-links">
              <li>
                <a href="/mes-donnees">{t("shell.footerLinks.myData")}</a>
              </li>
              <li>
                <a href="/confidentialite">{t("shell.footerLinks.privacy")}</a>
              </li>
              <li>
                <a href="/mentions-legales">{t("shell.footerLinks.legal")}</a>
              </li>
            </ul>
          </nav>
          <p>{t("shell.footer")}</p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = status === 404 ? "notFound" : status === 403 ? "forbidden" : "unexpected";
  return (
    <div className="page narrow">
      <h1>{t(`errors.${key}.title`)}</h1>
      <p>{t(`errors.${key}.body`)}</p>
      <p>
        <a href="/">{t("errors.home")}</a>
      </p>
    </div>
  );
}
