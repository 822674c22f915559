import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { useEffect, useState } from "react";
import { ANON, db } from "~/db.server";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { liveHub } from "~/live-hub.server";
import { liveEvent } from "~/live-page.server";
import { isNewer, type LiveNote, type ScreenView } from "~/live-view";
import { titleMeta } from "~/meta";
import { listBallot } from "~/models/vote.server";
import { qrSvg } from "~/qr.server";
import { originOf } from "~/secrets.server";
import projectorStyles from "~/styles/projector.css";
import { contributionKinds, themes, type Theme } from "~/themes";
import { localText } from "~/vote-page.server";
import { verdicts } from "~/votes";

export const meta = titleMeta;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectorStyles }];
export const handle = { i18n: ["live"] };

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [loaded] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["live"])]);
  return loaded;
}

/** The room's screen: public figures only (what a visitor may read), nothing held or hidden, no person. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await liveEvent(params.code);
  const [t, lng, view, ballot] = await Promise.all([
    i18next.getFixedT(request),
    i18next.getLocale(request),
    liveHub().current(event.id, "screen"),
    db().asCaller(ANON, (tx) => listBallot(tx, { consultationId: event.consultationId, participantId: null })),
  ]);
  if (!view) throw new Response("Not found", { status: 404 });
  const origin = originOf(request);
  const url = `${origin}/e/${event.code}/direct`;
  return {
    title: t("live.projector.title", { title: event.title }),
    event: { code: event.code, title: event.title },
    host: new URL(origin).host,
    qr: qrSvg(url, { title: t("live.projector.qrTitle", { url }) }),
    themeLabels: Object.fromEntries(themes.map((theme) => [theme, t(`theme.${theme}.label`)])) as Record<Theme, string>,
    verdictLabels: Object.fromEntries(verdicts.map((v) => [v, t(`useLabels.verdict.${v}`)])),
    uses: Object.fromEntries(
      ballot.map((u) => {
        const text = localText(u.content, lng);
        return [u.id, { title: text.title, lang: text.lang }];
      })
    ),
    view,
  };
}

function useScreenView(code: string, initial: ScreenView) {
  const [view, setView] = useState(initial);
  const [lost, setLost] = useState(false);
  useEffect(() => {
    // The browser reconnects by itself (the stream sends a retry hint); the screen says so meanwhile.
    const source = new EventSource(`/e/${code}/direct.stream?vue=ecran`);
    source.addEventListener("snapshot", (e) => {
      const next = JSON.parse((e as MessageEvent).data) as ScreenView;
      setView((v) => (isNewer(v, next) ? next : v));
      setLost(false);
    });
    source.onerror = () => setLost(true);
    return () => source.close();
  }, [code]);
  return { view, lost };
}

function Bar({ label, value, max, className }: { label: string; value: number; max: number; className?: string }) {
  return (
    <li className="projector-bar">
      <span className="projector-bar-label">{label}</span>
      <span className="projector-bar-track" aria-hidden="true">
        <span className={`projector-bar-fill ${className ?? ""}`} style={{ width: `${max ? (100 * value) / max : 0}%` }} />
      </span>
    </li>
  );
}

function Welcome({ view }: { view: ScreenView }) {
  const { event, qr, host } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="projector-welcome">
      <div className="projector-qr" dangerouslySetInnerHTML={{ __html: qr }} />
      <div>
        <h2>{t("live.projector.join")}</h2>
        <p>{t("live.projector.joinHow", { host })}</p>
        <p className="projector-code">
          <span className="visually-hidden">{t("live.projector.code")} </span>
          {event.code}
        </p>
        <p className="projector-count">{t("live.projector.phones", { count: view.phones })}</p>
      </div>
    </div>
  );
}

function Contributions({ view }: { view: ScreenView }) {
  const { themeLabels } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const groups = new Map<Theme, LiveNote[]>();
  for (const note of view.latest) {
    const theme = note.themes[0];
    if (theme) groups.set(theme, [...(groups.get(theme) ?? []), note]);
  }
  return (
    <div className="projector-contributions">
      <div className="projector-themes">
        {contributionKinds.map((kind) => {
          const counts = Object.entries(view.themes[kind] ?? {})
            .sort((a, b) => b[1] - a[1])
            .slice(0, 6) as [Theme, number][];
          const max = Math.max(1, ...counts.map(([, n]) => n));
          return (
            <section key={kind} aria-labelledby={`bars-${kind}`}>
              <h2 id={`bars-${kind}`}>
                {t(kind === "hope" ? "live.projector.hopes" : "live.projector.fears")} (
                {kind === "hope" ? view.counts.hopes : view.counts.fears})
              </h2>
              {counts.length ? (
                <ul className="projector-bars">
                  {counts.map(([theme, n]) => (
                    <Bar
                      key={theme}
                      label={t("live.projector.theme", { theme: themeLabels[theme], count: n })}
                      value={n}
                      max={max}
                      className={`bar-${kind}`}
                    />
                  ))}
                </ul>
              ) : (
                <p>{t("live.projector.noThemes")}</p>
              )}
            </section>
          );
        })}
      </div>
      {view.latest.length === 0 ? <p className="projector-empty">{t("live.projector.empty")}</p> : null}
      <div className="projector-wall">
        {[...groups].map(([theme, notes]) => (
          <section key={theme} aria-label={themeLabels[theme]}>
            <h2>{themeLabels[theme]}</h2>
            <ul className="projector-postits">
              {notes.map((note) => (
                <li key={note.id} className={`postit postit-${note.kind}`}>
                  <span className="postit-kind">{t(note.kind === "hope" ? "live.projector.hopes" : "live.projector.fears")}</span>
                  {note.body}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}

function Votes({ view }: { view: ScreenView }) {
  const { uses, verdictLabels } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (view.uses.length === 0) return <p>{t("live.projector.noUses")}</p>;
  return (
    <>
      {view.results_shown ? null : <p className="projector-note">{t("live.projector.votesHidden")}</p>}
      <ul className="projector-uses">
        {view.uses.map((use) => (
          <li key={use.ai_use_id}>
            <h2 lang={uses[use.ai_use_id]?.lang}>{uses[use.ai_use_id]?.title ?? "—"}</h2>
            <p>{t("live.projector.votes", { count: use.votes })}</p>
            {use.bars ? (
              <ul className="projector-bars">
                {verdicts.map((v) => (
                  <Bar
                    key={v}
                    label={t("live.projector.bar", { verdict: verdictLabels[v], count: use.bars![v] })}
                    value={use.bars![v]}
                    max={Math.max(1, use.votes)}
                    className={`bar-${v}`}
                  />
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

function Totals({ view }: { view: ScreenView }) {
  const { t } = useTranslation();
  const rows: [string, number][] = [
    ["live.projector.totalParticipants", view.counts.participants],
    ["live.projector.totalContributions", view.counts.contributions],
    ["live.projector.totalHopes", view.counts.hopes],
    ["live.projector.totalFears", view.counts.fears],
    ["live.projector.totalVotes", view.counts.votes],
  ];
  return (
    <section aria-labelledby="totals-title">
      <h2 id="totals-title">{t("live.projector.totals")}</h2>
      <dl className="projector-totals">
        {rows.map(([key, value]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export default function Projector() {
  const { event, view: initial } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { view, lost } = useScreenView(event.code, initial);
  const s = view.session;
  const phase = s && !s.ended ? s.phase : null;
  const heading = s?.ended
    ? t("live.projector.ended")
    : phase === "wrapup"
    ? t("live.projector.thanks")
    : phase
    ? t(`live.phase.${phase}`)
    : t("live.projector.waiting");
  return (
    <div className="projector">
      <header className="projector-head">
        <p className="projector-event">
          {event.title} · <span className="code">{event.code}</span>
        </p>
        <h1>
          {heading}
          {phase && phase !== "welcome" && phase !== "wrapup" && !s?.open ? (
            <span className="projector-closed"> — {t("live.projector.closed")}</span>
          ) : null}
        </h1>
        <p role="status" className="projector-status">
          {lost ? t("live.projector.reconnecting") : ""}
        </p>
        <button
          type="button"
          className="projector-fullscreen"
          onClick={() => document.documentElement.requestFullscreen?.().catch(() => {})}
        >
          {t("live.projector.fullscreen")}
        </button>
      </header>
      {!phase || phase === "welcome" ? <Welcome view={view} /> : null}
      {phase === "contributions" || phase === "reactions" ? <Contributions view={view} /> : null}
      {phase === "votes" ? <Votes view={view} /> : null}
      {phase === "wrapup" || s?.ended ? <Totals view={view} /> : null}
    </div>
  );
}
