import { createCookie } from "@remix-run/node";
import { env } from "./env.server";
import { db } from "./db.server";
import { isHttps, originOf, sessionSecret } from "./secrets.server";
import { log } from "./log.server";
import {
  consumeMagicLink,
  createSessionToken,
  issueMagicLink,
  readSessionToken,
  safeRedirect,
  type LinkFailure,
  type StaffUser,
} from "./auth/embedded.server";
import { confirmLink, currentStaff, sendOtp, supabaseFor } from "./auth/supabase.server";

export type { StaffUser, LinkFailure };
export { safeRedirect };

/** Staff sign-in, one interface over two providers: the embedded one and Supabase Auth. */

const SESSION_COOKIE = "cafeia_staff";

function sessionCookie(request: Request) {
  return createCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(request),
    path: "/",
    maxAge: env().STAFF_SESSION_HOURS * 3600,
  });
}

function supabaseConfig() {
  const config = env();
  if (config.authProvider !== "supabase") return null;
  return { url: config.SUPABASE_URL!, anonKey: config.SUPABASE_ANON_KEY! };
}

function maskEmail(email: string) {
  const [local, domain] = email.split("@");
  return `${local.slice(0, 1)}***@${domain}`;
}

/** The signed-in staff member, if any. Headers carry refreshed Supabase cookies. */
export async function getStaff(request: Request): Promise<{ staff: StaffUser | null; headers: Headers }> {
  const headers = new Headers();
  const supabase = supabaseConfig();
  if (supabase) {
    const staff = await currentStaff(supabaseFor(request, headers, supabase));
    return { staff, headers };
  }
  const raw = await sessionCookie(request).parse(request.headers.get("Cookie"));
  return { staff: readSessionToken(typeof raw === "string" ? raw : undefined, sessionSecret()), headers };
}

export async function sendSignInLink(
  request: Request,
  input: { email: string; redirectTo: string; mail: (link: string) => { subject: string; body: string } },
) {
  const config = env();
  const origin = originOf(request);
  const supabase = supabaseConfig();
  if (supabase) {
    const headers = new Headers();
    const next = encodeURIComponent(safeRedirect(input.redirectTo));
    await sendOtp(supabaseFor(request, headers, supabase), input.email, `${origin}/connexion/lien?next=${next}`);
    return headers;
  }
  const link = await issueMagicLink(db(), {
    email: input.email,
    redirectTo: input.redirectTo,
    ttlMinutes: config.MAGIC_LINK_TTL_MINUTES,
    origin,
    mail: input.mail,
  });
  log.info("magic link (embedded mailbox)", { to: maskEmail(input.email), link });
  return new Headers();
}

export async function completeSignIn(
  request: Request,
): Promise<{ ok: true; headers: Headers; redirectTo: string } | { ok: false; reason: LinkFailure }> {
  const params = new URL(request.url).searchParams;
  const supabase = supabaseConfig();
  const headers = new Headers();
  if (supabase) {
    const ok = await confirmLink(supabaseFor(request, headers, supabase), params);
    return ok ? { ok, headers, redirectTo: safeRedirect(params.get("next")) } : { ok: false, reason: "invalid" };
  }
  const result = await consumeMagicLink(db(), params.get("token") ?? "");
  if (!result.ok) return result;
  const token = createSessionToken(result.user, sessionSecret(), env().STAFF_SESSION_HOURS);
  headers.append("Set-Cookie", await sessionCookie(request).serialize(token));
  return { ok: true, headers, redirectTo: result.redirectTo };
}

export async function signOut(request: Request): Promise<Headers> {
  const headers = new Headers();
  const supabase = supabaseConfig();
  if (supabase) {
    await supabaseFor(request, headers, supabase).auth.signOut();
    return headers;
  }
  headers.append("Set-Cookie", await sessionCookie(request).serialize("", { maxAge: 0 }));
  return headers;
}
