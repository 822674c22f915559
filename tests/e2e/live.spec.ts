import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { signIn } from "./utils";

// Live pages hold an event stream open: "networkidle" never comes, so these tests load pages with "load"
// and wait for the stream itself. Each test schedules its own Café IA, so its session gates no other test.
const FACILITATOR = "animation.nantes@demo.cafe-ia.test";
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "fr-FR" };
const SWITCH = { timeout: 3_000 };

test.describe.configure({ mode: "serial" });

/** A facilitator schedules a Café IA in the demo Nantes consultation and opens its live console. */
async function consoleForNewCafe(browser: Browser, title: string) {
  const page = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await signIn(page, FACILITATOR);
  await page.goto("/espace/territoires/nantes-metropole");
  await page.getByRole("link", { name: "Concertation IA 2026" }).click();
  await page.getByRole("link", { name: "Programmer un Café IA" }).click();
  await page.waitForLoadState("networkidle");
  const values: Record<string, string> = {
    "Titre de la rencontre": title,
    Date: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    "Heure de début": "18:00",
    "Heure de fin": "20:00",
    Lieu: "Salle des fêtes",
    Adresse: "1 place de la Mairie, 44000 Nantes",
    "Nombre de places": "200",
  };
  for (const [label, value] of Object.entries(values)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: "Programmer", exact: true }).click();
  const status = page.getByRole("status").filter({ hasText: "Café IA programmé" });
  await expect(status).toBeVisible();
  const code = (await status.textContent())!.match(/([A-HJ-NP-Z2-9]{6})/)![1];
  const eventPath = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Animer en direct (téléphones et projection)" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Animation en direct");
  return { console: page, code, eventPath };
}

/** Opens a live page and waits until its event stream answered. */
async function openLive(page: Page, path: string) {
  const connected = page.waitForResponse((r) => r.url().includes("/direct.stream"));
  await page.goto(path, { waitUntil: "load" });
  await connected;
}

const phonesFigure = (page: Page) => page.locator(".live-figure").filter({ hasText: "Téléphones connectés" }).locator("dd");

async function press(page: Page, name: string) {
  await page.getByRole("button", { name, exact: true }).click();
  await expect(page.getByRole("status").first()).not.toBeEmpty();
}

test("the facilitator runs the session: phones and the projector follow, a hidden contribution leaves every screen", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const title = `Café IA en direct ${Date.now()}`;
  const { console: staff, code } = await consoleForNewCafe(browser, title);
  const projector = await (await browser.newContext({ locale: "fr-FR", viewport: { width: 1920, height: 1080 } })).newPage();
  const phone = await (await browser.newContext(PHONE)).newPage();

  await openLive(projector, `/e/${code}/projecteur`);
  await expect(projector.getByRole("heading", { level: 1 })).toHaveText("Le Café IA va commencer");
  await expect(projector.locator(".projector-qr svg")).toBeVisible();
  await expect(projector.locator(".projector-code")).toContainText(code);

  await openLive(phone, `/e/${code}/direct`);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Le Café IA n’a pas encore commencé");
  // The phone counts: on the projector and on the console.
  await expect(projector.locator(".projector-count")).toHaveText("1 téléphone connecté");
  await expect(phonesFigure(staff)).toHaveText("1");

  await press(staff, "Démarrer la session");
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Accueil", SWITCH);
  await press(staff, "Passer à l’étape suivante : Espoirs et craintes");
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Espoirs et craintes", SWITCH);
  await expect(projector.getByRole("heading", { level: 1 })).toHaveText("Espoirs et craintes", SWITCH);

  await phone.getByRole("link", { name: "Donner mon avis" }).click();
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Vos espoirs et vos craintes");
  await phone.waitForLoadState("networkidle");
  const text = `Que l’IA aide à traduire les courriers de la mairie (${Date.now()})`;
  await phone.getByRole("radio", { name: "Un espoir" }).check();
  await phone.getByLabel("Votre texte").fill(text);
  await phone.getByRole("checkbox", { name: "Surveillance et contrôle social" }).check();
  await phone.getByRole("button", { name: "Envoyer" }).click();
  await expect(phone.getByRole("status").first()).toHaveText("Merci ! Votre contribution est publiée.");

  await expect(projector.locator(".postit").filter({ hasText: text })).toBeVisible(SWITCH);
  await expect(projector.locator(".projector-themes")).toContainText("Surveillance et contrôle social : 1");
  await openLive(phone, `/e/${code}/direct`);
  await expect(phone.locator("li").filter({ hasText: text })).toBeVisible();

  const item = staff.getByRole("listitem").filter({ hasText: text });
  await expect(item).toBeVisible({ timeout: 5_000 });
  await item.getByRole("button", { name: "Masquer" }).click();
  await expect(staff.getByRole("status").first()).toHaveText("Contribution masquée sur tous les écrans.");
  await expect(projector.getByText(text)).toHaveCount(0, SWITCH);
  await expect(phone.getByText(text)).toHaveCount(0, SWITCH);

  await press(staff, "Passer à l’étape suivante : Réactions");
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Réactions", SWITCH);
  // Opening the votes sends every phone to the ballot.
  await press(staff, "Passer à l’étape suivante : Votes");
  await expect(phone).toHaveURL(new RegExp(`/e/${code}/voter$`), SWITCH);
  await expect(projector.getByRole("heading", { level: 1 })).toHaveText("Votes", SWITCH);
  await press(staff, "Fermer l’étape Votes");
  await expect(projector.getByRole("heading", { level: 1 })).toContainText("Étape fermée", SWITCH);
  await press(staff, "Passer à l’étape suivante : Conclusion");
  await expect(projector.getByRole("heading", { level: 1 })).toHaveText("Merci pour votre participation !", SWITCH);
  await expect(projector.locator(".projector-totals")).toContainText("Participants");
  await press(staff, "Terminer la session");
  await expect(staff.getByText("La session est terminée.")).toBeVisible();
});

test("a participant cannot post while the facilitator keeps the phase closed; another territory's staff cannot run it", async ({
  browser,
}) => {
  const { console: staff, code, eventPath } = await consoleForNewCafe(browser, `Café IA fermé ${Date.now()}`);
  await press(staff, "Démarrer la session");
  const stranger = await (await browser.newContext({ locale: "fr-FR" })).newPage();
  await signIn(stranger, "animation.toulouse@demo.cafe-ia.test");
  const refused = await stranger.goto(`${eventPath}/direct`);
  expect(refused?.status()).toBe(404);
  await expect(stranger.getByRole("heading", { level: 1 })).toHaveText("Page introuvable");
  const post = await stranger.request.post(`${eventPath}/direct`, { form: { intent: "end" } });
  expect(post.status()).toBe(404);

  const phone = await (await browser.newContext(PHONE)).newPage();
  await phone.goto(`/e/${code}/participer`);
  await phone.waitForLoadState("networkidle");
  await phone.getByRole("radio", { name: "Une crainte" }).check();
  await phone.getByLabel("Votre texte").fill("Que tout soit décidé par une machine sans recours possible.");
  await phone.getByRole("checkbox", { name: "Surveillance et contrôle social" }).check();
  await phone.getByRole("button", { name: "Envoyer" }).click();
  await expect(phone.getByRole("alert").filter({ hasText: "n’a pas ouvert cette étape" })).toBeVisible();
  // What the person typed is still there, to send once the phase opens.
  await expect(phone.getByLabel("Votre texte")).toHaveValue("Que tout soit décidé par une machine sans recours possible.");
  await press(staff, "Terminer la session");
});

test("a phone that loses the event stream says it is reconnecting, polls, and shows the right phase", async ({ browser }) => {
  test.setTimeout(90_000);
  const { console: staff, code } = await consoleForNewCafe(browser, `Café IA coupé ${Date.now()}`);
  await press(staff, "Démarrer la session");
  const phone = await (await browser.newContext(PHONE)).newPage();
  const connection = phone.locator(".live-connection");

  // The network cuts the stream right after its first snapshot, and refuses every new attempt (polling still gets through).
  let attempts = 0;
  await phone.route("**/direct.stream*", async (route) => {
    if (++attempts > 1) return route.abort("internetdisconnected");
    const snapshot = await (await route.fetch({ url: route.request().url().replace("direct.stream", "direct.json") })).text();
    await route.fulfill({
      status: 200,
      contentType: "text/event-stream",
      body: `retry: 1000\n\nevent: snapshot\ndata: ${snapshot}\n\n`,
    });
  });
  await phone.goto(`/e/${code}/direct`, { waitUntil: "load" });
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Accueil");
  await expect(connection).toHaveText("Reconnexion…", { timeout: 5_000 });
  await expect(connection).toHaveAttribute("role", "status");

  await press(staff, "Passer à l’étape suivante : Espoirs et craintes");
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Espoirs et craintes", { timeout: 10_000 });
  await expect(phone.getByRole("link", { name: "Donner mon avis" })).toBeVisible();
  await expect(connection).toHaveText("Reconnexion…");
  expect(attempts).toBeGreaterThanOrEqual(1);

  // The network is back: the phone reconnects to the stream, stops saying so, and follows it again.
  await phone.unroute("**/direct.stream*");
  await expect(connection).toHaveText("", { timeout: 25_000 });
  await expect(phonesFigure(staff)).toHaveText("1");
  await press(staff, "Fermer l’étape Espoirs et craintes");
  await expect(phone.locator(".lead")).toHaveText(
    "Cette étape est fermée pour l’instant. Attendez le signal de l’animateur.",
    SWITCH
  );
  await press(staff, "Terminer la session");
});

test("without JavaScript, a refresh shows the current phase", async ({ browser }) => {
  const { console: staff, code } = await consoleForNewCafe(browser, `Café IA sans JS ${Date.now()}`);
  const phone = await (await browser.newContext({ ...PHONE, javaScriptEnabled: false })).newPage();
  await phone.goto(`/e/${code}/direct`);
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Le Café IA n’a pas encore commencé");
  await press(staff, "Démarrer la session");
  await press(staff, "Passer à l’étape suivante : Espoirs et craintes");
  await phone.getByRole("link", { name: "Actualiser la page" }).click();
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Espoirs et craintes");
  await expect(phone.getByRole("link", { name: "Donner mon avis" })).toHaveAttribute("href", `/e/${code}/participer`);
  // A phone that joined by code finds the live page from the event's page.
  await phone.goto(`/e/${code}`);
  await phone.getByRole("link", { name: "Ce Café IA se déroule en ce moment : suivez-le en direct" }).click();
  await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Espoirs et craintes");
  await press(staff, "Terminer la session");
});

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
async function scan(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(results.violations.map((v) => `${label} ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("no axe violations and no hydration error on the phone page, the console and the projector, in French and English", async ({ browser }) => {
  test.setTimeout(120_000);
  const { console: staff, code, eventPath } = await consoleForNewCafe(browser, `Café IA accessible ${Date.now()}`);
  const phone = await (await browser.newContext(PHONE)).newPage();
  const projector = await (await browser.newContext({ locale: "fr-FR", viewport: { width: 1280, height: 720 } })).newPage();
  const pages = (lng: string) =>
    [
      [phone, `/e/${code}/direct?lng=${lng}`],
      [projector, `/e/${code}/projecteur?lng=${lng}`],
      [staff, `${eventPath}/direct?lng=${lng}`],
    ] as const;
  // The same pass checks that each page hydrates the server's HTML (React errors #418/#423/#425 otherwise).
  const errors: string[] = [];
  for (const page of [phone, projector, staff]) {
    page.on("pageerror", (error) => errors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error" && /React|hydrat/i.test(message.text())) errors.push(message.text());
    });
  }
  for (const stage of ["before", "contributions", "votes"]) {
    if (stage === "contributions") {
      await staff.goto(`${eventPath}/direct?lng=fr`);
      await press(staff, "Démarrer la session");
      await press(staff, "Passer à l’étape suivante : Espoirs et craintes");
      await phone.goto(`/e/${code}/participer?lng=fr`);
      await phone.waitForLoadState("networkidle");
      await phone.getByRole("radio", { name: "Un espoir" }).check();
      await phone.getByLabel("Votre texte").fill("Des démarches plus simples pour les personnes qui lisent mal le français.");
      await phone.getByRole("checkbox", { name: "Surveillance et contrôle social" }).check();
      await phone.getByRole("button", { name: "Envoyer" }).click();
      await expect(phone.getByRole("status").first()).toHaveText("Merci ! Votre contribution est publiée.");
    }
    if (stage === "votes") {
      await staff.goto(`${eventPath}/direct?lng=fr`);
      await press(staff, "Passer à l’étape suivante : Réactions");
      await press(staff, "Passer à l’étape suivante : Votes");
    }
    for (const lng of ["fr", "en"]) {
      for (const [page, path] of pages(lng)) {
        await openLive(page, path);
        await expect(page.locator("html")).toHaveAttribute("lang", lng);
        await scan(page, `${stage} ${path}`);
      }
    }
  }
  expect(errors).toEqual([]);
  await staff.goto(`${eventPath}/direct?lng=fr`);
  await press(staff, "Terminer la session");
});
