import { data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { z } from "zod";
import { loadStaff } from "~/caller.server";
import { resolveConsultationPlace } from "~/consultation-place.server";
import { ANON, db } from "~/db.server";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { listFigureContributions } from "~/models/synthesis.server";
import synthesisStyles from "~/styles/synthesis-print.css";
import { contributionKinds, themes } from "~/themes";

export const meta = titleMeta;

const namespaces = ["synthesis", "contribute"];
export const handle = { i18n: namespaces };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: synthesisStyles }];

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(namespaces)]);
  return data;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The figure a link points at; anything unknown is ignored rather than refused. */
const filters = z.object({
  kind: z.enum(contributionKinds).optional().catch(undefined),
  theme: z.enum(themes).optional().catch(undefined),
  ids: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").filter((id) => UUID.test(id)).slice(0, 100) : undefined))
    .catch(undefined),
});

/** The contributions behind a figure of the synthesis, read-only, as the caller may read them. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await resolveConsultationPlace({ consultationId: params.id });
  if (!found || found.consultation.status === "draft") throw new Response("Not found", { status: 404 });
  const { consultation } = found;
  const t = await i18next.getFixedT(request);
  const query = filters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const ids = query.ids?.length ? query.ids : undefined;
  const staff = await loadStaff(request);
  const contributions = await db().asCaller(staff.identity ?? ANON, (tx) =>
    listFigureContributions(tx, { consultationId: consultation.id, kind: query.kind, theme: query.theme, ids }),
  );
  return data(
    {
      title: t("synthesis.contributions.title", { name: consultation.title }),
      consultation: { id: consultation.id, title: consultation.title },
      filter: { kind: query.kind ?? null, theme: query.theme ?? null, selection: Boolean(ids) },
      contributions: contributions.map((c) => ({ ...c, created_at: undefined })),
    },
    { headers: staff.headers },
  );
}

export default function FigureContributions() {
  const { consultation, filter, contributions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const described = [
    filter.selection ? t("synthesis.contributions.selection") : null,
    filter.kind ? t(`synthesis.contributions.kind_${filter.kind}`) : null,
    filter.theme ? t(`theme.${filter.theme}.label`) : null,
  ].filter(Boolean);
  return (
    <div className="page narrow synthesis">
      <p className="meta">{consultation.title}</p>
      <h1>{t("synthesis.contributions.heading")}</h1>
      <p>
        <strong>{described.length ? described.join(" · ") : t("synthesis.contributions.all")}</strong> —{" "}
        {t("synthesis.contributions.count", { count: contributions.length })}
      </p>
      <p className="hint">{t("synthesis.contributions.lead")}</p>
      <p>
        <Link to={`/concertations/${consultation.id}/synthese`}>{t("synthesis.contributions.back")}</Link>
      </p>
      {contributions.length === 0 ? <p>{t("synthesis.contributions.none")}</p> : null}
      <ul className="plain-list">
        {contributions.map((c) => (
          <li key={c.id} id={`c-${c.id}`} className={`card contribution-${c.kind}`}>
            <p className="meta">
              {t(`synthesis.kind.${c.kind}`)}
              {c.themes.length ? ` · ${c.themes.map((th) => t(`theme.${th}.label`)).join(", ")}` : ""}
              {c.source === "paper" ? ` · ${t("synthesis.paper")}` : ""}
            </p>
            <p className="contribution-body">{c.body}</p>
            {c.agree !== null ? (
              <p className="meta">{t("synthesis.quotes.reactions", { agree: c.agree, disagree: c.disagree ?? 0, pass: c.pass ?? 0 })}</p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
