import { ANON, db, type Database } from "./db.server";
import { createCoalescer } from "./live-coalesce";
import { PHONE_NOTES, SCREEN_NOTES, phoneShowsNotes, type PhoneView, type ScreenView, type ViewName } from "./live-view";
import { log } from "./log.server";
import { LIVE_CHANNEL, liveNotice, liveSnapshot, type LiveSnapshot } from "./models/live.server";

/** At most one snapshot per event every 250 ms (4 a second), whatever the room does. */
const INTERVAL_MS = 250;
const HEARTBEAT_MS = 15_000;
const RETRY_LISTEN_MS = 2_000;
/** Polling answers may be this old: a room of phones polling costs one query a second per event. */
const POLL_TTL_MS = 1_000;
/** A phone that reads slower than this many frames behind skips snapshots until it catches up. */
const MAX_QUEUED = 8;

export const sseFrame = (payload: string) => `event: snapshot\ndata: ${payload}\n\n`;

export function toView(snapshot: LiveSnapshot, view: "phone"): PhoneView;
export function toView(snapshot: LiveSnapshot, view: "screen", phones: number): ScreenView;
export function toView(snapshot: LiveSnapshot, view: ViewName, phones?: number): PhoneView | ScreenView;
export function toView(snapshot: LiveSnapshot, view: ViewName, phones = 0): PhoneView | ScreenView {
  const s = snapshot.session;
  const session = s ? { phase: s.phase, open: s.phase_open, version: s.version, ended: s.ended_at !== null } : null;
  const notes = (limit: number) =>
    snapshot.latest.slice(0, limit).map(({ id, kind, body, themes }) => ({ id, kind, body, themes }));
  if (view === "phone") {
    return { session, counts: snapshot.counts, latest: phoneShowsNotes(s?.phase) && !session?.ended ? notes(PHONE_NOTES) : [] };
  }
  return {
    session,
    counts: snapshot.counts,
    latest: notes(SCREEN_NOTES),
    phones,
    themes: snapshot.themes,
    results_shown: snapshot.results_shown,
    uses: snapshot.uses.map(({ ai_use_id, votes, bars }) => ({ ai_use_id, votes, bars })),
  };
}

/** Sends a chunk to one stream; false when it could not (closed, or too far behind). */
export type Send = (chunk: string, droppable: boolean) => boolean;
type Subscriber = { view: ViewName; send: Send; last: string | null };
type EventState = {
  subscribers: Set<Subscriber>;
  snapshot: LiveSnapshot | null;
  stale: boolean;
  payloads: Partial<Record<ViewName, string>>;
};

/**
 * One LISTEN on `cafe_live` per server process, shared by every live screen it serves. A
 * notification marks its event stale; the coalescer then reads the snapshot once, as a visitor,
 * and sends it to that event's phones and screens (each only when its view changed).
 *
 * The count of phones connected is this process's: with several app instances behind a load
 * balancer each counts its own, and the console shows the count of the instance it reaches.
 */
class LiveHub {
  private events = new Map<string, EventState>();
  private database: Database | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private starting: Promise<void> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private polled = new Map<string, { at: number; snapshot: Promise<LiveSnapshot | null> }>();
  private coalescer = createCoalescer<string>({
    intervalMs: INTERVAL_MS,
    run: (eventId) => this.flush(eventId),
    onError: (error, eventId) => {
      log.error("live snapshot failed", { eventId, error: String(error) });
      const state = this.events.get(eventId);
      if (state) state.stale = true;
    },
  });

  /** Follows an event: `send` gets its snapshots (and heartbeats) until the returned function runs. */
  subscribe(eventId: string, view: ViewName, send: Send): () => void {
    this.ensureListening();
    let state = this.events.get(eventId);
    if (!state) {
      state = { subscribers: new Set(), snapshot: null, stale: true, payloads: {} };
      this.events.set(eventId, state);
    }
    const subscriber: Subscriber = { view, send, last: null };
    state.subscribers.add(subscriber);
    const ready = !state.stale && state.payloads[view];
    if (ready && send(sseFrame(ready), true)) subscriber.last = ready;
    // A new phone changes the count the screens show; a stale or new event needs its first read.
    this.coalescer.trigger(eventId);
    this.startHeartbeat();
    return () => {
      if (!state.subscribers.delete(subscriber)) return;
      if (state.subscribers.size === 0) {
        this.events.delete(eventId);
        this.coalescer.cancel(eventId);
      } else if (view === "phone") {
        this.coalescer.trigger(eventId);
      }
    };
  }

  /** Phones following the event through this process. */
  phones(eventId: string) {
    let n = 0;
    for (const s of this.events.get(eventId)?.subscribers ?? []) if (s.view === "phone") n++;
    return n;
  }

  /** The current view for polling and first renders: the live one when fresh, else at most 1 s old. */
  async current(eventId: string, view: "phone"): Promise<PhoneView | null>;
  async current(eventId: string, view: "screen"): Promise<ScreenView | null>;
  async current(eventId: string, view: ViewName): Promise<PhoneView | ScreenView | null>;
  async current(eventId: string, view: ViewName) {
    const state = this.events.get(eventId);
    if (state?.snapshot && !state.stale) return toView(state.snapshot, view, this.phones(eventId));
    const now = Date.now();
    let memo = this.polled.get(eventId);
    if (!memo || now - memo.at > POLL_TTL_MS) {
      memo = { at: now, snapshot: this.read(eventId) };
      this.polled.set(eventId, memo);
      memo.snapshot.catch(() => this.polled.delete(eventId));
      if (this.polled.size > 500) this.polled.clear();
    }
    const snapshot = await memo.snapshot;
    return snapshot ? toView(snapshot, view, this.phones(eventId)) : null;
  }

  private read(eventId: string) {
    return db().asCaller(ANON, (tx) => liveSnapshot(tx, { eventId, limit: SCREEN_NOTES }));
  }

  private async flush(eventId: string) {
    const state = this.events.get(eventId);
    if (!state) return;
    if (state.stale || !state.snapshot) {
      state.stale = false;
      const snapshot = await this.read(eventId);
      if (!snapshot) return;
      state.snapshot = snapshot;
      this.polled.set(eventId, { at: Date.now(), snapshot: Promise.resolve(snapshot) });
    }
    const phones = this.phones(eventId);
    const payloads: Partial<Record<ViewName, string>> = {};
    for (const subscriber of state.subscribers) {
      const payload = (payloads[subscriber.view] ??= JSON.stringify(toView(state.snapshot, subscriber.view, phones)));
      if (payload === subscriber.last) continue;
      if (subscriber.send(sseFrame(payload), true)) subscriber.last = payload;
    }
    state.payloads = payloads;
  }

  private onNotice(raw: string) {
    let notice;
    try {
      notice = liveNotice.safeParse(JSON.parse(raw));
    } catch {
      return;
    }
    if (!notice.success) return;
    // A page loaded after this change must not get the answer read before it.
    this.polled.delete(notice.data.e);
    const state = this.events.get(notice.data.e);
    if (!state) return;
    state.stale = true;
    this.coalescer.trigger(notice.data.e);
  }

  /** Lazily LISTENs; tries again on failure, and again when the server's database changed (tests, dev reloads). */
  private ensureListening() {
    const current = db();
    if (this.database === current && (this.unlisten || this.starting)) return;
    const previous = this.unlisten;
    this.unlisten = null;
    if (previous) previous().catch(() => {});
    this.database = current;
    this.starting = current
      .listen(LIVE_CHANNEL, (payload) => this.onNotice(payload))
      .then((unlisten) => {
        if (this.database !== current) return void unlisten().catch(() => {});
        this.unlisten = unlisten;
        // Whatever changed while not listening is read again.
        for (const [eventId, state] of this.events) {
          state.stale = true;
          this.coalescer.trigger(eventId);
        }
      })
      .catch((error) => {
        log.error("live: LISTEN failed, retrying", { error: String(error) });
        setTimeout(() => this.events.size && this.ensureListening(), RETRY_LISTEN_MS).unref?.();
      })
      .finally(() => {
        this.starting = null;
      });
  }

  /**
   * Every 15 s: a comment line keeps proxies from closing idle streams (and finds the closed ones),
   * and each followed event is read again, which covers notifications lost while a connection to
   * Postgres was being re-established (postgres.js re-LISTENs by itself, silently).
   */
  private startHeartbeat() {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => {
      if (this.events.size === 0) {
        clearInterval(this.heartbeat!);
        this.heartbeat = null;
        return;
      }
      this.ensureListening();
      for (const [eventId, state] of this.events) {
        for (const subscriber of state.subscribers) subscriber.send(": ping\n\n", false);
        state.stale = true;
        this.coalescer.trigger(eventId);
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref?.();
  }

  /** Stops listening (server shutdown). */
  async close() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const eventId of this.events.keys()) this.coalescer.cancel(eventId);
    this.events.clear();
    const unlisten = this.unlisten;
    this.unlisten = null;
    this.database = null;
    if (unlisten) await unlisten().catch(() => {});
  }
}

// One hub per process, kept across dev rebuilds (as the database is).
const holder = globalThis as typeof globalThis & { __cafeIaLiveHub?: LiveHub };

export function liveHub(): LiveHub {
  return (holder.__cafeIaLiveHub ??= new LiveHub());
}

/**
 * An SSE response that follows one event: a `retry:` hint, then `event: snapshot` frames, then
 * heartbeats; unsubscribes when the client goes away.
 */
export function liveStream(request: Request, eventId: string, view: ViewName) {
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send: Send = (chunk, droppable) => {
        if (closed) return false;
        if (droppable && (controller.desiredSize ?? 0) < -MAX_QUEUED) return false;
        try {
          controller.enqueue(encoder.encode(chunk));
          return true;
        } catch {
          stop();
          return false;
        }
      };
      send("retry: 3000\n\n", false);
      const unsubscribe = liveHub().subscribe(eventId, view, send);
      stop = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      };
      if (request.signal.aborted) stop();
      request.signal.addEventListener("abort", () => stop(), { once: true });
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: the compression middleware would otherwise hold frames back to gzip them.
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
