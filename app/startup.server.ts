import fs from "node:fs";
import path from "node:path";
import { ConfigError, env } from "./env.server";
import { DatabaseUnreachable, db, openPglite, openPostgres, setDb, type Database } from "./db.server";
import { MigrationError, applyShim, migrate, seedDemo, syncAdmins } from "./migrate.server";
import { log } from "./log.server";
import { sendDueReminders } from "./reminders.server";
import { legalSettings } from "./legal.server";
import { purgeRegistrationEmails } from "./models/registration.server";

/** Another server already holds the embedded data directory. */
export class DataDirLocked extends Error {
  name = "DataDirLocked";
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * PGlite is one process per data directory: a second one would silently lose writes.
 * The lock holds our pid; a lock left by a dead process (kill -9) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const lockFile = path.join(dir, "server.pid");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(fs.readFileSync(lockFile, "utf8"));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new DataDirLocked(
          `The embedded database in ${dir} is already used by another server (pid ${pid}). Stop it first, or set DATA_DIR to another directory.`,
        );
      }
      fs.unlinkSync(lockFile);
    }
  }
  throw new DataDirLocked(`Could not lock ${dir}`);
}

export async function openConfiguredDatabase(): Promise<{ database: Database; release: () => void }> {
  const config = env();
  if (config.DATABASE_URL) {
    return { database: await openPostgres(config.DATABASE_URL), release: () => {} };
  }
  const release = lockDataDir(config.DATA_DIR);
  try {
    return { database: await openPglite(path.join(config.DATA_DIR, "pglite")), release };
  } catch (error) {
    release();
    throw error;
  }
}

let release: () => void = () => {};
let reminders: NodeJS.Timeout | undefined;
let statistics: NodeJS.Timeout | undefined;
let retention: NodeJS.Timeout | undefined;

/**
 * The planner's statistics for the embedded database. Postgres servers keep them up to date with
 * autovacuum; PGlite has none, and without statistics the planner expects a handful of rows per table
 * and can pick plans several times slower on large tables. So the app does what autovacuum would for
 * PGlite: at start-up (after migrating and seeding) and every 10 minutes, it analyzes the tables in
 * which more than 50 rows + 10% have changed since their last analyze (autovacuum's default
 * thresholds) or never analyzed, and only those: analyzing every table holds the one connection for
 * a while (a third of a second with a large consultation).
 * Returns the tables analyzed, or null on a Postgres server (never touched).
 */
export async function refreshStatistics(database: Database): Promise<string[] | null> {
  if (database.driver !== "pglite") return null;
  return database.asService(async (tx) => {
    const stale = await tx.query<{ name: string }>(
      `select format('%I.%I', s.schemaname, s.relname) as name
       from pg_catalog.pg_stat_user_tables s join pg_catalog.pg_class c on c.oid = s.relid
       where s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
         -- Never analyzed yet holding rows: change counts are lost when the process is killed.
         or (c.reltuples < 0 and pg_catalog.pg_relation_size(s.relid) > 0)
       order by 1`,
    );
    if (stale.length) await tx.exec(`analyze ${stale.map((t) => t.name).join(", ")}`);
    return stale.map((t) => t.name);
  });
}

function startStatistics(database: Database) {
  statistics = setInterval(
    () => void refreshStatistics(database).catch((error: Error) => log.error("analyze failed", { error: error.message })),
    10 * 60_000,
  );
  statistics.unref();
}

/** Reminder emails go through the embedded outbox; with Supabase Auth no mail transport is configured. */
function startReminders(database: Database, origin: string) {
  const run = () =>
    sendDueReminders(database, { origin })
      .then((sent) => sent && log.info("reminders sent", { count: sent }))
      .catch((error: Error) => log.error("reminders failed", { error: error.message }));
  reminders = setInterval(run, 10 * 60_000);
  reminders.unref();
  void run();
}

/**
 * Retention (GDPR art. 5.1.e): a registration's email is only needed until the event is over and
 * its reminders sent; REGISTRATION_EMAIL_RETENTION_DAYS after the end it is erased. Runs at start-up
 * and every 10 minutes, whatever the auth provider.
 */
export async function applyRetention(database: Database, days = legalSettings().registrationEmailDays) {
  return database.asService((tx) => purgeRegistrationEmails(tx, { days }));
}

function startRetention(database: Database) {
  const run = () =>
    applyRetention(database)
      .then((erased) => erased && log.info("registration emails erased", { count: erased }))
      .catch((error: Error) => log.error("retention failed", { error: error.message }));
  retention = setInterval(run, 10 * 60_000);
  retention.unref();
  void run();
}

/** Opens, migrates and seeds the database. Called once by server.js before it listens. */
export async function prepareServer() {
  const config = env();
  legalSettings(); // a malformed LEGAL_* or retention setting stops the start-up with its name
  const opened = await openConfiguredDatabase();
  release = opened.release;
  const database = opened.database;
  setDb(database);
  await applyShim(database);
  const applied = await migrate(database);
  for (const file of applied) log.info("migration applied", { file });
  if (config.demoSeed && (await seedDemo(database))) log.info("demo data loaded", { file: "supabase/seed.sql" });
  await syncAdmins(database, config.ADMIN_EMAILS);
  const analyzed = await refreshStatistics(database);
  if (analyzed) {
    if (analyzed.length) log.info("statistics refreshed", { tables: analyzed.length });
    startStatistics(database);
  }
  startRetention(database);
  if (config.authProvider === "embedded") startReminders(database, config.PUBLIC_URL ?? `http://localhost:${config.PORT}`);
  return {
    port: config.PORT,
    host: config.HOST,
    database: config.embedded ? `embedded (${path.join(config.DATA_DIR, "pglite")})` : "DATABASE_URL",
    auth: config.authProvider,
    trustProxy: config.TRUST_PROXY,
  };
}

export async function stopServer() {
  if (reminders) clearInterval(reminders);
  if (statistics) clearInterval(statistics);
  if (retention) clearInterval(retention);
  try {
    await db().close();
  } finally {
    setDb(undefined);
    release();
  }
}

/** Errors that deserve one line and no stack trace. */
export function isStartupError(error: unknown): error is Error {
  return (
    error instanceof ConfigError ||
    error instanceof DatabaseUnreachable ||
    error instanceof MigrationError ||
    error instanceof DataDirLocked
  );
}
