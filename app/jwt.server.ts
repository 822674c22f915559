import { createHmac, timingSafeEqual } from "node:crypto";

const b64 = (input: Buffer | string) => Buffer.from(input).toString("base64url");
const HEADER = b64(JSON.stringify({ alg: "HS256", typ: "JWT" }));

export type JwtClaims = Record<string, unknown> & { exp: number; iat: number };

export function signJwt(claims: JwtClaims, secret: string): string {
  const body = `${HEADER}.${b64(JSON.stringify(claims))}`;
  const signature = createHmac("sha256", secret).update(body).digest("base64url");
  return `${body}.${signature}`;
}

/** The claims of a well-formed, correctly signed, unexpired HS256 token; null otherwise. */
export function verifyJwt(token: string, secret: string, now = Date.now()): JwtClaims | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== HEADER) return null;
  const expected = createHmac("sha256", secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    if (typeof claims !== "object" || claims === null) return null;
    if (typeof claims.exp !== "number" || claims.exp * 1000 <= now) return null;
    return claims as JwtClaims;
  } catch {
    return null;
  }
}
