import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useNavigate } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import i18next from "~/i18next.server";
import { liveHub } from "~/live-hub.server";
import { liveEvent, phoneText } from "~/live-page.server";
import { isNewer, type PhoneView } from "~/live-view";
import { titleMeta } from "~/meta";

export const meta = titleMeta;

// Strings come translated with the data: this page loads no dictionary (the citizen JS budget).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const event = await liveEvent(params.code);
  const [t, view] = await Promise.all([i18next.getFixedT(request), liveHub().current(event.id, "phone")]);
  if (!view) throw new Response("Not found", { status: 404 });
  return {
    title: t("live.phone.title", { title: event.title }),
    event: { code: event.code, title: event.title },
    text: phoneText(t),
    view,
  };
}

const POLL_MS = 4_000;
const RETRY_STREAM_MS = 15_000;

/** Follows the session by server-sent events; when the stream breaks, polls and says so until it is back. */
function useLiveView(code: string, initial: PhoneView) {
  const [view, setView] = useState(initial);
  const [lost, setLost] = useState(false);
  useEffect(() => setView((v) => (isNewer(v, initial) ? initial : v)), [initial]);
  useEffect(() => {
    let source: EventSource | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const apply = (next: PhoneView) => setView((v) => (isNewer(v, next) ? next : v));
    const fetchOnce = () =>
      fetch(`/e/${code}/direct.json`)
        .then((r) => (r.ok ? r.json() : null))
        .then((next) => next && apply(next))
        .catch(() => {});
    const connect = () => {
      source = new EventSource(`/e/${code}/direct.stream`);
      source.addEventListener("snapshot", (e) => {
        apply(JSON.parse((e as MessageEvent).data));
        setLost(false);
        clearInterval(poll);
        poll = undefined;
      });
      source.onerror = () => {
        source?.close();
        setLost(true);
        if (!poll) {
          fetchOnce();
          poll = setInterval(fetchOnce, POLL_MS);
        }
        clearTimeout(retry);
        retry = setTimeout(connect, RETRY_STREAM_MS);
      };
    };
    connect();
    return () => {
      source?.close();
      clearInterval(poll);
      clearTimeout(retry);
    };
  }, [code]);
  return { view, lost };
}

export default function LivePhone() {
  const { event, text, view: initial } = useLoaderData<typeof loader>();
  const { view, lost } = useLiveView(event.code, initial);
  const navigate = useNavigate();
  const s = view.session;
  const base = `/e/${event.code}`;

  // "Every phone shows the votes": opening the votes moves the phone to the ballot.
  const votesOpen = Boolean(s && !s.ended && s.phase === "votes" && s.open);
  const wasOpen = useRef(votesOpen);
  useEffect(() => {
    if (votesOpen && !wasOpen.current) navigate(`${base}/voter`);
    wasOpen.current = votesOpen;
  }, [votesOpen, base, navigate]);

  let title = text.waiting.title;
  let body = text.waiting.body;
  let action: { href: string; label: string } | null = null;
  if (s?.ended) ({ title, body } = text.ended);
  else if (s?.phase === "wrapup") [title, body] = [text.wrapupTitle, text.body.wrapup];
  else if (s?.phase === "welcome") [title, body] = [text.phase.welcome, text.body.welcome];
  else if (s) {
    title = text.phase[s.phase];
    body = s.open ? text.body[s.phase] : text.closed;
    if (s.open) action = { href: `${base}/${s.phase === "votes" ? "voter" : "participer"}`, label: text.action[s.phase] };
  }

  return (
    <div className="page narrow live-phone">
      <p className="meta">
        {event.title} — <Link to={base}>{text.eventPage}</Link>
      </p>
      <div aria-live="polite" aria-atomic="true">
        {s && !s.ended ? <p className="meta">{text.step}</p> : null}
        <h1>{title}</h1>
        <p className="lead">{body}</p>
      </div>
      {action ? (
        <p>
          <Link className="button live-action" to={action.href}>
            {action.label}
          </Link>
        </p>
      ) : null}
      <p role="status" className="live-connection">
        {lost ? text.reconnecting : ""}
      </p>
      {view.latest.length ? (
        <section aria-labelledby="live-latest">
          <h2 id="live-latest">{text.latest}</h2>
          <ul className="plain-list">
            {view.latest.map((note) => (
              <li key={note.id} className={`card contribution-${note.kind}`}>
                <span className="badge">{text.kind[note.kind]}</span> <span className="contribution-body">{note.body}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <a href={`${base}/direct`}>{text.refresh}</a>
      </p>
    </div>
  );
}
