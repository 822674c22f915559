import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { resolveConsultationPlace } from "~/consultation-place.server";
import { ANON, db } from "~/db.server";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { titleMeta } from "~/meta";
import { loadStaff } from "~/caller.server";
import { ExportLinks } from "~/components/export-links";
import { actsFor } from "~/models/access.server";
import { getCloseDate } from "~/models/consultation.server";
import { countVoters, listBallot, listResults } from "~/models/vote.server";
import { participantIdentity, readParticipantId } from "~/participant.server";
import { formatDateTime } from "~/time";
import { localText } from "~/vote-page.server";
import { percentages, SMALL_SAMPLE, verdicts, voteConditions } from "~/votes";

export const meta = titleMeta;

export const handle = { i18n: ["vote"] };

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [data] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["vote"])]);
  return data;
}

/**
 * Results as the caller may read them (RLS on the tallies): everyone once the consultation is
 * closed; before that, a participant sees a use's results after voting on it (unless results wait
 * for the close), and staff of the territory see everything.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await resolveConsultationPlace({ consultationId: params.id });
  if (!found || found.consultation.status === "draft") throw new Response("Not found", { status: 404 });
  const { consultation } = found;
  const t = await i18next.getFixedT(request);
  const lng = await i18next.getLocale(request);
  const staff = await loadStaff(request);
  const participantId = await readParticipantId(request);
  const identity = staff?.identity ?? (participantId ? participantIdentity(participantId) : ANON);
  const { ballot, results, voters, closedAt } = await db().asCaller(identity, async (tx) => ({
    ballot: await listBallot(tx, { consultationId: consultation.id, participantId }),
    results: await listResults(tx, { consultationId: consultation.id }),
    voters: await countVoters(tx, { consultationId: consultation.id }),
    closedAt: await getCloseDate(tx, { id: consultation.id }),
  }));
  const code = new URL(request.url).searchParams.get("e");
  const byId = new Map(results.map((r) => [r.id, r]));
  const open = consultation.status === "open";
  return data({
    title: t("results.title", { name: consultation.title }),
    // Translated here: the synthesis strings stay off this page's download.
    synthesisLabel: t("synthesis.link"),
    consultation: { id: consultation.id, title: consultation.title, open },
    // Exports are public once closed; staff of the territory may export at any time.
    exportable: !open || Boolean(staff.access && actsFor(staff.access, consultation.territory_id)),
    closedOn: closedAt ? formatDateTime(closedAt, lng, { dateStyle: "long", timeStyle: undefined }) : null,
    voteHref: code && /^[A-Z0-9]{6}$/.test(code) ? `/e/${code}/voter` : `/concertations/${consultation.id}/voter`,
    saved: Number(new URL(request.url).searchParams.get("vote")) || 0,
    // Voters are counted only where results are shown; otherwise the count would hint at the trend.
    voters: results.length ? voters : null,
    uses: ballot.map((item) => {
      const r = byId.get(item.id);
      return {
        id: item.id,
        text: localText(item.content, lng),
        voted: item.my_verdict !== null,
        result: r
          ? {
              total: r.total,
              outcome: r.outcome,
              verdicts: verdicts.map((v, i) => ({ verdict: v, count: r[v], share: percentages(verdicts.map((k) => r[k]))[i] })),
              conditions: voteConditions
                .map((c) => ({ condition: c, count: r[c] }))
                .filter((c) => c.count > 0)
                .sort((a, b) => b.count - a.count),
              conditionalVoters: r.conditional,
              other: r.other_condition,
            }
          : null,
      };
    }),
  }, { headers: staff.headers });
}

export default function Results() {
  const { consultation, uses, voters, saved, voteHref, closedOn, exportable, synthesisLabel } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const ruledOut = uses.filter((u) => u.result?.outcome === "proscribe");
  const shown = uses.some((u) => u.result);
  return (
    <div className="page narrow">
      <p className="meta">{consultation.title}</p>
      <h1>{t("results.heading")}</h1>
      {saved ? (
        <p className="notice" role="status">
          {t("results.saved", { count: saved })}
        </p>
      ) : null}
      <p className="notice">{t("results.nature")}</p>
      <p>
        <Link to={`/concertations/${consultation.id}/synthese`}>{synthesisLabel}</Link>
      </p>
      <p>{t("results.rule")}</p>
      <p>
        <strong>{consultation.open ? t("results.status_open") : t("results.status_closed", { date: closedOn ?? "" })}</strong>
        {voters !== null ? <> {t("results.voters", { count: voters })}.</> : null}
      </p>
      {consultation.open ? (
        <p>
          <Link to={voteHref} className="button">
            {saved ? t("results.changeVotes") : t("results.voteLink")}
          </Link>
        </p>
      ) : null}
      {uses.length === 0 ? <p>{t("results.none")}</p> : null}
      {shown ? (
        <section aria-labelledby="ruled-out">
          <h2 id="ruled-out">{t("results.ruledOut")}</h2>
          {ruledOut.length ? (
            <ul>
              {ruledOut.map((u) => (
                <li key={u.id} lang={u.text.lang}>
                  <a href={`#r-${u.id}`}>{u.text.title}</a>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t("results.ruledOutNone")}</p>
          )}
          <p className="hint">{t("results.ruledOutHint")}</p>
        </section>
      ) : null}
      {uses.map((u) => (
        <section key={u.id} id={`r-${u.id}`} className="card" aria-labelledby={`rt-${u.id}`}>
          <h2 id={`rt-${u.id}`} lang={u.text.lang}>
            {u.text.title}
          </h2>
          {u.result ? (
            <UseResult result={u.result} />
          ) : (
            <p>
              {u.voted || consultation.open === false ? t("results.hiddenUntilClose") : t("results.hiddenUntilVote")}{" "}
              {!u.voted && consultation.open ? <Link to={`${voteHref}#u-${u.id}`}>{t("results.voteLink")}</Link> : null}
            </p>
          )}
        </section>
      ))}
      {exportable ? <ExportLinks consultationId={consultation.id} /> : null}
    </div>
  );
}

type Result = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["uses"][number]["result"]>;

function UseResult({ result }: { result: Result }) {
  const { t } = useTranslation();
  if (result.total === 0) return <p>{t("results.noVotes")}</p>;
  return (
    <>
      <p className={`outcome outcome-${result.outcome}`}>
        <strong>{t(`useLabels.outcome.${result.outcome}`)}</strong> · {t("results.votes", { count: result.total })}
      </p>
      {result.total < SMALL_SAMPLE ? <p className="hint">{t("results.small")}</p> : null}
      <table className="tally">
        <thead>
          <tr>
            <th scope="col">{t("results.verdict")}</th>
            <th scope="col" className="num">
              {t("results.count")}
            </th>
            <th scope="col" className="num">
              {t("results.share")}
            </th>
          </tr>
        </thead>
        <tbody>
          {result.verdicts.map((v) => (
            <tr key={v.verdict}>
              <th scope="row">{t(`useLabels.verdict.${v.verdict}`)}</th>
              <td className="num">{v.count}</td>
              <td className="num bar-cell">
                <span className={`bar bar-${v.verdict}`} style={{ width: `${v.share * 0.06}rem` }} aria-hidden="true" />
                {v.share} %
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.conditions.length ? (
        <>
          <h3>{t("results.conditions")}</h3>
          <ol>
            {result.conditions.slice(0, 3).map((c) => (
              <li key={c.condition}>
                {t(`useLabels.condition.${c.condition}`)} ({c.count}/{result.conditionalVoters})
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {result.other ? <p className="hint">{t("results.otherConditions", { count: result.other })}</p> : null}
    </>
  );
}
