import { createServerClient, parseCookieHeader, serializeCookieHeader } from "@supabase/ssr";
import type { EmailOtpType } from "@supabase/supabase-js";
import WebSocket from "ws";
import { isHttps } from "../secrets.server";
import type { StaffUser } from "./embedded.server";

/** Staff sign-in through hosted Supabase Auth (@supabase/ssr cookie sessions). */

export function supabaseFor(request: Request, headers: Headers, config: { url: string; anonKey: string }) {
  return createServerClient(config.url, config.anonKey, {
    // Only this server reads the session (no Supabase client in the browser): HttpOnly, unlike
    // @supabase/ssr's default, and Secure over HTTPS.
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: isHttps(request), path: "/" },
    // Node 20 has no WebSocket of its own: supabase-js refuses to build a client without one.
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    cookies: {
      getAll() {
        return parseCookieHeader(request.headers.get("Cookie") ?? "").map(({ name, value }) => ({
          name,
          value: value ?? "",
        }));
      },
      setAll(cookies) {
        for (const { name, value, options } of cookies) {
          headers.append("Set-Cookie", serializeCookieHeader(name, value, options));
        }
      },
    },
  });
}

type Client = ReturnType<typeof supabaseFor>;

export async function sendOtp(client: Client, email: string, redirectUrl: string) {
  const { error } = await client.auth.signInWithOtp({
    email,
    options: { emailRedirectTo: redirectUrl, shouldCreateUser: true },
  });
  // The answer must not reveal whether the address is known: only transport errors surface.
  if (error && (error.status ?? 0) >= 500) throw error;
}

/** Verifies the link Supabase sent (token_hash flow or PKCE code); true when a session was set. */
export async function confirmLink(client: Client, params: URLSearchParams): Promise<boolean> {
  const tokenHash = params.get("token_hash");
  const type = params.get("type") as EmailOtpType | null;
  if (tokenHash && type) {
    const { error } = await client.auth.verifyOtp({ type, token_hash: tokenHash });
    return !error;
  }
  const code = params.get("code");
  if (code) {
    const { error } = await client.auth.exchangeCodeForSession(code);
    return !error;
  }
  return false;
}

/** The staff member of a verified access token (getClaims verifies; getSession().user would not). */
export async function currentStaff(client: Client): Promise<StaffUser | null> {
  const { data, error } = await client.auth.getClaims();
  const claims = data?.claims;
  if (error || !claims || claims.is_anonymous || typeof claims.email !== "string" || !claims.email) return null;
  return { userId: claims.sub, email: claims.email.toLowerCase() };
}
