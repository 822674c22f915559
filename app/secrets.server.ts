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

/** Whether cookies must carry `Secure`: the request came over HTTPS (directly or via a proxy). */
export function isHttps(request: Request): boolean {
  const forwarded = request.headers.get("x-forwarded-proto");
  if (forwarded) return forwarded.split(",")[0].trim() === "https";
  return new URL(request.url).protocol === "https:";
}

export function originOf(request: Request): string {
  const configured = env().PUBLIC_URL;
  if (configured) return configured.replace(/\/$/, "");
  const url = new URL(request.url);
  return `${isHttps(request) ? "https" : url.protocol.replace(":", "")}://${url.host}`;
}
