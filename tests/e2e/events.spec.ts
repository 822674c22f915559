import { expect, test, waitForHydrationOnGoto, type Page } from "./fixtures";
import { signIn } from "./utils";

const NANTES_FACILITATOR = "animation.nantes@demo.cafe-ia.test";
const TOULOUSE_FACILITATOR = "animation.toulouse@demo.cafe-ia.test";

function futureDate(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

async function openNewEventForm(page: Page) {
  await signIn(page, NANTES_FACILITATOR);
  await page.getByRole("link", { name: "Nantes Métropole" }).first().click();
  await page.getByRole("link", { name: "Concertation IA 2026" }).click();
  await page.getByRole("link", { name: "Programmer un Café IA" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Programmer un Café IA" })).toBeVisible();
}

async function fillEvent(page: Page, over: Record<string, string> = {}) {
  const values: Record<string, string> = {
    "Titre de la rencontre": "Café IA des aînés",
    Date: futureDate(20),
    "Heure de début": "14:30",
    "Heure de fin": "16:30",
    Lieu: "Résidence Les Tilleuls",
    Adresse: "3 rue des Tilleuls, 44000 Nantes",
    "Nombre de places": "25",
    ...over,
  };
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
}

test("a facilitator schedules a Café IA on desktop and gets its code", async ({ page }) => {
  await openNewEventForm(page);
  await fillEvent(page);
  await page.getByLabel("Public", { exact: true }).selectOption({ label: "Seniors" });
  await page.getByRole("button", { name: "Programmer", exact: true }).click();
  const status = page.getByRole("status");
  await expect(status).toContainText("Café IA programmé. Son code :");
  const code = (await status.textContent())!.match(/([A-HJ-NP-Z2-9]{6})/)![1];
  await page.getByRole("link", { name: "page publique" }).click();
  await expect(page).toHaveURL(new RegExp(`/e/${code}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Café IA des aînés");
  await expect(page.getByText("Résidence Les Tilleuls, 3 rue des Tilleuls, 44000 Nantes")).toBeVisible();
  await expect(page.getByText("Seniors")).toBeVisible();
  await expect(page.getByText(/14:30/)).toBeVisible();
});

test("bad input gets field errors in French and English and schedules nothing", async ({ page }) => {
  await openNewEventForm(page);
  const formUrl = page.url();
  const submit = () => page.getByRole("button", { name: "Programmer", exact: true }).click();
  const cases: [Record<string, string>, string, string][] = [
    [{ "Heure de fin": "13:00" }, "endTime", "La fin doit être après le début."],
    [{ Date: futureDate(-3) }, "date", "Cette date est passée : choisissez une date à venir."],
    [{ "Nombre de places": "0" }, "capacity", "Indiquez un nombre de places entre 1 et 5 000."],
    [{ "Nombre de places": "100000" }, "capacity", "Indiquez un nombre de places entre 1 et 5 000."],
    [{ "Titre de la rencontre": "x".repeat(10_000) }, "title", "Ce texte est trop long."],
    [{ Latitude: "0", Longitude: "0" }, "latitude", "Ce point est hors de France : placez l'épingle sur le lieu de la rencontre."],
  ];
  for (const [over, field, message] of cases) {
    await page.goto(formUrl);
    await fillEvent(page, over);
    await submit();
    await expect(page.locator(`#${field}-error`)).toHaveText(message);
    await expect(page.getByRole("alert").first()).toBeVisible();
    expect(page.url()).toBe(formUrl);
  }
  await page.goto(`${formUrl}?lng=en`);
  await page.getByLabel("Event title", { exact: true }).fill("Test");
  await page.getByLabel("Date", { exact: true }).fill(futureDate(5));
  await page.getByLabel("Start time", { exact: true }).fill("18:00");
  await page.getByLabel("End time", { exact: true }).fill("17:00");
  await page.getByLabel("Venue", { exact: true }).fill("Salle");
  await page.getByLabel("Address", { exact: true }).fill("1 rue X");
  await page.getByLabel("Number of places", { exact: true }).fill("0");
  await page.getByRole("button", { name: "Schedule", exact: true }).click();
  await expect(page.locator("#endTime-error")).toHaveText("The end must be after the start.");
  await expect(page.locator("#capacity-error")).toHaveText("Enter a number of places between 1 and 5,000.");

  // Nothing was scheduled by any of these attempts.
  await page.goto(formUrl.replace("/nouveau-cafe", "") + "?lng=fr");
  await expect(page.getByRole("link", { name: "Test" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "x".repeat(50), exact: false })).toHaveCount(0);
});

test("staff of another territory cannot reach Nantes' consultation", async ({ page }) => {
  await signIn(page, NANTES_FACILITATOR);
  await page.getByRole("link", { name: "Nantes Métropole" }).first().click();
  await page.getByRole("link", { name: "Concertation IA 2026" }).click();
  const url = page.url();
  await page.getByRole("button", { name: "Se déconnecter" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Se connecter" })).toBeVisible();
  await signIn(page, TOULOUSE_FACILITATOR);
  const response = await page.goto(url);
  expect(response?.status()).toBe(404);
  const schedule = await page.goto(`${url}/nouveau-cafe`);
  expect(schedule?.status()).toBe(404);
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(`a citizen on a phone ${javaScriptEnabled ? "with" : "without"} JavaScript`, () => {
    test.use({ javaScriptEnabled, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

    test("opens a Café IA by its code, registers, gets the calendar file and cancels", async ({ page, request }) => {
      await page.goto("/");
      await page.getByLabel("Code de la rencontre").fill("nant 26");
      await page.getByRole("button", { name: "Rejoindre" }).click();
      await expect(page).toHaveURL(/\/e\/NANT26$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Café IA à la médiathèque");

      const ics = await request.get("/e/NANT26/calendrier.ics");
      expect(ics.status()).toBe(200);
      expect(ics.headers()["content-type"]).toContain("text/calendar");
      expect(await ics.text()).toContain("DTSTART;TZID=Europe/Paris:");
      await expect(page.getByRole("link", { name: "Ajouter à mon agenda (.ics)" })).toHaveAttribute("href", "/e/NANT26/calendrier.ics");

      const name = `Camille${javaScriptEnabled ? "JS" : "NoJS"}`;
      await page.getByLabel("Prénom").fill(name);
      await page.getByLabel("E-mail (facultatif)").fill(`${name.toLowerCase()}@exemple.fr`);
      await page.getByRole("button", { name: "M'inscrire" }).click();
      await expect(page.getByRole("status")).toContainText("Vous êtes inscrit·e.");
      const cancelLink = page.getByRole("link", { name: /\/inscription\// });
      const href = (await cancelLink.getAttribute("href"))!;

      // Back on the page later, the phone remembers the registration.
      await page.goto("/e/NANT26");
      await expect(page.getByRole("status")).toContainText("Vous êtes inscrit·e.");

      await page.goto(href);
      await expect(page.getByText(`Inscription de ${name} : confirmée.`)).toBeVisible();
      await page.getByRole("button", { name: "Annuler mon inscription" }).click();
      await expect(page.getByRole("status")).toHaveText("Votre inscription est annulée. Merci d'avoir libéré la place.");
      await page.goto("/e/NANT26");
      await expect(page.getByRole("button", { name: "M'inscrire" })).toBeVisible();
    });

    test("an unknown code gets a helpful page, not an error", async ({ page }) => {
      await page.goto("/");
      await page.getByLabel("Code de la rencontre").fill("ZZZ999");
      await page.getByRole("button", { name: "Rejoindre" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aucun Café IA avec ce code");
      await expect(page.getByRole("alert")).toContainText("ZZZ999");
      await expect(page.getByLabel("Code de la rencontre")).toBeVisible();
      const response = await page.request.get("/e/ZZZ999");
      expect(response.status()).toBe(404);
    });
  });
}

test("a registration with a wrong email gets a message and registers nothing", async ({ page }) => {
  await page.goto("/e/NANT26?lng=en");
  await page.getByLabel("First name").fill("Dominique");
  await page.getByLabel("Email (optional)").fill("not-an-email");
  await page.getByRole("button", { name: "Register" }).click();
  await expect(page.locator("#email-error")).toHaveText("Enter a valid email address, for example firstname.lastname@town.fr.");
  await page.goto("/e/NANT26?lng=en");
  await expect(page.getByRole("button", { name: "Register" })).toBeVisible();
});

test("the facilitator sees registrations and exports them as CSV", async ({ page, browser }) => {
  const citizen = waitForHydrationOnGoto(await browser.newPage({ locale: "fr-FR" }));
  await citizen.goto("/e/TLSE26");
  await citizen.getByLabel("Prénom").fill("Aurélien");
  await citizen.getByRole("button", { name: "M'inscrire" }).click();
  await expect(citizen.getByRole("status")).toContainText("Vous êtes inscrit·e.");
  await citizen.close();

  await signIn(page, TOULOUSE_FACILITATOR);
  await page.getByRole("link", { name: "Toulouse Métropole" }).first().click();
  await page.getByRole("link", { name: "L'IA dans nos services publics" }).click();
  await page.getByRole("link", { name: "Café IA au Capitole" }).click();
  await expect(page.getByRole("cell", { name: "Aurélien" })).toBeVisible();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Télécharger les inscriptions (CSV)" }).click();
  const file = await download;
  const text = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(text).toString("utf8")).toMatch(/"Aurélien","","confirmée"/);
  // Deleting is refused before the event.
  await expect(page.getByRole("button", { name: "Supprimer toutes les inscriptions" })).toBeDisabled();
});
