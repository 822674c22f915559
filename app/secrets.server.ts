import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "./env.server";

let secret: string | undefined;

/**
 * The key that signs staff sessions and participant cookies: SESSION_SECRET, or one generated
 * once and kept in DATA_DIR so sessions survive a restart of a demo or development server.
 */
export function sessionSecret(): string {
  if (secret) return secret;
  const config = env();
  if (config.SESSION_SECRET) return (secret = config.SESSION_SECRET);
  const file = path.join(config.DATA_DIR, "session-secret");
  try {
    secret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(config.DATA_DIR, { recursive: true });
    secret = randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret, { mode: 0o600 });
  }
  return secret;
}

/**
 * Whether cookies must carry `Secure`: the request came over HTTPS, or the deployment says it is
 * served over HTTPS (PUBLIC_URL). The request's scheme is Express's: X-Forwarded-Proto counts only
 * from a proxy trusted by TRUST_PROXY, never from any client.
 */
export function isHttps(request: Request): boolean {
  return new URL(request.url).protocol === "https:" || Boolean(env().PUBLIC_URL?.startsWith("https:"));
}

export function originOf(request: Request): string {
  const configured = env().PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, "");
  return new URL(request.url).origin;
}
