import { randomUUID } from "node:crypto";
import { PORT } from "../../playwright.config";
import { expect, test, testNetwork, type APIRequestContext, type APIResponse, type Page } from "./fixtures";
import { requestLink, signIn } from "./utils";

const BASE = `http://localhost:${PORT}`;
const EVIL = "https://evil.example";
const TILES = /tile\.openstreetmap\.fr/;
const TOULOUSE_FACILITATOR = "animation.toulouse@demo.cafe-ia.test";
const NANTES_FACILITATOR = "animation.nantes@demo.cafe-ia.test";
// A 1×1 transparent PNG: tile requests are answered, so the browser really applies img-src to them.
const PIXEL = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");

/** A client network no other test uses, as a trusted proxy would tell it (TRUST_PROXY=loopback). */
const network = (label: string) => ({ "X-Forwarded-For": testNetwork(`security:${label}:${randomUUID()}`) });

function directives(csp: string) {
  return new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

/** Every header this issue asks for, on any response. */
function expectSecurityHeaders(response: APIResponse, label: string, { geolocation = false } = {}) {
  const headers = response.headers();
  const csp = headers["content-security-policy"];
  expect(csp, label).toBeTruthy();
  const d = directives(csp);
  expect(d.get("default-src"), label).toEqual(["'self'"]);
  const scripts = d.get("script-src")!;
  expect(scripts, label).toContain("'self'");
  expect(scripts.some((s) => /^'nonce-[A-Za-z0-9+/]{22}=='$/.test(s)), label).toBe(true);
  expect(scripts, label).not.toContain("'unsafe-inline'");
  expect(scripts, label).not.toContain("'unsafe-eval'");
  expect(d.get("style-src"), label).toEqual(["'self'"]);
  expect(d.get("img-src"), label).toEqual(["'self'", "data:", "https://*.tile.openstreetmap.fr"]);
  expect(d.get("connect-src"), label).toEqual(["'self'"]);
  expect(d.get("object-src"), label).toEqual(["'none'"]);
  expect(d.get("base-uri"), label).toEqual(["'self'"]);
  expect(d.get("form-action"), label).toEqual(["'self'"]);
  expect(d.get("frame-ancestors"), label).toEqual(["'none'"]);
  expect(headers["referrer-policy"], label).toBe("strict-origin-when-cross-origin");
  expect(headers["x-content-type-options"], label).toBe("nosniff");
  expect(headers["cross-origin-opener-policy"], label).toBe("same-origin");
  const permissions = headers["permissions-policy"];
  for (const feature of ["camera", "microphone", "payment", "usb", "autoplay"]) expect(permissions, label).toContain(`${feature}=()`);
  expect(permissions, label).toContain(geolocation ? "geolocation=(self)" : "geolocation=()");
  // Plain http here: no HSTS (it is tested over a proxy's https below).
  expect(headers["strict-transport-security"], label).toBeUndefined();
}

const nonceOf = (response: APIResponse) => /'nonce-([^']+)'/.exec(response.headers()["content-security-policy"])![1];

test.describe("headers", () => {
  test("every kind of response carries the security headers", async ({ request }) => {
    const home = await request.get("/?lng=fr");
    expect(home.status()).toBe(200);
    const html = await home.text();
    const asset = /\/build\/[^"]+\.js/.exec(html)![0];
    const responses: [string, Promise<APIResponse>, number, { geolocation?: boolean }?][] = [
      ["home document", Promise.resolve(home), 200],
      ["citizen page", request.get("/e/NANT26"), 200],
      ["agenda (geolocation)", request.get("/agenda"), 200, { geolocation: true }],
      ["single-fetch data", request.get("/e/NANT26.data"), 200],
      ["?_data= request", request.get("/e/NANT26?_data=routes%2Fe.%24code._index"), 200],
      ["map data JSON", request.get("/carte/donnees.json"), 200],
      ["calendar file", request.get("/e/NANT26/calendrier.ics"), 200],
      ["open data CSV", request.get("/donnees/territoires.csv"), 200],
      ["static build file", request.get(asset), 200],
      ["public file", request.get("/favicon.svg"), 200],
      ["404 page", request.get("/page-inexistante"), 404],
      ["missing static file", request.get("/build/nothing-here.js"), 404],
      ["POST with no action", request.post("/", { form: { a: "b" }, headers: { Origin: BASE } }), 405],
      ["POST with invalid input", request.post("/connexion?index", { form: { email: "nope" }, headers: { Origin: BASE, ...network("invalid") } }), 400],
      ["cross-site POST", request.post("/langue", { form: { lng: "en" }, headers: { Origin: EVIL }, maxRedirects: 0 }), 403],
    ];
    for (const [label, pending, status, options] of responses) {
      const response = await pending;
      expect(response.status(), label).toBe(status);
      expectSecurityHeaders(response, label, options);
    }

    // The live stream: its headers come before any event, so read them and let go.
    const controller = new AbortController();
    const stream = await fetch(`${BASE}/e/NANT26/direct.stream`, { signal: controller.signal });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    const streamHeaders = Object.fromEntries(stream.headers.entries());
    controller.abort();
    expectSecurityHeaders({ headers: () => streamHeaders } as unknown as APIResponse, "event stream");

    // A fresh nonce per response.
    const again = await request.get("/?lng=fr");
    expect(nonceOf(again)).not.toBe(nonceOf(home));
  });

  test("HSTS only when the request came over HTTPS (told by the trusted proxy)", async ({ request }) => {
    const overHttps = await request.get("/", { headers: { "X-Forwarded-Proto": "https" } });
    expect(overHttps.headers()["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    const overHttp = await request.get("/", { headers: { "X-Forwarded-Proto": "http" } });
    expect(overHttp.headers()["strict-transport-security"]).toBeUndefined();
  });
});

/** Fails the test on any CSP violation or Permissions-Policy complaint, in any document of the page. */
async function watchPolicies(page: Page) {
  const problems: string[] = [];
  await page.exposeFunction("reportPolicyViolation", (text: string) => problems.push(text));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportPolicyViolation: (t: string) => void }).reportPolicyViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`,
      ),
    );
  });
  page.on("console", (message) => {
    if (/Content Security Policy|Permissions[- ]Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  return problems;
}

/** The document's scripts all carry its response's nonce, and the app hydrated. */
async function expectNoncedAndHydrated(page: Page, path: string, options: { waitUntil?: "load" | "networkidle" } = {}) {
  const response = (await page.goto(path, options))!;
  const nonce = nonceOf(response as unknown as APIResponse);
  const html = await response.text();
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length, path).toBeGreaterThan(0);
  for (const tag of tags) expect(tag, path).toContain(`nonce="${nonce}"`);
  // In the live DOM too (browsers hide the attribute, not the property).
  const nonces = await page.locator("script").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
  expect(new Set(nonces), path).toEqual(new Set([nonce]));
  await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: unknown }).__remixRouter));
}

test.describe("in the browser", () => {
  test("citizen pages run under the policy: no violation, nonced scripts, working interactions", async ({ page, context }) => {
    const problems = await watchPolicies(page);
    await page.route(TILES, (route) => route.fulfill({ status: 200, contentType: "image/png", body: PIXEL }));
    const documents: string[] = [];
    page.on("request", (r) => r.resourceType() === "document" && documents.push(r.url()));

    // Home: the code form takes the app to the event without loading a new document.
    await expectNoncedAndHydrated(page, "/?lng=fr");
    const before = documents.length;
    await page.getByLabel("Code de la rencontre").fill("NANT26");
    await page.getByRole("button", { name: "Rejoindre" }).click();
    await expect(page).toHaveURL(/\/e\/NANT26$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Café IA à la médiathèque");
    expect(documents.length).toBe(before);

    // The event page, its map (Leaflet's script, stylesheet, pins and tiles).
    await expectNoncedAndHydrated(page, "/e/NANT26?lng=fr");
    await page.getByRole("button", { name: "Afficher la carte" }).click();
    await expect(page.locator(".leaflet-marker-icon").first()).toBeVisible();
    await expect(page.locator("img.leaflet-tile-loaded").first()).toBeAttached();

    // Participer: the counter and the theme suggester (a chunk loaded on typing) need the scripts.
    await expectNoncedAndHydrated(page, "/e/NANT26/participer?lng=fr");
    await page.getByLabel("Votre texte").fill("la reconnaissance faciale dans les transports");
    await expect(page.getByText("45 caractères sur 500")).toBeVisible();
    await expect(page.getByText(/^Suggestion :/)).toBeVisible();

    // The national map, opened.
    await expectNoncedAndHydrated(page, "/carte?lng=fr");
    await page.getByRole("button", { name: "Afficher la carte" }).click();
    await expect(page.locator(".map-circle").first()).toBeVisible();

    // The agenda may ask for the position: its own document allows it.
    await context.grantPermissions(["geolocation"]);
    await context.setGeolocation({ latitude: 43.6047, longitude: 1.4442 });
    await expectNoncedAndHydrated(page, "/agenda?lng=fr");
    await page.getByRole("button", { name: "Utiliser ma position" }).click();
    await expect(page).toHaveURL(/lat=43\.605&lon=1\.444/);
    await expect(page.getByText("Du plus proche au plus loin de votre position.")).toBeVisible();

    expect(problems).toEqual([]);
  });

  test("geolocation is refused to other pages' documents; the agenda reached by a link still finds the position", async ({ page, context }) => {
    const problems = await watchPolicies(page);
    await context.grantPermissions(["geolocation"]);
    await context.setGeolocation({ latitude: 43.6047, longitude: 1.4442 });
    await page.goto("/?lng=fr");
    const allowed = (p: Page) =>
      p.evaluate(() => (document as unknown as { featurePolicy: { allowsFeature: (f: string) => boolean } }).featurePolicy.allowsFeature("geolocation"));
    expect(await allowed(page)).toBe(false);
    await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Agenda" }).click();
    await expect(page).toHaveURL(/\/agenda$/);
    expect(await allowed(page)).toBe(false); // still the home page's document
    await page.getByRole("button", { name: "Utiliser ma position" }).click();
    await expect(page).toHaveURL(/lat=43\.605&lon=1\.444/);
    await expect(page.getByText("Du plus proche au plus loin de votre position.")).toBeVisible();
    expect(await allowed(page)).toBe(true);
    expect(problems).toEqual([]);
  });

  test("the staff console runs under the policy", async ({ page }) => {
    await signIn(page, NANTES_FACILITATOR);
    const problems = await watchPolicies(page);
    await page.goto("/espace/territoires/nantes-metropole?lng=fr");
    await page.getByRole("link", { name: "Concertation IA 2026" }).click();
    await page.getByRole("link", { name: "Café IA à la médiathèque" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Café IA à la médiathèque");
    const event = new URL(page.url()).pathname;
    await expectNoncedAndHydrated(page, event);
    // The live console holds an event stream open: "load", not "networkidle".
    await expectNoncedAndHydrated(page, `${event}/direct?lng=fr`, { waitUntil: "load" });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Animation en direct");
    expect(problems).toEqual([]);
  });
});

test.describe("requests from other sites", () => {
  test("a citizen action posted from another site is refused and registers nothing; from the site itself it works", async ({ playwright, page }) => {
    const stamp = Date.now().toString(36);
    // One participant per client (a participant registers once per event).
    const client = async () => {
      const context = await playwright.request.newContext({ baseURL: BASE, extraHTTPHeaders: network("citizen") });
      clients.push(context);
      return context;
    };
    const clients: APIRequestContext[] = [];
    const request = await client();
    const form = (firstName: string) => ({ intent: "register", idempotencyKey: randomUUID(), firstName, email: "" });

    const forged = await request.post("/e/TLSE26", { form: form(`Forge${stamp}`), headers: { Origin: EVIL } });
    expect(forged.status()).toBe(403);
    expect(await forged.text()).toContain("Demande refusée");
    expect(forged.headers()["set-cookie"]).toBeUndefined();
    const byFetchSite = await request.post("/e/TLSE26", { form: form(`Site${stamp}`), headers: { "Sec-Fetch-Site": "cross-site" } });
    expect(byFetchSite.status()).toBe(403);
    const sandboxed = await request.post("/e/TLSE26?lng=en", { form: form(`Null${stamp}`), headers: { Origin: "null" } });
    expect(sandboxed.status()).toBe(403);
    expect(await sandboxed.text()).toContain("Request refused");

    const genuine = await request.post("/e/TLSE26", { form: form(`Vraie${stamp}`), headers: { Origin: BASE, "Sec-Fetch-Site": "same-origin" } });
    expect(genuine.status()).toBe(200);
    // A client that is not a browser (no Origin, no Sec-Fetch-Site) carries no victim's cookies: allowed.
    const script = await (await client()).post("/e/TLSE26", { form: form(`Script${stamp}`) });
    expect(script.status()).toBe(200);
    for (const context of clients) await context.dispose();

    await signIn(page, TOULOUSE_FACILITATOR);
    await page.getByRole("link", { name: "Toulouse Métropole" }).first().click();
    await page.getByRole("link", { name: "L'IA dans nos services publics" }).click();
    await page.getByRole("link", { name: "Café IA au Capitole" }).click();
    await expect(page.getByRole("cell", { name: `Vraie${stamp}` })).toBeVisible();
    await expect(page.getByRole("cell", { name: `Script${stamp}` })).toBeVisible();
    for (const refused of ["Forge", "Site", "Null"]) await expect(page.getByRole("cell", { name: `${refused}${stamp}` })).toHaveCount(0);
  });

  test("a staff action posted from another site is refused and grants nothing, even with the staff session", async ({ page }) => {
    await signIn(page, "admin-e2e@cafe-ia.test");
    await page.goto("/admin?lng=fr");
    const territoryId = await page.locator('select[name="territoryId"] option[value]:not([value=""])').first().getAttribute("value");
    const stamp = Date.now().toString(36);
    const grant = (email: string) => ({ intent: "grant", email, territoryId: territoryId!, role: "official" });

    const forged = await page.request.post("/admin", { form: grant(`forge-${stamp}@exemple.fr`), headers: { Origin: EVIL } });
    expect(forged.status()).toBe(403);
    const genuine = await page.request.post("/admin", { form: grant(`vraie-${stamp}@exemple.fr`), headers: { Origin: BASE } });
    expect(genuine.status()).toBe(200);

    await page.goto("/admin?lng=fr");
    await expect(page.getByText(`vraie-${stamp}@exemple.fr`)).toBeVisible();
    await expect(page.getByText(`forge-${stamp}@exemple.fr`)).toHaveCount(0);
  });
});

/** A Set-Cookie header's attributes, by name (lower case). */
function cookieAttributes(response: APIResponse, name: string) {
  const line = response.headersArray().find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith(`${name}=`));
  expect(line, `Set-Cookie ${name}`).toBeTruthy();
  return new Set(line!.value.split(";").slice(1).map((a) => a.trim().toLowerCase()));
}

function expectSessionCookie(attributes: Set<string>, { secure }: { secure: boolean }) {
  expect(attributes).toContain("httponly");
  expect(attributes).toContain("samesite=lax");
  expect(attributes).toContain("path=/");
  expect(attributes.has("secure")).toBe(secure);
}

test("session cookies are HttpOnly and SameSite=Lax, and Secure when the request came over HTTPS", async ({ page, playwright }) => {
  for (const secure of [false, true]) {
    const proto = { "X-Forwarded-Proto": secure ? "https" : "http" };
    const client = await playwright.request.newContext({ baseURL: BASE, extraHTTPHeaders: { ...proto, ...network(`cookies-${secure}`) } });
    try {
      const registered = await client.post("/e/NANT26", {
        form: { intent: "register", idempotencyKey: randomUUID(), firstName: "Cookie", email: "" },
      });
      expect(registered.status()).toBe(200);
      expectSessionCookie(cookieAttributes(registered, "cafeia_participant"), { secure });

      const language = await client.post("/langue", { form: { lng: "en", redirectTo: "/" }, maxRedirects: 0 });
      expect(language.status()).toBe(302);
      expectSessionCookie(cookieAttributes(language, "lng"), { secure });

      const link = await requestLink(page, `cookie-${secure}-${Date.now().toString(36)}@exemple.fr`);
      const signedIn = await client.post(new URL(link).pathname + new URL(link).search, { maxRedirects: 0 });
      expect(signedIn.status()).toBe(302);
      expectSessionCookie(cookieAttributes(signedIn, "cafeia_staff"), { secure });
    } finally {
      await client.dispose();
    }
  }
});

test.describe("sign-in", () => {
  async function askLink(request: APIRequestContext, email: string, headers: Record<string, string>, data = false) {
    return request.post(data ? "/connexion.data?index" : "/connexion?index&lng=fr", { form: { email, redirectTo: "/espace" }, headers: { Origin: BASE, ...headers } });
  }

  test("asking for a link answers the same for a staff address and an unknown one", async ({ request }) => {
    const known = NANTES_FACILITATOR;
    const unknown = `personne-${Date.now().toString(36)}@exemple.fr`;
    const net = network("same-answer");
    const [a, b] = [await askLink(request, known, net), await askLink(request, unknown, net)];
    expect(a.status()).toBe(200);
    expect(b.status()).toBe(200);
    const page = (r: APIResponse) => r.text().then((html) => html.replace(/nonce="[^"]*"/g, ""));
    expect(await page(a)).toBe(await page(b));
    expect(await page(a)).toContain("Vérifiez votre boîte mail");
    const headerNames = (r: APIResponse) => Object.keys(r.headers()).filter((h) => h !== "date").sort();
    expect(headerNames(a)).toEqual(headerNames(b));
    expect(a.headers()["set-cookie"]).toBeUndefined();
    expect(b.headers()["set-cookie"]).toBeUndefined();

    const [da, db] = [await askLink(request, known, net, true), await askLink(request, unknown, net, true)];
    expect(da.status()).toBe(db.status());
    expect(await da.text()).toBe(await db.text());

    // Timing: the same work for both (a link is written either way); medians of a few tries, loosely.
    const timed = network("same-timing");
    const times: Record<string, number[]> = { known: [], unknown: [] };
    for (let i = 0; i < 4; i++) {
      for (const [label, email] of [["known", known], ["unknown", unknown]] as const) {
        const start = performance.now();
        expect((await askLink(request, email, timed)).status()).toBe(200);
        times[label].push(performance.now() - start);
      }
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    expect(Math.abs(median(times.known) - median(times.unknown))).toBeLessThan(Math.max(150, median(times.unknown)));
  });

  test("ten links per network and ten minutes, then a translated refusal, whatever the address", async ({ request, page }) => {
    const net = network("sign-in-limit");
    for (let i = 0; i < 10; i++) {
      const email = i % 2 ? NANTES_FACILITATOR : `inconnu-${i}-${Date.now().toString(36)}@exemple.fr`;
      const response = await askLink(request, email, net);
      expect(response.status(), `request ${i + 1}`).toBe(200);
    }
    const refusedKnown = await askLink(request, NANTES_FACILITATOR, net);
    expect(refusedKnown.status()).toBe(429);
    expect(await refusedKnown.text()).toContain("Trop de liens de connexion ont été demandés depuis ce réseau.");
    const refusedUnknown = await request.post("/connexion?index&lng=en", {
      form: { email: "someone-else@exemple.fr" },
      headers: { Origin: BASE, ...net },
    });
    expect(refusedUnknown.status()).toBe(429);
    expect(await refusedUnknown.text()).toContain("Too many sign-in links were requested from this network.");
    // Another network is not affected.
    expect((await askLink(request, NANTES_FACILITATOR, network("sign-in-other"))).status()).toBe(200);

    // In the browser, from the limited network, the form says so.
    await page.context().setExtraHTTPHeaders(net);
    await page.goto("/connexion?lng=fr");
    await page.getByLabel("Adresse e-mail").fill("quelquun@exemple.fr");
    await page.getByRole("button", { name: "Recevoir un lien de connexion" }).click();
    await expect(page.getByRole("alert")).toHaveText("Trop de liens de connexion ont été demandés depuis ce réseau. Réessayez dans quelques minutes.");
  });
});

test("joining: 100 unknown codes per network and ten minutes, then every code address refuses that network", async ({ request, page }) => {
  test.setTimeout(120_000);
  const net = network("join-limit");
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const unknownCode = () => `ZZ${Array.from({ length: 4 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join("")}`;
  for (let i = 0; i < 100; i++) {
    const response = await request.get(`/e/${unknownCode()}`, { headers: net });
    expect(response.status(), `unknown code ${i + 1}`).toBe(404);
  }
  // Misses are counted as their answers leave: give the last one a moment.
  await expect.poll(async () => (await request.get("/e/NANT26", { headers: net })).status(), { timeout: 5_000 }).toBe(429);

  const joined = await request.get("/rejoindre?code=NANT26&lng=fr", { headers: net, maxRedirects: 0 });
  expect(joined.status()).toBe(429);
  expect(joined.headers()["retry-after"]).toMatch(/^\d+$/);
  expect(await joined.text()).toContain("Trop de codes inconnus ont été essayés depuis ce réseau.");
  const english = await request.get("/e/NANT26/participer?lng=en", { headers: net });
  expect(english.status()).toBe(429);
  expect(await english.text()).toContain("Too many unknown codes were tried from this network.");
  expect((await request.get("/e/NANT26/calendrier.ics", { headers: net })).status()).toBe(429);
  expect((await request.get(`/e/${unknownCode()}`, { headers: net })).status()).toBe(429);
  // The rest of the site, and other networks, are not affected.
  expect((await request.get("/agenda", { headers: net })).status()).toBe(200);
  expect((await request.get("/e/NANT26", { headers: network("join-other") })).status()).toBe(200);

  // The running app (a navigation by data request) lands on the same translated page.
  await page.context().setExtraHTTPHeaders(net);
  await page.goto("/?lng=fr");
  await page.getByLabel("Code de la rencontre").fill("NANT26");
  await page.getByRole("button", { name: "Rejoindre" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Trop de codes essayés");
});
