import fs from "node:fs";
import path from "node:path";
import type { Database, Tx } from "./db.server";

const SUPABASE_DIR = path.resolve(process.cwd(), "supabase");

/** A migration or seed that failed: its file and Postgres' own message. */
export class MigrationError extends Error {
  name = "MigrationError";
}

function sqlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function isSupabase(tx: Tx): Promise<boolean> {
  const rows = await tx.query<{ found: boolean }>(
    "select exists (select 1 from pg_roles where rolname = 'supabase_admin') as found",
  );
  return rows[0].found;
}

/** Creates, where Supabase is absent, what hosted Supabase would provide (supabase/embedded). */
export async function applyShim(db: Database, dir = path.join(SUPABASE_DIR, "embedded")) {
  if (await db.asService(isSupabase)) return;
  for (const file of sqlFiles(dir)) {
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    try {
      await db.asService(async (tx) => {
        // Role creation is cluster-wide: serialise concurrent start-ups.
        await tx.query("select pg_advisory_xact_lock(7356001)");
        await tx.exec(text);
      });
    } catch (error) {
      throw new MigrationError(`supabase/embedded/${file} failed: ${describe(error)}`);
    }
  }
}

/**
 * Applies supabase/migrations in order, each in its own transaction, recorded in
 * supabase_migrations.schema_migrations as the Supabase CLI does. Applying twice is a no-op;
 * a failing file rolls back whole and stops with its name and the Postgres error.
 */
export async function migrate(db: Database, dir = path.join(SUPABASE_DIR, "migrations")) {
  await db.asService(async (tx) => {
    await tx.query("select pg_advisory_xact_lock(7356002)");
    await tx.exec(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (
        version text primary key, statements text[], name text
      );
    `);
  });
  const applied: string[] = [];
  for (const file of sqlFiles(dir)) {
    const match = /^(\d+)_(.+)\.sql$/.exec(file);
    if (!match) throw new MigrationError(`supabase/migrations/${file}: name must be <timestamp>_<name>.sql`);
    const [, version, name] = match;
    const text = fs.readFileSync(path.join(dir, file), "utf8");
    try {
      const done = await db.asService(async (tx) => {
        await tx.query("select pg_advisory_xact_lock(7356002)");
        const rows = await tx.query("select 1 from supabase_migrations.schema_migrations where version = $1", [
          version,
        ]);
        if (rows.length > 0) return false;
        await tx.exec(text);
        await tx.query(
          "insert into supabase_migrations.schema_migrations (version, name, statements) values ($1, $2, $3)",
          [version, name, [text]],
        );
        return true;
      });
      if (done) applied.push(file);
    } catch (error) {
      throw new MigrationError(`Migration supabase/migrations/${file} failed: ${describe(error)}`);
    }
  }
  return applied;
}

/** Loads supabase/seed.sql once (recorded in public.deployment). Returns whether it ran. */
export async function seedDemo(db: Database, file = path.join(SUPABASE_DIR, "seed.sql")) {
  const text = fs.readFileSync(file, "utf8");
  try {
    return await db.asService(async (tx) => {
      await tx.query("select pg_advisory_xact_lock(7356003)");
      const rows = await tx.query("select seeded_at from public.deployment where id");
      if (rows.length > 0 && rows[0].seeded_at) return false;
      await tx.exec(text);
      await tx.query(
        `insert into public.deployment (id, demo_data, seeded_at) values (true, true, now())
         on conflict (id) do update set demo_data = true, seeded_at = now()`,
      );
      return true;
    });
  } catch (error) {
    throw new MigrationError(`Seed ${path.relative(process.cwd(), file)} failed: ${describe(error)}`);
  }
}

/** The national admins named in ADMIN_EMAILS; removing an address from it removes that right. */
export async function syncAdmins(db: Database, emails: string[]) {
  await db.asService(async (tx) => {
    await tx.query("delete from public.national_admins where source = 'env' and not (email = any($1::text[]))", [
      emails,
    ]);
    for (const email of emails) {
      await tx.query(
        "insert into public.national_admins (email, source) values ($1, 'env') on conflict (email) do update set source = 'env'",
        [email],
      );
    }
  });
}
