import { randomBytes } from "node:crypto";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { env } from "./env.server";
import i18next from "./i18next.server";
import { log } from "./log.server";
import { mapTiles } from "./map-config.server";
import { networkHash } from "./participant.server";
import { JOIN_MISS_LIMIT, takeRate, windowEnd } from "./rate-limit.server";
import styles from "./styles/app.css";

/**
 * What every response carries and what every request must show, as Express middleware that
 * server.js mounts before anything else (static files, Remix, 404s, errors): no route can forget it.
 * docs/security.md explains each value.
 */

/** A tile template's host as CSP sources: `https://{s}.tile.example/…` gives `https://*.tile.example`. */
export function tileSources(template: string): string[] {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(template);
  if (!match) return [];
  const [, scheme, host] = match;
  const labels = host.toLowerCase().split(".");
  const last = labels.reduce((found, label, i) => (label.includes("{") ? i : found), -1);
  if (last === -1) return [`${scheme}://${host.toLowerCase()}`];
  // A CSP wildcard stands for one or more leftmost labels, never for a label in the middle.
  const rest = labels.slice(last + 1);
  return rest.length >= 2 ? [`${scheme}://*.${rest.join(".")}`] : [];
}

export function contentSecurityPolicy(nonce: string, tiles: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // Stylesheets only from the app; style attributes stay allowed (React's style props, Leaflet's
    // pins and circles): they cannot run code.
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    // data: is Leaflet's blank image for tiles it drops while zooming.
    ["img-src 'self' data:", ...tiles].join(" "),
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** The pages whose script asks for the position (the agenda's "use my position"). */
export const GEOLOCATION_PAGES = new Set(["/agenda"]);

// Features the app never uses. Fullscreen stays for the app itself (the projector's button).
const DENIED_FEATURES = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "clipboard-read",
  "clipboard-write",
  "display-capture",
  "encrypted-media",
  "gyroscope",
  "hid",
  "idle-detection",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking",
];

export function permissionsPolicy(path: string): string {
  const page = path.length > 1 ? path.replace(/\/+$/, "") : path;
  const geolocation = GEOLOCATION_PAGES.has(page) ? "geolocation=(self)" : "geolocation=()";
  return [...DENIED_FEATURES.map((feature) => `${feature}=()`), geolocation, "fullscreen=(self)"].join(", ");
}

export const HSTS = "max-age=31536000; includeSubDomains";

/** The security headers of every response, and the nonce the page's scripts carry (res.locals.cspNonce). */
export function securityHeaders(): RequestHandler {
  const tiles = tileSources(mapTiles().url);
  return (req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, tiles));
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Permissions-Policy", permissionsPolicy(req.path));
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    // req.secure believes X-Forwarded-Proto only from a proxy trusted by TRUST_PROXY.
    if (req.secure) res.setHeader("Strict-Transport-Security", HSTS);
    next();
  };
}

export type OriginVerdict = "same-origin" | "cross-site" | "no-browser";

/**
 * Where a state-changing request comes from. Browsers send Origin on every POST (and Sec-Fetch-Site
 * on every request); "null" comes from sandboxed frames, data: pages and cross-site redirects. A
 * request with neither header is not a browser's (curl, the load bench, server-to-server): no
 * ambient cookie of a victim rides on it, so there is no forgery to stop.
 */
export function originVerdict(input: { origin?: string; fetchSite?: string; hosts: string[] }): OriginVerdict {
  if (input.origin !== undefined) {
    let host: string;
    try {
      host = new URL(input.origin).host.toLowerCase();
    } catch {
      return "cross-site"; // "null" or garbage
    }
    return input.hosts.includes(host) ? "same-origin" : "cross-site";
  }
  if (input.fetchSite === undefined) return "no-browser";
  return input.fetchSite === "same-origin" || input.fetchSite === "none" ? "same-origin" : "cross-site";
}

/**
 * The host names this app answers as: the Host header, X-Forwarded-Host when Express trusts the
 * proxy that sent it, and PUBLIC_URL's. The scheme is not compared: behind a TLS proxy that is not
 * trusted, the app sees http while the browser's Origin says https.
 */
function ownHosts(req: ExpressRequest): string[] {
  const hosts = new Set<string>();
  const host = req.get("host")?.toLowerCase();
  if (host) hosts.add(host);
  const forwarded = req.get("x-forwarded-host")?.split(",")[0].trim().toLowerCase();
  if (forwarded && req.hostname === forwarded.replace(/:\d+$/, "")) hosts.add(forwarded);
  const publicUrl = env().PUBLIC_URL;
  if (publicUrl) hosts.add(new URL(publicUrl).host.toLowerCase());
  return [...hosts];
}

const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Refuses a state-changing request that another site made a browser send (cross-site request forgery). */
export function originCheck(): RequestHandler {
  return (req, res, next) => {
    if (!STATE_CHANGING.has(req.method)) return next();
    const verdict = originVerdict({ origin: req.get("origin"), fetchSite: req.get("sec-fetch-site"), hosts: ownHosts(req) });
    if (verdict !== "cross-site") return next();
    log.warn("cross-site request refused", { method: req.method });
    refuse(req, res, 403, "crossSite").catch(next);
  };
}

const JOIN_PATH = /^\/(?:rejoindre|e\/[^/]+|cafes\/[^/]+)(?:[/.]|$)/;
const isDataRequest = (req: ExpressRequest) => req.path.endsWith(".data") || "_data" in req.query;

// Networks over the limit, until their window ends. The database holds the counts (shared by every
// instance); this only spares a query on every join page: another instance learns it at its next miss.
const refusedNetworks = new Map<string, number>();

/**
 * Per-network limit on unknown event codes, on every address that takes a code (/rejoindre, /e/…,
 * /cafes/…): a 404 there counts as a miss. Past the limit, every such address answers 429 to that
 * network until the window ends, known codes included: otherwise a found code would stand out.
 */
export function joinLimit(): RequestHandler {
  return (req, res, next) => {
    if (!JOIN_PATH.test(req.path)) return next();
    const network = networkHash(req.ip);
    if (!network) return next();
    const until = refusedNetworks.get(network);
    if (until !== undefined && until > Date.now()) {
      // A navigation of the running app: entry.server answers "reload this page" (handleDataRequest).
      if (isDataRequest(req) && (req.method === "GET" || req.method === "HEAD")) {
        res.locals.joinRefused = true;
        return next();
      }
      res.setHeader("Retry-After", String(Math.ceil((until - Date.now()) / 1000)));
      return void refuse(req, res, 429, "joinLimited").catch(next);
    }
    if (until !== undefined) refusedNetworks.delete(network);
    res.on("finish", () => {
      if (res.statusCode !== 404) return;
      // take_rate says false once the window holds more than `hits`: the LIMIT-th miss refuses.
      takeRate(`join-miss:${network}`, { ...JOIN_MISS_LIMIT, hits: JOIN_MISS_LIMIT.hits - 1 })
        .then((ok) => {
          if (ok) return;
          if (refusedNetworks.size > 10_000) refusedNetworks.clear();
          refusedNetworks.set(network, windowEnd(JOIN_MISS_LIMIT.windowSeconds));
        })
        .catch((error: Error) => log.error("join rate limit failed", { error: error.message }));
    });
    next();
  };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** A short page in the person's language, outside Remix (nothing of the refused request runs). */
async function refuse(req: ExpressRequest, res: ExpressResponse, status: 403 | 429, key: "crossSite" | "joinLimited") {
  const request = new Request(new URL(req.originalUrl, "http://local"), {
    headers: { cookie: req.get("cookie") ?? "", "accept-language": req.get("accept-language") ?? "" },
  });
  const lng = (await i18next.getLocale(request)) === "en" ? "en" : "fr";
  const t = await i18next.getFixedT(lng);
  const title = escapeHtml(t(`security.${key}.title`));
  res
    .status(status)
    .type("html")
    .setHeader("Cache-Control", "no-store")
    .send(
      `<!DOCTYPE html><html lang="${lng}" dir="ltr"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Café IA</title>` +
        `<link rel="stylesheet" href="${styles}"></head><body><main id="main" class="page narrow">` +
        `<h1>${title}</h1><p>${escapeHtml(t(`security.${key}.body`))}</p>` +
        `<p><a href="/">${escapeHtml(t("errors.home"))}</a></p></main></body></html>`,
    );
}
