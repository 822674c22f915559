import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../db.server";
import { signJwt, verifyJwt } from "../jwt.server";

/** The embedded stand-in for Supabase Auth: hashed single-use magic links, JWT sessions. */

export type StaffUser = { userId: string; email: string };
export type LinkFailure = "invalid" | "expired" | "used";

const hash = (token: string) => createHash("sha256").update(token).digest("hex");

export function safeRedirect(to: unknown, fallback = "/espace"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.includes("\\")) return fallback;
  return to;
}

export async function issueMagicLink(
  db: Database,
  input: { email: string; redirectTo: string; ttlMinutes: number; origin: string; mail: (link: string) => { subject: string; body: string } },
): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const link = `${input.origin}/connexion/lien?token=${token}`;
  const mail = input.mail(link);
  await db.asService(async (tx) => {
    await tx.query(
      `insert into auth.magic_links (token_hash, email, redirect_to, expires_at)
       values ($1, $2, $3, now() + make_interval(mins => $4))`,
      [hash(token), input.email, safeRedirect(input.redirectTo), input.ttlMinutes],
    );
    await tx.query("insert into auth.mailbox (to_email, subject, body, link) values ($1, $2, $3, $4)", [
      input.email,
      mail.subject,
      mail.body,
      link,
    ]);
  });
  return link;
}

/** Uses a link once: the first valid use signs in, every later one fails. */
export async function consumeMagicLink(
  db: Database,
  token: string,
): Promise<{ ok: true; user: StaffUser; redirectTo: string } | { ok: false; reason: LinkFailure }> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: "invalid" };
  return db.asService(async (tx) => {
    const used = await tx.query<{ email: string; redirect_to: string }>(
      `update auth.magic_links set used_at = now()
       where token_hash = $1 and used_at is null and expires_at > now()
       returning email, redirect_to`,
      [hash(token)],
    );
    if (used.length === 0) {
      const rows = await tx.query<{ used_at: Date | null }>(
        "select used_at from auth.magic_links where token_hash = $1",
        [hash(token)],
      );
      if (rows.length === 0) return { ok: false, reason: "invalid" } as const;
      return { ok: false, reason: rows[0].used_at ? "used" : "expired" } as const;
    }
    const { email, redirect_to } = used[0];
    const users = await tx.query<{ id: string }>(
      `insert into auth.users (email, email_confirmed_at, last_sign_in_at) values ($1, now(), now())
       on conflict (email) do update set last_sign_in_at = now(), updated_at = now()
       returning id`,
      [email],
    );
    return { ok: true, user: { userId: users[0].id, email }, redirectTo: redirect_to } as const;
  });
}

export function createSessionToken(user: StaffUser, secret: string, hours: number, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  return signJwt(
    { sub: user.userId, email: user.email, role: "authenticated", is_anonymous: false, aud: "authenticated", iat, exp: iat + hours * 3600 },
    secret,
  );
}

export function readSessionToken(token: string | undefined, secret: string, now = Date.now()): StaffUser | null {
  if (!token) return null;
  const claims = verifyJwt(token, secret, now);
  if (!claims || claims.role !== "authenticated" || claims.is_anonymous !== false) return null;
  if (typeof claims.sub !== "string" || typeof claims.email !== "string") return null;
  return { userId: claims.sub, email: claims.email };
}

export async function listMailbox(db: Database, limit = 50) {
  return db.asService((tx) =>
    tx.query<{ id: number; to_email: string; subject: string; body: string; link: string | null; created_at: Date }>(
      "select id, to_email, subject, body, link, created_at from auth.mailbox order by id desc limit $1",
      [limit],
    ),
  );
}
