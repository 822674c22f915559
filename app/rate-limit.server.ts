import { db } from "./db.server";

/**
 * Rate limits of the requests that come before any identity (sign-in, joining by code), on the
 * counters the database already keeps for contributions and votes (private.take_rate: fixed windows,
 * shared by every app instance). Keys are salted network hashes, never addresses.
 */

/** Sign-in links asked for from one network: a staff member needs one per session (12 h). */
export const SIGN_IN_LIMIT = { hits: 10, windowSeconds: 600 };

/**
 * Unknown event codes tried from one network. A room of 500 phones behind one venue address mistypes
 * a few dozen codes; a script guessing codes (about 10⁹ of them) gets 100 tries per 10 minutes.
 */
export const JOIN_MISS_LIMIT = { hits: 100, windowSeconds: 600 };

/** Counts one hit in `bucket`; false once the window holds more than `hits`. */
export async function takeRate(bucket: string, { hits, windowSeconds }: { hits: number; windowSeconds: number }) {
  // take_rate is private (no grant to anon): the service path calls it, with nothing of the caller's.
  const rows = await db().asService((tx) =>
    tx.query<{ ok: boolean }>("select private.take_rate($1, $2, $3) as ok", [bucket, hits, windowSeconds]),
  );
  return rows[0].ok;
}

/** When the current fixed window of `windowSeconds` ends (take_rate's windows start at epoch multiples). */
export function windowEnd(windowSeconds: number, now = Date.now()) {
  return (Math.floor(now / 1000 / windowSeconds) + 1) * windowSeconds * 1000;
}
