// The HTTP side of scripts/bench-live.ts: a browser-like client (its own cookie jar and connections, the
// Origin header a browser sends with a POST), Remix single-fetch decoding, server-sent events, and the
// statistics the bench reports. No app code: it talks to the production server over loopback only.
import http from "node:http";
import zlib from "node:zlib";

/** Latencies and failures of one kind of request. */
export class Kind {
  ms: number[] = [];
  statuses: Record<string, number> = {};
  /** Refused by a rate limit (the app's "slow down" message): must stay at zero. */
  rateLimited = 0;
  /** Refused because the phase was closed when it arrived. */
  phaseClosed = 0;
  /** Sent again on a new connection after the kept-alive one was closed under it (as browsers do). */
  resent = 0;
  /** The first few network failures, for the report. */
  failures: string[] = [];
  get errors() {
    return Object.entries(this.statuses).reduce((n, [status, count]) => n + (Number(status) >= 400 || status === "network" ? count : 0), 0);
  }
}

export type Summary = { count: number; p50: number; p95: number; p99: number; max: number };

export function percentiles(values: ArrayLike<number>): Summary {
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => (sorted.length ? +sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(1) : 0);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? +sorted[sorted.length - 1].toFixed(1) : 0 };
}

/** Millisecond buckets up to 2 minutes: a million phone × contribution delays fit in half a megabyte. */
export class Histogram {
  private counts = new Uint32Array(120_001);
  total = 0;
  add(ms: number) {
    this.counts[Math.max(0, Math.min(120_000, Math.round(ms)))]++;
    this.total++;
  }
  summary(): Summary {
    const at = (q: number) => {
      const rank = Math.ceil(q * this.total);
      let seen = 0;
      for (let i = 0; i < this.counts.length; i++) if ((seen += this.counts[i]) >= rank) return i;
      return 0;
    };
    let max = 0;
    for (let i = this.counts.length - 1; i >= 0; i--) if (this.counts[i]) { max = i; break; }
    return this.total ? { count: this.total, p50: at(0.5), p95: at(0.95), p99: at(0.99), max } : { count: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  }
}

/**
 * The first line of a Remix single-fetch answer (turbo-stream): a flat array in which objects map
 * `_<index of the key>` to the index of the value. Only plain values are decoded (what these routes
 * return); a typed value (a date…) is given in its raw form.
 */
export function decodeSingleFetch(text: string): any {
  let values: unknown[];
  try {
    values = JSON.parse(text.split("\n")[0]);
  } catch {
    return null;
  }
  const done = new Map<number, unknown>();
  const at = (i: number): unknown => {
    if (i < 0) return i === -5 ? null : undefined;
    if (done.has(i)) return done.get(i);
    const value = values[i];
    if (Array.isArray(value)) {
      if (typeof value[0] === "string") return value[1];
      const out: unknown[] = [];
      done.set(i, out);
      for (const j of value) out.push(at(j));
      return out;
    }
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      done.set(i, out);
      for (const [key, j] of Object.entries(value)) out[String(values[Number(key.slice(1))])] = at(j as number);
      return out;
    }
    return value;
  };
  return at(0);
}

export type Reply = { status: number; headers: http.IncomingHttpHeaders; body: string; ms: number; data: any };
type Form = Record<string, string | string[]>;

const encodeForm = (form: Form) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
};

/**
 * One browser: its cookie jar and at most six connections to the site, as a phone's browser keeps.
 * Every request is recorded under its kind; an answer of 400 or more, or no answer, is an error.
 */
export class Browser {
  cookies = new Map<string, string>();
  agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  constructor(
    readonly base: string,
    private kinds: Map<string, Kind>,
  ) {}

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keepCookies(headers: http.IncomingHttpHeaders) {
    for (const line of headers["set-cookie"] ?? []) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  kind(name: string) {
    let kind = this.kinds.get(name);
    if (!kind) this.kinds.set(name, (kind = new Kind()));
    return kind;
  }

  /** GET or POST (a form, urlencoded as a browser sends it); null when the request failed on the network. */
  request(kindName: string, method: "GET" | "POST", path: string, form?: Form, { withCookies = true } = {}): Promise<Reply | null> {
    const kind = this.kind(kindName);
    const body = form ? encodeForm(form) : undefined;
    // Compressed answers, as browsers ask (the server's compression is part of its work).
    const headers: http.OutgoingHttpHeaders = { "Accept-Encoding": "gzip, deflate, br", "User-Agent": "cafe-ia-bench-live" };
    const cookie = withCookies ? this.cookieHeader() : "";
    if (cookie) headers.Cookie = cookie;
    if (body !== undefined) {
      headers["Content-Type"] = "application/x-www-form-urlencoded;charset=UTF-8";
      headers["Content-Length"] = Buffer.byteLength(body);
      // What a browser adds to a same-site form post (the app refuses cross-site ones).
      headers.Origin = this.base;
      headers["Sec-Fetch-Site"] = "same-origin";
    }
    const t0 = performance.now();
    return new Promise((resolve) => {
      const attempt = (resent: 0 | 1) => {
        let answered = false;
        let settled = false;
        const req = http.request(this.base + path, { method, agent: resent ? false : this.agent, headers, timeout: 60_000 }, (res) => {
          answered = true;
          let text = "";
          // The files are only counted: a browser would keep them; the bench does not unpack them.
          const encoding = kindName === "asset" ? undefined : res.headers["content-encoding"];
          const decoded = !encoding ? res : res.pipe(encoding === "br" ? zlib.createBrotliDecompress() : encoding === "gzip" ? zlib.createGunzip() : zlib.createInflate());
          decoded.setEncoding("utf8");
          decoded.on("data", (chunk: string) => (text += chunk));
          if (decoded !== res) decoded.on("error", (e) => fail(e));
          decoded.on("end", () => {
            if (settled) return;
            settled = true;
            const ms = performance.now() - t0;
            const status = res.statusCode ?? 0;
            this.keepCookies(res.headers);
            const data = /x-script/.test(String(res.headers["content-type"])) ? decodeSingleFetch(text) : null;
            kind.ms.push(ms);
            kind.statuses[status] = (kind.statuses[status] ?? 0) + 1;
            // The app answers a refusal with a translated message key: tell rate limits and closed phases apart.
            const refusal = String(data?.data?.errors?.form ?? "");
            if (status >= 400 && refusal.endsWith("slowDown")) kind.rateLimited++;
            if (status >= 400 && refusal.endsWith("phaseClosed")) kind.phaseClosed++;
            resolve({ status, headers: res.headers, body: text, ms, data });
          });
          res.on("error", (e) => fail(e));
        });
        const fail = (e: Error) => {
          if (settled) return;
          settled = true;
          // A kept-alive connection the server closed as it was reused: browsers send the request again
          // on a new connection, without telling the page (the request key makes a resent post safe).
          if (req.reusedSocket && !answered && !resent) {
            kind.resent++;
            return attempt(1);
          }
          if (kind.failures.length < 5) {
            const how = `${resent ? "resent, " : ""}${req.reusedSocket ? "kept-alive connection" : "new connection"}, after ${Math.round(performance.now() - t0)} ms`;
            kind.failures.push(`${method} ${path.split("?")[0]}: ${e.message} (${how})`);
          }
          kind.statuses.network = (kind.statuses.network ?? 0) + 1;
          resolve(null);
        };
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.on("error", fail);
        req.end(body);
      };
      attempt(0);
    });
  }

  /**
   * An EventSource: `onFrame` gets each `snapshot` event's data with the time it arrived; `onEnd`
   * runs once when the stream closes or fails. Returns the function that closes it.
   */
  stream(path: string, onFrame: (data: string, at: number) => void, onEnd: (reason: string) => void): () => void {
    const kind = this.kind("stream (first frame)");
    const t0 = performance.now();
    let first = true;
    let ended = false;
    const end = (reason: string) => {
      if (ended) return;
      ended = true;
      onEnd(reason);
    };
    const headers: http.OutgoingHttpHeaders = { Accept: "text/event-stream", "Cache-Control": "no-cache", "User-Agent": "cafe-ia-bench-live" };
    const cookie = this.cookieHeader();
    if (cookie) headers.Cookie = cookie;
    const req = http.get(this.base + path, { agent: this.agent, headers }, (res) => {
      if (res.statusCode !== 200) {
        kind.statuses[res.statusCode ?? 0] = (kind.statuses[res.statusCode ?? 0] ?? 0) + 1;
        res.resume();
        return end(`status ${res.statusCode}`);
      }
      let buffer = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        const at = performance.now();
        buffer += chunk;
        for (let i = buffer.indexOf("\n\n"); i >= 0; i = buffer.indexOf("\n\n")) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          const lines = block.split("\n");
          if (!lines.includes("event: snapshot")) continue;
          if (first) {
            first = false;
            kind.ms.push(at - t0);
            kind.statuses[200] = (kind.statuses[200] ?? 0) + 1;
          }
          onFrame(lines.filter((l) => l.startsWith("data: ")).map((l) => l.slice(6)).join("\n"), at);
        }
      });
      res.on("end", () => end("closed by the server"));
      res.on("error", (e) => end(e.message));
    });
    req.on("error", (e) => {
      kind.statuses.network = (kind.statuses.network ?? 0) + 1;
      end(e.message);
    });
    return () => {
      ended = true;
      req.destroy();
    };
  }

  close() {
    this.agent.destroy();
  }
}

/** The participant id inside the app's signed participant cookie (signed, not encrypted), for the final check. */
export function participantOf(browser: Browser): string | null {
  const raw = browser.cookies.get("cafeia_participant");
  if (!raw) return null;
  const value = decodeURIComponent(raw);
  try {
    return JSON.parse(Buffer.from(value.slice(0, value.lastIndexOf(".")), "base64").toString("utf8"));
  } catch {
    return null;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
export const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)];
