import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "./fixtures";
import { nantesStaffPages, signIn } from "./utils";

const NANTES_FACILITATOR = "animation.nantes@demo.cafe-ia.test";
const TOULOUSE_FACILITATOR = "animation.toulouse@demo.cafe-ia.test";

async function nantesPages(page: Page) {
  const { consultation, event } = await nantesStaffPages(page);
  return { moderation: `${consultation}/moderation`, paper: `${event}/papier` };
}

/** Opens a page and waits until it is interactive: Remix's hydration cancels a form post already on its way. */
async function openReady(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test("a facilitator types five paper notes with the keyboard only, then hides and restores one", async ({ page }) => {
  await signIn(page, NANTES_FACILITATOR);
  const pages = await nantesPages(page);
  await openReady(page, `${pages.paper}?lng=fr`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Saisir les notes papier");

  const text = page.getByLabel("Texte de la note");
  const status = page.locator("#paper-status");
  const run = unique();
  const notes = [
    `Des réponses plus rapides le soir ${run}-1`,
    `Peur que les données de santé fuient ${run}-2`,
    `Que l'IA remplace les agents d'accueil ${run}-3`,
    `Moins de paperasse pour les aides ${run}-4`,
    `Des caméras partout dans la ville ${run}-5`,
  ];
  const numbers: number[] = [];
  const saved = async () => {
    await expect(status).toHaveText(/^Note enregistrée \(n° \d+\)$/);
    if (numbers.length) await expect(status).not.toHaveText(`Note enregistrée (n° ${numbers[numbers.length - 1]})`);
    numbers.push(Number((await status.textContent())!.match(/\d+/)![0]));
    await expect(text).toBeFocused();
    await expect(text).toHaveValue("");
    await expect(page.locator("input[name='themes[]']:checked")).toHaveCount(0);
  };

  // 1: the text is focused on arrival; Tab to the kind (Space picks "Espoir"), Tab to the first theme, Space, Enter.
  await expect(text).toBeFocused();
  await page.keyboard.type(notes[0]);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.keyboard.press("Enter");
  await saved();
  await expect(page.getByRole("radio", { name: "Espoir" })).toBeChecked();

  // 2: the kind stayed; an arrow turns it into "Crainte"; Tab three times to the third theme; two Enters save once.
  await page.keyboard.type(notes[1]);
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowDown");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await saved();
  await expect(page.getByRole("radio", { name: "Crainte" })).toBeChecked();

  // 3: letters shown beside the themes tick them while focus is on a theme.
  await page.keyboard.type(notes[2]);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("a");
  await page.keyboard.press("h");
  await expect(page.locator("input[name='themes[]']:checked")).toHaveCount(2);
  await page.keyboard.press("Enter");
  await saved();

  // 4: back to "Espoir"; Ctrl+Enter from the text saves too.
  await page.keyboard.type(notes[3]);
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Space");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  await expect(text).toBeFocused();
  await page.keyboard.press("Control+Enter");
  await saved();

  // 5
  await page.keyboard.type(notes[4]);
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Tab");
  await page.keyboard.press("d");
  await page.keyboard.press("Enter");
  await saved();

  expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
  expect(new Set(numbers).size).toBe(5);
  const list = page.getByRole("region", { name: /saisies? pour ce Café IA/ });
  for (const note of notes) await expect(list.getByText(note, { exact: true })).toHaveCount(1);
  // Newest first.
  const bodies = await list.locator(".contribution-body").allTextContents();
  const mine = bodies.filter((b) => b.includes(run));
  expect(mine).toEqual([...notes].reverse());
  // The double Enter on the second note saved it once.
  expect(bodies.filter((b) => b === notes[1])).toHaveLength(1);

  // Moderation: hide the second note with a reason; it is logged with the facilitator's email.
  await openReady(page, `${pages.moderation}?lng=fr`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Modération des espoirs et craintes");
  const item = page.locator("li.card").filter({ hasText: notes[1] });
  await expect(item).toContainText("Papier");
  await expect(item).toContainText("Café IA à la médiathèque");
  await expect(item).toContainText("Visible");
  await item.getByRole("button", { name: "Masquer" }).click();
  await expect(item.getByRole("alert")).toHaveText("Ce texte est trop court.");
  await item.getByLabel("Motif de la décision").fill(`Données de santé : hors du cadre de la concertation ${run}`);
  await item.getByRole("button", { name: "Masquer" }).click();
  await expect(item.getByRole("status")).toHaveText("Contribution masquée. La décision est consignée au journal.");
  await expect(item).toContainText("Masquée");
  await expect(item.getByRole("button", { name: "Rétablir" })).toBeVisible();
  const logRow = page.getByRole("row").filter({ hasText: `Données de santé : hors du cadre de la concertation ${run}` });
  await expect(logRow).toHaveCount(1);
  await expect(logRow).toContainText(NANTES_FACILITATOR);
  await expect(logRow).toContainText("Masquée");
  await expect(logRow).toContainText(notes[1].slice(0, 30));

  // The paper page shows it as hidden; it is still listed (nothing is deleted).
  await page.goto(`${pages.paper}?lng=fr`);
  await expect(page.locator("li.card").filter({ hasText: notes[1] })).toContainText("masquée");

  // Restore it.
  await openReady(page, `${pages.moderation}?lng=fr&statut=hidden`);
  const hidden = page.locator("li.card").filter({ hasText: notes[1] });
  await hidden.getByLabel("Motif de la décision").fill(`Relu : la crainte est légitime ${run}`);
  await hidden.getByRole("button", { name: "Rétablir" }).click();
  await expect(hidden.getByRole("status")).toHaveText("Contribution visible. La décision est consignée au journal.");
  await page.goto(`${pages.moderation}?lng=fr`);
  await expect(page.locator("li.card").filter({ hasText: notes[1] })).toContainText("Visible");
  const restored = page.getByRole("row").filter({ hasText: `Relu : la crainte est légitime ${run}` });
  await expect(restored).toContainText(NANTES_FACILITATOR);
  await expect(restored).toContainText("Rendue visible");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a paper note is typed with a plain form post and the kind stays selected", async ({ page }) => {
    await signIn(page, NANTES_FACILITATOR);
    const pages = await nantesPages(page);
    await page.goto(`${pages.paper}?lng=fr`);
    const run = unique();
    const note = `Une note sans JavaScript ${run}`;
    await page.getByRole("radio", { name: "Crainte" }).check();
    await page.getByLabel("Texte de la note").fill("ab");
    await page.getByRole("button", { name: "Enregistrer la note" }).click();
    await expect(page.locator("#body-error")).toHaveText("Écrivez entre 3 et 500 caractères.");
    await expect(page.locator("#themes-error")).toHaveText("Choisissez un ou deux thèmes.");
    await expect(page.getByLabel("Texte de la note")).toHaveValue("ab");
    await page.getByLabel("Texte de la note").fill(note);
    await page.getByRole("radio", { name: "Crainte" }).check();
    await page.locator("#theme-democracy").check();
    await page.getByRole("button", { name: "Enregistrer la note" }).click();
    await expect(page.locator("#paper-status")).toHaveText(/^Note enregistrée \(n° \d+\)$/);
    await expect(page.locator("li.card").filter({ hasText: note })).toHaveCount(1);
    await expect(page.getByRole("radio", { name: "Crainte" })).toBeChecked();
    await expect(page.getByLabel("Texte de la note")).toHaveValue("");

    // Hiding works without JavaScript too.
    await page.goto(`${pages.moderation}?lng=fr`);
    const item = page.locator("li.card").filter({ hasText: note });
    await item.getByLabel("Motif de la décision").fill(`Test sans JavaScript ${run}`);
    await item.getByRole("button", { name: "Masquer" }).click();
    await expect(page.locator("li.card").filter({ hasText: note })).toContainText("Masquée");
    await expect(page.getByRole("row").filter({ hasText: `Test sans JavaScript ${run}` })).toContainText(NANTES_FACILITATOR);
  });
});

async function asToulouse(browser: Browser, paths: string[]) {
  const context = await browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  await signIn(page, TOULOUSE_FACILITATOR);
  const statuses = [];
  for (const path of paths) statuses.push((await page.goto(path))?.status());
  await context.close();
  return statuses;
}

test("staff of another territory get 404 on both pages, and a visitor is sent to sign in", async ({ page, browser }) => {
  await signIn(page, NANTES_FACILITATOR);
  const pages = await nantesPages(page);
  expect(await asToulouse(browser, [pages.moderation, pages.paper])).toEqual([404, 404]);
  const visitor = await browser.newPage();
  await visitor.goto(pages.paper);
  await expect(visitor).toHaveURL(/\/connexion\?redirectTo=/);
  await visitor.close();
  // Posting directly does nothing either.
  const context = await browser.newContext();
  const other = await context.newPage();
  await signIn(other, TOULOUSE_FACILITATOR);
  const post = await other.request.post(pages.paper, { form: { kind: "hope", body: "Intrusion depuis Toulouse", "themes[]": "jobs" } });
  expect(post.status()).toBe(404);
  await context.close();
});

test("bad input in paper mode gets translated errors next to the fields; markup is stored and shown as text", async ({ page }) => {
  await signIn(page, NANTES_FACILITATOR);
  const pages = await nantesPages(page);
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await openReady(page, `${pages.paper}?lng=fr`);
  const text = page.getByLabel("Texte de la note");
  const submit = page.getByRole("button", { name: "Enregistrer la note" });
  const tick = async (...ids: string[]) => {
    for (const id of ids) await page.locator(`#theme-${id}`).check();
  };

  await submit.click();
  await expect(page.locator("#body-error")).toHaveText("Écrivez entre 3 et 500 caractères.");
  await expect(page.locator("#kind-error")).toHaveText("Choisissez : espoir ou crainte.");
  await expect(page.locator("#themes-error")).toHaveText("Choisissez un ou deux thèmes.");
  await expect(text).toBeFocused();
  await expect(text).toHaveAttribute("aria-invalid", "true");

  await page.getByRole("radio", { name: "Espoir" }).check();
  await text.fill("ab");
  await tick("jobs");
  await submit.click();
  await expect(page.locator("#body-error")).toHaveText("Écrivez entre 3 et 500 caractères.");
  await expect(page.locator("#themes-error")).toHaveCount(0);
  // What was typed is kept.
  await expect(text).toHaveValue("ab");
  await expect(page.locator("#theme-jobs")).toBeChecked();

  await text.fill("x".repeat(501));
  await submit.click();
  await expect(page.locator("#body-error")).toHaveText("Écrivez entre 3 et 500 caractères.");

  await text.fill("Trois thèmes, c'est trop");
  await tick("bias", "privacy");
  await submit.click();
  await expect(page.locator("#themes-error")).toHaveText("Choisissez un ou deux thèmes.");
  await expect(page.locator("#body-error")).toHaveCount(0);

  const script = `<script>alert(1)</script> ${unique()}`;
  await text.fill(script);
  await page.locator("#theme-bias").uncheck();
  await page.locator("#theme-privacy").uncheck();
  await submit.click();
  await expect(page.locator("#paper-status")).toHaveText(/^Note enregistrée/);
  await expect(page.locator("li.card").filter({ hasText: script })).toHaveCount(1);
  // The page's own data script carries the text (escaped); no script element of its own may appear.
  const injected = () => page.evaluate(() => [...document.querySelectorAll("script")].filter((s) => s.textContent?.trim() === "alert(1)").length);
  await page.reload();
  await expect(page.getByText(script, { exact: true })).toBeVisible();
  expect(await injected()).toBe(0);
  await page.goto(`${pages.moderation}?lng=fr`);
  await expect(page.getByText(script, { exact: true })).toBeVisible();
  expect(await injected()).toBe(0);
  expect(dialogs).toEqual([]);

  // In English.
  await openReady(page, `${pages.paper}?lng=en`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Type in paper notes");
  await page.getByRole("button", { name: "Save the note" }).click();
  await expect(page.locator("#body-error")).toHaveText("Write between 3 and 500 characters.");
  await expect(page.locator("#kind-error")).toHaveText("Choose: hope or fear.");
  await expect(page.locator("#themes-error")).toHaveText("Choose one or two themes.");
  await openReady(page, `${pages.moderation}?lng=en`);
  const first = page.locator("li.card").filter({ hasText: script });
  await first.getByLabel("Reason for the decision").fill("no");
  await first.getByRole("button", { name: "Hide" }).click();
  await expect(first.getByRole("alert")).toHaveText("This text is too short.");
});

for (const lng of ["fr", "en"]) {
  test(`no axe violations on the moderation and paper pages (${lng}, desktop)`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await signIn(page, NANTES_FACILITATOR);
    const pages = await nantesPages(page);
    for (const path of [pages.moderation, pages.paper]) {
      await page.goto(`${path}?lng=${lng}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lng);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(results.violations.map((v) => `${path} [${lng}] ${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    }
    // With errors shown, too.
    await page.getByRole("button", { name: lng === "fr" ? "Enregistrer la note" : "Save the note" }).click();
    await expect(page.locator("#body-error")).toBeVisible();
    const withErrors = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(withErrors.violations.map((v) => v.id)).toEqual([]);
  });
}
