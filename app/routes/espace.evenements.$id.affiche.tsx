import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/i18n-react";
import { requireStaff } from "~/caller.server";
import { actsFor } from "~/models/access.server";
import { db } from "~/db.server";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { getEvent } from "~/models/event.server";
import { qrSvg } from "~/qr.server";
import { originOf } from "~/secrets.server";
import { formatDateTime } from "~/time";
import posterStyles from "~/styles/poster.css";
import { PrintButton } from "~/components/print-button";

export const meta = titleMeta;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: posterStyles }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, access, headers } = await requireStaff(request);
  const id = params.id ?? "";
  const event = UUID.test(id) ? await db().asCaller(identity, (tx) => getEvent(tx, { id })) : null;
  // Events of public consultations are readable by everyone: the poster is for the territory's own staff.
  const isStaff = event && actsFor(access, event.territory_id);
  if (!event || !isStaff) throw new Response("Not found", { status: 404, headers });
  const t = await i18next.getFixedT(request);
  const lng = await i18next.getLocale(request);
  const origin = originOf(request);
  const url = `${origin}/e/${event.code}`;
  const ends = new Date(event.starts_at.getTime() + event.duration_minutes * 60_000);
  const time = (instant: Date) => formatDateTime(instant, lng, { dateStyle: undefined });
  return data(
    {
      title: t("poster.title", { title: event.title }),
      event: {
        id: event.id,
        code: event.code,
        title: event.title,
        territory: event.territory_name,
        venue: event.venue_name,
        address: event.address,
        cancelled: event.cancelled_at !== null,
        cancelReason: event.cancel_reason,
      },
      when: t("poster.when", {
        date: formatDateTime(event.starts_at, lng, { timeStyle: undefined }),
        start: time(event.starts_at),
        end: time(ends),
      }),
      host: new URL(origin).host,
      qr: qrSvg(url, { title: t("poster.qrTitle", { url }) }),
    },
    { headers },
  );
}

/** Long texts get smaller type so the sheet still fits one A4 page. */
const sized = (text: string, limit: number, base = "") =>
  [base, text.length > limit ? "poster-long" : ""].filter(Boolean).join(" ") || undefined;

export default function Poster() {
  const { event, when, host, qr } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="poster-screen">
      <div className="poster-tools" role="group" aria-label={t("poster.tools")} data-print-hide="">
        <Link to={`/espace/evenements/${event.id}`}>{t("poster.back")}</Link>
        <PrintButton label={t("poster.print")} />
        <p className="poster-hint">{t("poster.printHint")}</p>
      </div>
      <article className="poster" aria-labelledby="poster-title">
        <p className="poster-territory">{event.territory}</p>
        {event.cancelled ? (
          <p className={sized(event.cancelReason ?? "", 120, "poster-cancelled")}>
            <strong>{t("poster.cancelled")}</strong> {event.cancelReason || t("poster.cancelledBody")}
          </p>
        ) : null}
        <h1 id="poster-title" className={sized(event.title, 50)}>{event.title}</h1>
        <p className="poster-when">{when}</p>
        <p className={sized(event.venue + event.address, 90, "poster-where")}>
          <strong>{event.venue}</strong>
          <br />
          {event.address}
        </p>
        <div className="poster-qr" dangerouslySetInnerHTML={{ __html: qr }} />
        <p className="poster-code">
          <span className="poster-code-label">{t("poster.codeLabel")}</span>
          <span className="poster-code-value">{event.code}</span>
        </p>
        <p className="poster-explanation">{t("poster.explanation", { host })}</p>
      </article>
    </div>
  );
}
