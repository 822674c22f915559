import { expect, test } from "./fixtures";

/** The id of a demo consultation, from the public territory page's results links. */
async function consultationId(page: import("@playwright/test").Page, title: string) {
  await page.goto("/territoires/nantes-metropole?lng=fr");
  const href = await page.getByRole("link", { name: `Résultats des votes — ${title}` }).getAttribute("href");
  return /concertations\/([0-9a-f-]{36})\//.exec(href ?? "")![1];
}

test("a closed consultation's data downloads from its results page, without any participant id", async ({ page }) => {
  const id = await consultationId(page, "Café IA 2025 — bilan");
  await page.goto(`/concertations/${id}/resultats`);
  await expect(page.getByRole("heading", { name: "Exporter les données" })).toBeVisible();
  // Anyone reads how many took part once the consultation is closed.
  await expect(page.getByText(/[1-9]\d* personnes ont voté/)).toBeVisible();

  const json = await page.request.get(`/concertations/${id}/export.json`);
  expect(json.status()).toBe(200);
  const document = await json.json();
  expect(document.metadata.consultation.id).toBe(id);
  expect(document.metadata.licence.name).toBe("Licence Ouverte 2.0");
  expect(document.votes.length).toBe(6);

  const comments = await page.request.get(`/concertations/${id}/export/polis-comments.csv`);
  expect(comments.status()).toBe(200);
  expect(comments.headers()["content-disposition"]).toContain('filename="comments.csv"');
  const text = await comments.text();
  const header = text.split("\r\n")[0].split(",").map((cell) => cell.replace(/^"|"$/g, ""));
  expect(header).toEqual(["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated", "comment-body"]);

  // No id leaves the database but the consultation's own: participants are numbered per export.
  const uuids = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  for (const file of ["export.json", "export/polis-comments.csv", "export/polis-votes.csv", "export/polis-participants-votes.csv", "export/contributions.csv"]) {
    const body = await (await page.request.get(`/concertations/${id}/${file}`)).text();
    expect(new Set(body.match(uuids) ?? []), file).toEqual(new Set(file === "export.json" ? [id] : []));
  }
});

test("an open consultation's data is not public yet", async ({ page }) => {
  const id = await consultationId(page, "Concertation IA 2026");
  await page.goto(`/concertations/${id}/resultats`);
  await expect(page.getByRole("heading", { name: "Exporter les données" })).toHaveCount(0);
  expect((await page.request.get(`/concertations/${id}/export.json`)).status()).toBe(404);
  expect((await page.request.get(`/concertations/${id}/export/contributions.csv`)).status()).toBe(404);
});
