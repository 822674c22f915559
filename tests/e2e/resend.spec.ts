import { expect, test, waitForHydrationOnGoto, type Browser, type Page, type Request, type Route } from "./fixtures";
import { signIn } from "./utils";

// Issue 9: nothing a person typed is lost when the network drops. Every test here runs on a consultation
// and a Café IA of its own (created below in Toulouse Métropole; no other test writes to it), so that
// "exactly one copy" can be counted exactly.
test.describe.configure({ mode: "serial" });
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const FACILITATOR = "animation.toulouse@demo.cafe-ia.test";
const RESENDING = "Connexion perdue : nouvel envoi en cours…";
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let code = "";

const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** A facilitator opens a consultation, puts one use to the vote and schedules a Café IA: its join code. */
async function scheduleOwnEvent(browser: Browser) {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = waitForHydrationOnGoto(await context.newPage());
  await signIn(page, FACILITATOR);
  await page.goto("/espace/territoires/toulouse-metropole?lng=fr");
  await page.getByLabel("Titre de la concertation").fill(`Reprise du réseau ${run}`);
  await page.getByLabel("Début", { exact: true }).fill(day(-1));
  await page.getByLabel("Fin", { exact: true }).fill(day(60));
  await page.getByLabel("État").selectOption({ label: "Ouverte" });
  await page.getByRole("button", { name: "Créer la concertation" }).click();
  await expect(page).toHaveURL(/\/espace\/concertations\/[0-9a-f-]{36}$/);
  const consultation = new URL(page.url()).pathname;
  await page.waitForLoadState("networkidle");

  await page.getByRole("link", { name: "Choisir les usages mis au vote et la visibilité des résultats" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Usages de l'IA mis au vote");
  await page.waitForLoadState("networkidle");
  await page.getByRole("checkbox").first().check();
  await page.getByRole("button", { name: "Enregistrer la sélection" }).click();
  await expect(page.getByRole("status")).toHaveText("Sélection enregistrée : 1 usage mis au vote.");

  await page.goto(`${consultation}?lng=fr`);
  await page.getByRole("link", { name: "Programmer un Café IA" }).click();
  const fields: Record<string, string> = {
    "Titre de la rencontre": `Café IA hors ligne ${run}`,
    Date: day(30),
    "Heure de début": "18:00",
    "Heure de fin": "20:00",
    Lieu: "Médiathèque de Blagnac",
    Adresse: "1 place des Arts, 31700 Blagnac",
    "Nombre de places": "40",
  };
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole("button", { name: "Programmer", exact: true }).click();
  await expect(page.getByRole("status")).toContainText("Café IA programmé. Son code :");
  const found = (await page.getByRole("status").textContent())!.match(/([A-HJ-NP-Z2-9]{6})/)![1];
  await context.close();
  return found;
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  code = await scheduleOwnEvent(browser);
});

const disconnect = (route: Route) => route.abort("internetdisconnected");

/** Fails the first `failures` submissions (POSTs to `path`) the way a dropped network does, then lets them through. */
async function dropFirst(page: Page, path: string, failures: number, drop: (route: Route, attempt: number) => Promise<void> = disconnect) {
  const attempts: Request[] = [];
  await page.route(
    (url) => url.pathname === `${path}.data`,
    async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      attempts.push(route.request());
      return attempts.length <= failures ? drop(route, attempts.length) : route.continue();
    },
  );
  return attempts;
}

/**
 * The server received and committed the submission, but its answer never reached the phone, nor the
 * participant cookie it may have set (route.fetch() shares the context's cookie jar: put it back).
 */
async function answerLost(route: Route) {
  const context = route.request().frame().page().context();
  const cookies = await context.cookies();
  const response = await route.fetch();
  expect([200, 202]).toContain(response.status()); // 202: single fetch's answer for a redirect
  await context.clearCookies();
  await context.addCookies(cookies);
  await route.abort("internetdisconnected");
}

async function openContribute(page: Page) {
  await page.goto(`/e/${code}/participer?lng=fr`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Vos espoirs et vos craintes");
}

async function writeHope(page: Page, text: string) {
  await page.getByRole("radio", { name: "Un espoir" }).check();
  await page.getByLabel("Votre texte").fill(text);
  await page.getByRole("checkbox", { name: "Qualité et simplicité du service public" }).check();
}

/** How many contributions of the page hold `text`, as a fresh load of the page shows them. */
async function copiesAfterReload(page: Page, text: string) {
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  return page.locator("li.contribution .contribution-body").filter({ hasText: text }).count();
}

test("a hope sent while the network drops twice is sent again with the same key and published once", async ({ page }) => {
  await openContribute(page);
  const text = `Que l'accueil reste humain même avec l'IA (${run} coupures)`;
  const attempts = await dropFirst(page, `/e/${code}/participer`, 2);
  await writeHope(page, text);
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByText(RESENDING)).toBeVisible();
  await expect(page.getByRole("button", { name: "Envoyer" })).toBeDisabled();
  await expect(page.getByRole("status").first()).toHaveText("Merci ! Votre contribution est publiée.");
  await expect(page.getByText(RESENDING)).toHaveCount(0);
  expect(attempts).toHaveLength(3);
  const keys = attempts.map((r) => new URLSearchParams(r.postData() ?? "").get("requestKey"));
  expect(new Set(keys).size).toBe(1);
  expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
  await expect(page.locator("li.contribution").filter({ hasText: text })).toHaveCount(1);
  expect(await copiesAfterReload(page, text)).toBe(1);
});

test("a hope sent while the phone is offline goes as soon as it is back online, once", async ({ page, context }) => {
  await openContribute(page);
  const text = `Des démarches en ligne qui marchent aussi hors connexion (${run} hors ligne)`;
  await writeHope(page, text);
  await context.setOffline(true);
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByText(RESENDING)).toBeVisible();
  await page.waitForTimeout(3_000);
  await expect(page.getByRole("button", { name: "Envoyer" })).toBeDisabled();
  await context.setOffline(false);
  await expect(page.getByRole("status").first()).toHaveText("Merci ! Votre contribution est publiée.");
  expect(await copiesAfterReload(page, text)).toBe(1);
});

test("a hope the server recorded but whose answer was lost is not recorded twice", async ({ page }) => {
  await openContribute(page);
  const text = `Que chaque décision automatisée soit expliquée (${run} réponse perdue)`;
  const attempts = await dropFirst(page, `/e/${code}/participer`, 1, answerLost);
  await writeHope(page, text);
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByRole("status").first()).toHaveText("Merci ! Votre contribution est publiée.");
  expect(attempts).toHaveLength(2);
  // The participant issued by the first (lost) answer is the one the retry gets: the text is the author's own.
  await expect(page.locator("li.contribution").filter({ hasText: text })).toContainText("votre contribution");
  expect(await copiesAfterReload(page, text)).toBe(1);
});

test("after two minutes without network the page gives up, keeps the text, and sending again records it once", async ({ page }) => {
  await page.clock.install();
  await openContribute(page);
  const text = `Que les agents soient formés avant tout outil d'IA (${run} abandon)`;
  // Every attempt reaches the server but no answer comes back: the first one is recorded.
  const attempts = await dropFirst(page, `/e/${code}/participer`, Infinity, answerLost);
  await writeHope(page, text);
  await page.getByRole("button", { name: "Envoyer" }).click();
  await expect(page.getByText(RESENDING)).toBeVisible();
  await page.clock.runFor(1_000);
  await expect.poll(() => attempts.length).toBe(2);
  await page.clock.runFor(120_000);
  await expect(page.getByRole("alert")).toHaveText(/^Envoi impossible : la connexion ne revient pas\. Rien n’est perdu/);
  await expect(page.getByText(RESENDING)).toHaveCount(0);
  await expect(page.getByLabel("Votre texte")).toHaveValue(text);
  await expect(page.getByRole("radio", { name: "Un espoir" })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Qualité et simplicité du service public" })).toBeChecked();
  await expect(page.getByRole("button", { name: "Envoyer" })).toBeEnabled();

  // Sending again once the network is back: the same key, so the copy the server already has is the one.
  await page.unrouteAll({ behavior: "wait" });
  const resent = page.waitForRequest((r) => r.method() === "POST");
  await page.getByRole("button", { name: "Envoyer" }).click();
  const key = (r: Request) => new URLSearchParams(r.postData() ?? "").get("requestKey");
  expect(key(await resent)).toBe(key(attempts[0]));
  await expect(page.getByRole("status").first()).toHaveText("Merci ! Votre contribution est publiée.");
  expect(await copiesAfterReload(page, text)).toBe(1);
});

test("a reaction whose answer was lost, then sent while the network drops, is counted once", async ({ page, browser }) => {
  // Someone else's contribution to react to.
  const author = waitForHydrationOnGoto(await browser.newPage({ locale: "fr-FR" }));
  await openContribute(author);
  const text = `Un guichet humain pour qui ne veut pas de l'IA (${run} réaction)`;
  await writeHope(author, text);
  await author.getByRole("button", { name: "Envoyer" }).click();
  await expect(author.getByRole("status").first()).toHaveText("Merci ! Votre contribution est publiée.");
  await author.close();

  await openContribute(page);
  const item = page.locator("li.contribution").filter({ hasText: text });
  // A first-time participant: the first attempt is recorded (with a new participant) but its answer is lost.
  const attempts = await dropFirst(page, `/e/${code}/participer`, 2, (route, attempt) => (attempt === 1 ? answerLost(route) : disconnect(route)));
  await item.getByRole("button", { name: "Je partage" }).click();
  await expect(item.getByText(RESENDING)).toBeVisible();
  await expect(item).toContainText("1 partagent · 0 ne partagent pas · 0 passent");
  await expect(item.getByText(RESENDING)).toHaveCount(0);
  expect(attempts).toHaveLength(3);
  await page.reload();
  await expect(page.locator("li.contribution").filter({ hasText: text })).toContainText("1 partagent · 0 ne partagent pas · 0 passent");
});

async function vote(page: Page) {
  await page.goto(`/e/${code}/voter?lng=fr`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quels usages de l’IA faut-il proscrire ?");
  await page.locator("section.use-card").first().getByRole("radio", { name: "À proscrire" }).check();
  await page.getByRole("button", { name: "Enregistrer mes votes" }).click();
}

const proscribed = (page: Page) =>
  page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "À proscrire", exact: true }) }).getByRole("cell").first();

test("a ballot sent while the network drops twice, then one whose answer was lost, count one vote each", async ({ page, browser }) => {
  const attempts = await dropFirst(page, `/e/${code}/voter`, 2);
  await vote(page);
  await expect(page.getByText(RESENDING)).toBeVisible();
  await expect(page.getByRole("button", { name: "Enregistrement…" })).toBeDisabled();
  await expect(page.getByRole("status")).toHaveText("Merci, votre vote est enregistré.");
  expect(attempts).toHaveLength(3);
  await expect(proscribed(page)).toHaveText("1");

  // Another phone, first time here: the server records its vote, the answer (and its cookie) is lost.
  const other = waitForHydrationOnGoto(await browser.newPage({ locale: "fr-FR", viewport: { width: 390, height: 844 } }));
  const lost = await dropFirst(other, `/e/${code}/voter`, 1, answerLost);
  await vote(other);
  await expect(other.getByRole("status")).toHaveText("Merci, votre vote est enregistré.");
  expect(lost).toHaveLength(2);
  await expect(proscribed(other)).toHaveText("2");
  await other.close();
  await page.reload();
  await expect(proscribed(page)).toHaveText("2");
});
