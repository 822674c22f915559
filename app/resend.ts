import type { ClientActionFunctionArgs } from "@remix-run/react";
import { useSyncExternalStore } from "react";

/**
 * What a person sends from a phone is not lost when the network drops. With JavaScript, a route's
 * `clientAction` sends the submission through `resend()`: on a network failure it waits (1 s, 2 s,
 * 4 s… up to 10 s; or until the phone is back online) and sends the same form again, with the same
 * idempotency key, so the server records it once however many copies reach it. After two minutes it
 * gives up with the route's own failure (an error next to the form, and what was typed) and the
 * person can send again. Without JavaScript the form posts as it always did.
 */
const GIVE_UP_MS = 120_000;
const TIMED_OUT = Symbol("timed out");

let resending = 0;
const listeners = new Set<() => void>();
function setResending(delta: number) {
  resending += delta;
  for (const listener of listeners) listener();
}
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** True while a submission waits to be sent again: pages say so next to the pending form. */
export function useResending() {
  return useSyncExternalStore(
    subscribe,
    () => resending > 0,
    () => false,
  );
}

/**
 * No answer reached the page: fetch itself failed (TypeError in every browser), or something that is
 * not the app answered (a proxy's 502/503/504 page, which Remix cannot decode). Responses the app
 * sent (redirects, 4xx, its own errors) and aborted navigations are not resent.
 */
function lost(error: unknown) {
  return error instanceof TypeError || (error instanceof Error && /turbo-stream/.test(error.message));
}

/** Resolves after `ms`, or as soon as the phone comes back online, or the navigation is abandoned. */
function pause(ms: number, signal: AbortSignal) {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      window.removeEventListener("online", done);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    window.addEventListener("online", done);
    signal.addEventListener("abort", done);
  });
}

/** Sends a route's submission until it is acknowledged; `offline` builds the answer when it gives up. */
export async function resend({ request, serverAction }: ClientActionFunctionArgs, offline: (form: FormData) => unknown) {
  // Remix reads the request's body each time serverAction() sends it, and a body reads only once:
  // every read gets a fresh copy of the original.
  const original = request.clone();
  Object.assign(request, {
    text: () => original.clone().text(),
    formData: () => original.clone().formData(),
  });
  const deadline = Date.now() + GIVE_UP_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeUp = new Promise<typeof TIMED_OUT>((resolve) => (timer = setTimeout(resolve, GIVE_UP_MS, TIMED_OUT)));
  let waiting = false;
  try {
    for (let attempt = 0; Date.now() < deadline; attempt++) {
      // An attempt still hanging at the deadline is left to finish on its own: the key makes it harmless.
      const sent = serverAction();
      sent.catch(() => undefined);
      try {
        const answer = await Promise.race([sent, timeUp]);
        if (answer === TIMED_OUT) break;
        return answer;
      } catch (error) {
        if (!lost(error)) throw error;
      }
      if (!waiting) setResending(+1);
      waiting = true;
      const backoff = navigator.onLine ? Math.min(1000 * 2 ** attempt, 10_000) : Infinity;
      await pause(Math.min(backoff, deadline - Date.now()), request.signal);
      if (request.signal.aborted) throw request.signal.reason;
    }
  } finally {
    clearTimeout(timer);
    if (waiting) setResending(-1);
  }
  // A 503 keeps Remix from reloading the page's data, which would fail too and show an error page. With
  // single fetch a route's own shouldRevalidate is always told `defaultShouldRevalidate: true`: it
  // must check `actionStatus === 503` itself.
  return new Response(JSON.stringify(offline(await original.clone().formData())), {
    status: 503,
    headers: { "Content-Type": "application/json" },
  });
}
