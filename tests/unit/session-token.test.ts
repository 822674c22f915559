import { describe, expect, test } from "vitest";
import { createSessionToken, readSessionToken, safeRedirect } from "~/auth/embedded.server";
import { signJwt } from "~/jwt.server";

const secret = "s".repeat(40);
const user = { userId: "6f1c1a4e-2b1d-4c7a-9d0e-1f2a3b4c5d6e", email: "alice@exemple.fr" };

describe("staff session tokens", () => {
  test("a fresh token gives back its staff member", () => {
    expect(readSessionToken(createSessionToken(user, secret, 12), secret)).toEqual(user);
  });

  test("an expired token is ignored", () => {
    const now = Date.now();
    const token = createSessionToken(user, secret, 1, now);
    expect(readSessionToken(token, secret, now + 59 * 60_000)).toEqual(user);
    expect(readSessionToken(token, secret, now + 61 * 60_000)).toBeNull();
  });

  test("a token with a changed payload, signed with another key or unsigned is ignored", () => {
    const token = createSessionToken(user, secret, 12);
    const [header, payload, signature] = token.split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, email: "admin@exemple.fr" })).toString("base64url");
    expect(readSessionToken(`${header}.${forged}.${signature}`, secret)).toBeNull();
    expect(readSessionToken(createSessionToken(user, "k".repeat(40), 12), secret)).toBeNull();
    const none = Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url");
    expect(readSessionToken(`${none}.${payload}.`, secret)).toBeNull();
    expect(readSessionToken("garbage", secret)).toBeNull();
    expect(readSessionToken(undefined, secret)).toBeNull();
  });

  test("an anonymous (participant) token is not a staff session", () => {
    const iat = Math.floor(Date.now() / 1000);
    const token = signJwt({ sub: user.userId, email: user.email, role: "authenticated", is_anonymous: true, iat, exp: iat + 60 }, secret);
    expect(readSessionToken(token, secret)).toBeNull();
  });
});

describe("redirects after sign-in", () => {
  test("stay on the site", () => {
    expect(safeRedirect("/admin")).toBe("/admin");
    expect(safeRedirect("https://evil.example")).toBe("/espace");
    expect(safeRedirect("//evil.example")).toBe("/espace");
    expect(safeRedirect("/\\evil.example")).toBe("/espace");
    expect(safeRedirect(null)).toBe("/espace");
  });
});
