import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "./fixtures";

// The demo seed: Nantes Métropole (Pays de la Loire) has 52 participants across its consultations and no
// published charter; Toulouse Métropole (Occitanie) has fewer than 5 participants and charter version 2;
// nine more territories have a closed consultation, Martigues (Provence-Alpes-Côte d'Azur) with 4 people.
const PHONE = { width: 390, height: 844 };
const TILES = /tile\.openstreetmap\.fr/;

async function expectNoAxeViolations(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations.map((v) => `${label} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const row = (page: Page, slug: string) => page.locator(`tr[data-territory="${slug}"]`);
/** The indicator's cell of a territory in the table (third column). */
const valueCell = (page: Page, slug: string) => row(page, slug).locator("td").nth(1);

/** Opens the map and waits for its circles (tile requests are refused: the map must not need them). */
async function openMap(page: Page) {
  await page.getByRole("button", { name: /Afficher la carte|Show the map/ }).click();
  await expect(page.locator(".map-circle").first()).toBeVisible();
}

test.describe("on a phone", () => {
  test.use({ viewport: PHONE });

  test("a citizen finds the map, switches indicator and opens a territory from a popup, with no tile server", async ({ page }) => {
    const tileRequests: string[] = [];
    await page.route(TILES, (route) => {
      tileRequests.push(route.request().url());
      return route.abort();
    });
    await page.goto("/?lng=fr");
    await page.getByRole("navigation", { name: "Navigation principale" }).getByRole("link", { name: "Carte" }).click();
    await expect(page).toHaveURL(/\/carte$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Carte des Cafés IA");

    // Participation (the default): Nantes's figure (other tests add participants: its value moves), and
    // Martigues, 4 people, under the small-cell threshold.
    await expect(valueCell(page, "nantes-metropole")).toHaveText(/^\s*0,\d+ pour 1 000 habitants$/);
    await expect(valueCell(page, "martigues")).toHaveText("Moins de 5 participants");

    // Switch to "charter published".
    await page.getByLabel("Indicateur").selectOption({ label: "Charte publiée" });
    await page.getByRole("button", { name: "Afficher", exact: true }).click();
    await expect(page).toHaveURL(/indicateur=charte/);
    await expect(page.getByRole("heading", { level: 2, name: "Charte publiée" })).toBeVisible();
    await expect(valueCell(page, "toulouse-metropole")).toHaveText("Charte publiée (version 2)");
    // (Another test may publish Nantes's charter meanwhile: Paris is left alone.)
    await expect(valueCell(page, "paris")).toHaveText("Pas de charte publiée");
    await expect(page.locator(".map-legend")).toContainText("Charte publiée");

    // The map, on its plain background: région circles from afar, each named for screen readers.
    await openMap(page);
    // Occitanie: Toulouse (charter) and Montpellier (none).
    const occitanie = page.getByRole("button", { name: "Occitanie : 1 territoires sur 2 ont publié leur charte" });
    await expect(occitanie).toBeVisible();
    await occitanie.click();
    const popup = page.locator(".leaflet-popup");
    await expect(popup).toContainText("Occitanie");
    await popup.getByRole("link", { name: "Toulouse Métropole" }).click();
    await expect(page).toHaveURL(/\/territoires\/toulouse-metropole$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Toulouse Métropole");
    // The default tile server was asked for tiles and refused: nothing above needed them.
    expect(tileRequests.length).toBeGreaterThan(0);
  });

  test("the table shows the same figures as the markers, territory by territory", async ({ page }) => {
    // Reduced motion: no zoom animation (the map honours the setting), so each zoom lands at once.
    await page.emulateMedia({ reducedMotion: "reduce" });
    await page.route(TILES, (route) => route.abort());
    for (const indicator of ["participation", "charte", "crainte"]) {
      await page.goto(`/carte?lng=fr&indicateur=${indicator}`);
      await openMap(page);
      // Zoom in on Rennes (no other test writes there) until each territory has its own marker.
      // By keyboard (circles may overlap their neighbours on a phone): focus, Enter, then zoom.
      for (const area of [/^Bretagne : /, /^Ille-et-Vilaine : /]) {
        await page.getByRole("button", { name: area }).focus();
        await page.keyboard.press("Enter");
        await page.locator(".leaflet-popup").getByRole("button", { name: "Zoomer sur cette zone" }).click();
      }
      const marker = page.getByRole("button", { name: /^Rennes Métropole : / });
      await expect(marker).toBeVisible({ timeout: 15_000 });
      const table = (await valueCell(page, "rennes-metropole").innerText()).trim();
      await expect(marker).toHaveAccessibleName(`Rennes Métropole : ${table}`);
      // By keyboard: markers are focusable buttons, Enter opens the popup.
      await marker.focus();
      await page.keyboard.press("Enter");
      await expect(page.locator(".leaflet-popup [data-value]")).toHaveText(table);
      await expect(page.locator(".leaflet-popup")).toContainText(`${(await row(page, "rennes-metropole").locator("td").nth(2).innerText()).trim()} participants`);
    }
  });

  test("without JavaScript: the table, the filters and sorting work, and the page says the map needs JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto("/carte?lng=fr");
    await expect(page.getByText("La carte interactive demande JavaScript.")).toBeVisible();
    await page.getByLabel("Indicateur").selectOption("crainte");
    await page.getByRole("button", { name: "Afficher", exact: true }).click();
    await expect(page).toHaveURL(/indicateur=crainte/);
    await expect(page.getByRole("heading", { level: 2, name: "Crainte la plus exprimée" })).toBeVisible();
    // Sorting by name: a link, and the header says how the table is sorted.
    await page.getByRole("link", { name: /^Territoire \(/ }).click();
    await expect(page.getByRole("columnheader", { name: /Territoire/ })).toHaveAttribute("aria-sort", "ascending");
    await expect(page.locator("tbody tr").first()).toHaveAttribute("data-territory", "bordeaux-metropole");
    await page.getByRole("link", { name: /^Territoire \(/ }).click();
    await expect(page.getByRole("columnheader", { name: /Territoire/ })).toHaveAttribute("aria-sort", "descending");
    await expect(page.locator("tbody tr").first()).toHaveAttribute("data-territory", "toulouse-metropole");
    // Filters: communes only (Paris, Martigues), then régions (none in the demo has a consultation).
    await page.getByText("Filtres : période, public, type de territoire").click();
    await page.getByLabel("Type de territoire").selectOption("commune");
    await page.getByRole("button", { name: "Afficher", exact: true }).click();
    await expect(page.locator("tbody tr")).toHaveCount(2);
    await expect(row(page, "paris")).toBeVisible();
    await expect(row(page, "martigues").locator("td").nth(1)).toHaveText("Moins de 5 participants");
    await page.getByLabel("Type de territoire").selectOption("region");
    await page.getByRole("button", { name: "Afficher", exact: true }).click();
    await expect(page.getByText("Aucun territoire ne correspond à ces choix pour l'instant.")).toBeVisible();
    await context.close();
  });
});

test("bad query values get a message next to their field, in both languages, and the map still shows", async ({ page }) => {
  const bad = "indicateur=pire&usage=00000000-0000-4000-8000-000000000000&annee=deux&type=canton&page=-3&tri=hasard";
  await page.goto(`/carte?lng=fr&${bad}`);
  await expect(page.getByText("Cet indicateur n'existe pas : la participation est affichée.")).toBeVisible();
  await expect(page.getByLabel("Indicateur")).toHaveValue("participation");
  await expect(page.getByText("Choisissez une année de la liste.")).toBeVisible();
  await expect(page.getByLabel("Type de territoire")).toHaveAttribute("aria-invalid", "true");
  await expect(row(page, "nantes-metropole")).toBeVisible();
  await page.goto(`/carte?lng=en&indicateur=proscrit&usage=00000000-0000-4000-8000-000000000000`);
  await expect(page.getByText("This use is unknown: the first use of the list is shown.")).toBeVisible();
  await expect(page.getByLabel("Use of AI")).toHaveAttribute("aria-invalid", "true");
  const response = await page.request.get("/carte/donnees.json?indicateur=%3Cscript%3E&usage=x&page=NaN");
  expect(response.status()).toBe(200);
  expect((await response.json()).regions.length).toBeGreaterThan(0);
});

test("the map data route gives every level, coloured and written out as the table, with public caching", async ({ request }) => {
  const response = await request.get("/carte/donnees.json?indicateur=charte&lng=en");
  expect(response.headers()["cache-control"]).toBe("public, max-age=60");
  const data = await response.json();
  const toulouse = data.territories.find((t: { key: string }) => t.key === "toulouse-metropole");
  expect(toulouse).toMatchObject({ display: "Charter published (version 2)", href: "/territoires/toulouse-metropole" });
  expect(data.territories.find((t: { key: string }) => t.key === "martigues")).toMatchObject({ participants: null, size: null });
  const regions = new Map(data.regions.map((r: { name: string }) => [r.name, r]));
  expect([...regions.keys()]).toEqual(expect.arrayContaining(["Occitanie", "Pays de la Loire", "La Réunion", "Île-de-France"]));
  expect(data.departements.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(["Haute-Garonne", "Loire-Atlantique", "Hérault"]));
  // Martigues alone in its région, with 4 people: the circle gives no figure.
  expect(regions.get("Provence-Alpes-Côte d'Azur")).toMatchObject({ participants: null, size: null, count: 1 });
  // No figure from fewer than 5 participants, at any level.
  for (const item of [...data.regions, ...data.departements, ...data.territories]) {
    if (item.participants !== null) expect(item.participants).toBeGreaterThanOrEqual(5);
  }
});

for (const lng of ["fr", "en"] as const) {
  for (const [label, viewport] of [
    ["phone", PHONE],
    ["desktop", { width: 1280, height: 900 }],
  ] as const) {
    test(`axe: /carte in ${lng} on ${label}, map open`, async ({ page }) => {
      await page.route(TILES, (route) => route.abort());
      await page.setViewportSize(viewport);
      await page.goto(`/carte?lng=${lng}`);
      await expectNoAxeViolations(page, `/carte ${lng}`);
      await openMap(page);
      await page.locator(".map-circle").first().click();
      await expect(page.locator(".leaflet-popup")).toBeVisible();
      await expectNoAxeViolations(page, `/carte ${lng} map`);
    });
  }
}
