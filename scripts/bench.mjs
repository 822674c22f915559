// npm run bench: measures start-up and each page's weight on a phone against the citizen budgets.
// Results go to bench/results.json and bench/results.md (summarised in the README).
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";

const PORT = 3400;
const BASE = `http://localhost:${PORT}`;
const BUDGET = { jsGzipKB: 100, totalKB: 1024, requests: 40, domNodes: 600 };
// Citizen pages must meet the budget; staff pages are reported for information.
const PAGES = [
  { path: "/", citizen: true },
  { path: "/territoires", citizen: true },
  { path: "/connexion", citizen: true },
  { path: "/connexion/lien?token=x", citizen: true },
  { path: "/agenda?near=44000", citizen: true },
  { path: "/territoires/nantes-metropole", citizen: true },
  { path: "/e/NANT26", citizen: true },
  { path: "/e/ZZZ999", citizen: true },
  { path: "/e/NANT26/participer", citizen: true },
  { path: "/e/NANT26/voter", citizen: true },
  // The closed demo consultation's results (every use shown): its address holds an id, found below.
  { path: "results:Café IA 2025 — bilan", citizen: true },
  { path: "/territoires/toulouse-metropole/charte", citizen: true },
  { path: "/territoires/toulouse-metropole/charte/imprimer", citizen: true },
  { path: "/charte", citizen: true },
  { path: "/carte", citizen: true },
  // The same page once the person opens the map: Leaflet and the map data load on demand (decision 004).
  { path: "/carte", citizen: true, openMap: true },
  { path: "/national", citizen: true },
  { path: "/donnees", citizen: true },
  // The live session's phone page and the projector (no session running in the demo: their idle state).
  { path: "/e/NANT26/direct", citizen: true },
  { path: "/e/NANT26/projecteur", citizen: true },
];

/** Pages whose address holds an id: found through the public territory page. */
async function resolvePath(pagePath) {
  if (!pagePath.startsWith("results:")) return pagePath;
  const html = await (await fetch(`${BASE}/territoires/nantes-metropole?lng=fr`)).text();
  const id = new RegExp(`/concertations/([0-9a-f-]{36})/resultats"[^>]*>[^<]*<span[^>]*> — ${pagePath.slice(8)}<`).exec(html)?.[1];
  if (!id) throw new Error(`no results page found for ${pagePath}`);
  return `/concertations/${id}/resultats`;
}

const browserPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p));

async function startServer(dataDir) {
  const started = Date.now();
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dataDir, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      if (out.includes("Café IA ready")) resolve();
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, readyMs: Date.now() - started };
}

async function measure(browser, { path: pagePath, openMap }) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "fr-FR" });
  const page = await context.newPage();
  // Tiles come from a third-party server (unreachable here): refused at once instead of waiting for DNS.
  await page.route(/tile\.openstreetmap\.fr/, (route) => route.abort());
  const responses = [];
  page.on("requestfinished", async (request) => {
    const sizes = await request.sizes().catch(() => null);
    const response = await request.response();
    responses.push({
      url: request.url(),
      type: request.resourceType(),
      encoding: response ? (await response.allHeaders())["content-encoding"] ?? "identity" : "identity",
      bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0,
      bodyBytes: sizes ? sizes.responseBodySize : 0,
    });
  });
  const t0 = Date.now();
  await page.goto(BASE + pagePath, { waitUntil: "networkidle" });
  let loadMs = Date.now() - t0;
  if (openMap) {
    const t1 = Date.now();
    await page.getByRole("button", { name: "Afficher la carte" }).click();
    await page.locator(".map-circle").first().waitFor();
    await page.waitForLoadState("networkidle");
    loadMs = Date.now() - t1;
  }
  const domNodes = await page.evaluate(() => document.getElementsByTagName("*").length);
  await context.close();
  const js = responses.filter((r) => r.type === "script");
  const result = {
    path: openMap ? `${pagePath} (map opened)` : pagePath,
    onDemand: Boolean(openMap),
    requests: responses.length,
    totalKB: +(responses.reduce((s, r) => s + r.bytes, 0) / 1024).toFixed(1),
    jsGzipKB: +(js.reduce((s, r) => s + r.bodyBytes, 0) / 1024).toFixed(1),
    jsUncompressed: js.filter((r) => r.encoding === "identity" && r.bodyBytes > 1024).map((r) => r.url),
    domNodes,
    loadMs,
  };
  return result;
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "cafeia-bench-"));
const { child, readyMs } = await startServer(dataDir);
const browser = await chromium.launch({
  executablePath: browserPath,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const pages = [];
let ballot = null;

/**
 * Voting on every use of the demo event on a phone: how many taps, and how long the page takes to
 * record them and show the results (automated taps, so this is the machine's share of the minute).
 */
async function measureBallot(browser) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "fr-FR", isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${BASE}/e/NANT26/voter`, { waitUntil: "networkidle" });
  const cards = page.locator("section.use-card");
  const uses = await cards.count();
  const started = Date.now();
  for (let i = 0; i < uses; i++) await cards.nth(i).locator('input[type="radio"]').nth(i % 4 === 1 ? 0 : 2).check();
  const tapped = Date.now();
  await page.locator(".submit-bar button").click();
  await page.waitForURL(/resultats/);
  await page.waitForLoadState("networkidle");
  const done = Date.now();
  await context.close();
  return { uses, taps: uses + 1, tapsMs: tapped - started, submitToResultsMs: done - tapped };
}

try {
  for (const listed of PAGES) {
    const p = { ...listed, path: await resolvePath(listed.path) };
    await measure(browser, p); // warm the server's caches once
    const r = await measure(browser, p);
    const within =
      r.jsGzipKB <= BUDGET.jsGzipKB && r.totalKB <= BUDGET.totalKB && r.requests <= BUDGET.requests && r.domNodes <= BUDGET.domNodes;
    pages.push({ ...r, citizen: p.citizen, withinBudget: within });
  }
  ballot = await measureBallot(browser);
} finally {
  await browser.close();
  child.kill("SIGTERM");
}

const results = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
  budget: BUDGET,
  startup: { firstStartReadyMs: readyMs, note: "fresh data directory: migrations and demo seed included" },
  pages,
  ballot,
};
fs.mkdirSync("bench", { recursive: true });
fs.writeFileSync("bench/results.json", JSON.stringify(results, null, 2) + "\n");
const rows = pages.map(
  (p) =>
    `| \`${p.path}\` | ${p.jsGzipKB} | ${p.totalKB} | ${p.requests} | ${p.domNodes} | ${p.loadMs} | ${p.withinBudget ? "yes" : p.onDemand ? "no: Leaflet loads when asked for (decision 004)" : "**no**"} |`,
);
const md = [
  `Measured ${results.date} on ${results.machine}, phone viewport 390×844, production build, loopback.`,
  "",
  `First start on an empty data directory (migrate + seed) until ready: ${readyMs} ms.`,
  "",
  `| page | JS gzip KB (≤ ${BUDGET.jsGzipKB}) | total KB (≤ ${BUDGET.totalKB}) | requests (≤ ${BUDGET.requests}) | DOM nodes (≤ ${BUDGET.domNodes}) | load ms | within budget |`,
  "| --- | --- | --- | --- | --- | --- | --- |",
  ...rows,
  "",
  "The map row `(map opened)` counts what the page loads once someone presses “Afficher la carte”: Leaflet (about 42 KB gzip) and the map data; its load time runs from that press. Tile images come from the configured tile server and are not counted (none is reachable here).",
  "",
  ballot
    ? `Voting on all ${ballot.uses} uses of the demo event on a phone: ${ballot.taps} taps (one verdict each, one submit); recording them and showing the results took ${ballot.submitToResultsMs} ms after the submit.`
    : "",
  "",
].join("\n");
fs.writeFileSync("bench/results.md", md);
const readme = fs.readFileSync("README.md", "utf8");
const marked = /<!-- bench:start -->[\s\S]*<!-- bench:end -->/;
if (marked.test(readme)) fs.writeFileSync("README.md", readme.replace(marked, `<!-- bench:start -->\n${md}<!-- bench:end -->`));
console.log(md);
const over = pages.filter((p) => p.citizen && !p.onDemand && !p.withinBudget);
if (over.length) {
  console.error(`Over budget: ${over.map((p) => p.path).join(", ")}`);
  process.exitCode = 1;
}
