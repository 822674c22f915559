import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { listMailbox } from "~/auth/embedded.server";
import { db } from "~/db.server";
import { env } from "~/env.server";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

const DEMO_DOMAIN = "@demo.cafe-ia.test";

/** The embedded provider's outbox: exists only in embedded mode, where no email leaves the machine. */
export async function loader({ request }: LoaderFunctionArgs) {
  if (!env().mailbox) throw new Response("Not found", { status: 404 });
  const t = await i18next.getFixedT(request);
  const database = db();
  const messages = await listMailbox(database);
  const accounts = await database.asService((tx) =>
    tx.query<{ email: string; role: string; territory: string | null }>(
      `select m.email, m.role, t.name as territory
         from public.memberships m join public.territories t on t.id = m.territory_id
        where m.email like '%' || $1
       union all
       select a.email, 'admin', null from public.national_admins a where a.email like '%' || $1
       order by 1, 2`,
      [DEMO_DOMAIN],
    ),
  );
  return {
    title: t("mailbox.title"),
    accounts,
    messages: messages.map((m) => ({ ...m, created_at: m.created_at.toISOString() })),
  };
}

export default function Mailbox() {
  const { accounts, messages } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: "medium", timeStyle: "medium", timeZone: "Europe/Paris" });
  return (
    <div className="page">
      <h1>{t("mailbox.title")}</h1>
      <p className="lead">{t("mailbox.lead")}</p>
      {accounts.length > 0 ? (
        <section aria-labelledby="accounts-title">
          <h2 id="accounts-title">{t("mailbox.accountsTitle")}</h2>
          <p>{t("mailbox.accountsLead")}</p>
          <ul className="plain-list">
            {accounts.map((a) => (
              <li key={`${a.email}-${a.role}-${a.territory}`}>
                <code>{a.email}</code> — {t(`roles.${a.role}`)}
                {a.territory ? `, ${a.territory}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="messages-title">
        <h2 id="messages-title">{t("mailbox.messagesTitle")}</h2>
        {messages.length === 0 ? <p>{t("mailbox.empty")}</p> : null}
        <ol className="plain-list mailbox">
          {messages.map((m) => (
            <li key={m.id} className="card">
              <h3>{m.subject}</h3>
              <p className="meta">
                {t("mailbox.to", { email: m.to_email })} · {t("mailbox.at", { date: format.format(new Date(m.created_at)) })}
              </p>
              <pre className="mail-body">{m.body}</pre>
              {m.link ? (
                <p>
                  <a href={m.link}>
                    {t("mailbox.open")} <span className="visually-hidden">({m.to_email})</span>
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
