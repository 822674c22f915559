import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type Response } from "./fixtures";

const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 800 };

// No network here: tile requests fail fast instead of waiting on DNS; markers must show anyway.
async function noTiles(page: Page) {
  await page.route(/tile\.openstreetmap/, (route) => route.abort());
}

async function searchNear(page: Page, query: string) {
  await page.goto("/agenda?lng=fr");
  await page.getByLabel("Près de chez moi : code postal ou commune").fill(query);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page).toHaveURL(new RegExp(`near=${encodeURIComponent(query)}`));
}

async function expectNantesFirst(page: Page) {
  await expect(page.getByText("Du plus proche au plus loin de Nantes (44000).")).toBeVisible();
  const first = page.locator("#agenda-list > li").first();
  await expect(first.getByRole("heading", { name: "Café IA à la médiathèque" })).toBeVisible();
  await expect(first).toContainText(/à \d+,\d km/);
  await expect(first.getByRole("link", { name: "Café IA à la médiathèque" })).toHaveAttribute("href", "/e/NANT26");
}

test.describe("agenda on a phone", () => {
  test.use({ viewport: phone });

  test("a citizen finds the nearest Café IA from a postal code", async ({ page }) => {
    await searchNear(page, "44000");
    await expectNantesFirst(page);
    await expect(page.locator("#agenda-list")).toContainText("places restantes");
    await expect(page.locator("#agenda-list")).not.toContainText("Café IA de lancement"); // past
  });

  test("an unknown postal code says so", async ({ page }) => {
    await searchNear(page, "99999");
    await expect(page.getByText("Aucune commune ne correspond à « 99999 »")).toBeVisible();
  });

  test("a commune name shared by several communes offers them", async ({ page }) => {
    await searchNear(page, "Saint-Marcel");
    await expect(page.getByText("Plusieurs communes correspondent à « Saint-Marcel »")).toBeVisible();
    const choice = page.getByRole("link", { name: /^Saint-Marcel \(\d{5}\)$/ }).first();
    const label = await choice.textContent();
    await choice.click();
    await expect(page.getByText(`Du plus proche au plus loin de ${label}.`)).toBeVisible();
    await expect(page.getByLabel("Près de chez moi : code postal ou commune")).toHaveValue(label!);
  });

  test("filters narrow the list and can be cleared", async ({ page }) => {
    await page.goto("/agenda?lng=fr");
    await page.getByText("Plus de filtres").click();
    await page.getByLabel("Public", { exact: true }).selectOption({ label: "Jeunes" });
    await page.getByRole("button", { name: "Rechercher" }).click();
    await expect(page).toHaveURL(/audience=youth/);
    await expect(page.locator("#agenda-list > li")).toHaveCount(1);
    await expect(page.locator("#agenda-list")).toContainText("Café IA jeunesse");
    await page.getByRole("link", { name: "Effacer la recherche" }).click();
    await expect(page.locator("#agenda-list > li")).not.toHaveCount(1);
  });

  test("the position is asked only on click, then the list sorts from it", async ({ page, context }) => {
    await context.grantPermissions(["geolocation"]);
    await context.setGeolocation({ latitude: 43.6047, longitude: 1.4442 });
    await page.goto("/agenda?lng=fr");
    await page.getByRole("button", { name: "Utiliser ma position" }).click();
    await expect(page).toHaveURL(/lat=43\.605&lon=1\.444/);
    await expect(page.getByText("Du plus proche au plus loin de votre position.")).toBeVisible();
    await expect(page.locator("#agenda-list > li").first()).toContainText("Café IA au Capitole");
  });

  test("the map loads Leaflet only when asked and shows the events as markers", async ({ page }) => {
    await noTiles(page);
    const scripts: Response[] = [];
    page.on("response", (response) => {
      if (response.request().resourceType() === "script") scripts.push(response);
    });
    const requested: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    const isLeaflet = async (responses: Response[]) => {
      for (const r of responses) if ((await r.text()).includes("leaflet-container")) return true;
      return false;
    };

    await page.goto("/agenda?near=44000&lng=fr", { waitUntil: "networkidle" });
    expect(scripts.length).toBeGreaterThan(0);
    expect(await isLeaflet(scripts)).toBe(false);
    expect(requested.filter((url) => /leaflet|events-map/.test(url))).toEqual([]);

    const before = scripts.length;
    await page.getByRole("button", { name: "Afficher la carte" }).click();
    await expect(page.getByRole("button", { name: "Masquer la carte" })).toHaveAttribute("aria-expanded", "true");
    await expect(page.locator(".leaflet-marker-icon").first()).toBeVisible();
    expect(await page.locator(".leaflet-marker-icon").count()).toBeGreaterThanOrEqual(1);
    expect(await isLeaflet(scripts.slice(before))).toBe(true);

    await page.getByRole("button", { name: "Café IA à la médiathèque" }).click();
    await expect(page.locator(".leaflet-popup").getByRole("link", { name: "Café IA à la médiathèque" })).toHaveAttribute(
      "href",
      "/e/NANT26",
    );
    await expect(page.getByRole("link", { name: "Passer la carte" })).toHaveAttribute("href", "#agenda-list");
  });
});

test.describe("agenda without JavaScript", () => {
  test.use({ viewport: phone, javaScriptEnabled: false });

  test("the same search works with the plain form", async ({ page }) => {
    await searchNear(page, "44000");
    await expectNantesFirst(page);
    await expect(page.getByRole("button", { name: "Afficher la carte" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Utiliser ma position" })).toHaveCount(0);
  });

  test("an unknown postal code says so", async ({ page }) => {
    await searchNear(page, "99999");
    await expect(page.getByText("Aucune commune ne correspond à « 99999 »")).toBeVisible();
  });
});

test.describe("territory page", () => {
  test("shows the territory, its consultations and its events, upcoming and past", async ({ page }) => {
    await page.goto("/territoires?lng=fr");
    await page.getByRole("link", { name: "Nantes Métropole" }).click();
    await expect(page).toHaveURL(/\/territoires\/nantes-metropole/);
    await expect(page.getByRole("heading", { level: 1, name: "Nantes Métropole" })).toBeVisible();
    await expect(page.getByText("244400404")).toBeVisible();
    await expect(page.getByRole("listitem").filter({ has: page.getByText("Concertation IA 2026", { exact: true }) })).toContainText("ouverte");
    await expect(page.getByRole("link", { name: "Café IA à la médiathèque" })).toHaveAttribute("href", "/e/NANT26");
    const past = page.locator("h2:has-text('Cafés IA passés') + ul");
    await expect(past.getByRole("link", { name: "Café IA de lancement" })).toHaveAttribute("href", "/e/PAST25");
    await expect(past).toContainText("(passé)");
  });

  test("an unknown territory is a 404", async ({ page }) => {
    const response = await page.goto("/territoires/nulle-part?lng=fr");
    expect(response?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Page introuvable" })).toBeVisible();
  });
});

async function scan(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const summary = results.violations.map((v) => `${label} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary).toEqual([]);
}

for (const [name, viewport] of Object.entries({ phone, desktop })) {
  for (const lng of ["fr", "en"]) {
    test(`no axe violations on the agenda and territory pages (${lng}, ${name})`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await noTiles(page);
      await page.goto(`/agenda?near=44000&lng=${lng}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      await expect(page.locator("#agenda-list > li").first()).toBeVisible();
      await scan(page, `/agenda?near=44000 [${lng}]`);
      await page.getByRole("button", { name: lng === "fr" ? "Afficher la carte" : "Show the map" }).click();
      await expect(page.locator(".leaflet-marker-icon").first()).toBeVisible();
      await scan(page, `/agenda map [${lng}]`);
      await page.goto(`/agenda?near=99999&lng=${lng}`);
      await scan(page, `/agenda?near=99999 [${lng}]`);
      await page.goto(`/territoires/nantes-metropole?lng=${lng}`);
      await scan(page, `/territoires/nantes-metropole [${lng}]`);
    });
  }
}
