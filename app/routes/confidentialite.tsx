import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import i18next from "~/i18next.server";
import { legalSettings } from "~/legal.server";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

/**
 * The privacy policy (GDPR art. 13), filled from the deployment's settings (app/legal.server.ts).
 * What it says about retention is what the app does: the delays come from the same settings.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const s = legalSettings();
  const p = (key: string, values?: Record<string, unknown>) => t(`privacyPolicy.${key}`, values);
  const notSet = p("notSet");
  return {
    title: p("title"),
    demo: s.configured ? null : p("demo"),
    lead: p("lead"),
    sections: [
      {
        id: "responsable",
        heading: p("controllerHeading"),
        items: [
          p("controller", { controller: s.controller ?? notSet }),
          p("contact", { email: s.contactEmail ?? notSet }),
          ...(s.dpoEmail ? [p("dpo", { email: s.dpoEmail })] : []),
        ],
      },
      {
        id: "collecte",
        heading: p("collectedHeading"),
        items: ["participant", "contributions", "profile", "registration", "staff", "network"].map((k) => p(`collected.${k}`)),
      },
      { id: "base", heading: p("basisHeading"), items: [p("basis")] },
      {
        id: "duree",
        heading: p("retentionHeading"),
        items: [
          p("retention.cookie"),
          s.registrationEmailDays > 0 ? p("retention.registration", { count: s.registrationEmailDays }) : p("retention.registrationSoon"),
          p("retention.contributions"),
          p("retention.network"),
        ],
      },
      { id: "destinataires", heading: p("recipientsHeading"), items: [p("recipients")] },
      { id: "droits", heading: p("rightsHeading"), items: [p("rights")] },
    ],
    myData: p("myData"),
  };
}

export default function PrivacyPolicy() {
  const page = useLoaderData<typeof loader>();
  return (
    <main id="main" className="page">
      <h1>{page.title}</h1>
      {page.demo ? <p className="notice notice-error">{page.demo}</p> : null}
      <p className="lead">{page.lead}</p>
      {page.sections.map((section) => (
        <section key={section.id} aria-labelledby={`${section.id}-heading`}>
          <h2 id={`${section.id}-heading`}>{section.heading}</h2>
          {section.items.length === 1 ? (
            <p>{section.items[0]}</p>
          ) : (
            <ul>
              {section.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
      <p>
        <Link to="/mes-donnees" className="button button-secondary">
          {page.myData}
        </Link>
      </p>
    </main>
  );
}
