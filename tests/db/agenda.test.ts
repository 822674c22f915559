import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ANON, type Database } from "~/db.server";
import {
  listAgendaChoices,
  listPublicConsultations,
  listTerritoryEvents,
  listUpcoming,
  readAgendaQuery,
} from "~/models/agenda.server";
import { parisToUtc, utcToParis } from "~/time";
import { seedPeople } from "./fixtures";
import { openMigrated, targets } from "./targets";

const DAY = 24 * 3600 * 1000;
const NANTES = { lat: 47.2184, lon: -1.5536 };
const TOULOUSE = { lat: 43.6045, lon: 1.444 };

describe.each(targets)("public agenda ($name)", (target) => {
  let db: Database;
  let f: Awaited<ReturnType<typeof seedPeople>>;
  let lateEventDay: string;

  async function consultation(territoryId: string, status: string) {
    const rows = await db.asService((tx) =>
      tx.query<{ id: string }>(
        `insert into public.consultations (territory_id, title, description, starts_on, ends_on, status)
         values ($1, $2, '', current_date - 30, current_date + 60, $3) returning id`,
        [territoryId, `Concertation ${status}`, status],
      ),
    );
    return rows[0].id;
  }

  async function event(
    consultationId: string,
    territoryId: string,
    code: string,
    startsAt: Date,
    extra: { lat?: number; lon?: number; audience?: string; cancelReason?: string; duration?: number } = {},
  ) {
    await db.asService((tx) =>
      tx.query(
        `insert into public.events (code, consultation_id, territory_id, title, starts_at, duration_minutes, venue_name,
           address, latitude, longitude, audience, capacity, registration_enabled, cancelled_at, cancel_reason)
         values ($1, $2, $3, $4, $5, $6, 'Médiathèque', '1 rue de la Paix', $7, $8, $9, 20, true,
           case when $10::text is null then null else now() end, $10)`,
        [
          code,
          consultationId,
          territoryId,
          `Café IA ${code}`,
          startsAt,
          extra.duration ?? 120,
          extra.lat ?? NANTES.lat,
          extra.lon ?? NANTES.lon,
          extra.audience ?? "all",
          extra.cancelReason ?? null,
        ],
      ),
    );
  }

  const codes = (events: { code: string }[]) => events.map((e) => e.code);
  const upcoming = async (filters: Parameters<typeof listUpcoming>[1] = {}) =>
    (await db.asCaller(ANON, (tx) => listUpcoming(tx, filters))).events;

  beforeAll(async () => {
    db = await openMigrated(target);
    f = await seedPeople(db);
    // Territory A is in Loire-Atlantique (44, région 52), B in Haute-Garonne (31, région 76).
    await db.asService((tx) =>
      tx.query(
        `update public.territories set departement_code = case when id = $1 then '44' else '31' end where id in ($1, $2)`,
        [f.territoryA, f.territoryB],
      ),
    );
    const openA = await consultation(f.territoryA, "open");
    const draftA = await consultation(f.territoryA, "draft");
    const openB = await consultation(f.territoryB, "open");
    const now = Date.now();
    // An event at 00:30 Paris time ten days from now (the previous day in UTC): date filters read Paris days.
    lateEventDay = utcToParis(new Date(now + 10 * DAY)).date;
    await event(openA, f.territoryA, "AAAAA2", new Date(now + 3 * DAY));
    await event(openA, f.territoryA, "AAAAA3", parisToUtc(lateEventDay, "00:30")!, { audience: "youth", lat: 47.3, lon: -1.4 });
    await event(openA, f.territoryA, "AAAAA4", new Date(now - 5 * DAY)); // ended
    await event(openA, f.territoryA, "AAAAA5", new Date(now - 30 * 60 * 1000)); // started 30 min ago, still running
    await event(openA, f.territoryA, "AAAAA6", new Date(now + 4 * DAY), { cancelReason: "Salle indisponible" });
    await event(draftA, f.territoryA, "AAAAA7", new Date(now + 2 * DAY)); // draft consultation
    await event(openB, f.territoryB, "BBBBB2", new Date(now + 1 * DAY), TOULOUSE);
  });
  afterAll(async () => {
    await db?.close();
  });

  test("lists events that have not ended, soonest first, cancelled ones flagged with their reason", async () => {
    const events = await upcoming();
    expect(codes(events)).toEqual(["AAAAA5", "BBBBB2", "AAAAA2", "AAAAA6", "AAAAA3"]);
    const cancelled = events.find((e) => e.code === "AAAAA6")!;
    expect(cancelled).toMatchObject({ cancelled: true, cancelReason: "Salle indisponible" });
    expect(events.find((e) => e.code === "AAAAA2")).toMatchObject({
      cancelled: false,
      cancelReason: null,
      placesLeft: 20,
      past: false,
      distanceKm: null,
      territory: { slug: `territoire-a-${f.suffix}`, kind: "commune", departementCode: "44", regionCode: "52" },
    });
  });

  test("drafts never appear to the public, nor to their own staff in the agenda", async () => {
    for (const who of [ANON, f.participant1, f.facilitatorA, f.admin]) {
      const { events } = await db.asCaller(who, (tx) => listUpcoming(tx));
      expect(codes(events)).not.toContain("AAAAA7");
    }
    const territory = await db.asCaller(f.facilitatorA, (tx) => listTerritoryEvents(tx, { territoryId: f.territoryA }));
    expect(codes([...territory.upcoming, ...territory.past])).not.toContain("AAAAA7");
    const consultations = await db.asCaller(f.facilitatorA, (tx) => listPublicConsultations(tx, { territoryId: f.territoryA }));
    expect(consultations.map((c) => c.status)).toEqual(["open"]);
  });

  test("filters by territory, département, région and audience", async () => {
    expect(codes(await upcoming({ territory: `territoire-b-${f.suffix}` }))).toEqual(["BBBBB2"]);
    expect(codes(await upcoming({ departement: "31" }))).toEqual(["BBBBB2"]);
    expect(codes(await upcoming({ departement: "44" }))).toEqual(["AAAAA5", "AAAAA2", "AAAAA6", "AAAAA3"]);
    expect(codes(await upcoming({ region: "76" }))).toEqual(["BBBBB2"]);
    expect(codes(await upcoming({ region: "52", audience: "youth" }))).toEqual(["AAAAA3"]);
    expect(await upcoming({ territory: "nulle-part" })).toEqual([]);
  });

  test("date filters are Paris days, both ends included", async () => {
    const next = utcToParis(new Date(parisToUtc(lateEventDay, "12:00")!.getTime() + DAY)).date;
    expect(codes(await upcoming({ from: lateEventDay, to: lateEventDay }))).toEqual(["AAAAA3"]);
    expect(codes(await upcoming({ from: next }))).toEqual([]);
    expect(codes(await upcoming({ to: lateEventDay }))).toContain("AAAAA3");
    const today = utcToParis(new Date()).date;
    expect(codes(await upcoming({ to: today }))).toContain("AAAAA5");
    expect(codes(await upcoming({ to: today }))).not.toContain("AAAAA3");
  });

  test("sorts by distance from a point and says how far", async () => {
    const fromToulouse = await upcoming({ near: TOULOUSE });
    expect(fromToulouse[0]).toMatchObject({ code: "BBBBB2" });
    expect(fromToulouse[0].distanceKm).toBeLessThan(0.01);
    expect(fromToulouse[1].distanceKm).toBeGreaterThan(400);
    const fromNantes = await upcoming({ near: NANTES });
    expect(codes(fromNantes).at(-1)).toBe("BBBBB2");
    expect(codes(fromNantes).at(-2)).toBe("AAAAA3"); // 47.3, -1.4: about 15 km away
    expect(fromNantes.at(-2)!.distanceKm).toBeGreaterThan(10);
    expect(fromNantes.at(-2)!.distanceKm).toBeLessThan(20);
    const distances = fromNantes.map((e) => e.distanceKm!);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
  });

  test("a territory's page lists its events, upcoming and past", async () => {
    const events = await db.asCaller(ANON, (tx) => listTerritoryEvents(tx, { territoryId: f.territoryA }));
    expect(codes(events.upcoming)).toEqual(["AAAAA5", "AAAAA2", "AAAAA6", "AAAAA3"]);
    expect(events.upcoming.every((e) => !e.past)).toBe(true);
    expect(codes(events.past)).toEqual(["AAAAA4"]);
    expect(events.past[0].past).toBe(true);
    expect(events).toMatchObject({ moreUpcoming: false, morePast: false });
  });

  test("the filters offer the territories, départements and régions that have events to come", async () => {
    const choices = await db.asCaller(ANON, listAgendaChoices);
    expect(choices.territories.map((c) => c.value)).toEqual([`territoire-a-${f.suffix}`, `territoire-b-${f.suffix}`]);
    expect(choices.departements.map((c) => c.value).sort()).toEqual(["31", "44"]);
    expect(choices.regions.map((c) => c.value).sort()).toEqual(["52", "76"]);
  });

  test("stops at 100 events and says there are more", async () => {
    const territoryC = await db.asService(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `insert into public.territories (slug, kind, code, name) values ($1, 'commune', '35238', 'Territoire C') returning id`,
        [`territoire-c-${f.suffix}`],
      );
      return rows[0].id;
    });
    const openC = await consultation(territoryC, "open");
    await db.asService((tx) =>
      tx.query(
        `insert into public.events (consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address,
           latitude, longitude, capacity)
         select $1, $2, 'Café IA ' || n, now() + n * interval '1 hour', 60, 'Salle', '1 place', 48.11, -1.68, 10
         from generate_series(1, 101) n`,
        [openC, territoryC],
      ),
    );
    const result = await db.asCaller(ANON, (tx) => listUpcoming(tx, { territory: `territoire-c-${f.suffix}` }));
    expect(result.events).toHaveLength(100);
    expect(result.more).toBe(true);
    const fewer = await db.asCaller(ANON, (tx) => listUpcoming(tx, { territory: `territoire-a-${f.suffix}` }));
    expect(fewer.more).toBe(false);
    const page = await db.asCaller(ANON, (tx) => listTerritoryEvents(tx, { territoryId: territoryC }));
    expect(page.upcoming).toHaveLength(100);
    expect(page.moreUpcoming).toBe(true);
    expect(page.past).toEqual([]);
  });

  test("a territory's page keeps the 50 most recent past events, latest first", async () => {
    const territoryD = await db.asService(async (tx) => {
      const rows = await tx.query<{ id: string }>(
        `insert into public.territories (slug, kind, code, name) values ($1, 'commune', '49007', 'Territoire D') returning id`,
        [`territoire-d-${f.suffix}`],
      );
      return rows[0].id;
    });
    const openD = await consultation(territoryD, "closed");
    await db.asService((tx) =>
      tx.query(
        `insert into public.events (consultation_id, territory_id, title, starts_at, duration_minutes, venue_name, address,
           latitude, longitude, capacity)
         select $1, $2, 'Café IA passé ' || n, now() - n * interval '1 day', 60, 'Salle', '1 place', 47.47, -0.55, 10
         from generate_series(1, 51) n`,
        [openD, territoryD],
      ),
    );
    const page = await db.asCaller(ANON, (tx) => listTerritoryEvents(tx, { territoryId: territoryD }));
    expect(page.upcoming).toEqual([]);
    expect(page.past).toHaveLength(50);
    expect(page.morePast).toBe(true);
    expect(page.past[0].title).toBe("Café IA passé 1");
    expect(page.past.at(-1)!.title).toBe("Café IA passé 50");
  });

  test("the query string is read forgivingly", () => {
    const read = (q: string) => readAgendaQuery(new URLSearchParams(q));
    expect(read("near=+44000+&departement=2a&audience=youth&from=2026-12-01&lat=47.2&lon=-1.5")).toEqual({
      near: "44000",
      departement: "2A",
      audience: "youth",
      from: "2026-12-01",
      lat: 47.2,
      lon: -1.5,
    });
    expect(read("audience=martians&from=2026-02-30&to=demain&lat=abc&territory=DROP%20TABLE&region=")).toEqual({});
  });
});
