import { z } from "zod";
import type { Tx } from "../db.server";
import { audiences } from "../domain";
import { utcToParis } from "../time";

const eventRow = z.object({
  id: z.string(),
  consultation_id: z.string(),
  territory_id: z.string(),
  code: z.string(),
  title: z.string(),
  description: z.string(),
  starts_at: z.date(),
  duration_minutes: z.number(),
  venue_name: z.string(),
  address: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  audience: z.enum(audiences),
  capacity: z.number(),
  accessible: z.boolean(),
  accessibility_notes: z.string(),
  online_url: z.string().nullable(),
  registration_enabled: z.boolean(),
  cancelled_at: z.date().nullable(),
  cancel_reason: z.string().nullable(),
  territory_name: z.string(),
  territory_slug: z.string(),
  consultation_title: z.string(),
  confirmed: z.number(),
  waiting: z.number(),
});
export type EventDetail = z.infer<typeof eventRow>;

const SELECT = `
  select e.id, e.consultation_id, e.territory_id, e.code, e.title, e.description, e.starts_at, e.duration_minutes,
         e.venue_name, e.address, e.latitude, e.longitude, e.audience, e.capacity, e.accessible,
         e.accessibility_notes, e.online_url, e.registration_enabled, e.cancelled_at, e.cancel_reason,
         t.name as territory_name, t.slug as territory_slug, c.title as consultation_title,
         p.confirmed, p.waiting
  from public.events e
  join public.territories t on t.id = e.territory_id
  join public.consultations c on c.id = e.consultation_id
  cross join lateral private.event_places(e.id) p`;

export type EventInput = {
  title: string;
  description: string;
  startsAt: Date;
  durationMinutes: number;
  venueName: string;
  address: string;
  latitude: number;
  longitude: number;
  audience: (typeof audiences)[number];
  capacity: number;
  accessible: boolean;
  accessibilityNotes: string;
  onlineUrl: string | null;
  registrationEnabled: boolean;
};

export async function getEventByCode(tx: Tx, { code }: { code: string }) {
  const rows = await tx.query(`${SELECT} where e.code = $1`, [code]);
  return rows.length ? eventRow.parse(rows[0]) : null;
}

export async function getEvent(tx: Tx, { id }: { id: string }) {
  const rows = await tx.query(`${SELECT} where e.id = $1`, [id]);
  return rows.length ? eventRow.parse(rows[0]) : null;
}

export async function listEvents(tx: Tx, { consultationId, territoryId }: { consultationId?: string; territoryId?: string }) {
  const rows = await tx.query(
    `${SELECT} where ($1::uuid is null or e.consultation_id = $1) and ($2::uuid is null or e.territory_id = $2)
     order by e.starts_at`,
    [consultationId ?? null, territoryId ?? null],
  );
  return rows.map((row) => eventRow.parse(row));
}

const values = (input: EventInput) => [
  input.title,
  input.description,
  input.startsAt,
  input.durationMinutes,
  input.venueName,
  input.address,
  input.latitude,
  input.longitude,
  input.audience,
  input.capacity,
  input.accessible,
  input.accessibilityNotes,
  input.onlineUrl,
  input.registrationEnabled,
];

/**
 * Schedules an event in a consultation of the caller's territory; returns its id and join code.
 * The same request key (a double submit) returns the event the first submit made.
 */
export async function scheduleEvent(
  tx: Tx,
  input: EventInput & { consultationId: string; createdBy: string; requestKey?: string | null },
) {
  const rows = await tx.query<{ id: string; code: string }>(
    `insert into public.events (consultation_id, territory_id, title, description, starts_at, duration_minutes, venue_name,
       address, latitude, longitude, audience, capacity, accessible, accessibility_notes, online_url, registration_enabled,
       created_by, request_key)
     select c.id, c.territory_id, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17
     from public.consultations c where c.id = $1
     on conflict (request_key) do nothing
     returning id, code`,
    [input.consultationId, ...values(input), input.createdBy, input.requestKey ?? null],
  );
  if (rows.length || !input.requestKey) return rows[0] ?? null;
  const first = await tx.query<{ id: string; code: string }>("select id, code from public.events where request_key = $1", [
    input.requestKey,
  ]);
  return first[0] ?? null;
}

export async function updateEvent(tx: Tx, input: EventInput & { id: string }) {
  const rows = await tx.query(
    `update public.events set title = $2, description = $3, starts_at = $4, duration_minutes = $5, venue_name = $6,
       address = $7, latitude = $8, longitude = $9, audience = $10, capacity = $11, accessible = $12,
       accessibility_notes = $13, online_url = $14, registration_enabled = $15, updated_at = now()
     where id = $1 returning id`,
    [input.id, ...values(input)],
  );
  return rows.length > 0;
}

export async function cancelEvent(tx: Tx, { id, reason }: { id: string; reason: string }) {
  const rows = await tx.query(
    `update public.events set cancelled_at = now(), cancel_reason = $2, updated_at = now()
     where id = $1 and cancelled_at is null returning id`,
    [id, reason],
  );
  return rows.length > 0;
}

/** The edit form's fields for an event (Paris wall-clock date and times). */
export function toFormValues(event: EventDetail): Record<string, string> {
  const start = utcToParis(event.starts_at);
  const end = utcToParis(new Date(event.starts_at.getTime() + event.duration_minutes * 60_000));
  return {
    title: event.title,
    description: event.description,
    date: start.date,
    startTime: start.time,
    endTime: end.time,
    venueName: event.venue_name,
    address: event.address,
    latitude: String(event.latitude),
    longitude: String(event.longitude),
    audience: event.audience,
    capacity: String(event.capacity),
    accessible: event.accessible ? "on" : "",
    accessibilityNotes: event.accessibility_notes,
    onlineUrl: event.online_url ?? "",
    registrationEnabled: event.registration_enabled ? "on" : "",
  };
}
