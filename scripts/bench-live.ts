// npm run bench (last): issue 9's live-session load. The production server (`node server.js`, built by
// `remix build` before) on a fresh database; a staff member signs in through the embedded magic link and
// runs the session from the console; N phones, all from 127.0.0.1 as behind a venue's Wi-Fi, join within
// 30 s, each follows the event stream and, as its phase opens, posts 2 contributions, 10 reactions and a
// ballot of 8 votes. Then the database must hold exactly what was acknowledged. Run with vite-node (the
// app's "~" imports). Writes bench/live.json, bench/live.md and the README between the bench-live markers.
//
// What a phone sends is what its browser sends on the real pages, hydrated (Remix single fetch), asking
// for compressed answers: GET /e/<code>/direct (the page, then its /build/ files once), the EventSource
// on direct.stream (kept open all along, as the issue asks; the real page closes it when the phone moves
// to a form), then per phase a navigation (GET <page>.data?_routes=<route>), each POST to <page>.data with
// the Origin header, and the revalidation Remix makes after it (root and the page's loader after a
// contribution, root after a reaction, the results page after a ballot). Contributions and ballots carry
// the page's request key; reactions carry none on the page either (one per person and contribution). A
// "vote" is one use's verdict: the vote page is one form with a verdict on each of the 8 uses, sent once,
// so a phone's 8 votes are one ballot. The console re-reads its loader when its stream shows a change
// (one read at a time here; the page itself may overlap them), and a projector follows the room.
//
// Knobs: BENCH_LIVE_PHONES (1000), BENCH_LIVE_JOIN_SECONDS (30), BENCH_LIVE_SECONDS (180: joining, then
// the three phases, 40/35/25 % of the rest), BENCH_LIVE_DUPLICATES (20 phones that double-tap, resend
// after a lost answer and resend their ballot), BENCH_LIVE_ASSETS=0 (no /build/ files), BENCH_DATABASE_URL
// (also on a fresh database of that Postgres server, dropped afterwards unless BENCH_LIVE_KEEP_DATABASE=1),
// BENCH_LIVE_ONLY=pglite|postgres (printed, no file written), BENCH_LIVE_PORT (3460), BENCH_LIVE_README=0
// (leave the README alone), BENCH_LIVE_REPORT_ONLY=1 (bench/live.md and the README again from
// bench/live.json). Exits 1 when a write was lost or stored twice, or a phone was refused by a rate limit.
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { openPglite, openPostgres, type Database, type Identity } from "~/db.server";
import { applyShim, migrate } from "~/migrate.server";
import { openConsultation } from "~/models/consultation.server";
import { scheduleEvent } from "~/models/event.server";
import { setSelection } from "~/models/vote.server";
import { type Kind, percentiles } from "./bench-live-client";
import { runRoom, type RoomResult } from "./bench-live-room";
import { cpuSampler, writeReport } from "./bench-live-report";

const knob = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const PHONES = knob("BENCH_LIVE_PHONES", 1000);
const JOIN_S = knob("BENCH_LIVE_JOIN_SECONDS", 30);
const TOTAL_S = knob("BENCH_LIVE_SECONDS", 180);
const DUPLICATES = Math.min(PHONES, knob("BENCH_LIVE_DUPLICATES", 20));
const PORT = knob("BENCH_LIVE_PORT", 3460);
const ONLY = process.env.BENCH_LIVE_ONLY;
const STAFF_EMAIL = "animation@banc-direct.cafe-ia.test";
const USES = 8;
const log = (message: string) => console.log(`[bench-live ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** A territory, its facilitator, an open consultation with 8 uses of AI to vote on, and a large event. */
async function setup(db: Database) {
  const territoryId = await db.asService(async (tx) => {
    const [row] = await tx.query<{ id: string }>(
      `insert into public.territories (slug, kind, code, name, population, region_code, latitude, longitude)
       values ('banc-direct', 'commune', '44109', 'Nantes', 320732, '52', 47.22, -1.55) returning id`,
    );
    await tx.query("insert into public.memberships (email, territory_id, role) values ($1, $2, 'facilitator')", [STAFF_EMAIL, row.id]);
    return row.id;
  });
  const staff: Identity = { kind: "staff", userId: randomUUID(), email: STAFF_EMAIL };
  const consultationId = await db.asCaller(staff, (tx) =>
    openConsultation(tx, { title: "Concertation IA en direct", description: "", startsOn: "2026-01-01", endsOn: "2027-12-31", publics: ["all"], status: "open", territoryId, createdBy: STAFF_EMAIL }));
  const uses = await db.asService((tx) =>
    tx.query<{ id: string }>("select id from public.ai_uses where territory_id is null and archived_at is null order by slug limit $1", [USES]));
  if (uses.length < USES) throw new Error(`the catalogue has ${uses.length} national uses, ${USES} are needed`);
  await db.asCaller(staff, (tx) => setSelection(tx, { consultationId, territoryId, aiUseIds: uses.map((u) => u.id) }));
  const event = await db.asCaller(staff, (tx) =>
    scheduleEvent(tx, {
      consultationId, createdBy: STAFF_EMAIL, title: "Café IA au grand amphithéâtre", description: "", startsAt: new Date(Date.now() + 3600_000),
      durationMinutes: 120, venueName: "Cité des congrès", address: "5 rue de Valmy, 44000 Nantes", latitude: 47.21, longitude: -1.54, audience: "all",
      capacity: 5000, accessible: true, accessibilityNotes: "", onlineUrl: null, registrationEnabled: false,
    }));
  if (!event) throw new Error("the event was not created");
  return { eventId: event.id, code: event.code, consultationId };
}

/** Starts `node server.js`; the sign-in links it logs (embedded auth) are read from its output. */
function startServer(env: Record<string, string>): Promise<{ pid: number; stop: () => Promise<void>; magicLink: (email: string) => Promise<string> }> {
  const child = spawn(process.execPath, ["server.js"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", PORT: String(PORT), HOST: "127.0.0.1", DEMO_SEED: "off",
      SESSION_SECRET: randomBytes(24).toString("hex"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const errors: string[] = [];
  child.stderr.on("data", (b) => {
    output += b;
    errors.push(String(b));
    if (errors.length <= 5) log(`server: ${String(b).trim().slice(0, 300)}`);
  });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
  const magicLink = async (email: string) => {
    const domain = email.split("@")[1];
    for (let i = 0; i < 100; i++) {
      const line = output.split("\n").reverse().find((l) => l.includes("magic link") && l.includes(`@${domain}`));
      if (line) return JSON.parse(line).link as string;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("no sign-in link in the server's log");
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { void stop(); reject(new Error(`the server did not start in 120 s: ${output}`)); }, 120_000);
    child.stdout.on("data", (b) => {
      output += b;
      if (output.includes("Café IA ready")) {
        clearTimeout(timer);
        resolve({ pid: child.pid!, stop, magicLink });
      }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`the server exited (${code}): ${output.slice(-2000)}`)); });
  });
}

/**
 * What the database holds for the event, against the ledger of acknowledged writes. A write that got no
 * answer (network failure, timeout, server error) may have gone through: rows beyond the acknowledged
 * ones are allowed up to those, and must be theirs (contributions: by request key). Nothing acknowledged
 * may be missing or differ, and no submission may be stored twice.
 */
async function check(db: Database, eventId: string, room: RoomResult) {
  const rows = await db.asService(async (tx) => ({
    contributions: await tx.query<{ key: string; value: string }>(
      "select coalesce(request_key::text, id::text) as key, id::text as value from public.contributions where event_id = $1 and source = 'online'", [eventId]),
    reactions: await tx.query<{ key: string; value: string }>(
      `select r.participant_id || '|' || r.contribution_id as key, r.value from public.reactions r
       join public.contributions c on c.id = r.contribution_id where c.event_id = $1`, [eventId]),
    votes: await tx.query<{ key: string; value: string }>("select participant_id || '|' || ai_use_id as key, verdict as value from public.votes where event_id = $1", [eventId]),
    participants: (await tx.query<{ n: number }>("select count(*)::int as n from public.participants"))[0].n,
    figures: (await tx.query<{ f: { contributions: number; votes: number } }>("select private.live_figures($1) as f", [eventId]))[0].f,
  }));
  const compare = (acked: Map<string, string>, stored: { key: string; value: string }[], unanswered: number, explains?: (key: string) => boolean) => {
    const inDb = new Map(stored.map((r) => [r.key, r.value]));
    const surplus = [...inDb.keys()].filter((k) => !acked.has(k));
    return {
      acknowledged: acked.size, stored: stored.length, lost: [...acked.keys()].filter((k) => !inDb.has(k)).length,
      duplicated: stored.length - inDb.size, differing: [...acked].filter(([k, v]) => inDb.has(k) && inDb.get(k) !== v).length,
      unanswered, withoutAnswer: surplus.length, unexplained: explains ? surplus.filter((k) => !explains(k)).length : Math.max(0, surplus.length - unanswered),
    };
  };
  const { unanswered } = room;
  const result = {
    contributions: compare(room.ledger.contributions, rows.contributions, unanswered.contributions.size, (key) => unanswered.contributions.has(key)),
    reactions: compare(room.ledger.reactions, rows.reactions, unanswered.reactions),
    votes: compare(room.ledger.votes, rows.votes, unanswered.ballots * USES),
    participants: { acknowledged: room.ledger.participants.size, stored: rows.participants, unanswered: unanswered.withoutCookie },
    figures: { contributions: rows.figures.contributions, votes: rows.figures.votes },
  };
  const exact = (c: ReturnType<typeof compare>) => c.lost === 0 && c.duplicated === 0 && c.differing === 0 && c.unexplained === 0;
  const { participants: p } = result;
  const ok = exact(result.contributions) && exact(result.reactions) && exact(result.votes) &&
    p.stored >= p.acknowledged && p.stored - p.acknowledged <= p.unanswered &&
    result.figures.contributions === rows.contributions.length && result.figures.votes === rows.votes.length &&
    room.duplicates.sameAnswer === room.duplicates.sent;
  return { ok, ...result };
}

/** One database: setup before the server opens it (PGlite is one process per directory), the run, then the check. */
async function bench(database: string, open: () => Promise<Database>, serverEnv: Record<string, string>) {
  let db = await open();
  await applyShim(db);
  await migrate(db);
  const place = await setup(db);
  await db.close();
  log(`${database}: event ${place.code} ready; starting the server`);
  const server = await startServer(serverEnv);
  const cpu = cpuSampler(server.pid, database === "Postgres");
  const loadStart = os.loadavg()[0];
  const joinMs = JOIN_S * 1000;
  const phaseTotal = Math.max(30, TOTAL_S - JOIN_S) * 1000;
  let room: RoomResult;
  let usage: ReturnType<typeof cpu.stop>;
  try {
    room = await runRoom({
      base: `http://127.0.0.1:${PORT}`, code: place.code, eventId: place.eventId, staffEmail: STAFF_EMAIL, phones: PHONES, joinMs,
      phaseMs: { contributions: 0.4 * phaseTotal, reactions: 0.35 * phaseTotal, votes: 0.25 * phaseTotal },
      duplicates: DUPLICATES, assets: process.env.BENCH_LIVE_ASSETS !== "0", magicLink: server.magicLink, log,
    });
  } finally {
    usage = cpu.stop();
    await server.stop();
  }
  db = await open();
  try {
    const verified = await check(db, place.eventId, room);
    const kinds = Object.fromEntries([...room.kinds].sort().map(([name, k]) => [name, summarise(k)]));
    const app = [...room.kinds].filter(([name]) => name !== "asset" && !name.startsWith("stream"));
    const all = (pick: (k: Kind) => number) => app.reduce((n, [, k]) => n + pick(k), 0);
    return {
      database, phones: PHONES, joinSeconds: JOIN_S, plannedSeconds: TOTAL_S, seconds: room.seconds, phases: room.phases,
      load: { start: +loadStart.toFixed(1), end: +os.loadavg()[0].toFixed(1), ...usage },
      overall: { ...percentiles(app.flatMap(([, k]) => k.ms)), errors: all((k) => k.errors), rateLimited: all((k) => k.rateLimited), phaseClosed: all((k) => k.phaseClosed) },
      writes: percentiles(["contribution", "reaction", "ballot"].flatMap((n) => room.kinds.get(n)?.ms ?? [])),
      kinds, stream: { ...room.streams, changes: room.changes, delay: room.delay, undelivered: room.undelivered }, duplicates: room.duplicates, check: verified,
    };
  } finally {
    await db.close();
  }
}
const summarise = (k: Kind) => ({ ...percentiles(k.ms), errors: k.errors, statuses: k.statuses, rateLimited: k.rateLimited, phaseClosed: k.phaseClosed, resent: k.resent, failures: k.failures });
export type LiveResult = Awaited<ReturnType<typeof bench>>;

async function benchPglite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cafe-ia-bench-live-"));
  try {
    return await bench("PGlite (embedded)", () => openPglite(path.join(dir, "pglite")), { DATA_DIR: dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function benchPostgres(url: string) {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `cafeia_bench_live_${randomBytes(6).toString("hex")}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  await admin.unsafe(`create database ${name}`);
  try {
    return await bench("Postgres", () => openPostgres(target.toString(), { max: 2 }), { DATABASE_URL: target.toString() });
  } finally {
    if (process.env.BENCH_LIVE_KEEP_DATABASE === "1") log(`Postgres: database ${name} kept (BENCH_LIVE_KEEP_DATABASE)`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const readme = process.env.BENCH_LIVE_README !== "0";
if (process.env.BENCH_LIVE_REPORT_ONLY === "1") {
  process.exit(writeReport(JSON.parse(fs.readFileSync("bench/live.json", "utf8")), { readme }) ? 1 : 0);
}
if (!fs.existsSync("build/index.js")) throw new Error("no build/: run remix build first (npm run bench does)");
const started = Date.now();
const results: LiveResult[] = [];
if (ONLY !== "postgres") results.push(await benchPglite());
if (process.env.BENCH_DATABASE_URL && ONLY !== "pglite") results.push(await benchPostgres(process.env.BENCH_DATABASE_URL));
const failed = writeReport({ date: new Date().toISOString(), totalSeconds: Math.round((Date.now() - started) / 1000), results }, { readme });
process.exit(failed ? 1 : 0);
