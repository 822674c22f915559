import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useRevalidator, type ClientLoaderFunctionArgs } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { requireEventStaff } from "~/caller.server";
import { db } from "~/db.server";
import { parseForm } from "~/forms.server";
import { ensureNamespaces } from "~/i18n-namespaces.client";
import { useTranslation } from "~/i18n-react";
import i18next from "~/i18next.server";
import { liveHub } from "~/live-hub.server";
import { phaseOrder, type ScreenView } from "~/live-view";
import { titleMeta } from "~/meta";
import {
  endLiveSession,
  getLiveSession,
  livePhases,
  liveSnapshot,
  setLivePhase,
  startLiveSession,
  type LivePhase,
} from "~/models/live.server";
import { moderate, moderationQueue } from "~/models/moderation.server";
import { moderationForm } from "~/validation.server";

export const meta = titleMeta;

export const handle = { i18n: ["live"] };

export async function clientLoader({ serverLoader }: ClientLoaderFunctionArgs) {
  const [loaded] = await Promise.all([serverLoader<typeof loader>(), ensureNamespaces(["live"])]);
  return loaded;
}

const FEED = 30;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { identity, event, headers } = await requireEventStaff(request, params.id);
  const t = await i18next.getFixedT(request);
  const { session, snapshot, queue } = await db().asCaller(identity, async (tx) => ({
    session: await getLiveSession(tx, { eventId: event.id }),
    snapshot: await liveSnapshot(tx, { eventId: event.id, limit: 1 }),
    queue: await moderationQueue(tx, { consultationId: event.consultation_id }),
  }));
  // The figures staff see are the room's: the same public counts the projector shows.
  return data(
    {
      title: t("live.console.title", { title: event.title }),
      event: { id: event.id, code: event.code, title: event.title, consultationId: event.consultation_id },
      session: session
        ? { phase: session.phase, open: session.phase_open, ended: session.ended_at !== null, version: session.version }
        : null,
      counts: snapshot?.counts ?? { contributions: 0, hopes: 0, fears: 0, votes: 0, participants: 0 },
      phones: liveHub().phones(event.id),
      feed: queue
        .filter((c) => c.event_id === event.id)
        .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
        .slice(0, FEED)
        .map((c) => ({ id: c.id, kind: c.kind, body: c.body, status: c.status, held_reason: c.held_reason, source: c.source })),
    },
    { headers }
  );
}

const isPhase = (value: unknown): value is LivePhase => (livePhases as readonly unknown[]).includes(value);

export async function action({ request, params }: ActionFunctionArgs) {
  const { identity, event, staff } = await requireEventStaff(request, params.id);
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const refused = () =>
    data(
      {
        ok: false as const,
        intent,
        errors: { form: "live.console.refused" } as Record<string, string>,
        id: null as string | null,
      },
      { status: 409 }
    );
  const done = (id: string | null = null) => ({ ok: true as const, intent, errors: {} as Record<string, string>, id });
  if (intent === "start") {
    const session = await db().asCaller(identity, (tx) => startLiveSession(tx, { eventId: event.id, startedBy: staff.email }));
    return session ? done() : refused();
  }
  if (intent === "phase") {
    const phase = form.get("phase");
    if (!isPhase(phase)) return refused();
    const open = form.get("open") === "1";
    const session = await db().asCaller(identity, (tx) => setLivePhase(tx, { eventId: event.id, phase, open }));
    return session ? done() : refused();
  }
  if (intent === "end") {
    const session = await db().asCaller(identity, (tx) => endLiveSession(tx, { eventId: event.id }));
    return session ? done() : refused();
  }
  if (intent === "moderate") {
    const parsed = parseForm(moderationForm, form);
    const id = String(form.get("id") ?? "");
    if (!parsed.ok) return data({ ok: false as const, intent, errors: parsed.errors, id }, { status: 400 });
    const moderated = await db()
      .asCaller(identity, (tx) => moderate(tx, parsed.data))
      .catch((error) => {
        if ((error as { code?: string }).code === "P0001") return false;
        throw error;
      });
    if (!moderated)
      return data(
        { ok: false as const, intent, errors: { reason: "validation.tooShort" } as Record<string, string>, id },
        { status: 400 }
      );
    return { ...done(id), intent: parsed.data.action };
  }
  return refused();
}

/** Figures and the feed follow the room: the public stream says when something changed, the loader re-reads. */
function useLiveFigures(code: string, initial: { counts: ScreenView["counts"]; phones: number }) {
  const [live, setLive] = useState<{ counts: ScreenView["counts"]; phones: number } | null>(null);
  const [lost, setLost] = useState(false);
  const { revalidate } = useRevalidator();
  const last = useRef("");
  useEffect(() => {
    const source = new EventSource(`/e/${code}/direct.stream?vue=ecran`);
    source.addEventListener("snapshot", (e) => {
      const view = JSON.parse((e as MessageEvent).data) as ScreenView;
      setLost(false);
      setLive({ counts: view.counts, phones: view.phones });
      const key = JSON.stringify([view.session, view.counts, view.latest.map((n) => n.id)]);
      if (last.current && key !== last.current) revalidate();
      last.current = key;
    });
    source.onerror = () => setLost(true);
    // Held contributions change no public figure: the feed is also re-read now and then.
    const timer = setInterval(revalidate, 15_000);
    return () => {
      source.close();
      clearInterval(timer);
    };
  }, [code, revalidate]);
  return { ...(live ?? initial), lost };
}

export default function LiveConsole() {
  const { event, session, counts, phones, feed } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const figures = useLiveFigures(event.code, { counts, phones });
  const running = session && !session.ended;
  const index = session ? phaseOrder.indexOf(session.phase) : -1;
  const next = running && index < phaseOrder.length - 1 ? phaseOrder[index + 1] : null;
  const phaseName = (phase: LivePhase) => t(`live.phase.${phase}`);
  const figure = (label: string, value: number) => (
    <div className="live-figure">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <div className="page">
      <p>
        <Link to={`/espace/evenements/${event.id}`}>{event.title}</Link>
      </p>
      <h1>{t("live.console.heading")}</h1>
      <p role="status" className={result ? (result.ok ? "notice" : "notice notice-error") : undefined}>
        {result
          ? result.ok
            ? t(`live.console.done.${result.intent}`)
            : t(result.errors.form ?? result.errors.reason ?? "live.console.refused")
          : null}
      </p>

      {running ? (
        <p className="lead">
          {t("live.console.current", {
            phase: phaseName(session.phase),
            state: t(session.open ? "live.console.open" : "live.console.closedState"),
          })}
        </p>
      ) : (
        <>
          <p className="lead">{session?.ended ? t("live.console.ended") : t("live.console.notStarted")}</p>
          <Form method="post">
            <button type="submit" name="intent" value="start" className="button">
              {session?.ended ? t("live.console.resume") : t("live.console.start")}
            </button>
          </Form>
        </>
      )}

      {running ? (
        <section aria-labelledby="phases-title">
          <h2 id="phases-title">{t("live.console.phases")}</h2>
          {next ? (
            <Form method="post">
              <input type="hidden" name="phase" value={next} />
              <input type="hidden" name="open" value="1" />
              <button type="submit" name="intent" value="phase" className="button">
                {t("live.console.next", { phase: phaseName(next) })}
              </button>
            </Form>
          ) : null}
          <ul className="plain-list live-phases">
            {phaseOrder.map((phase) => {
              const current = session.phase === phase;
              return (
                <li key={phase} className={current ? "card live-phase-current" : "card"}>
                  <strong>{phaseName(phase)}</strong>{" "}
                  {current ? (
                    <span className="badge">
                      {t(session.open ? "live.console.stateCurrentOpen" : "live.console.stateCurrentClosed")}
                    </span>
                  ) : null}
                  <Form method="post" className="row">
                    <input type="hidden" name="phase" value={phase} />
                    <input type="hidden" name="intent" value="phase" />
                    <button
                      type="submit"
                      name="open"
                      value="1"
                      className="button button-secondary"
                      disabled={current && session.open}
                    >
                      {t("live.console.openPhaseLabel", { phase: phaseName(phase) })}
                    </button>
                    <button
                      type="submit"
                      name="open"
                      value="0"
                      className="button button-secondary"
                      disabled={current && !session.open}
                    >
                      {t("live.console.closePhaseLabel", { phase: phaseName(phase) })}
                    </button>
                  </Form>
                </li>
              );
            })}
          </ul>
          <Form method="post">
            <button type="submit" name="intent" value="end" className="button button-danger">
              {t("live.console.end")}
            </button>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="figures-title">
        <h2 id="figures-title">{t("live.console.figures")}</h2>
        <p role="status" className="meta">
          {figures.lost ? t("live.console.reconnecting") : t("live.console.liveOn")}
        </p>
        <dl className="live-figures">
          {figure(t("live.console.phones"), figures.phones)}
          {figure(t("live.console.contributions"), figures.counts.contributions)}
          {figure(t("live.console.hopes"), figures.counts.hopes)}
          {figure(t("live.console.fears"), figures.counts.fears)}
          {figure(t("live.console.votes"), figures.counts.votes)}
          {figure(t("live.console.participants"), figures.counts.participants)}
        </dl>
        <p className="hint">{t("live.console.phonesHint")}</p>
      </section>

      <section aria-labelledby="tools-title">
        <h2 id="tools-title">{t("live.console.tools")}</h2>
        <ul>
          <li>
            <a href={`/e/${event.code}/projecteur`} target="_blank" rel="noreferrer">
              {t("live.console.projector")}
            </a>
          </li>
          <li>
            <Link to={`/espace/evenements/${event.id}/papier`}>{t("live.console.paper")}</Link>
          </li>
          <li>
            <Link to={`/e/${event.code}/direct`}>{t("live.console.phonePage")}</Link>
          </li>
          <li>
            <Link to={`/espace/concertations/${event.consultationId}/moderation`}>{t("live.console.moderation")}</Link>
          </li>
        </ul>
      </section>

      <section aria-labelledby="feed-title">
        <h2 id="feed-title">{t("live.console.feed")}</h2>
        {feed.length === 0 ? <p>{t("live.console.feedEmpty")}</p> : null}
        <ul className="plain-list">
          {feed.map((c) => (
            <li key={c.id} className={`card contribution-${c.kind}`}>
              <p className="meta">
                <span className="badge">{t(`moderation.kind.${c.kind}`)}</span>{" "}
                <span className={c.status === "visible" ? "badge" : "badge badge-alert"}>
                  {c.status === "held"
                    ? t("moderation.status.held", { reason: t(`moderation.heldReason.${c.held_reason ?? "other"}`) })
                    : t(`moderation.status.${c.status}`)}
                </span>{" "}
                <span className="badge">{t(`moderation.source.${c.source}`)}</span>
              </p>
              <p className="contribution-body">{c.body}</p>
              {result && !result.ok && result.id === c.id && result.errors.reason ? (
                <p className="error" role="alert">
                  {t(result.errors.reason)}
                </p>
              ) : null}
              <Form method="post" className="row" style={{ alignItems: "flex-end" }}>
                <input type="hidden" name="intent" value="moderate" />
                <input type="hidden" name="id" value={c.id} />
                <div className="field">
                  <label htmlFor={`reason-${c.id}`}>{t("moderation.reason")}</label>
                  <input id={`reason-${c.id}`} name="reason" maxLength={500} defaultValue={t("live.console.reasonDefault")} />
                </div>
                <div style={{ margin: "1rem 0" }}>
                  {c.status === "visible" ? (
                    <button type="submit" name="action" value="hide" className="button button-danger">
                      {t("moderation.hide")}
                    </button>
                  ) : (
                    <button type="submit" name="action" value="restore" className="button">
                      {t(c.status === "held" ? "moderation.publish" : "moderation.restore")}
                    </button>
                  )}
                </div>
              </Form>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
