// The report of scripts/bench-live.ts: CPU use sampled from /proc while the room runs, bench/live.json,
// bench/live.md and the README block between the bench-live markers.
import fs from "node:fs";
import os from "node:os";
import type { Summary } from "./bench-live-client";
import type { LiveResult } from "./bench-live";

const TARGET_P95_MS = 150;
const TICKS = 100; // clock ticks per second on Linux

const readTicks = (pid: number | string) => {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { comm: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
};
const machineTicks = () => {
  const [, ...values] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
  return { total: values.reduce((a, b) => a + b, 0), idle: values[3] + values[4] };
};
/** CPU of every Postgres server process (the Debian server on this machine), summed. */
const postgresTicks = () =>
  fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).reduce((n, pid) => {
    const p = readTicks(pid);
    return p?.comm === "postgres" ? n + p.ticks : n;
  }, 0);

/**
 * Samples every second; `stop` gives the mean and the busiest second of the machine (all cores, %),
 * and the mean share of one core used by the app server, the Postgres server and this bench.
 */
export function cpuSampler(serverPid: number, withPostgres: boolean) {
  const first = { machine: machineTicks(), server: readTicks(serverPid)?.ticks ?? 0, postgres: withPostgres ? postgresTicks() : 0, bench: process.cpuUsage(), at: Date.now() };
  let previous = first.machine;
  let busiest = 0;
  const timer = setInterval(() => {
    const now = machineTicks();
    const total = now.total - previous.total;
    if (total > 0) busiest = Math.max(busiest, 100 * (1 - (now.idle - previous.idle) / total));
    previous = now;
  }, 1000);
  return {
    stop() {
      clearInterval(timer);
      const seconds = (Date.now() - first.at) / 1000;
      const m = machineTicks();
      const share = (ticks: number) => Math.round((100 * ticks) / TICKS / seconds);
      const bench = process.cpuUsage(first.bench);
      return {
        cores: os.cpus().length,
        machineBusyPct: Math.round(100 * (1 - (m.idle - first.machine.idle) / (m.total - first.machine.total))),
        machineBusiestSecondPct: Math.round(busiest),
        serverCorePct: share((readTicks(serverPid)?.ticks ?? first.server) - first.server),
        postgresCorePct: withPostgres ? share(postgresTicks() - first.postgres) : null,
        benchCorePct: Math.round((bench.user + bench.system) / 1e4 / seconds),
      };
    },
  };
}

const t = (s: Summary) => `${s.p50} / ${s.p95} / ${s.p99} / ${s.max}`;
const t3 = (s: Summary) => (s.count ? `${s.p50} / ${s.p95} / ${s.p99}` : "—");
const n = (x: number) => x.toLocaleString("en");

function checkLine(r: LiveResult) {
  const c = r.check;
  type Compared = LiveResult["check"]["votes"];
  const part = (name: string, x: Compared) =>
    `${name} ${n(x.acknowledged)} acknowledged / ${n(x.stored)} stored` +
    (x.withoutAnswer ? ` (${x.withoutAnswer} from ${x.unanswered} sent without an answer)` : "") +
    (x.lost || x.duplicated || x.differing || x.unexplained ? ` (**${x.lost} lost, ${x.duplicated} duplicated, ${x.differing} differing, ${x.unexplained} unexplained**)` : "");
  return `${c.ok ? "exact" : "**MISMATCH**"}: ${part("contributions", c.contributions)}; ${part("reactions", c.reactions)}; ${part("votes", c.votes)}; ` +
    `participants ${n(c.participants.acknowledged)} acting / ${n(c.participants.stored)} stored` +
    (c.participants.stored > c.participants.acknowledged ? ` (${c.participants.stored - c.participants.acknowledged} issued by ${c.participants.unanswered} unanswered writes sent before the phone had its cookie)` : "") +
    `; live figures ${c.figures.contributions} contributions and ${c.figures.votes} votes; ` +
    `${r.duplicates.sameAnswer} of ${r.duplicates.sent} deliberate resends answered as the first`;
}

/** Writes the files (unless one database was picked) and prints; true when a correctness check failed. */
export function writeReport(out: { date: string; totalSeconds: number; results: LiveResult[] }, { readme }: { readme: boolean }) {
  const write = !process.env.BENCH_LIVE_ONLY;
  const { results } = out;
  const head = `Live session (issue 9: ${results[0]?.phones ?? 0} phones behind one address; target on Postgres p95 under ${TARGET_P95_MS} ms, zero errors, ` +
    `zero lost or duplicated writes), measured ${out.date} on ${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, ${os.cpus().length} cores, ` +
    `${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; whole bench ${out.totalSeconds} s. The bench's own phones run on the same machine.`;
  const summary = [
    "| database | phones connected (server's count) | run s (planned) | requests | ms p50 / p95 / p99 / max | writes p95 ms | errors | refused by a rate limit | phase change → phones ms p50 / p95 / p99 | contribution acknowledged → phones ms p50 / p95 / p99 | CPU: machine % (busiest s), server, Postgres, bench (% of a core); load average |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.map((r) => `| ${r.database} | ${r.stream.peak} (${r.stream.serverPhones}) | ${r.seconds} (${r.plannedSeconds}) | ${n(r.overall.count)} | ${t(r.overall)} | ${r.writes.p95} | ${r.overall.errors} | ` +
      `${r.overall.rateLimited} | ${t3(r.stream.delay.phase)} | ${t3(r.stream.delay.contributions)} | ${r.load.machineBusyPct} (${r.load.machineBusiestSecondPct}), ${r.load.serverCorePct}, ${r.load.postgresCorePct ?? "—"}, ${r.load.benchCorePct}; ${r.load.start} → ${r.load.end} |`),
  ].join("\n");
  const pg = results.find((r) => r.database === "Postgres");
  const verdict = !pg ? "not measured on Postgres (set BENCH_DATABASE_URL)"
    : `Postgres p95 ${pg.overall.p95} ms (${pg.overall.p95 < TARGET_P95_MS ? "within" : "OVER"} the ${TARGET_P95_MS} ms target), ${pg.overall.errors} errors, writes ${pg.check.ok ? "exact" : "NOT exact"}`;
  const checks = results.map((r) => `- ${r.database}: ${checkLine(r)}.`).join("\n");
  const method = "Requests: everything a phone's browser sends to the app (pages, single-fetch navigations and revalidations, posts, polls if a stream broke, and the staff console's), " +
    "the /build/ files and the event streams apart; time to the last byte; no answer within 60 s counts as a network error. Writes: contributions, reactions and ballots (8 votes each). Delivery: from the facilitator's click (the request sent) " +
    "to each connected phone's stream showing the phase, and from a contribution's acknowledgement to each phone's first frame counting at least as many contributions as had been acknowledged then.";
  const perKind = results.map((r) => [
    `### ${r.database}`, "",
    `Phases (ms since the start): ${r.phases.map((p) => `${p.phase} opened at ${p.openedMs}, open ${Math.round((p.busyMs + p.stragglersMs) / 1000)} s (${p.stragglersMs} ms waiting for the last phones, ${p.unfinished} unfinished)`).join("; ")}. ` +
      `Load average ${r.load.start} at the start, ${r.load.end} at the end.`, "",
    "| request | count | ms p50 / p95 / p99 / max | statuses | sent again on a new connection | refused: rate limit / phase closed |", "| --- | --- | --- | --- | --- | --- |",
    ...Object.entries(r.kinds).map(([name, k]) => `| ${name} | ${n(k.count)} | ${t(k)} | ${Object.entries(k.statuses).map(([s, c]) => `${s}: ${n(c)}`).join(", ")} | ${k.resent} | ${k.rateLimited} / ${k.phaseClosed} |`),
    ...(Object.values(r.kinds).some((k) => k.failures.length) ? ["", `Network failures (first of each kind): ${Object.values(r.kinds).flatMap((k) => k.failures.slice(0, 2)).join("; ")}.`] : []),
    "", `Streams: ${r.stream.peak} phones connected at most, ${r.stream.connectedAtEnd} at the end, ${r.stream.broken} broken (the phone then polls). ` +
      `Phase changes seen by the phones connected when they were made: ${r.stream.changes.map((c) => `${c.label} ${c.delivered}/${c.expected}`).join(", ")}. ` +
      `Votes acknowledged → phones ms p50 / p95 / p99: ${t3(r.stream.delay.votes)}. Acknowledgements never shown to a phone still connected: ${r.stream.undelivered.contributions} contributions, ${r.stream.undelivered.votes} ballots.`,
  ].join("\n")).join("\n\n");
  const full = `${head}\n\n**Target: ${verdict}.**\n\n${summary}\n\n${method}\n\nCorrectness (the event's rows in the database against every acknowledged write):\n\n${checks}\n\n${perKind}\n`;
  if (write) {
    fs.mkdirSync("bench", { recursive: true });
    fs.writeFileSync("bench/live.json", JSON.stringify(out, null, 2) + "\n");
    fs.writeFileSync("bench/live.md", full);
    if (readme) {
      const block = `<!-- bench-live:start -->\n${head} \`scripts/bench-live.ts\` (\`BENCH_LIVE_PHONES=100 BENCH_LIVE_SECONDS=60\` for a quick run); every request kind in \`bench/live.md\`.\n\n` +
        `**Target: ${verdict}.**\n\n${summary}\n\n${method}\n\n${checks}\n<!-- bench-live:end -->`;
      const text = fs.readFileSync("README.md", "utf8");
      const marked = /<!-- bench-live:start -->[\s\S]*<!-- bench-live:end -->/;
      fs.writeFileSync("README.md", marked.test(text) ? text.replace(marked, block) : text.replace("<!-- bench-national:end -->", `<!-- bench-national:end -->\n\n${block}`));
    }
  }
  console.log(full);
  const failed = results.filter((r) => !r.check.ok || r.overall.rateLimited > 0);
  for (const r of failed) console.warn(`${r.database}: ${r.check.ok ? "" : "writes not exact; "}${r.overall.rateLimited} requests refused by a rate limit`);
  if (pg && pg.overall.p95 >= TARGET_P95_MS) console.warn(`Postgres: p95 ${pg.overall.p95} ms is over the ${TARGET_P95_MS} ms target`);
  return failed.length > 0;
}
