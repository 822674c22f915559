import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { setDb, type Database } from "~/db.server";
import { ensureParticipant, participantIdentity, readParticipantId } from "~/participant.server";
import { openMigrated, targets } from "./targets";

process.env.SESSION_SECRET = "test-secret-".padEnd(40, "x");

const requestWith = (cookie?: string) =>
  new Request("http://localhost/e/ABC234", { headers: cookie ? { Cookie: cookie } : {} });
const cookiePair = (setCookie: string) => setCookie.split(";")[0];

describe.each(targets)("pseudonymous participants ($name)", (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await openMigrated(target);
    setDb(db);
  });
  afterAll(async () => {
    setDb(undefined);
    await db?.close();
  });

  test("the first action issues a participant row and a signed HttpOnly cookie; later ones reuse it", async () => {
    const first = await ensureParticipant(requestWith());
    expect(first.setCookie).toMatch(/HttpOnly/i);
    expect(first.setCookie).toMatch(/SameSite=Lax/i);
    const cookie = cookiePair(first.setCookie!);
    expect(await readParticipantId(requestWith(cookie))).toBe(first.participantId);
    const again = await ensureParticipant(requestWith(cookie));
    expect(again).toEqual({ participantId: first.participantId });
    const rows = await db.asCaller(participantIdentity(first.participantId), (tx) => tx.query("select id from public.participants"));
    expect(rows).toEqual([{ id: first.participantId }]);
  });

  test("a forged or tampered cookie is ignored and a fresh participant is issued", async () => {
    const victim = await ensureParticipant(requestWith());
    const cookie = cookiePair(victim.setCookie!);
    const [name, value] = cookie.split("=");
    const decoded = decodeURIComponent(value);
    const tampered = `${name}=${encodeURIComponent(decoded.replace(/^./, (c) => (c === "a" ? "b" : "a")))}`;
    expect(await readParticipantId(requestWith(tampered))).toBeNull();
    const unsigned = `${name}=${encodeURIComponent(Buffer.from(JSON.stringify(victim.participantId)).toString("base64"))}`;
    expect(await readParticipantId(requestWith(unsigned))).toBeNull();
    const attacker = await ensureParticipant(requestWith(tampered));
    expect(attacker.participantId).not.toBe(victim.participantId);
    expect(attacker.setCookie).toBeDefined();
  });

  test("a cookie whose participant was deleted issues a new participant", async () => {
    const first = await ensureParticipant(requestWith());
    await db.asCaller(participantIdentity(first.participantId), (tx) =>
      tx.query("delete from public.participants where id = $1", [first.participantId]),
    );
    const next = await ensureParticipant(requestWith(cookiePair(first.setCookie!)));
    expect(next.participantId).not.toBe(first.participantId);
  });
});
