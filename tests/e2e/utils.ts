import { expect, type Page } from "@playwright/test";

export const ADMIN_EMAIL = "admin-e2e@cafe-ia.test";

export function uniqueEmail(prefix: string) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}@exemple.fr`;
}

/** Asks for a magic link and returns it, read from the local mailbox page. */
export async function requestLink(page: Page, email: string): Promise<string> {
  await page.goto("/connexion?lng=fr");
  await page.getByLabel("Adresse e-mail").fill(email);
  await page.getByRole("button", { name: "Recevoir un lien de connexion" }).click();
  await expect(page.getByRole("heading", { name: "Vérifiez votre boîte mail" })).toBeVisible();
  await page.goto("/boite-mail?lng=fr");
  const link = page.getByRole("link", { name: `Ouvrir le lien de connexion (${email})` }).first();
  const href = await link.getAttribute("href");
  if (!href) throw new Error(`no link for ${email} in the mailbox`);
  return href;
}

/**
 * Signs a staff member in through the local mailbox, as a person would. Tests running in parallel
 * may sign in as the same demo account and pick each other's newest link: then ask again.
 */
export async function signIn(page: Page, email: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const href = await requestLink(page, email);
    await page.goto(href);
    await page.getByRole("button", { name: "Me connecter" }).click();
    await expect(page.locator("h1")).toHaveText(/Mon espace|Ce lien ne permet pas de se connecter/);
    if (/\/espace$/.test(page.url())) {
      // A click made while the page hydrates can be lost: let the staff page become interactive.
      await page.waitForLoadState("networkidle");
      return;
    }
  }
  await expect(page).toHaveURL(/\/espace$/);
}

/** The demo Nantes consultation and its first Café IA, found by following a facilitator's links. */
export async function nantesStaffPages(page: Page) {
  await page.goto("/espace/territoires/nantes-metropole?lng=fr");
  await page.getByRole("link", { name: "Concertation IA 2026" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Concertation IA 2026");
  const consultation = new URL(page.url()).pathname;
  await page.getByRole("link", { name: "Café IA à la médiathèque" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Café IA à la médiathèque");
  const event = new URL(page.url()).pathname;
  return { consultation, event };
}
