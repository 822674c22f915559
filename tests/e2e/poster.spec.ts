import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "./fixtures";
import { signIn } from "./utils";

// The demo seed's Café IA of Nantes Métropole.
const CODE = "NANT26";
const TITLE = "Café IA à la médiathèque";
const FACILITATOR = "animation.nantes@demo.cafe-ia.test";
const OTHER_TERRITORY = "animation.toulouse@demo.cafe-ia.test";

// A4 at 96 px per inch: 210 mm wide; 297 mm − 2 × 12 mm of @page margins high.
const PX_PER_MM = 96 / 25.4;
const A4_WIDTH = Math.round(210 * PX_PER_MM); // 794
const PRINTABLE = { width: (210 - 24) * PX_PER_MM, height: (297 - 24) * PX_PER_MM }; // ≈ 703 × 1032

/** The event id, read from the UID of its public calendar file. */
async function eventId(request: APIRequestContext) {
  const ics = await (await request.get(`/e/${CODE}/calendrier.ics`)).text();
  const id = /^UID:([0-9a-f-]{36})@cafe-ia\r$/m.exec(ics)?.[1];
  if (!id) throw new Error(`no UID in the calendar file of ${CODE}`);
  return id;
}

async function openPoster(page: Page, lng: "fr" | "en") {
  const id = await eventId(page.request);
  await signIn(page, FACILITATOR);
  const response = await page.goto(`/espace/evenements/${id}/affiche?lng=${lng}`);
  expect(response?.status()).toBe(200);
  return id;
}

test("the calendar file of an event downloads with its headers and content", async ({ request, baseURL }) => {
  const response = await request.get(`/e/${CODE}/calendrier.ics`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("text/calendar; charset=utf-8");
  expect(response.headers()["content-disposition"]).toBe(`attachment; filename="cafe-ia-${CODE}.ics"`);
  const ics = await response.text();
  expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
  const unfolded = ics.replace(/\r\n /g, "");
  expect(unfolded).toContain(`SUMMARY:${TITLE}\r\n`);
  expect(unfolded).toMatch(/\r\nDTSTART;TZID=Europe\/Paris:\d{8}T183000\r\n/);
  expect(unfolded).toMatch(/\r\nDTEND;TZID=Europe\/Paris:\d{8}T203000\r\n/);
  expect(unfolded).toContain("LOCATION:Médiathèque Jacques Demy\\, 24 quai de la Fosse\\, 44000 Nantes\r\n");
  expect(unfolded).toContain(`URL:${new URL(`/e/${CODE}`, baseURL).href}\r\n`);
  expect(unfolded).toContain("STATUS:CONFIRMED\r\n");

  const lowerCase = await request.get(`/e/${CODE.toLowerCase()}/calendrier.ics`);
  expect(lowerCase.status()).toBe(200);
  const unknown = await request.get("/e/ZZZZ22/calendrier.ics");
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()["content-type"]).toBe("text/plain; charset=utf-8");
});

test("a facilitator prints the poster of their event on one A4 page", async ({ page, baseURL }) => {
  const { host, href } = new URL(`/e/${CODE}`, baseURL);
  await openPoster(page, "fr");
  const poster = page.getByRole("article");
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await expect(poster).toContainText("Nantes Métropole");
  await expect(poster).toContainText("Médiathèque Jacques Demy");
  await expect(poster).toContainText("24 quai de la Fosse, 44000 Nantes");
  await expect(poster).toContainText(/de 18:30 à 20:30/);
  await expect(poster.locator(".poster-code-value")).toHaveText(CODE);
  await expect(poster).toContainText(`Scannez le QR code ou tapez le code sur ${host} pour participer — sans compte.`);
  const qr = poster.locator("svg[role=img]");
  await expect(qr).toBeVisible();
  await expect(page.getByRole("img", { name: `QR code vers ${href}` })).toBeVisible();
  const print = page.getByRole("button", { name: "Imprimer" });
  await expect(print).toBeVisible();
  await expect(page.getByRole("link", { name: "Retour à la gestion de l'événement" })).toBeVisible();
  await expect(page.locator(".demo-banner")).toBeVisible();

  // Viewport no taller than the content, so the document's height is the content's.
  await page.setViewportSize({ width: A4_WIDTH, height: 400 });
  await page.emulateMedia({ media: "print" });
  await page.screenshot({ path: "test-results/poster-print.png", fullPage: true });
  for (const selector of [".site-header", ".site-footer", ".demo-banner", ".skip-link", ".poster-tools"]) {
    await expect(page.locator(selector), selector).toBeHidden();
  }
  await expect(print).toBeHidden();
  await expect(qr).toBeVisible();
  const measured = await page.evaluate(() => {
    const sheet = document.querySelector(".poster")!;
    const code = document.querySelector(".poster-code-value")!;
    return {
      document: document.documentElement.scrollHeight,
      poster: sheet.scrollHeight,
      width: sheet.getBoundingClientRect().width,
      codeRight: code.getBoundingClientRect().right - sheet.getBoundingClientRect().left,
      qr: document.querySelector(".poster svg")!.getBoundingClientRect().width,
      colour: getComputedStyle(document.querySelector(".poster h1")!).color,
    };
  });
  expect(measured.document).toBeLessThanOrEqual(PRINTABLE.height);
  expect(measured.poster).toBeLessThanOrEqual(PRINTABLE.height);
  expect(measured.width).toBeLessThanOrEqual(PRINTABLE.width + 1);
  expect(measured.codeRight).toBeLessThanOrEqual(measured.width);
  expect(measured.qr).toBeGreaterThanOrEqual(90 * PX_PER_MM);
  expect(measured.colour).toBe("rgb(0, 0, 0)");

  await page.emulateMedia({ media: "screen" });
  await expect(print).toBeVisible();
});

test("the poster exists in English", async ({ page, baseURL }) => {
  const { host, href } = new URL(`/e/${CODE}`, baseURL);
  await openPoster(page, "en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await expect(page.getByRole("article")).toContainText(/, 18:30 to 20:30/);
  await expect(page.getByRole("article")).toContainText("Event code");
  await expect(page.getByRole("article")).toContainText(`Scan the QR code or type the code on ${host} to take part — no account needed.`);
  await expect(page.getByRole("img", { name: `QR code to ${href}` })).toBeVisible();
  await expect(page.getByRole("button", { name: "Print" })).toBeVisible();
  await expect(page).toHaveTitle(`Poster: ${TITLE} — Café IA`);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the poster still shows everything and says how to print", async ({ page }) => {
    await openPoster(page, "fr");
    await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
    await expect(page.getByRole("img", { name: /^QR code vers / })).toBeVisible();
    await expect(page.getByText(/utilisez la commande Imprimer de votre navigateur/)).toBeVisible();
    await expect(page.getByRole("button", { name: "Imprimer" })).toHaveCount(0);
  });
});

test("staff of another territory and signed-out visitors do not get the poster", async ({ page }) => {
  const id = await eventId(page.request);
  const path = `/espace/evenements/${id}/affiche`;
  await page.goto(path);
  await expect(page).toHaveURL(new RegExp(`/connexion\\?redirectTo=${encodeURIComponent(path)}`));

  await signIn(page, OTHER_TERRITORY);
  const response = await page.goto(path);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toHaveCount(0);
  expect(await page.content()).not.toContain(CODE);

  expect((await page.goto("/espace/evenements/not-a-uuid/affiche"))?.status()).toBe(404);
  expect((await page.goto("/espace/evenements/00000000-0000-4000-8000-000000000000/affiche"))?.status()).toBe(404);
});

for (const lng of ["fr", "en"] as const) {
  test(`no axe violations on the poster (${lng})`, async ({ page }) => {
    await openPoster(page, lng);
    await expect(page.locator("html")).toHaveAttribute("lang", lng);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  });
}
