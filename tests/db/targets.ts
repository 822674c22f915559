import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openPglite, openPostgres, type Database } from "~/db.server";
import { applyShim, migrate } from "~/migrate.server";

/**
 * Every database test runs on each target: the embedded PGlite always, and the Postgres server
 * when TEST_DATABASE_URL is set (CI sets it). Each test file gets a fresh, migrated database.
 */
export type Target = { name: string; open: () => Promise<Database> };

async function openFreshPostgres(url: string): Promise<Database> {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `cafeia_test_${randomBytes(6).toString("hex")}`;
  await admin.unsafe(`create database ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openPostgres(dbUrl.toString(), { max: 8 });
  return {
    ...database,
    async close() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export const targets: Target[] = [
  { name: "pglite", open: () => openPglite() },
  ...(process.env.TEST_DATABASE_URL
    ? [{ name: "postgres", open: () => openFreshPostgres(process.env.TEST_DATABASE_URL!) }]
    : []),
];

export async function openMigrated(target: Target): Promise<Database> {
  const database = await target.open();
  await applyShim(database);
  await migrate(database);
  return database;
}
