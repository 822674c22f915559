import { expect, test, type Page } from "./fixtures";

// Votes are counted across tests: these run one after the other, on the Toulouse demo consultation
// (the catalogue spec changes what the Nantes one puts to the vote).
test.describe.configure({ mode: "serial" });

/** Joins the demo Toulouse event by its code and opens the vote on uses of AI. */
async function openVote(page: Page) {
  await page.goto("/");
  await page.getByLabel("Code de la rencontre").fill("TLSE26");
  await page.getByRole("button", { name: "Rejoindre" }).click();
  await page.getByRole("link", { name: "Voter sur les usages de l’IA" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quels usages de l’IA faut-il proscrire ?");
  await page.waitForLoadState("networkidle");
}

const useCards = (page: Page) => page.locator("section.use-card");

async function resultsOf(page: Page, title: string) {
  return page.locator("section.card").filter({ has: page.getByRole("heading", { level: 2, name: title, exact: true }) });
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`a citizen on a phone ${javaScriptEnabled ? "with" : "without"} JavaScript`, () => {
    test.use({ javaScriptEnabled, viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

    test("votes on every use with one conditional verdict, sees results only after voting, then changes a vote", async ({ page }) => {
      await openVote(page);
      const cards = useCards(page);
      const count = await cards.count();
      expect(count).toBe(8);
      const titles = await cards.locator("h2").allTextContents();

      // Before voting, no result is shown for any use.
      await page.getByRole("link", { name: "Voir les résultats" }).click();
      await expect(page.getByText("Votez sur cet usage pour voir ses résultats.")).toHaveCount(count);
      await expect(page.getByRole("table")).toHaveCount(0);
      await page.goBack();
      await expect(cards).toHaveCount(count);

      // Vote on the first use only: its results appear, the others stay hidden.
      await cards.first().getByRole("radio", { name: "À proscrire" }).check();
      await page.getByRole("button", { name: "Enregistrer mes votes" }).click();
      await expect(page.getByRole("status")).toHaveText("Merci, votre vote est enregistré.");
      await expect(page.getByText(/^Résultats consultatifs : un vote par appareil et par usage/)).toBeVisible();
      const first = await resultsOf(page, titles[0]);
      await expect(first.getByRole("table")).toBeVisible();
      await expect(page.getByRole("table")).toHaveCount(1);
      await expect(page.getByText("Votez sur cet usage pour voir ses résultats.")).toHaveCount(count - 1);

      // Now every use, the second one "acceptable sous conditions" with two conditions.
      await page.getByRole("link", { name: "Modifier mes votes" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quels usages de l’IA faut-il proscrire ?");
      await expect(cards.first().getByText("Votre vote est enregistré : À proscrire.")).toBeVisible();
      for (let i = 1; i < count; i++) {
        const card = cards.nth(i);
        if (i === 1) {
          await card.getByRole("radio", { name: "Acceptable sous conditions" }).check();
          await card.getByRole("checkbox", { name: "Contrôle humain de chaque décision" }).check();
          await card.getByRole("checkbox", { name: "Une alternative humaine toujours possible" }).check();
        } else {
          await card.getByRole("radio", { name: ["Acceptable", "Je ne sais pas", "À proscrire"][i % 3], exact: true }).check();
        }
      }
      await page.getByRole("button", { name: "Enregistrer mes votes" }).click();
      await expect(page.getByRole("status")).toHaveText(`Merci, vos ${count} votes sont enregistrés.`);
      await expect(page.getByRole("table")).toHaveCount(count);
      await expect(page.getByText("Votez sur cet usage pour voir ses résultats.")).toHaveCount(0);
      const second = await resultsOf(page, titles[1]);
      await expect(second.getByRole("heading", { name: /Conditions les plus demandées/ })).toBeVisible();
      await expect(second.getByRole("listitem").filter({ hasText: "Contrôle humain de chaque décision" })).toBeVisible();
      await expect(second.getByText(/Moins de 30 votes|votes? ·/).first()).toBeVisible();

      // Change the first vote: the page shows the new choice, counted once.
      const countOf = (verdict: string) =>
        first.getByRole("row").filter({ has: page.getByRole("rowheader", { name: verdict, exact: true }) }).getByRole("cell").first();
      const accepted = Number(await countOf("Acceptable").textContent());
      const proscribed = Number(await countOf("À proscrire").textContent());
      await page.getByRole("link", { name: "Modifier mes votes" }).click();
      await cards.first().getByRole("radio", { name: "Acceptable", exact: true }).check();
      await page.getByRole("button", { name: "Enregistrer mes votes" }).click();
      await expect(page.getByRole("status")).toBeVisible();
      await expect(countOf("Acceptable")).toHaveText(String(accepted + 1));
      await expect(countOf("À proscrire")).toHaveText(String(proscribed - 1));
      await page.getByRole("link", { name: "Modifier mes votes" }).click();
      await expect(cards.first().getByText("Votre vote est enregistré : Acceptable.")).toBeVisible();
      await expect(cards.first().getByRole("radio", { name: "Acceptable", exact: true })).toBeChecked();
      await expect(cards.nth(1).getByRole("checkbox", { name: "Contrôle humain de chaque décision" })).toBeChecked();
    });

    test("bad input gets a message next to the use and records nothing", async ({ page }) => {
      await openVote(page);
      const first = useCards(page).first();
      if (javaScriptEnabled) {
        // With JavaScript the conditions only appear for "acceptable sous conditions".
        await expect(first.getByRole("checkbox", { name: "Contrôle humain de chaque décision" })).toBeHidden();
        await first.getByRole("radio", { name: "Acceptable sous conditions" }).check();
        await expect(first.getByRole("checkbox", { name: "Contrôle humain de chaque décision" })).toBeVisible();
        await page.getByRole("button", { name: "Enregistrer mes votes" }).click();
        await expect(first.getByText("Avec « acceptable sous conditions », cochez au moins une condition ou écrivez la vôtre.")).toBeVisible();
      } else {
        await first.getByRole("radio", { name: "À proscrire" }).check();
        await first.getByRole("checkbox", { name: "Audit des biais avant et après" }).check();
        await page.getByRole("button", { name: "Enregistrer mes votes" }).click();
        await expect(first.getByText("Les conditions ne vont qu’avec « acceptable sous conditions » : changez d’avis ou décochez-les.")).toBeVisible();
        await expect(page.getByRole("alert")).toContainText("Votre vote n’est pas enregistré");
        // What was ticked is still there to correct.
        await expect(first.getByRole("checkbox", { name: "Audit des biais avant et après" })).toBeChecked();
        await first.getByRole("radio", { name: "Acceptable sous conditions" }).check();
        await first.getByLabel(/Autre condition/).fill("x".repeat(10_240));
        await page.getByRole("button", { name: "Enregistrer mes votes" }).click();
        await expect(first.getByText("Votre condition dépasse 300 caractères.")).toBeVisible();
      }
      await page.getByRole("button", { name: "Enregistrer mes votes" }).isVisible();
      await page.goto(page.url().replace(/\/e\/TLSE26\/voter.*/, "/e/TLSE26/voter"));
      await page.getByRole("link", { name: "Voir les résultats" }).click();
      await expect(page.getByRole("table")).toHaveCount(0);
    });
  });
}

test.describe("forged ballots", () => {
  test("a NUL character or a malformed id never breaks the page", async ({ page, request }) => {
    await page.goto("/e/TLSE26/voter");
    const firstId = (await useCards(page).first().getAttribute("id"))!.slice(2);
    // Another visitor (its own cookies): the NUL is dropped and the vote recorded.
    const nul = await request.post("/e/TLSE26/voter", {
      form: { [`verdict.${firstId}`]: "conditional", [`other.${firstId}`]: "Un comité\u0000 citoyen" },
      maxRedirects: 0,
    });
    expect(nul.status()).toBe(303);
    for (const path of ["voter", "resultats", "synthese", "contributions", "participer"]) {
      expect((await request.get(`/concertations/------------------------------------/${path}`)).status()).toBe(404);
    }
  });

  test("an unknown verdict, an unknown use or a vote on a closed consultation is refused with a translated message", async ({ page }) => {
    await page.goto("/e/TLSE26/voter");
    const firstId = (await useCards(page).first().getAttribute("id"))!.slice(2);
    const post = (fields: Record<string, string>, url = "/e/TLSE26/voter") =>
      page.request.post(url, { form: fields, headers: { "Accept-Language": "fr" }, maxRedirects: 0 });

    const unknownVerdict = await post({ [`verdict.${firstId}`]: "peut-etre" });
    expect(unknownVerdict.status()).toBe(400);
    expect(await unknownVerdict.text()).toContain("Choisissez un avis dans la liste.");

    const unknownUse = await post({ "verdict.00000000-0000-4000-8000-000000000000": "accept" });
    expect(unknownUse.status()).toBe(400);
    expect(await unknownUse.text()).toContain("Cet usage n’est pas soumis au vote dans cette concertation.");

    const notConditional = await post({ [`verdict.${firstId}`]: "accept", [`conditions.${firstId}[]`]: "eu_hosting" });
    expect(notConditional.status()).toBe(400);

    const tooLong = await post({ [`verdict.${firstId}`]: "conditional", [`other.${firstId}`]: "x".repeat(10_240) });
    expect(tooLong.status()).toBe(400);
    expect(await tooLong.text()).toContain("Votre condition dépasse 300 caractères.");

    // The closed demo consultation: its results are public, its ballot box is shut.
    await page.goto("/territoires/nantes-metropole");
    await page.getByRole("link", { name: "Résultats des votes — Café IA 2025 — bilan" }).click();
    const closedId = /concertations\/([0-9a-f-]{36})\/resultats/.exec(page.url())?.[1];
    expect(closedId).toBeTruthy();
    await expect(page.getByText(/^Concertation close le/)).toBeVisible();
    await expect(page.getByRole("table").first()).toBeVisible();
    const tally = await page.getByRole("table").first().textContent();
    const closedUse = (await page.locator("section.card[id^=r-]").first().getAttribute("id"))!.slice(2);
    const late = await post({ [`verdict.${closedUse}`]: "proscribe" }, `/concertations/${closedId}/voter`);
    expect(late.status()).toBe(409);
    expect(await late.text()).toContain("Cette concertation est close : votre vote n’a pas été enregistré.");
    await page.reload();
    expect(await page.getByRole("table").first().textContent()).toBe(tally);

    // Nothing above was recorded: this person still sees no result in the open consultation.
    await page.goto("/e/TLSE26/voter");
    await page.getByRole("link", { name: "Voir les résultats" }).click();
    await expect(page.getByRole("table")).toHaveCount(0);
  });
});
