import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ANON, db } from "~/db.server";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { getEvent } from "~/models/event.server";
import { cancelByToken, findByCancelToken } from "~/models/registration.server";
import { formatDateTime } from "~/time";

export const meta = titleMeta;

/** The link a person got when registering: it cancels without the cookie or an account. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const t = await i18next.getFixedT(request);
  const token = params.token ?? "";
  const found = /^[A-Za-z0-9_-]{32}$/.test(token)
    ? await db().asCaller(ANON, async (tx) => {
        const registration = await findByCancelToken(tx, { token });
        const event = registration ? await getEvent(tx, { id: registration.event_id }) : null;
        return registration && event ? { registration, event } : null;
      })
    : null;
  if (!found) throw new Response("Not found", { status: 404 });
  return {
    title: t("registration.manageTitle"),
    firstName: found.registration.first_name,
    status: found.registration.status,
    event: { title: found.event.title, code: found.event.code, startsAt: found.event.starts_at.toISOString() },
  };
}

export async function action({ params }: ActionFunctionArgs) {
  const token = params.token ?? "";
  if (!/^[A-Za-z0-9_-]{32}$/.test(token)) throw new Response("Not found", { status: 404 });
  await db().asCaller(ANON, (tx) => cancelByToken(tx, { token }));
  return { cancelled: true };
}

export default function ManageRegistration() {
  const { firstName, status, event } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const cancelled = result?.cancelled || status === "cancelled";
  return (
    <div className="page narrow">
      <h1>{t("registration.manageTitle")}</h1>
      <p>
        <Link to={`/e/${event.code}`}>{event.title}</Link> — {formatDateTime(event.startsAt, i18n.language)}
      </p>
      {cancelled ? (
        <p role="status" className="notice">
          {t("registration.cancelledNotice")}
        </p>
      ) : (
        <>
          <p>{t("registration.manageStatus", { name: firstName, status: t(`registration.status.${status}`) })}</p>
          <Form method="post">
            <button type="submit" className="button button-danger">
              {t("registration.cancel")}
            </button>
          </Form>
        </>
      )}
    </div>
  );
}
