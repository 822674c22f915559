import fs from "node:fs";
import path from "node:path";
import { PGlite, type Transaction as PGliteTx } from "@electric-sql/pglite";
import { citext } from "@electric-sql/pglite/contrib/citext";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import postgres from "postgres";

/**
 * Who a transaction runs as. The database sees exactly the claims a Supabase
 * access token would carry, so RLS policies behave as on hosted Supabase.
 */
export type Identity =
  | { kind: "anon" }
  | { kind: "participant"; participantId: string; network?: string }
  | { kind: "staff"; userId: string; email: string };

export const ANON: Identity = { kind: "anon" };

export type Row = Record<string, unknown>;

export interface Tx {
  /** One statement with $1… parameters; returns its rows. */
  query<R extends Row = Row>(text: string, params?: unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations and seeds only). */
  exec(text: string): Promise<void>;
}

export interface Database {
  readonly driver: "pglite" | "postgres";
  /** Runs `work` in one transaction as the caller: role + request.jwt.claims. */
  asCaller<T>(identity: Identity, work: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `work` in one transaction with the connection's own role: migrations, seeds, system jobs. */
  asService<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * Calls `onPayload` with each NOTIFY on `channel` (sent at commit); resolves once listening, with
   * the function that stops. On Postgres the listener holds its own connection and reconnects.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export function claimsFor(identity: Identity): { role: "anon" | "authenticated"; claims: Row } {
  const now = Math.floor(Date.now() / 1000);
  switch (identity.kind) {
    case "anon":
      return { role: "anon", claims: { role: "anon", iat: now } };
    case "participant":
      return {
        role: "authenticated",
        claims: {
          sub: identity.participantId,
          role: "authenticated",
          is_anonymous: true,
          iat: now,
          ...(identity.network ? { net: identity.network } : {}),
        },
      };
    case "staff":
      return {
        role: "authenticated",
        claims: {
          sub: identity.userId,
          role: "authenticated",
          email: identity.email,
          is_anonymous: false,
          iat: now,
        },
      };
  }
}

const SEARCH_PATH = "public, extensions";

async function becomeCaller(tx: Tx, identity: Identity) {
  const { role, claims } = claimsFor(identity);
  await tx.query(
    "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true), set_config('search_path', $3, true)",
    [role, JSON.stringify(claims), SEARCH_PATH],
  );
}

async function asServiceUser(tx: Tx) {
  await tx.query("select set_config('search_path', $1, true)", [SEARCH_PATH]);
}

/**
 * Postgres text cannot hold a NUL character (it fails with 22021, a 500 on any form). No person
 * types one; a forged form may. Every text parameter drops it on the way in, whatever the driver.
 */
export function withoutNul(params: unknown[] | undefined): unknown[] | undefined {
  const clean = (value: unknown): unknown =>
    typeof value === "string"
      ? value.replaceAll("\u0000", "")
      : Array.isArray(value)
        ? value.map(clean)
        : value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v)]))
          : value;
  return params?.map(clean);
}

function wrapPglite(tx: PGliteTx | PGlite): Tx {
  return {
    async query<R extends Row>(text: string, params?: unknown[]) {
      const result = await tx.query<R>(text, withoutNul(params));
      return result.rows;
    },
    async exec(text: string) {
      await tx.exec(text);
    },
  };
}

export async function openPglite(dataDir?: string): Promise<Database> {
  if (dataDir) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  const pg = await PGlite.create({ dataDir, extensions: { citext, pg_trgm } });
  const run = <T>(prepare: (tx: Tx) => Promise<void>, work: (tx: Tx) => Promise<T>) =>
    pg.transaction(async (raw) => {
      const tx = wrapPglite(raw);
      await prepare(tx);
      return work(tx);
    });
  return {
    driver: "pglite",
    asCaller: (identity, work) => run((tx) => becomeCaller(tx, identity), work),
    asService: (work) => run(asServiceUser, work),
    async listen(channel, onPayload) {
      const unlisten = await pg.listen(channel, onPayload);
      return () => unlisten();
    },
    close: () => pg.close(),
  };
}

/** A connection string without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparsable URL)";
  }
}

export async function openPostgres(url: string, options: { max?: number } = {}): Promise<Database> {
  const sql = postgres(url, {
    max: options.max ?? 10,
    connect_timeout: 5,
    idle_timeout: 30,
    // Supabase's pooler in transaction mode does not keep prepared statements.
    prepare: false,
    onnotice: () => {},
  });
  try {
    await sql`select 1`;
  } catch (error) {
    await sql.end({ timeout: 1 }).catch(() => {});
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatabaseUnreachable(`DATABASE_URL: cannot connect to ${redactUrl(url)} (${reason})`);
  }
  const run = <T>(prepare: (tx: Tx) => Promise<void>, work: (tx: Tx) => Promise<T>) =>
    sql.begin(async (raw) => {
      const tx: Tx = {
        async query<R extends Row>(text: string, params: unknown[] = []) {
          return (await raw.unsafe(text, withoutNul(params) as postgres.ParameterOrJSON<never>[])) as unknown as R[];
        },
        async exec(text: string) {
          await raw.unsafe(text);
        },
      };
      await prepare(tx);
      return work(tx);
    }) as Promise<T>;
  return {
    driver: "postgres",
    asCaller: (identity, work) => run((tx) => becomeCaller(tx, identity), work),
    asService: (work) => run(asServiceUser, work),
    // LISTEN needs a session: a direct connection or a session-mode pooler, not transaction mode.
    async listen(channel, onPayload) {
      const { unlisten } = await sql.listen(channel, onPayload);
      return unlisten;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

export class DatabaseUnreachable extends Error {
  name = "DatabaseUnreachable";
}

// One database per process, kept across dev rebuilds.
const holder = globalThis as typeof globalThis & { __cafeIaDb?: Database };

export function setDb(db: Database | undefined) {
  holder.__cafeIaDb = db;
}

export function db(): Database {
  if (!holder.__cafeIaDb) throw new Error("The database is not open: the server must call prepareServer() first");
  return holder.__cafeIaDb;
}
