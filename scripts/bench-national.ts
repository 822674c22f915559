// npm run bench (after bench-synthesis): a national-scale dataset (every territory of the seed, 2,000
// more communes, 5,000 events, 500,000 participants, 2 million contributions, reactions and votes) and
// the server time of the map data and /national on PGlite and Postgres, against issue 8's target: map
// data under 100 ms on Postgres. Run with vite-node (the app's "~" imports). Writes bench/national.json,
// bench/national.md and the README between the bench-national markers.
// BENCH_DATABASE_URL: the Postgres server (a fresh database is made on it and dropped). BENCH_NATIONAL_SCALE=0.01
// for a quick run; BENCH_NATIONAL_PGLITE_SCALE to run PGlite smaller. BENCH_NATIONAL_ONLY=pglite|postgres runs
// one (printed, no file written); BENCH_NATIONAL_KEEP_DATABASE=1 keeps the Postgres database for EXPLAIN;
// BENCH_NATIONAL_REPORT_ONLY=1 rewrites bench/national.md and the README from bench/national.json;
// BENCH_NATIONAL_DEBUG=1 prints the rows behind a failed check. The PGlite database is kept in .bench-data/
// and reused while the generator, the migrations and the seed's territories stay the same.
import { spawn } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import communes from "~/data/communes.json";
import { ANON, openPglite, openPostgres, setDb, type Database, type Tx } from "~/db.server";
import { applyShim, migrate } from "~/migrate.server";
import { charterAdoption, listTerritoryIndicators, nationalThemes, nationalUseResults, type IndicatorFilters } from "~/models/national.server";
import { refreshStatistics } from "~/startup.server";
import { themes } from "~/themes";

const GENERATOR_VERSION = 1;
const FULL = { communes: 2000, events: 5000, participants: 500_000, contributions: 2_000_000, reactions: 2_000_000, votes: 2_000_000 };
const [TARGET_MS, WARMUPS, RUNS, PORT] = [100, 3, 20, 3450];
const SCALE = Number(process.env.BENCH_NATIONAL_SCALE ?? 1);
const PGLITE_SCALE = Number(process.env.BENCH_NATIONAL_PGLITE_SCALE ?? SCALE);
const ONLY = process.env.BENCH_NATIONAL_ONLY;
const KEEP_DATABASE = process.env.BENCH_NATIONAL_KEEP_DATABASE === "1";
const STAFF_EMAIL = "animation@banc-national.cafe-ia.test";
const USE_SLUG = "facial-recognition-public-space";
const COMMITMENT = "governance";
const log = (message: string) => console.log(`[bench-national ${new Date().toISOString().slice(11, 19)}] ${message}`);

type Plan = typeof FULL;
const planFor = (scale: number): Plan =>
  Object.fromEntries(Object.entries(FULL).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))])) as Plan;

// Deterministic pseudo-random numbers, so a scale always gives the same dataset.
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Splits total into integers proportional to weights, each at least min (largest remainders). */
function allocate(total: number, weights: number[], min = 0): number[] {
  const free = Math.max(0, total - min * weights.length);
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (free * w) / sum);
  const out = exact.map((x) => min + Math.floor(x));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i]).sort((a, b) => b[0] - a[0]);
  for (let k = 0; left > 0 && weights.length; k = (k + 1) % weights.length, left--) out[order[k][1]]++;
  return out;
}

const slugify = (s: string) =>
  s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const seedTerritories = () => {
  const seed = fs.readFileSync("supabase/seed.sql", "utf8");
  return seed.slice(seed.indexOf("-- BEGIN territories"), seed.indexOf("-- END territories"));
};

/**
 * 2,000 real communes not in the seed, drawn with a probability growing with population (weighted
 * sampling without replacement), so big cities are nearly all there, small communes sometimes, and every
 * région of the seed, overseas included, has some.
 */
function pickCommunes(n: number, present: Set<string>, regions: Set<string>) {
  const random = prng(20261123);
  type Commune = { c: string; n: string; d: string; r: string; p: number; lat?: number; lon?: number };
  return (communes as Commune[])
    .filter((c) => c.lat != null && c.lon != null && regions.has(c.r) && !present.has(c.c))
    .map((c) => ({ c, key: Math.log(random()) / Math.pow(Math.max(c.p, 1), 0.7) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, n)
    .map(({ c }) => ({ slug: `${slugify(c.n)}-${c.c.toLowerCase()}`, code: c.c, name: c.n, population: c.p, departement_code: c.d, region_code: c.r, latitude: c.lat, longitude: c.lon }));
}

const HOPES = ["Des réponses plus rapides aux démarches, même le soir et le week-end.", "Libérer du temps aux agents pour accompagner les personnes.",
  "Traduire les courriers de la mairie pour les familles qui lisent mal le français.", "Mieux repérer les fuites sur le réseau d'eau.",
  "Des comptes rendus de conseil publiés plus vite.", "Des démarches plus simples pour les personnes qui ont du mal avec l'écrit."];
const FEARS = ["Que mes données personnelles soient utilisées sans que je le sache.", "Ne plus pouvoir parler à une personne au guichet.",
  "Des caméras qui analysent nos comportements dans la rue.", "Que des candidatures soient écartées par un algorithme sans explication.",
  "La consommation d'énergie des centres de données.", "Que les agents perdent le sens de leur métier."];
// Theme popularity differs by kind, so the leading hope and fear differ.
const HOPE_THEMES = ["service_quality", "efficiency", "inclusion", "jobs", "transparency", "environment", "democracy", "human_oversight", "sovereignty", "privacy", "bias", "surveillance"];
const FEAR_THEMES = ["privacy", "surveillance", "jobs", "human_oversight", "bias", "inclusion", "environment", "sovereignty", "transparency", "democracy", "service_quality", "efficiency"];
if ([HOPE_THEMES, FEAR_THEMES].some((list) => [...list].sort().join() !== [...themes].sort().join())) throw new Error("the theme lists differ from ~/themes");
const LEAN: Record<string, number> = { unacceptable: 0.75, high: 0.45, limited: 0.2, minimal: 0.08 };
const PUBLICS: [string, number][] = [["youth", 0.25], ["seniors", 0.2], ["families", 0.1], ["staff", 0.1], ["officials", 0.05], ["professionals", 0.05]];

type Consultation = {
  i: number; id: string; territory_id: string; title: string; status: string; starts_on: string; ends_on: string; publics: string[];
  results_visibility: string; uses: string[]; versions: number[]; leans: number[];
  p_lo: number; p_n: number; c_lo: number; c_n: number; r_n: number; v_n: number; e_lo: number; e_n: number;
};
const uuidOf = (s: string) => createHash("md5").update(s).digest("hex").replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
const day = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (iso: string, n: number) => day(new Date(Date.parse(iso) + Math.round(n) * 86400_000));

/**
 * One to three consultations per territory (2025: closed or published; 2026: closed, open or a draft),
 * with their share of participants, contributions, reactions, votes and events, growing with
 * population. Each consultation owns a range of participant numbers and contribution numbers, so the
 * set-based inserts below derive every id (md5 of 'p:n', 'c:n', 'e:n') without lookups.
 */
function planConsultations(territories: { id: string; name: string; population: number | null }[], uses: { id: string; version: number; risk_tier: string }[], plan: Plan) {
  const random = prng(8);
  const list: (Omit<Consultation, "p_lo" | "p_n" | "c_lo" | "c_n" | "r_n" | "v_n" | "e_lo" | "e_n"> & { weight: number })[] = [];
  for (const t of territories) {
    const count = 1 + Math.floor(random() * 3);
    for (let j = 0; j < count; j++) {
      let start: string, end: string, status: string;
      if (j === 0) {
        start = addDays("2025-01-15", random() * 250);
        end = addDays(start, 45 + random() * 75);
        status = random() < 0.7 ? "closed" : "published";
      } else if (j === 1 && random() < 0.5) {
        start = addDays("2026-01-10", random() * 200);
        end = addDays(start, 45 + random() * 45);
        status = random() < 0.7 ? "closed" : "published";
      } else if (j === 2 && random() < 0.3) {
        start = addDays("2026-12-01", random() * 25);
        end = addDays(start, 90);
        status = "draft";
      } else {
        start = addDays("2026-09-01", random() * 70);
        end = addDays("2027-01-15", random() * 60);
        status = "open";
      }
      const publics = ["all", ...PUBLICS.filter(([, p]) => random() < p).map(([k]) => k)].slice(random() < 0.3 ? 1 : 0);
      const offset = Math.floor(random() * uses.length);
      const chosen = Array.from({ length: 6 + Math.floor(random() * 7) }, (_, k) => uses[(offset + k) % uses.length]);
      const shift = (random() - 0.5) * 0.2;
      const i = list.length + 1;
      list.push({
        i, id: uuidOf(`k:${i}`), territory_id: t.id, status, starts_on: start, ends_on: end, publics: publics.length ? publics : ["youth"],
        title: `Concertation IA ${start.slice(0, 4)} — ${t.name}`.slice(0, 200), results_visibility: random() < 0.2 ? "after_close" : "after_vote",
        uses: chosen.map((u) => u.id), versions: chosen.map((u) => u.version), leans: chosen.map((u) => Math.min(0.95, Math.max(0.02, LEAN[u.risk_tier] + shift))),
        weight: status === "draft" ? 0 : Math.pow(Math.max(t.population ?? 1000, 50), 0.55) * (0.4 + 1.2 * random()),
      });
    }
  }
  const active = list.filter((c) => c.weight > 0);
  const weights = active.map((c) => c.weight);
  const people = allocate(plan.participants, weights, Math.min(5, Math.floor(plan.participants / active.length)));
  const [contributions, reactions, votes] = [plan.contributions, plan.reactions, plan.votes].map((n) => allocate(n, people, 1));
  const events = allocate(plan.events, weights.map(Math.sqrt));
  const counters = { p: 1, c: 1, e: 1 };
  const byId = new Map(active.map((c, k) => [c.id, k]));
  return list.map(({ weight: _, ...c }): Consultation => {
    const k = byId.get(c.id);
    if (k === undefined) return { ...c, p_lo: 0, p_n: 0, c_lo: 0, c_n: 0, r_n: 0, v_n: 0, e_lo: 0, e_n: 0 };
    const p_n = people[k], c_n = contributions[k];
    const row = { ...c, p_lo: counters.p, p_n, c_lo: counters.c, c_n, r_n: Math.min(reactions[k], p_n * c_n), v_n: Math.min(votes[k], p_n * c.uses.length), e_lo: counters.e, e_n: events[k] };
    counters.p += p_n;
    counters.c += c_n;
    counters.e += events[k];
    return row;
  });
}

/** Consecutive consultation ranges holding about `size` rows of a kind each: one transaction per range. */
function chunks(list: Consultation[], rows: (c: Consultation) => number, size: number): [number, number][] {
  const out: [number, number][] = [];
  let [from, sum] = [1, 0];
  for (const c of list) {
    sum += rows(c);
    if (sum >= size) {
      out.push([from, c.i]);
      [from, sum] = [c.i + 1, 0];
    }
  }
  if (from <= list.length) out.push([from, list.length]);
  return out;
}

/** A transaction with the triggers off (they would take hours row by row); their tables are rebuilt after. */
const bulk = <T>(db: Database, work: (tx: Tx) => Promise<T>) =>
  db.asService(async (tx) => {
    await tx.query("set local session_replication_role = replica");
    return work(tx);
  });

const CONTRIBUTIONS = `insert into public.contributions (id, consultation_id, territory_id, event_id, participant_id, kind, body, themes, source, status, held_reason, entered_by, created_at, updated_at)
  select md5('c:' || m)::uuid, k.id, k.territory_id,
    case when k.e_n > 0 and g.u(m, 1) < 0.6 then md5('e:' || (k.e_lo + floor(g.u(m, 2) * k.e_n)::int))::uuid end,
    case when not x.paper then md5('p:' || (k.p_lo + floor(g.u(m, 3) * k.p_n)::int))::uuid end,
    x.kind, (case x.kind when 'hope' then $3::text[] else $4::text[] end)[1 + floor(g.u(m, 4) * 6)::int] || case when x.status = 'held' then ' Écrivez-moi à prenom.nom@exemple.fr.' else '' end,
    case when x.i2 <> x.i1 and g.u(m, 5) < 0.4 then array[x.t[x.i1], x.t[x.i2]] else array[x.t[x.i1]] end,
    case when x.paper then 'paper' else 'online' end, x.status, case when x.status = 'held' then 'email' end,
    case when x.paper then '${STAFF_EMAIL}' end, x.ts, x.ts
  from g.cons k cross join lateral generate_series(k.c_lo, k.c_lo + k.c_n - 1) m
  cross join lateral (select g.u(m, 6) < 0.1 paper, case when g.u(m, 7) < 0.45 then 'hope' else 'fear' end kind,
    case when g.u(m, 7) < 0.45 then $1::text[] else $2::text[] end t,
    1 + (floor(12 * power(g.u(m, 8), 1.6))::int + k.i % 3) % 12 i1, 1 + floor(12 * g.u(m, 9))::int i2,
    case when g.u(m, 10) < 0.05 then 'hidden' when g.u(m, 10) < 0.065 and g.u(m, 6) >= 0.1 then 'held' else 'visible' end status,
    k.starts_on + g.u(m, 11) * (least(k.ends_on, current_date) - k.starts_on + 1) * interval '1 day' ts) x
  where k.i between $5 and $6`;

// Participant a of the consultation reacts to contributions (b + 7a) mod n for b = 0, 1…: never twice the same.
const REACTIONS = `insert into public.reactions (contribution_id, participant_id, value, created_at, updated_at)
  select md5('c:' || (k.c_lo + ((j / k.p_n) + (j % k.p_n) * 7) % k.c_n))::uuid, md5('p:' || (k.p_lo + j % k.p_n))::uuid,
    case when g.u(j + k.c_lo, 21) < 0.3 + 0.5 * g.u(k.c_lo + ((j / k.p_n) + (j % k.p_n) * 7) % k.c_n, 22) then 'agree' when g.u(j + k.c_lo, 23) < 0.7 then 'disagree' else 'pass' end,
    x.ts, x.ts
  from g.cons k cross join lateral generate_series(0, k.r_n - 1) j
  cross join lateral (select k.starts_on + g.u(j + k.c_lo, 24) * (least(k.ends_on, current_date) - k.starts_on + 1) * interval '1 day' ts) x
  where k.i between $1 and $2`;

const VOTES = `insert into public.votes (consultation_id, ai_use_id, participant_id, territory_id, event_id, ai_use_version, verdict, conditions, other_condition, created_at, updated_at)
  select k.id, k.uses[x.ui], md5('p:' || (k.p_lo + j % k.p_n))::uuid, k.territory_id,
    case when k.e_n > 0 and g.u(j + k.p_lo, 31) < 0.4 then md5('e:' || (k.e_lo + floor(g.u(j + k.p_lo, 32) * k.e_n)::int))::uuid end,
    k.versions[x.ui], x.verdict,
    case when x.verdict <> 'conditional' then '{}' when g.u(j + k.p_lo, 33) < 0.5 then array[($1::text[])[1 + x.c1]] else array[($1::text[])[1 + x.c1], ($1::text[])[1 + (x.c1 + 1 + floor(g.u(j + k.p_lo, 34) * 4)::int) % 5]] end,
    case when x.verdict = 'conditional' and g.u(j + k.p_lo, 35) < 0.03 then 'Un comité citoyen de suivi' end, x.ts, x.ts
  from g.cons k cross join lateral generate_series(0, k.v_n - 1) j
  cross join lateral (select 1 + ((j / k.p_n) + (j % k.p_n) * 3) % cardinality(k.uses) ui) y
  cross join lateral (select y.ui, floor(g.u(j + k.p_lo, 36) * 5)::int c1,
    k.starts_on + g.u(j + k.p_lo, 37) * (least(k.ends_on, current_date) - k.starts_on + 1) * interval '1 day' ts,
    case when g.u(j + k.p_lo, 38) < k.leans[y.ui] then 'proscribe' when g.u(j + k.p_lo, 38) < k.leans[y.ui] + (1 - k.leans[y.ui]) * 0.45 then 'conditional'
      when g.u(j + k.p_lo, 38) < k.leans[y.ui] + (1 - k.leans[y.ui]) * 0.8 then 'accept' else 'unsure' end verdict) x
  where k.i between $2 and $3`;

type Generation = { steps: Record<string, number>; rows: Record<string, number>; recount: string; ms: number };

async function generate(db: Database, plan: Plan): Promise<Generation> {
  const steps: Record<string, number> = {};
  const started = performance.now();
  const step = async <T>(name: string, work: () => Promise<T>) => {
    const t0 = performance.now();
    const result = await work();
    steps[name] = Math.round(performance.now() - t0);
    log(`${name}: ${(steps[name] / 1000).toFixed(1)} s`);
    return result;
  };
  const communesAdded = await step("territories", async () => {
    await db.asService((tx) => tx.exec(seedTerritories()));
    const [present, regions] = await db.asService(async (tx) => [
      new Set((await tx.query<{ code: string }>("select code from public.territories where kind = 'commune'")).map((r) => r.code)),
      new Set((await tx.query<{ code: string }>("select code from public.territories where kind = 'region'")).map((r) => r.code)),
    ]);
    const picked = pickCommunes(plan.communes, present, regions);
    await db.asService((tx) => tx.query(`insert into public.territories (slug, kind, code, name, population, departement_code, region_code, latitude, longitude)
      select slug, 'commune', code, name, population, departement_code, region_code, latitude, longitude
      from jsonb_to_recordset($1::text::jsonb) as x (slug text, code text, name text, population int, departement_code text, region_code text, latitude float8, longitude float8)`, [JSON.stringify(picked)]));
    return picked.length;
  });
  const consultations = await step("consultations, uses and events", async () => {
    const [territories, uses] = await db.asService(async (tx) => [
      await tx.query<{ id: string; name: string; population: number | null }>("select id, name, population from public.territories order by kind, code"),
      await tx.query<{ id: string; version: number; risk_tier: string }>("select id, version, risk_tier from public.ai_uses where territory_id is null and archived_at is null order by slug"),
    ]);
    const list = planConsultations(territories, uses, plan);
    await bulk(db, async (tx) => {
      await tx.exec(`drop schema if exists g cascade; create schema g;
        create function g.u(n bigint, salt int) returns float8 language sql immutable as $$ select (hashint8(n * 64 + salt) & 1048575) / 1048576.0 $$;
        create function g.code(n int) returns text language sql immutable as $$
          select 'Z' || string_agg(substr('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 1 + (n / (32 ^ d)::int) % 32, 1), '' order by d desc) from generate_series(0, 4) d $$;`);
      await tx.query(`create table g.cons as select * from jsonb_to_recordset($1::text::jsonb) as x (i int, id uuid, territory_id uuid, title text, status text,
        starts_on date, ends_on date, publics text[], results_visibility text, uses uuid[], versions int[], leans float8[],
        p_lo int, p_n int, c_lo int, c_n int, r_n int, v_n int, e_lo int, e_n int)`, [JSON.stringify(list)]);
      await tx.exec("create unique index on g.cons (i); analyze g.cons");
      await tx.query(`insert into public.consultations (id, territory_id, title, description, starts_on, ends_on, publics, status, results_visibility, closed_at, created_by, created_at, updated_at)
        select id, territory_id, title, 'Jeu de données du banc d''essai national.', starts_on, ends_on, publics, status, results_visibility,
          case when status in ('closed', 'published') then ends_on + time '18:00' end, $1, starts_on - 20, starts_on - 20 from g.cons`, [STAFF_EMAIL]);
      await tx.query(`insert into public.consultation_ai_uses (consultation_id, territory_id, ai_use_id, position, created_at)
        select k.id, k.territory_id, u.id, u.n, k.starts_on - 10 from g.cons k cross join lateral unnest(k.uses) with ordinality u (id, n)`);
      // Open consultations have upcoming cafés too: "upcoming" is relative to the clock.
      await tx.query(`insert into public.events (id, code, consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address, latitude, longitude,
          audience, capacity, accessible, cancelled_at, cancel_reason, created_by, created_at, updated_at)
        select md5('e:' || n)::uuid, g.code(n), k.id, k.territory_id, left('Café IA — ' || t.name, 160),
          case when k.status = 'open' and g.u(n, 41) < 0.5 then date_trunc('hour', now()) + (1 + floor(g.u(n, 42) * 60)) * interval '1 day'
            else k.starts_on + floor(g.u(n, 42) * (least(k.ends_on, current_date - 1) - k.starts_on + 1)) * interval '1 day' + interval '18 hours' end,
          (array[90, 120, 150])[1 + floor(g.u(n, 43) * 3)::int], (array['Médiathèque', 'Mairie', 'Maison de quartier', 'Salle des fêtes', 'Tiers-lieu'])[1 + floor(g.u(n, 44) * 5)::int],
          left('1 place de la Mairie, ' || t.name, 300), coalesce(t.latitude, 46.6) + (g.u(n, 45) - 0.5) * 0.02, coalesce(t.longitude, 2.4) + (g.u(n, 46) - 0.5) * 0.02,
          case when g.u(n, 47) < 0.7 then 'all' when g.u(n, 47) < 0.85 then 'youth' when g.u(n, 47) < 0.95 then 'seniors' else 'families' end,
          30 + floor(g.u(n, 48) * 170)::int, g.u(n, 49) < 0.6,
          case when g.u(n, 50) < 0.03 then k.starts_on - 1 end, case when g.u(n, 50) < 0.03 then 'Salle indisponible' end, $1, k.starts_on - 5, k.starts_on - 5
        from g.cons k join public.territories t on t.id = k.territory_id cross join lateral generate_series(k.e_lo, k.e_lo + k.e_n - 1) n`, [STAFF_EMAIL]);
    });
    return list;
  });
  await step("participants", () =>
    bulk(db, (tx) => tx.query("insert into public.participants (id, created_at) select md5('p:' || n)::uuid, now() - (n % 600) * interval '1 day' from generate_series(1, $1::int) n", [plan.participants])));
  const size = Math.max(50_000, Math.ceil(plan.contributions / 8));
  await step("contributions", async () => {
    for (const [from, to] of chunks(consultations, (c) => c.c_n, size)) await bulk(db, (tx) => tx.query(CONTRIBUTIONS, [HOPE_THEMES, FEAR_THEMES, HOPES, FEARS, from, to]));
  });
  await step("reactions", async () => {
    for (const [from, to] of chunks(consultations, (c) => c.r_n, size)) await bulk(db, (tx) => tx.query(REACTIONS, [from, to]));
  });
  await step("votes", async () => {
    for (const [from, to] of chunks(consultations, (c) => c.v_n, size)) await bulk(db, (tx) => tx.query(VOTES, [["human_oversight", "transparency", "eu_hosting", "bias_audit", "human_alternative"], from, to]));
  });
  await step("blocks and charters", () =>
    bulk(db, async (tx) => {
      // One consultation in 25 has blocked an author (their reactions and votes then leave the figures).
      await tx.query(`insert into public.participant_blocks (consultation_id, territory_id, participant_id, reason, actor)
        select k.id, k.territory_id, md5('p:' || k.p_lo)::uuid, 'Propos injurieux répétés', $1 from g.cons k where k.p_n >= 10 and k.i % 25 = 0`, [STAFF_EMAIL]);
      // Published charters in about 7% of territories, a third of them signed twice.
      await tx.query(`with chosen as (
          select t.id, row_number() over (order by md5(t.kind || t.code)) rn from public.territories t
          where exists (select 1 from g.cons k where k.territory_id = t.id and k.status <> 'draft')),
        tpl as (select version, commitments from public.charter_templates order by version desc limit 1)
        insert into public.charter_versions (territory_id, version, template_version, commitments, signatory_name, signatory_mandate, signed_on, signed_by, published_at)
        select c.id, v.n, tpl.version,
          (select jsonb_agg(jsonb_build_object('key', e.c ->> 'key', 'fr', e.c -> 'fr', 'en', e.c -> 'en',
              'status', case when g.u(hashtext(c.id::text || (e.c ->> 'key')), v.n) < 0.3 + 0.15 * v.n then 'adopted'
                when g.u(hashtext(c.id::text || (e.c ->> 'key')), 10 + v.n) < 0.5 then 'in_progress' else 'not_planned' end,
              'target_date', null, 'responsible', '', 'evidence', '', 'links', '[]'::jsonb) order by e.n)
           from jsonb_array_elements(tpl.commitments) with ordinality e (c, n)),
          'Prénom Nom', 'Maire', date '2026-03-01' + ((v.n - 1) * 120 + c.rn % 60)::int, $2, timestamptz '2026-03-01 12:00+01' + ((v.n - 1) * 120 + c.rn % 60) * interval '1 day'
        from chosen c cross join tpl cross join lateral (select 1 n union all select 2 where c.rn % 3 = 0) v
        where c.rn <= $1`, [Math.max(10, Math.round(plan.communes * 0.075)), STAFF_EMAIL]);
    }));
  // What the per-row triggers keep: reaction counts per contribution, vote tallies (blocked voters left out).
  await step("contribution_counts and vote_tallies", () =>
    bulk(db, async (tx) => {
      await tx.query(`insert into public.contribution_counts (contribution_id, agree, disagree, pass)
        select c.id, coalesce(r.agree, 0), coalesce(r.disagree, 0), coalesce(r.pass, 0) from public.contributions c
        left join (select contribution_id, count(*) filter (where value = 'agree')::int agree, count(*) filter (where value = 'disagree')::int disagree,
          count(*) filter (where value = 'pass')::int pass from public.reactions group by contribution_id) r on r.contribution_id = c.id
        on conflict (contribution_id) do nothing`);
      await tx.query(`insert into public.vote_tallies (consultation_id, ai_use_id, territory_id, proscribe, conditional, accept, unsure,
          human_oversight, transparency, eu_hosting, bias_audit, human_alternative, other_condition)
        select s.consultation_id, s.ai_use_id, s.territory_id,
          count(v.verdict) filter (where v.verdict = 'proscribe'), count(v.verdict) filter (where v.verdict = 'conditional'),
          count(v.verdict) filter (where v.verdict = 'accept'), count(v.verdict) filter (where v.verdict = 'unsure'),
          count(v.verdict) filter (where 'human_oversight' = any (v.conditions)), count(v.verdict) filter (where 'transparency' = any (v.conditions)),
          count(v.verdict) filter (where 'eu_hosting' = any (v.conditions)), count(v.verdict) filter (where 'bias_audit' = any (v.conditions)),
          count(v.verdict) filter (where 'human_alternative' = any (v.conditions)), count(v.verdict) filter (where v.other_condition is not null)
        from public.consultation_ai_uses s
        left join (select * from public.votes x where not exists (
          select 1 from public.participant_blocks b where b.consultation_id = x.consultation_id and b.participant_id = x.participant_id)) v
          on v.consultation_id = s.consultation_id and v.ai_use_id = s.ai_use_id
        group by s.consultation_id, s.ai_use_id, s.territory_id
        on conflict (consultation_id, ai_use_id) do nothing`);
    }));
  const recount = await step("recount_national", () => recountAll(db));
  await db.asService((tx) => tx.exec("drop schema g cascade"));
  const rows = { ...(await countRows(db)), generated_communes: communesAdded };
  return { steps, rows, recount, ms: Math.round(performance.now() - started) };
}

/**
 * The summary tables, rebuilt by the migrations' own repair function, whatever tables it covers by
 * now: private.recount_national() in one pass where it exists, else per territory; that one looks rows
 * up by territory_id, which contributions and consultation_participants have no index on, so two
 * indexes exist for the rebuild only and the measured schema stays the migrations' own.
 */
async function recountAll(db: Database) {
  const signatures = await db.asService((tx) =>
    tx.query<{ args: string }>("select pg_get_function_identity_arguments(p.oid) args from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'private' and p.proname = 'recount_national'"));
  if (signatures.some((s) => s.args === "")) {
    await db.asService((tx) => tx.query("select private.recount_national()"));
    return "private.recount_national() once";
  }
  await db.asService((tx) => tx.exec(`create index bench_contributions_territory on public.contributions (territory_id);
    create index bench_consultation_participants_territory on private.consultation_participants (territory_id)`));
  const ids = (await db.asService((tx) => tx.query<{ id: string }>("select id from public.territories order by id"))).map((r) => r.id);
  for (let k = 0; k < ids.length; k += 100) {
    await db.asService((tx) => tx.query("select private.recount_national(id) from unnest($1::uuid[]) id", [ids.slice(k, k + 100)]));
  }
  await db.asService((tx) => tx.exec("drop index public.bench_contributions_territory; drop index private.bench_consultation_participants_territory"));
  return `private.recount_national(territory) for each of the ${ids.length} territories`;
}

async function countRows(db: Database) {
  const tables = ["territories", "consultations", "consultation_ai_uses", "events", "participants", "contributions", "reactions", "votes",
    "participant_blocks", "charter_versions", "territory_stats", "territory_theme_counts", "territory_use_counts", "territory_charter"];
  const [row] = await db.asService((tx) => tx.query<Record<string, number>>(`select ${tables.map((t) => `(select count(*)::int from public.${t}) as ${t}`).join(", ")},
    (select count(*)::int from public.contributions where status = 'visible') visible_contributions,
    (select count(*)::int from public.contributions where source = 'paper') paper_contributions,
    (select count(*)::int from public.events where starts_at >= now() and cancelled_at is null) upcoming_events`));
  return row;
}

/** The summary tables present (another migration may add per-consultation ones), with how to filter them by territory. */
async function summaryTables(tx: Tx) {
  const rows = await tx.query<{ table_name: string; by_territory: boolean }>(`select c.table_name, bool_or(c.column_name = 'territory_id') by_territory
    from information_schema.columns c where c.table_schema = 'public'
      and c.table_name in ('territory_stats', 'territory_theme_counts', 'territory_use_counts', 'territory_charter', 'consultation_stats', 'consultation_theme_counts', 'consultation_use_counts')
    group by c.table_name having bool_or(c.column_name in ('territory_id', 'consultation_id')) order by 1`);
  return rows;
}

async function snapshot(tx: Tx, tables: { table_name: string; by_territory: boolean }[], territory: string) {
  const out: Record<string, string[]> = {};
  for (const { table_name, by_territory } of tables) {
    const where = by_territory ? "x.territory_id = $1" : "x.consultation_id in (select id from public.consultations where territory_id = $1)";
    const rows = await tx.query<{ j: Record<string, unknown> }>(`select to_jsonb(x) - 'updated_at' j from public.${table_name} x where ${where}`, [territory]);
    out[table_name] = rows.map((r) => JSON.stringify(r.j)).sort();
  }
  return out;
}

class Rollback extends Error {}

/**
 * The bulk load bypassed the triggers: checks that what it built is what they would keep. (1) Reaction
 * counts and vote tallies equal a count of the raw rows, everywhere. (2) On a sample of territories, a
 * few writes through the triggers (a contribution, a reaction, a vote, a block, a closing) leave every
 * summary table equal to private.recount_national; rolled back.
 */
async function verify(db: Database) {
  const [counters] = await db.asService((tx) => tx.query<{ counts_off: number; tallies_off: number }>(`select
    (select count(*)::int from public.contribution_counts n full join (select contribution_id, count(*) filter (where value = 'agree') a,
       count(*) filter (where value = 'disagree') d, count(*) filter (where value = 'pass') p from public.reactions group by contribution_id) r using (contribution_id)
     where (coalesce(n.agree, 0), coalesce(n.disagree, 0), coalesce(n.pass, 0)) <> (coalesce(r.a, 0), coalesce(r.d, 0), coalesce(r.p, 0))) counts_off,
    (select count(*)::int from public.vote_tallies t full join (select consultation_id, ai_use_id, count(*) filter (where verdict = 'proscribe') p, count(*) n
       from public.votes v where not exists (select 1 from public.participant_blocks b where b.consultation_id = v.consultation_id and b.participant_id = v.participant_id)
       group by 1, 2) v using (consultation_id, ai_use_id) where (coalesce(t.proscribe, 0), coalesce(t.total, 0)) <> (coalesce(v.p, 0), coalesce(v.n, 0))) tallies_off`));
  let sample: { territory: string; equal: boolean; differs: string[] }[] = [];
  let checked: string[] = [];
  try {
    await db.asService(async (tx) => {
      const tables = await summaryTables(tx);
      checked = tables.map((t) => t.table_name);
      const [open] = await tx.query<{ id: string; territory_id: string; ai_use_id: string; version: number; contribution: string }>(`select k.id, k.territory_id, s.ai_use_id, u.version,
          (select c.id from public.contributions c where c.consultation_id = k.id and c.status = 'visible' limit 1) contribution
        from public.consultations k join public.consultation_ai_uses s on s.consultation_id = k.id join public.ai_uses u on u.id = s.ai_use_id
        where k.status = 'open' and exists (select 1 from public.contributions c where c.consultation_id = k.id and c.status = 'visible')
        order by k.id limit 1`);
      const [closing] = await tx.query<{ id: string; territory_id: string }>(`select k.id, k.territory_id from public.consultations k
        where k.status = 'open' and k.territory_id <> $1 and exists (select 1 from public.votes v where v.consultation_id = k.id) order by k.id limit 1`, [open.territory_id]);
      const [blocked] = await tx.query<{ consultation_id: string; territory_id: string; participant_id: string }>(`select v.consultation_id, v.territory_id, v.participant_id
        from public.votes v join public.consultations k on k.id = v.consultation_id
        where k.status = 'closed' and v.territory_id <> $1 and v.territory_id is distinct from $2 order by v.consultation_id limit 1`, [open.territory_id, closing?.territory_id ?? null]);
      const participant = randomUUID();
      await tx.query("insert into public.participants (id) values ($1)", [participant]);
      await tx.query(`insert into public.contributions (consultation_id, territory_id, participant_id, kind, body, themes)
        values ($1, $2, $3, 'fear', 'Une crainte écrite pendant la vérification du banc.', '{bias,privacy}')`, [open.id, open.territory_id, participant]);
      await tx.query("insert into public.reactions (contribution_id, participant_id, value) values ($1, $2, 'agree')", [open.contribution, participant]);
      await tx.query(`insert into public.votes (consultation_id, ai_use_id, participant_id, territory_id, ai_use_version, verdict)
        values ($1, $2, $3, $4, $5, 'proscribe')`, [open.id, open.ai_use_id, participant, open.territory_id, open.version]);
      if (closing) await tx.query("update public.consultations set status = 'closed' where id = $1", [closing.id]);
      if (blocked) {
        await tx.query(`insert into public.participant_blocks (consultation_id, territory_id, participant_id, reason, actor) values ($1, $2, $3, 'Vérification du banc', $4)`,
          [blocked.consultation_id, blocked.territory_id, blocked.participant_id, STAFF_EMAIL]);
        await tx.query("select private.recount_tallies($1)", [blocked.consultation_id]);
      }
      const territories = [open.territory_id, closing?.territory_id, blocked?.territory_id].filter((t): t is string => !!t);
      territories.push(...(await tx.query<{ id: string }>("select territory_id id from public.territory_stats order by participants desc limit 3")).map((r) => r.id));
      const kept: Record<string, string[]>[] = [];
      for (const t of territories) kept.push(await snapshot(tx, tables, t));
      for (const t of territories) await tx.query("select private.recount_national($1)", [t]);
      sample = [];
      for (const [i, t] of territories.entries()) {
        const now = await snapshot(tx, tables, t);
        const differs = Object.keys(now).filter((table) => JSON.stringify(now[table]) !== JSON.stringify(kept[i][table]));
        if (differs.length && process.env.BENCH_NATIONAL_DEBUG) console.log(JSON.stringify({ t, kept: Object.fromEntries(differs.map((d) => [d, kept[i][d]])), recount: Object.fromEntries(differs.map((d) => [d, now[d]])) }, null, 1));
        sample.push({ territory: t, equal: differs.length === 0, differs });
      }
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  const ok = counters.counts_off === 0 && counters.tallies_off === 0 && sample.length > 0 && sample.every((s) => s.equal);
  const summary = `contribution_counts rows differing from a count of reactions: ${counters.counts_off}; vote_tallies differing from a count of votes: ${counters.tallies_off}; ` +
    `after trigger-driven writes (contribution, reaction, vote, closing, block), summary tables (${checked.join(", ")}) equal to private.recount_national on ${sample.filter((s) => s.equal).length}/${sample.length} sampled territories`;
  log(`check: ${summary}${ok ? "" : " — MISMATCH"}`);
  return { ok, summary, counters, tables: checked, sample };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)];
const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { p50: r(quantile(s, 0.5)), p90: r(quantile(s, 0.9)), p99: r(quantile(s, 0.99)), max: r(s[s.length - 1]) };
};
type Timing = ReturnType<typeof stats>;

/** Whether IndicatorFilters has a field yet (another change adds year and audience): read from the model's source. */
function filterFields() {
  const source = fs.readFileSync("app/models/national.server.ts", "utf8");
  const type = /export type IndicatorFilters = \{([\s\S]*?)\n\};/.exec(source)?.[1] ?? "";
  return { year: /\n\s*year\??:/.test(type), audience: /\n\s*audience\??:/.test(type) };
}

/** The reads the map data route and /national make, in one transaction each as an anonymous visitor. */
async function measureModels(db: Database, aiUseId: string) {
  const fields = filterFields();
  const targets: [string, (tx: Tx) => Promise<unknown[]>][] = [
    ["listTerritoryIndicators()", (tx) => listTerritoryIndicators(tx)],
    ["listTerritoryIndicators({ aiUseId })", (tx) => listTerritoryIndicators(tx, { aiUseId })],
    ["listTerritoryIndicators({ commitmentKey })", (tx) => listTerritoryIndicators(tx, { commitmentKey: COMMITMENT })],
    ["listTerritoryIndicators({ kinds: ['commune'] })", (tx) => listTerritoryIndicators(tx, { kinds: ["commune"] })],
    ["listTerritoryIndicators({ regionCode: '84' })", (tx) => listTerritoryIndicators(tx, { regionCode: "84" })],
  ];
  const extra: Record<string, unknown> = {};
  if (fields.year) extra.year = 2026;
  if (fields.audience) extra.audience = "youth";
  if (Object.keys(extra).length) {
    const filters = { ...extra } as IndicatorFilters;
    targets.push([`listTerritoryIndicators(${JSON.stringify(extra).replace(/"(\w+)":/g, "$1: ")})`, (tx) => listTerritoryIndicators(tx, filters)]);
    const withUse = { ...extra, aiUseId } as IndicatorFilters;
    targets.push([`listTerritoryIndicators({ ${Object.keys(extra).join(", ")}, aiUseId })`, (tx) => listTerritoryIndicators(tx, withUse)]);
  }
  targets.push(["nationalThemes()", (tx) => nationalThemes(tx)], ["nationalUseResults()", (tx) => nationalUseResults(tx)], ["charterAdoption()", (tx) => charterAdoption(tx)]);
  const results = [];
  for (const [name, read] of targets) {
    let rows = 0;
    const times: number[] = [];
    for (let k = 0; k < WARMUPS + RUNS; k++) {
      const t0 = performance.now();
      rows = (await db.asCaller(ANON, read)).length;
      if (k >= WARMUPS) times.push(performance.now() - t0);
    }
    results.push({ name, rows, ms: stats(times), read });
    log(`${name}: ${rows} rows, p90 ${results.at(-1)!.ms.p90} ms`);
  }
  return { filtersPresent: fields, results };
}

/**
 * A database whose transactions record the wall time spent waiting on SQL (overlapping queries count
 * once), so a loader's time splits into database and JavaScript (formatting, i18n, JSON).
 */
function timed(db: Database) {
  let [inFlight, since, sqlMs] = [0, 0, 0];
  const wrap = (tx: Tx): Tx => ({
    async query(text, params) {
      if (inFlight++ === 0) since = performance.now();
      try {
        return await tx.query(text, params);
      } finally {
        if (--inFlight === 0) sqlMs += performance.now() - since;
      }
    },
    exec: (text) => tx.exec(text),
  });
  const database: Database = {
    ...db,
    asCaller: (identity, work) => db.asCaller(identity, (tx) => work(wrap(tx))),
    asService: (work) => db.asService((tx) => work(wrap(tx))),
  };
  return { database, take: () => [sqlMs, (sqlMs = 0)][0] };
}

type Loader = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;
const ROUTES: [string, string, string[]][] = [
  ["carte.donnees[.json]", "/carte/donnees.json", ["", "?indicateur=proscrit&usage=<use>", "?indicateur=participation&annee=2026&public=youth"]],
  ["national", "/national", [""]],
];

/**
 * The route loaders themselves, in this process (no HTTP, no rendering): total time, and the part spent
 * on SQL. The map data loader's total includes writing its JSON.
 */
async function measureLoaders(db: Database, aiUseId: string) {
  const clock = timed(db);
  setDb(clock.database);
  const results = [];
  try {
    for (const [file, base, searches] of ROUTES) {
      if (!fs.existsSync(`app/routes/${file}.tsx`)) {
        results.push({ path: base, note: "not measured (route absent)" });
        continue;
      }
      const { loader } = (await import(/* @vite-ignore */ `~/routes/${file}`)) as { loader: Loader };
      for (const search of searches) {
        const url = `http://localhost${base}${search.replace("<use>", aiUseId)}`;
        const [total, sql]: number[][] = [[], []];
        for (let k = 0; k < WARMUPS + RUNS; k++) {
          clock.take();
          const t0 = performance.now();
          const out = await loader({ request: new Request(url, { headers: { "accept-language": "fr" } }), params: {}, context: { clientIp: "" } });
          if (out instanceof Response) await out.text();
          if (k >= WARMUPS) [total.push(performance.now() - t0), sql.push(clock.take())];
        }
        results.push({ path: base + search, ms: stats(total), sqlMs: stats(sql) });
        log(`loader ${base + search}: p90 ${results.at(-1)!.ms!.p90} ms (SQL p90 ${results.at(-1)!.sqlMs!.p90} ms)`);
      }
    }
  } finally {
    setDb(undefined);
  }
  return results;
}

function get(url: string, encoding = "identity"): Promise<{ status: number; bytes: number; body: Buffer; ms: number; appMs: number | null }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { "accept-encoding": encoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (b: Buffer) => parts.push(b));
      res.on("end", () => {
        const body = Buffer.concat(parts);
        // The route's own time, from its Server-Timing header (the map data route sends one).
        const app = /app;dur=([\d.]+)/.exec(String(res.headers["server-timing"] ?? ""));
        resolve({ status: res.statusCode ?? 0, bytes: body.length, body, ms: performance.now() - t0, appMs: app ? Number(app[1]) : null });
      });
    }).on("error", reject);
  });
}

function startServer(env: Record<string, string>): Promise<{ stop: () => Promise<void>; output: () => string }> {
  const child = spawn(process.execPath, ["server.js"], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", PORT: String(PORT), HOST: "127.0.0.1", DEMO_SEED: "off",
      SESSION_SECRET: randomBytes(24).toString("hex"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { void stop(); reject(new Error(`the server did not start in 120 s: ${output}`)); }, 120_000);
    child.stdout.on("data", (b) => {
      output += b;
      if (output.includes("Café IA ready")) {
        clearTimeout(timer);
        resolve({ stop, output: () => output });
      }
    });
    child.stderr.on("data", (b) => (output += b));
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`the server exited (${code}): ${output}`)); });
  });
}

/**
 * GET over loopback from the production server, one request at a time, asking for gzip as browsers do
 * (compressing is server time too): time to the last byte.
 */
async function measureHttp(env: Record<string, string>, aiUseId: string) {
  if (!fs.existsSync("build/index.js")) return { note: "not measured (no build/: run remix build)", results: [] };
  const t0 = performance.now();
  const server = await startServer(env);
  const startMs = Math.round(performance.now() - t0);
  const base = `http://127.0.0.1:${PORT}`;
  const use = `usage=${aiUseId}`;
  const paths = ["/carte/donnees.json", "/carte/donnees.json?indicateur=participation&type=commune", `/carte/donnees.json?indicateur=proscrit&${use}`,
    "/carte/donnees.json?indicateur=crainte", "/carte/donnees.json?indicateur=espoir", "/carte/donnees.json?indicateur=charte",
    `/carte/donnees.json?indicateur=engagement&engagement=${COMMITMENT}`, "/carte/donnees.json?indicateur=participation&annee=2026&public=youth",
    `/carte/donnees.json?indicateur=proscrit&${use}&annee=2026&public=youth`, "/national", "/national.data"];
  const results = [];
  try {
    for (const p of paths) {
      const first = await get(base + p);
      if (first.status === 404) {
        results.push({ path: p.replace(use, "usage=<use>"), status: 404, note: "not measured (route absent)" });
        log(`${p.replace(use, "usage=<use>")}: route absent`);
        continue;
      }
      const [times, app]: number[][] = [[], []];
      let gz = first;
      for (let k = 0; k < WARMUPS + RUNS; k++) {
        gz = await get(base + p, "gzip");
        if (k >= WARMUPS) times.push(gz.ms);
        if (k >= WARMUPS && gz.appMs !== null) app.push(gz.appMs);
      }
      const gzipped = gz.body.length > 1 && gz.body[0] === 0x1f && gz.body[1] === 0x8b;
      results.push({ path: p.replace(use, "usage=<use>"), status: first.status, kb: +(first.bytes / 1024).toFixed(1), gzipKb: +((gzipped ? gz.bytes : first.bytes) / 1024).toFixed(1), ms: stats(times),
        appMs: app.length ? stats(app) : null });
      const appNote = app.length ? ` (route's own time p90 ${results.at(-1)!.appMs!.p90} ms)` : "";
      log(`${p.replace(use, "usage=<use>")}: ${first.status}, ${(first.bytes / 1024).toFixed(0)} KB, p90 ${results.at(-1)!.ms!.p90} ms${appNote}`);
    }
  } finally {
    await server.stop();
  }
  return { startMs, results };
}

async function analyzeAsInProduction(db: Database) {
  const analyzed = await refreshStatistics(db);
  if (analyzed) return `the app's own refreshStatistics (PGlite has no autovacuum) analyzed ${analyzed.length} tables`;
  await db.asService((tx) => tx.exec("analyze"));
  return "analyze run by the bench in place of autovacuum";
}

const sizeOf = async (db: Database) =>
  (await db.asService((tx) => tx.query<{ mb: number }>("select round(pg_database_size(current_database()) / 1048576.0)::int mb")))[0].mb;
const useIdOf = async (db: Database) =>
  (await db.asService((tx) => tx.query<{ id: string }>("select id from public.ai_uses where slug = $1", [USE_SLUG])))[0].id;

/** Where the generated PGlite database lives: named after what makes it, so a change regenerates it. */
function cacheDir(scale: number) {
  const hash = createHash("sha256").update(`${GENERATOR_VERSION}:${scale}:${seedTerritories()}`);
  for (const file of fs.readdirSync("supabase/migrations").sort()) hash.update(file).update(fs.readFileSync(path.join("supabase/migrations", file)));
  for (const file of fs.readdirSync("supabase/embedded").sort()) hash.update(file).update(fs.readFileSync(path.join("supabase/embedded", file)));
  return path.resolve(".bench-data", `national-v${GENERATOR_VERSION}-${scale}-${hash.digest("hex").slice(0, 12)}`);
}

async function benchPglite(scale: number) {
  const root = cacheDir(scale);
  const metaFile = path.join(root, "meta.json");
  let generation: Generation & { date?: string; reused?: boolean };
  let db: Database;
  if (fs.existsSync(metaFile)) {
    log(`PGlite: reusing ${path.relative(process.cwd(), root)}`);
    db = await openPglite(path.join(root, "pglite"));
    generation = { ...JSON.parse(fs.readFileSync(metaFile, "utf8")), reused: true };
  } else {
    fs.rmSync(root, { recursive: true, force: true });
    for (const old of fs.existsSync(".bench-data") ? fs.readdirSync(".bench-data") : []) {
      if (old.startsWith(`national-v${GENERATOR_VERSION}-${scale}-`) || !old.startsWith(`national-v${GENERATOR_VERSION}-`)) fs.rmSync(path.join(".bench-data", old), { recursive: true, force: true });
    }
    log(`PGlite: generating at scale ${scale} in ${path.relative(process.cwd(), root)}`);
    db = await openPglite(path.join(root, "pglite"));
    await applyShim(db);
    await migrate(db);
    generation = await generate(db, planFor(scale));
  }
  try {
    const check = await verify(db);
    const statistics = await analyzeAsInProduction(db);
    if (!generation.reused) fs.writeFileSync(metaFile, JSON.stringify({ ...generation, date: new Date().toISOString() }, null, 2));
    const aiUseId = await useIdOf(db);
    const load = +os.loadavg()[0].toFixed(1);
    const models = await measureModels(db, aiUseId);
    const loaders = await measureLoaders(db, aiUseId);
    const explain = await explainSlowest(db, models);
    const sizeMb = await sizeOf(db);
    await db.close();
    const http = await measureHttp({ DATA_DIR: root }, aiUseId);
    return { database: "PGlite (embedded, on disk)", scale, generation, check, statistics, sizeMb, load, models, loaders, http, explain };
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

async function benchPostgres(url: string, scale: number) {
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  const name = `cafeia_bench_national_${randomBytes(6).toString("hex")}`;
  const target = new URL(url);
  target.pathname = `/${name}`;
  await admin.unsafe(`create database ${name}`);
  log(`Postgres: generating at scale ${scale} in database ${name}`);
  let db: Database | undefined;
  try {
    db = await openPostgres(target.toString(), { max: 4 });
    await applyShim(db);
    await migrate(db);
    const generation = await generate(db, planFor(scale));
    const check = await verify(db);
    // Autovacuum would vacuum and analyze these tables within minutes of the load; the bench does it now.
    const statistics = "vacuum analyze run by the bench in place of autovacuum";
    await vacuumAnalyze(target.toString());
    const aiUseId = await useIdOf(db);
    const load = +os.loadavg()[0].toFixed(1);
    const models = await measureModels(db, aiUseId);
    const loaders = await measureLoaders(db, aiUseId);
    const sizeMb = await sizeOf(db);
    const explain = await explainSlowest(db, models);
    await db.close();
    db = undefined;
    const http = await measureHttp({ DATABASE_URL: target.toString() }, aiUseId);
    return { database: "Postgres", scale, generation, check, statistics, sizeMb, load, models, loaders, http, explain };
  } finally {
    await db?.close().catch(() => {});
    if (KEEP_DATABASE) log(`Postgres: database ${name} kept (BENCH_NATIONAL_KEEP_DATABASE)`);
    else await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

async function vacuumAnalyze(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe("vacuum analyze");
  } finally {
    await sql.end();
  }
}

/**
 * The plan of the slowest map read, as it ran: the model is given a transaction that records its
 * statements, then each is explained with its own parameters.
 */
async function explainSlowest(db: Database, models: Awaited<ReturnType<typeof measureModels>>) {
  const slowest = models.results.filter((m) => m.name.startsWith("listTerritoryIndicators")).sort((a, b) => b.ms.p90 - a.ms.p90)[0];
  if (!slowest) return null;
  const statements: { text: string; params?: unknown[] }[] = [];
  await db.asCaller(ANON, (tx) =>
    slowest.read({ query: (text, params) => (statements.push({ text, params }), tx.query(text, params)), exec: (text) => tx.exec(text) }));
  const plans = [];
  for (const { text, params } of statements) {
    const rows = await db.asCaller(ANON, (tx) => tx.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${text}`, params));
    plans.push(rows.map((r) => r["QUERY PLAN"]).join("\n"));
  }
  return { read: slowest.name, plan: plans.join("\n\n") };
}

// Other work on the machine skews the timings: the load average is recorded beside them.
const machine = () => `${os.cpus()[0]?.model.trim() ?? "unknown CPU"}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load average ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end`;
type Result = Awaited<ReturnType<typeof benchPglite | typeof benchPostgres>>;
type Report = { date: string; machine: string; totalSeconds: number; results: Result[] } & Record<string, unknown>;
const loadAtStart = os.loadavg()[0];
let out: Report;
if (process.env.BENCH_NATIONAL_REPORT_ONLY === "1") out = JSON.parse(fs.readFileSync("bench/national.json", "utf8"));
else {
  const started = performance.now();
  const results: Result[] = [];
  if (ONLY !== "postgres") results.push(await benchPglite(PGLITE_SCALE));
  if (process.env.BENCH_DATABASE_URL && ONLY !== "pglite") results.push(await benchPostgres(process.env.BENCH_DATABASE_URL, SCALE));
  out = { date: new Date().toISOString(), machine: machine(), targetMs: TARGET_MS, warmups: WARMUPS, runs: RUNS, scale: SCALE, pgliteScale: PGLITE_SCALE,
    totalSeconds: Math.round((performance.now() - started) / 1000), results };
}
writeReport(out);

function writeReport({ date, machine, totalSeconds, results }: Report) {
  const write = (file: string, text: string) => (ONLY ? undefined : fs.writeFileSync(file, text));
  fs.mkdirSync("bench", { recursive: true });
  if (process.env.BENCH_NATIONAL_REPORT_ONLY !== "1") write("bench/national.json", JSON.stringify(out, null, 2) + "\n");
  const n = (x: number) => x.toLocaleString("en");
  const s = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
  const t = (x?: Timing) => (x ? `${x.p50} / ${x.p90} / ${x.p99} / ${x.max}` : "—");
  const mapP90 = (r: Result) => {
    const measured = r.http.results.flatMap((x) => (x.path.startsWith("/carte/") && "ms" in x && x.ms ? [x.ms.p90] : []));
    return measured.length ? Math.max(...measured) : null;
  };
  const postgresResult = results.find((r) => r.database === "Postgres");
  const pgMap = postgresResult ? mapP90(postgresResult) : null;
  const target = !postgresResult ? "not measured on Postgres (set BENCH_DATABASE_URL)"
    : pgMap === null ? "map data route absent when measured: not measured yet"
    : `map data p90 on Postgres ${pgMap} ms (worst of the map variants over HTTP) — ${pgMap <= TARGET_MS ? "within" : "OVER"} the ${TARGET_MS} ms target`;
  const rows = (r: Result) => {
    const x = r.generation.rows;
    return `${n(x.territories)} territories (${n(x.generated_communes)} generated communes), ${n(x.consultations)} consultations, ${n(x.events)} events (${n(x.upcoming_events)} upcoming), ` +
      `${n(x.participants)} participants, ${n(x.contributions)} contributions (${n(x.visible_contributions)} visible, ${n(x.paper_contributions)} from paper), ${n(x.reactions)} reactions, ${n(x.votes)} votes, ` +
      `${n(x.participant_blocks)} blocks, ${n(x.territory_charter)} published charters`;
  };
  const generated = (r: Result) => {
    const reused = "reused" in r.generation && r.generation.reused ? ` on ${String((r.generation as { date?: string }).date ?? "").slice(0, 10)}, reused from .bench-data/` : "";
    return `${r.database}: ${r.sizeMb} MB, generated in ${s(r.generation.ms)}${reused}`;
  };
  const sameData = results.length > 1 && results.every((r) => rows(r) === rows(results[0]) && r.scale === results[0].scale);
  const datasets = sameData
    ? [`Dataset (scale ${results[0].scale}, the same on both): ${rows(results[0])}. ${results.map(generated).join("; ")}.`]
    : results.map((r) => `Dataset on ${r.database} (scale ${r.scale}): ${rows(r)}. ${generated(r)}.`);
  const checks = `Check after generation: ${results.every((r) => r.check.ok) ? "passed" : "**FAILED**"} on ${results.map((r) => r.database).join(" and ")} (${results[0].check.summary}).`;
  const loadLine = `Load average when the measurements began (2 cores; other work on the machine slows every figure): ${results.map((r) => `${r.database} ${r.load}`).join(", ")}.`;
  const table = (head: string, keys: string[], cell: (r: Result, key: string) => string) =>
    [`| ${head} | ${results.map((r) => r.database).join(" | ")} |`, `| --- | ${results.map(() => "---").join(" | ")} |`,
      ...keys.map((k) => `| \`${k}\` | ${results.map((r) => cell(r, k)).join(" | ")} |`)].join("\n");
  const loaders = table("loader", [...new Set(results.flatMap((r) => r.loaders.map((l) => l.path)))], (r, p) => {
    const l = r.loaders.find((x) => x.path === p);
    return !l ? "—" : "ms" in l && l.ms ? `${t(l.ms)} · SQL ${l.sqlMs!.p50} / ${l.sqlMs!.p90}` : (l as { note: string }).note;
  });
  const httpTable = table("GET", [...new Set(results.flatMap((r) => r.http.results.map((h) => h.path)))], (r, p) => {
    const h = r.http.results.find((x) => x.path === p);
    if (!h) return "—";
    if ("note" in h && h.note) return h.note;
    const app = "appMs" in h && h.appMs ? ` · route ${h.appMs.p50} / ${h.appMs.p90}` : "";
    return "ms" in h && h.ms ? `${t(h.ms)} · ${h.kb} / ${h.gzipKb} KB${app}` : `status ${h.status}`;
  });
  const models = table("read", [...new Set(results.flatMap((r) => r.models.results.map((m) => m.name)))], (r, name) => {
    const m = r.models.results.find((x) => x.name === name);
    return m ? `${t(m.ms)} (${n(m.rows)})` : "—";
  });
  const loadersText = "Route loaders called in this process (no HTTP, no rendering; the map data loader's time includes writing its JSON): ms p50 / p90 / p99 / max, then the SQL part's p50 / p90 (wall time waiting on the database; the rest is JavaScript).";
  const httpText = "HTTP: GET on loopback from the production server (`node server.js`, NODE_ENV=production), one request at a time with `Accept-Encoding: gzip` as browsers send, " +
    `time to the last byte, ms p50 / p90 / p99 / max; size uncompressed / gzip; for the map data, its route's own time p50 / p90 (its \`Server-Timing\` header: reading, computing and writing the JSON, before compression and sending). ${results.map((r) => `${r.database}: ${"startMs" in r.http ? `server ready in ${s(r.http.startMs as number)}` : r.http.note}`).join("; ")}.`;
  const head = `National map and /national (issue 8: map data under ${TARGET_MS} ms of server time on Postgres), measured ${date} on ${machine}; whole bench ${s(totalSeconds * 1000)}.`;
  const full = [head, `**Target: ${target}.**`, ...datasets, ...results.map((r) => `${r.database}: ${Object.entries(r.generation.steps).map(([k, v]) => `${k} ${s(v)}`).join(", ")}; summary tables rebuilt by ${r.generation.recount}. Check: ${r.check.summary}${r.check.ok ? "" : " — **MISMATCH**"}.`),
    loadLine, `Model reads as the routes make them (one transaction as an anonymous visitor), ${WARMUPS} warm-ups then ${RUNS} runs, ms p50 / p90 / p99 / max (rows returned). Statistics: ${results.map((r) => `${r.database}: ${r.statistics}`).join("; ")}.`,
    models, loadersText, loaders, httpText, httpTable].join("\n\n") + "\n";
  const plans = results.filter((r) => r.explain).map((r) => `\nPlan of the slowest map read on ${r.database} (\`${r.explain!.read}\`):\n\n\`\`\`\n${r.explain!.plan}\n\`\`\`\n`);
  write("bench/national.md", full + plans.join(""));
  const summary = [head + " `scripts/bench-national.ts` (`BENCH_NATIONAL_SCALE=0.01` for a quick run); every read, the generation steps and the query plans are in `bench/national.md`.",
    `**Target: ${target}.**`, ...datasets, checks, loadLine, httpText, httpTable, loadersText, loaders].join("\n\n") + "\n";
  const readme = fs.readFileSync("README.md", "utf8");
  const block = `<!-- bench-national:start -->\n${summary}<!-- bench-national:end -->`;
  const marked = /<!-- bench-national:start -->[\s\S]*<!-- bench-national:end -->/;
  write("README.md", marked.test(readme) ? readme.replace(marked, block) : readme.replace("<!-- bench-synthesis:end -->", `<!-- bench-synthesis:end -->\n\n${block}`));
  console.log(full + (ONLY ? plans.join("") : ""));
  for (const r of results) if (!r.check.ok) console.warn(`${r.database}: the summary tables differ from a recount`);
  if (pgMap !== null && pgMap > TARGET_MS) console.warn(`Postgres: map data p90 ${pgMap} ms is over the ${TARGET_MS} ms target`);
}
