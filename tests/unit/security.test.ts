import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { supabaseFor } from "~/auth/supabase.server";
import { parseEnv } from "~/env.server";
import { networkOf } from "~/participant.server";
import { contentSecurityPolicy, originCheck, originVerdict, permissionsPolicy, securityHeaders, tileSources } from "~/security.server";

describe("content security policy", () => {
  test("tile servers become img-src sources, a {s} label a wildcard", () => {
    expect(tileSources("https://{s}.tile.openstreetmap.fr/osmfr/{z}/{x}/{y}.png")).toEqual(["https://*.tile.openstreetmap.fr"]);
    expect(tileSources("https://data.geopf.fr/wmts?LAYER=X&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}")).toEqual(["https://data.geopf.fr"]);
    expect(tileSources("http://localhost:8080/{z}/{x}/{y}.png")).toEqual(["http://localhost:8080"]);
    expect(tileSources("https://tiles.{s}.example.com/{z}/{x}/{y}.png")).toEqual(["https://*.example.com"]);
    expect(tileSources("")).toEqual([]);
  });

  test("scripts need the nonce; nothing inline, no plugins, no framing, forms and base stay on the site", () => {
    const csp = contentSecurityPolicy("abc", ["https://*.tiles.example"]);
    const d = Object.fromEntries(csp.split("; ").map((x) => [x.split(" ")[0], x.split(" ").slice(1).join(" ")]));
    expect(d["script-src"]).toBe("'self' 'nonce-abc'");
    expect(d["img-src"]).toBe("'self' data: https://*.tiles.example");
    expect(d).toMatchObject({
      "default-src": "'self'",
      "style-src": "'self'",
      "connect-src": "'self'",
      "object-src": "'none'",
      "base-uri": "'self'",
      "form-action": "'self'",
      "frame-ancestors": "'none'",
    });
  });

  test("geolocation only on the agenda, every unused feature denied", () => {
    expect(permissionsPolicy("/agenda")).toContain("geolocation=(self)");
    expect(permissionsPolicy("/agenda/")).toContain("geolocation=(self)");
    for (const path of ["/", "/e/NANT26", "/agenda.data", "/carte"]) expect(permissionsPolicy(path)).toContain("geolocation=()");
    expect(permissionsPolicy("/")).toMatch(/camera=\(\).*microphone=\(\).*payment=\(\)/);
  });
});

describe("origin of state-changing requests", () => {
  const hosts = ["cafe-ia.example.fr"];
  test.each([
    [{ origin: "https://cafe-ia.example.fr" }, "same-origin"],
    [{ origin: "http://cafe-ia.example.fr" }, "same-origin"], // a TLS proxy the app does not trust
    [{ origin: "https://evil.example" }, "cross-site"],
    [{ origin: "https://cafe-ia.example.fr.evil.example" }, "cross-site"],
    [{ origin: "https://sub.cafe-ia.example.fr" }, "cross-site"],
    [{ origin: "null" }, "cross-site"],
    [{ origin: "https://evil.example", fetchSite: "same-origin" }, "cross-site"],
    [{ fetchSite: "cross-site" }, "cross-site"],
    [{ fetchSite: "same-site" }, "cross-site"],
    [{ fetchSite: "same-origin" }, "same-origin"],
    [{}, "no-browser"],
  ])("%j is %s", (headers, verdict) => {
    expect(originVerdict({ ...headers, hosts })).toBe(verdict);
  });
});

describe("networks for rate limits", () => {
  test("an IPv4 address is its own network; an IPv6 address counts by its /64", () => {
    expect(networkOf("203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(networkOf("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:0db8:0001:0002::9")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:db8:1::1")).toBe("2001:db8:1:0::/64");
    expect(networkOf("2001:db8:1:3::1")).not.toBe(networkOf("2001:db8:1:2::1"));
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
  });
});

describe("TRUST_PROXY", () => {
  test("a hop count or proxy addresses; off by default; never 'true'", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "1" }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: "off" }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: "loopback, 10.0.0.0/8 fd00::/8" }).TRUST_PROXY).toEqual(["loopback", "10.0.0.0/8", "fd00::/8"]);
    expect(() => parseEnv({ TRUST_PROXY: "true" })).toThrow(/^Configuration error: TRUST_PROXY /);
    expect(() => parseEnv({ TRUST_PROXY: "10.0.0.0/40" })).toThrow(/TRUST_PROXY/);
  });
});

describe("the middleware on a real Express server", () => {
  let base = "";
  let close = () => {};
  const reached: string[] = [];
  beforeAll(async () => {
    const app = express();
    app.set("trust proxy", false);
    app.use(securityHeaders());
    app.use(originCheck());
    app.all("*", (req, res) => {
      reached.push(`${req.method} ${req.get("x-label") ?? ""}`);
      res.send("ok");
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });
  afterAll(() => close());

  test("X-Forwarded-Proto from a proxy that is not trusted gives no HSTS", async () => {
    const response = await fetch(base, { headers: { "X-Forwarded-Proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("content-security-policy")).toMatch(/script-src 'self' 'nonce-/);
  });

  test("a forged POST never reaches the routes; a same-origin one and a non-browser one do", async () => {
    reached.length = 0;
    const post = (label: string, headers: Record<string, string>) =>
      fetch(`${base}/e/NANT26`, { method: "POST", headers: { "x-label": label, "accept-language": "en", ...headers }, body: "a=b" });
    const forged = await post("forged", { Origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("Request refused");
    expect(forged.headers.get("content-security-policy")).toBeTruthy();
    expect((await post("fetch-site", { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await post("same", { Origin: base })).status).toBe(200);
    expect((await post("curl", {})).status).toBe(200);
    expect((await fetch(`${base}/`, { headers: { Origin: "https://evil.example", "x-label": "get" } })).status).toBe(200);
    expect(reached).toEqual(["POST same", "POST curl", "GET get"]);
  });
});

describe("Supabase session cookies", () => {
  test("are HttpOnly, SameSite=Lax, and Secure over HTTPS", async () => {
    vi.stubGlobal("fetch", async () => new Response("{}", { status: 200, headers: { "content-type": "application/json" } }));
    try {
      for (const [url, secure] of [["https://cafe-ia.example.fr/connexion", true], ["http://localhost:3000/connexion", false]] as const) {
        const headers = new Headers();
        const client = supabaseFor(new Request(url), headers, { url: "https://project.supabase.co", anonKey: "anon-key-that-is-long-enough" });
        await client.auth.signInWithOtp({ email: "someone@exemple.fr", options: { emailRedirectTo: `${url}/lien` } });
        const cookies = headers.getSetCookie();
        expect(cookies.length).toBeGreaterThan(0);
        for (const cookie of cookies) {
          const attributes = cookie.split(";").slice(1).map((a) => a.trim().toLowerCase());
          expect(attributes).toContain("httponly");
          expect(attributes).toContain("samesite=lax");
          expect(attributes.includes("secure")).toBe(secure);
        }
      }
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
