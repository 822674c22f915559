import { z } from "zod";
import type { Tx } from "../db.server";
import { audiences, consultationStatuses, type Audience } from "../domain";
import { parisToUtc } from "../time";
import { territoryKinds } from "./territory.server";

/** The public agenda: events of consultations that are not drafts, whoever asks (RLS also hides drafts from the public). */

export const AGENDA_LIMIT = 100;

export type AgendaFilters = {
  territory?: string;
  departement?: string;
  region?: string;
  audience?: Audience;
  /** Paris dates (YYYY-MM-DD), both inclusive. */
  from?: string;
  to?: string;
  /** Sort by distance from this point. */
  near?: { lat: number; lon: number };
};

const eventRow = z
  .object({
    id: z.string(),
    code: z.string(),
    title: z.string(),
    starts_at: z.date(),
    duration_minutes: z.number(),
    venue_name: z.string(),
    address: z.string(),
    latitude: z.number(),
    longitude: z.number(),
    audience: z.enum(audiences),
    capacity: z.number(),
    registration_enabled: z.boolean(),
    cancelled_at: z.date().nullable(),
    cancel_reason: z.string().nullable(),
    territory_name: z.string(),
    territory_slug: z.string(),
    territory_kind: z.enum(territoryKinds),
    departement_code: z.string().nullable(),
    region_code: z.string().nullable(),
    confirmed: z.number(),
    past: z.boolean(),
    distance_km: z.number().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    code: r.code,
    title: r.title,
    startsAt: r.starts_at,
    durationMinutes: r.duration_minutes,
    venueName: r.venue_name,
    address: r.address,
    latitude: r.latitude,
    longitude: r.longitude,
    audience: r.audience,
    capacity: r.capacity,
    registrationEnabled: r.registration_enabled,
    placesLeft: Math.max(0, r.capacity - r.confirmed),
    cancelled: r.cancelled_at !== null,
    cancelReason: r.cancel_reason,
    territory: {
      name: r.territory_name,
      slug: r.territory_slug,
      kind: r.territory_kind,
      departementCode: r.departement_code,
      regionCode: r.region_code,
    },
    past: r.past,
    distanceKm: r.distance_km,
  }));
export type AgendaEvent = z.output<typeof eventRow>;

const PUBLIC_EVENTS = `
  from public.events e
  join public.consultations c on c.id = e.consultation_id and c.status <> 'draft'
  join public.territories t on t.id = e.territory_id`;

const NOT_ENDED = "e.starts_at + make_interval(mins => e.duration_minutes) > now()";

/** The events `picked` chose (ids and distances), with their territory and places: counted only for those rows. */
const decorate = (picked: string) => `
  select e.id, e.code, e.title, e.starts_at, e.duration_minutes, e.venue_name, e.address, e.latitude, e.longitude,
         e.audience, e.capacity, e.registration_enabled, e.cancelled_at, e.cancel_reason,
         t.name as territory_name, t.slug as territory_slug, t.kind as territory_kind, t.departement_code, t.region_code,
         p.confirmed, not (${NOT_ENDED}) as past, k.distance_km
  from (${picked}) k
  join public.events e on e.id = k.id
  join public.territories t on t.id = e.territory_id
  cross join lateral private.event_places(e.id) p
  order by k.distance_km nulls last, e.starts_at, e.id`;

// Haversine on a 6371 km sphere, as app/geo.ts; $1, $2: the point (or nulls).
const DISTANCE = `case when $1::float8 is null or $2::float8 is null then null else
  2 * 6371 * asin(least(1, sqrt(
    power(sin(radians(e.latitude - $1::float8) / 2), 2)
    + cos(radians($1::float8)) * cos(radians(e.latitude)) * power(sin(radians(e.longitude - $2::float8) / 2), 2))))
  end`;

/** Events that have not ended, cancelled ones included (shown with their reason); at most AGENDA_LIMIT. */
export async function listUpcoming(tx: Tx, filters: AgendaFilters = {}) {
  const picked = `
    select e.id, ${DISTANCE} as distance_km ${PUBLIC_EVENTS}
    where ${NOT_ENDED}
      and ($3::text is null or t.slug = $3)
      and ($4::text is null or t.departement_code = $4)
      and ($5::text is null or t.region_code = $5)
      and ($6::text is null or e.audience = $6)
      and ($7::date is null or e.starts_at >= ($7::date)::timestamp at time zone 'Europe/Paris')
      and ($8::date is null or e.starts_at < ($8::date + 1)::timestamp at time zone 'Europe/Paris')
    order by distance_km nulls last, e.starts_at, e.id
    limit ${AGENDA_LIMIT + 1}`;
  const rows = await tx.query(decorate(picked), [
    filters.near?.lat ?? null,
    filters.near?.lon ?? null,
    filters.territory ?? null,
    filters.departement ?? null,
    filters.region ?? null,
    filters.audience ?? null,
    filters.from ?? null,
    filters.to ?? null,
  ]);
  const events = rows.map((row) => eventRow.parse(row));
  return { events: events.slice(0, AGENDA_LIMIT), more: events.length > AGENDA_LIMIT };
}

export const TERRITORY_PAST_LIMIT = 50;

/**
 * A territory's public events: upcoming ones soonest first (at most AGENDA_LIMIT), then the most
 * recent past ones (at most TERRITORY_PAST_LIMIT), so the page stays light as years pass.
 */
export async function listTerritoryEvents(tx: Tx, { territoryId }: { territoryId: string }) {
  const [upcoming, past] = [
    await tx.query(
      decorate(`select e.id, null::float8 as distance_km ${PUBLIC_EVENTS}
        where e.territory_id = $1 and ${NOT_ENDED} order by e.starts_at limit ${AGENDA_LIMIT + 1}`),
      [territoryId],
    ),
    await tx.query(
      decorate(`select e.id, null::float8 as distance_km ${PUBLIC_EVENTS}
        where e.territory_id = $1 and not (${NOT_ENDED}) order by e.starts_at desc limit ${TERRITORY_PAST_LIMIT + 1}`),
      [territoryId],
    ),
  ].map((rows) => rows.map((row) => eventRow.parse(row)));
  return {
    upcoming: upcoming.slice(0, AGENDA_LIMIT),
    moreUpcoming: upcoming.length > AGENDA_LIMIT,
    past: past.reverse().slice(0, TERRITORY_PAST_LIMIT),
    morePast: past.length > TERRITORY_PAST_LIMIT,
  };
}

const consultationRow = z.object({
  id: z.string(),
  title: z.string(),
  starts_on: z.string(),
  ends_on: z.string(),
  status: z.enum(consultationStatuses),
});

/** The consultations a territory runs in public (drafts never show here, whoever asks). */
export async function listPublicConsultations(tx: Tx, { territoryId }: { territoryId: string }) {
  const rows = await tx.query(
    `select id, title, starts_on::text, ends_on::text, status from public.consultations
     where territory_id = $1 and status <> 'draft' order by starts_on desc, title`,
    [territoryId],
  );
  return rows.map((row) => consultationRow.parse(row));
}

const choiceRow = z.object({ value: z.string(), label: z.string(), kind: z.enum(["territory", "departement", "region"]) });

/** What the agenda's filters offer: the territories, départements and régions that have events to come. */
export async function listAgendaChoices(tx: Tx) {
  const rows = await tx.query(
    `with here as (
       select distinct t.slug, t.name, t.departement_code, t.region_code
       from public.events e
       join public.consultations c on c.id = e.consultation_id and c.status <> 'draft'
       join public.territories t on t.id = e.territory_id
       where ${NOT_ENDED})
     select slug as value, name as label, 'territory' as kind from here
     union
     select h.departement_code, coalesce(d.name, h.departement_code), 'departement' from here h
       left join public.territories d on d.kind = 'departement' and d.code = h.departement_code
       where h.departement_code is not null
     union
     select h.region_code, coalesce(r.name, h.region_code), 'region' from here h
       left join public.territories r on r.kind = 'region' and r.code = h.region_code
       where h.region_code is not null
     order by kind, label`,
  );
  const choices = rows.map((row) => choiceRow.parse(row));
  const of = (kind: string) => choices.filter((c) => c.kind === kind).map(({ value, label }) => ({ value, label }));
  return { territories: of("territory"), departements: of("departement"), regions: of("region") };
}

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined), schema.optional()).catch(undefined);
const parisDate = z.string().refine((s) => parisToUtc(s, "00:00") !== null);
const coordinate = z.coerce.number().refine(Number.isFinite);

/** The agenda's query string, forgiving: a value that makes no sense is ignored, never an error page. */
export const agendaQuery = z.object({
  territory: optional(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/).max(120)),
  departement: optional(z.string().toUpperCase().regex(/^(\d{2}|2A|2B|97\d)$/)),
  region: optional(z.string().regex(/^\d{2}$/)),
  audience: optional(z.enum(audiences)),
  from: optional(parisDate),
  to: optional(parisDate),
  near: optional(z.string().max(100)),
  lat: optional(coordinate.pipe(z.number().min(-90).max(90))),
  lon: optional(coordinate.pipe(z.number().min(-180).max(180))),
});
export type AgendaQuery = z.infer<typeof agendaQuery>;

export function readAgendaQuery(params: URLSearchParams): AgendaQuery {
  return agendaQuery.parse(Object.fromEntries(params));
}
