import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Database } from "~/db.server";
import { consumeMagicLink, issueMagicLink, listMailbox } from "~/auth/embedded.server";
import { openMigrated, targets } from "./targets";

const mail = (link: string) => ({ subject: "Lien", body: `Ouvrez ${link}` });

describe.each(targets)("embedded magic links ($name)", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await openMigrated(target);
  });
  afterAll(async () => {
    await db?.close();
  });

  const issue = (email: string, ttlMinutes = 15) =>
    issueMagicLink(db, { email, redirectTo: "/admin", ttlMinutes, origin: "http://localhost:3000", mail });
  const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

  test("a link lands in the mailbox, signs in once, and keeps the same user next time", async () => {
    const link = await issue("alice@exemple.fr");
    const messages = await listMailbox(db);
    expect(messages[0]).toMatchObject({ to_email: "alice@exemple.fr", link });
    const first = await consumeMagicLink(db, tokenOf(link));
    expect(first).toMatchObject({ ok: true, user: { email: "alice@exemple.fr" }, redirectTo: "/admin" });
    const again = await consumeMagicLink(db, tokenOf(await issue("alice@exemple.fr")));
    expect(again.ok && first.ok && again.user.userId).toBe(first.ok && first.user.userId);
  });

  test("a used link is refused", async () => {
    const token = tokenOf(await issue("bob@exemple.fr"));
    expect((await consumeMagicLink(db, token)).ok).toBe(true);
    expect(await consumeMagicLink(db, token)).toEqual({ ok: false, reason: "used" });
  });

  test("two concurrent uses of one link sign in once", async () => {
    const token = tokenOf(await issue("carla@exemple.fr"));
    const results = await Promise.all([consumeMagicLink(db, token), consumeMagicLink(db, token)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  test("an expired link is refused", async () => {
    const token = tokenOf(await issue("dan@exemple.fr"));
    await db.asService((tx) =>
      tx.query("update auth.magic_links set expires_at = now() - interval '1 second' where email = 'dan@exemple.fr'"),
    );
    expect(await consumeMagicLink(db, token)).toEqual({ ok: false, reason: "expired" });
  });

  test("a tampered or forged link is refused", async () => {
    const token = tokenOf(await issue("eve@exemple.fr"));
    const flipped = (token[0] === "A" ? "B" : "A") + token.slice(1);
    expect(await consumeMagicLink(db, flipped)).toEqual({ ok: false, reason: "invalid" });
    expect(await consumeMagicLink(db, "not-a-token")).toEqual({ ok: false, reason: "invalid" });
    expect(await consumeMagicLink(db, "")).toEqual({ ok: false, reason: "invalid" });
    // The genuine link still works: failed guesses do not burn it.
    expect((await consumeMagicLink(db, token)).ok).toBe(true);
  });

  test("only a hash of the token is stored", async () => {
    const token = tokenOf(await issue("fay@exemple.fr"));
    const rows = await db.asService((tx) =>
      tx.query<{ n: number }>("select count(*)::int as n from auth.magic_links where token_hash = $1", [token]),
    );
    expect(rows[0].n).toBe(0);
  });

  test("a link never redirects off the site", async () => {
    const link = await issueMagicLink(db, {
      email: "gus@exemple.fr",
      redirectTo: "//evil.example/steal",
      ttlMinutes: 15,
      origin: "http://localhost:3000",
      mail,
    });
    expect(await consumeMagicLink(db, tokenOf(link))).toMatchObject({ ok: true, redirectTo: "/espace" });
  });
});
