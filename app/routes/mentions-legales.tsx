import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import i18next from "~/i18next.server";
import { legalSettings } from "~/legal.server";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

/** The legal notice (LCEN art. 6): who publishes and who hosts this deployment, from its settings. */
export async function loader({ request }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const s = legalSettings();
  const l = (key: string, values?: Record<string, unknown>) => t(`legalNotice.${key}`, values);
  const notSet = l("notSet");
  return {
    title: l("title"),
    demo: s.configured ? null : t("privacyPolicy.demo"),
    sections: [
      {
        id: "editeur",
        heading: l("publisherHeading"),
        items: [
          l("publisher", { publisher: s.publisher ?? notSet }),
          l("address", { address: s.address ?? notSet }),
          l("director", { director: s.director ?? notSet }),
          l("contact", { email: s.contactEmail ?? notSet }),
        ],
      },
      { id: "hebergement", heading: l("hostHeading"), items: [l("host", { host: s.host ?? notSet })] },
      { id: "logiciel", heading: l("softwareHeading"), items: [l("software")] },
    ],
    privacy: t("privacyPolicy.title"),
  };
}

export default function LegalNotice() {
  const page = useLoaderData<typeof loader>();
  return (
    <main id="main" className="page">
      <h1>{page.title}</h1>
      {page.demo ? <p className="notice notice-error">{page.demo}</p> : null}
      {page.sections.map((section) => (
        <section key={section.id} aria-labelledby={`${section.id}-heading`}>
          <h2 id={`${section.id}-heading`}>{section.heading}</h2>
          {section.items.map((item) => (
            <p key={item}>{item}</p>
          ))}
        </section>
      ))}
      <p>
        <Link to="/confidentialite">{page.privacy}</Link>
      </p>
    </main>
  );
}
