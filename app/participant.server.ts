import { createHmac, randomUUID } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { ANON, db, type Identity } from "./db.server";
import { isHttps, sessionSecret } from "./secrets.server";

/**
 * Citizens are pseudonymous participants the app issues itself (not Supabase anonymous sign-in,
 * whose per-IP limit would refuse a room of phones behind one venue Wi-Fi): a participant row and
 * a signed, HttpOnly cookie holding its id. In the database they act with is_anonymous claims.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const THIRTEEN_MONTHS = 395 * 24 * 3600; // CNIL: cookies live at most 13 months

function participantCookie(request: Request) {
  return createCookie("cafeia_participant", {
    httpOnly: true,
    sameSite: "lax",
    secure: isHttps(request),
    path: "/",
    maxAge: THIRTEEN_MONTHS,
    secrets: [sessionSecret()],
  });
}

/** The participant id of a correctly signed cookie; a forged or tampered one is ignored. */
export async function readParticipantId(request: Request): Promise<string | null> {
  const value = await participantCookie(request).parse(request.headers.get("Cookie"));
  return typeof value === "string" && UUID.test(value) ? value : null;
}

export function participantIdentity(participantId: string, network?: string): Identity {
  return { kind: "participant", participantId, network };
}

/**
 * The network a client address belongs to: the IPv4 address itself (a venue's Wi-Fi is one NAT
 * address), or the /64 prefix of an IPv6 address (one subscriber's network: any device in it can
 * pick a new address at will, so counting per address would not limit anything).
 */
export function networkOf(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1];
  if (!ip.includes(":")) return ip;
  const [head, tail = ""] = ip.toLowerCase().split("%")[0].split("::");
  const left = head ? head.split(":") : [];
  const right = ip.includes("::") && tail ? tail.split(":") : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/**
 * A salted, daily-rotating hash of the client's network: enough for a per-network rate limit,
 * useless to recover the address. The raw address is never stored or logged.
 */
export function networkHash(clientIp: unknown): string | undefined {
  if (typeof clientIp !== "string" || !clientIp) return undefined;
  const day = new Date().toISOString().slice(0, 10);
  return createHmac("sha256", sessionSecret()).update(`net:${day}:${networkOf(clientIp)}`).digest("base64url").slice(0, 22);
}

/**
 * A first-time visitor's participant id comes from the form's idempotency key, so a double tap or
 * a retried request (both without the cookie yet) issue the same participant, not two.
 */
function participantIdFor(idempotencyKey: string | undefined): string {
  if (!idempotencyKey || !UUID.test(idempotencyKey)) return randomUUID();
  const h = createHmac("sha256", sessionSecret()).update(`participant:${idempotencyKey}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The caller as a participant, issuing one on first action. `setCookie` is set when a new
 * participant was issued and must be sent with the response.
 */
export async function ensureParticipant(
  request: Request,
  { idempotencyKey }: { idempotencyKey?: string } = {},
): Promise<{ participantId: string; setCookie?: string }> {
  const existing = await readParticipantId(request);
  if (existing) {
    const rows = await db().asCaller(participantIdentity(existing), (tx) =>
      tx.query("select id from public.participants where id = $1", [existing]),
    );
    if (rows.length > 0) return { participantId: existing };
  }
  const participantId = participantIdFor(idempotencyKey);
  await db().asCaller(ANON, (tx) =>
    tx.query("insert into public.participants (id) values ($1) on conflict do nothing", [participantId]),
  );
  return { participantId, setCookie: await participantCookie(request).serialize(participantId) };
}

/** The Set-Cookie that makes this device forget its participant (after erasing their data). */
export function forgetParticipant(request: Request): Promise<string> {
  return participantCookie(request).serialize("", { maxAge: 0, expires: new Date(0) });
}
