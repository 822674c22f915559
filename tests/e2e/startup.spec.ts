import fs from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { startServer, stopServer, tempDir } from "./server";

// These tests start their own servers (own ports, own data directories); no browser needed.
test.describe.configure({ mode: "serial" });

const base = { SESSION_SECRET: "startup-secret-that-is-long-enough-0123" };

test("a wrong or unreachable DATABASE_URL stops start-up with one line naming it", async () => {
  const unreachable = await startServer({ ...base, PORT: "3211", DATABASE_URL: "postgres://nobody:secret@127.0.0.1:1/none" });
  expect(unreachable.ready).toBe(false);
  expect(unreachable.code).toBe(1);
  const lines = unreachable.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^DATABASE_URL: cannot connect to postgres:\/\/nobody:\*\*\*@127\.0\.0\.1:1\/none/);
  expect(unreachable.stderr).not.toContain("secret");

  const malformed = await startServer({ ...base, PORT: "3212", DATABASE_URL: "mysql://x@y/z" });
  expect(malformed.code).toBe(1);
  expect(malformed.stderr.trim()).toBe("Configuration error: DATABASE_URL must be a postgres:// or postgresql:// URL");
});

test("a second server on the same data directory refuses to start; the first keeps serving", async ({ request }) => {
  const dataDir = tempDir("cafeia-lock-");
  const first = await startServer({ ...base, PORT: "3213", DATA_DIR: dataDir });
  try {
    expect(first.ready).toBe(true);
    const second = await startServer({ ...base, PORT: "3214", DATA_DIR: dataDir });
    expect(second.ready).toBe(false);
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toMatch(/already used by another server \(pid \d+\)/);
    expect((await request.get("http://localhost:3213/territoires")).status()).toBe(200);
  } finally {
    await stopServer(first);
  }
});

test("after kill -9 the embedded database reopens with everything that was committed", async ({ request }) => {
  const dataDir = tempDir("cafeia-kill-");
  const env = { ...base, PORT: "3215", DATA_DIR: dataDir };
  const first = await startServer(env);
  expect(first.ready).toBe(true);
  const email = `crash-${Date.now()}@exemple.fr`;
  const response = await request.post("http://localhost:3215/connexion?_data=routes%2Fconnexion._index", {
    form: { email },
    headers: { Origin: "http://localhost:3215" },
  });
  expect(response.status()).toBeLessThan(400);
  await stopServer(first, "SIGKILL");

  const second = await startServer(env);
  try {
    expect(second.ready, second.stderr).toBe(true);
    const mailbox = await (await request.get("http://localhost:3215/boite-mail")).text();
    expect(mailbox).toContain(email);
  } finally {
    await stopServer(second);
  }
});

test("a failing migration stops start-up with its file name and the Postgres error, and applies nothing of it", async () => {
  const root = process.cwd();
  const app = tempDir("cafeia-badmig-");
  for (const entry of ["build", "public", "node_modules", "server.js", "package.json"]) {
    fs.symlinkSync(path.join(root, entry), path.join(app, entry));
  }
  fs.cpSync(path.join(root, "supabase"), path.join(app, "supabase"), { recursive: true });
  fs.writeFileSync(
    path.join(app, "supabase/migrations/29990101000000_broken.sql"),
    "create table public.half_done (id int);\nalter table public.no_such_table add column x int;\n",
  );
  const env = { ...base, PORT: "3216", DATA_DIR: path.join(app, ".data") };
  const started = await startServer(env, app);
  expect(started.code).toBe(1);
  expect(started.stderr.trim()).toMatch(
    /^Migration supabase\/migrations\/29990101000000_broken\.sql failed: relation "public\.no_such_table" does not exist$/,
  );

  // Fixed, the same data directory starts: the broken file left nothing half-applied.
  fs.writeFileSync(path.join(app, "supabase/migrations/29990101000000_broken.sql"), "create table public.half_done (id int);\nalter table public.half_done enable row level security;\n");
  const fixed = await startServer(env, app);
  try {
    expect(fixed.ready, fixed.stderr).toBe(true);
  } finally {
    await stopServer(fixed);
  }
});
