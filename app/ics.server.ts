import type { EventDetail } from "./models/event.server";
import { icsLocal, TIME_ZONE } from "./time";

const CRLF = "\r\n";
const MAX_OCTETS = 75;

/** TEXT values (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

const octets = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/** Folds a content line at 75 octets without splitting a UTF-8 character; continuations start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let size = 0;
  for (const char of line) {
    const length = octets(char.codePointAt(0)!);
    if (size + length > MAX_OCTETS) {
      parts.push(current);
      current = " ";
      size = 1;
    }
    current += char;
    size += length;
  }
  parts.push(current);
  return parts.join(CRLF);
}

const utcStamp = (instant: Date) => instant.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
const coordinate = (value: number) => String(Number(value.toFixed(6)));

// Europe/Paris since 1996: last Sunday of March 02:00 → CEST, last Sunday of October 03:00 → CET.
const PARIS_TIMEZONE = [
  "BEGIN:VTIMEZONE",
  `TZID:${TIME_ZONE}`,
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
];

/** One event as an iCalendar file (RFC 5545) that calendar apps import. */
export function eventToIcs(
  event: EventDetail,
  { url, now = new Date(), cancelledLabel }: { url: string; now?: Date; cancelledLabel?: string },
): string {
  const ends = new Date(event.starts_at.getTime() + event.duration_minutes * 60_000);
  const cancelled = event.cancelled_at !== null;
  const summary = cancelled && cancelledLabel ? `${cancelledLabel} ${event.title}` : event.title;
  const description = [event.description.trim(), cancelled ? event.cancel_reason?.trim() : "", url]
    .filter(Boolean)
    .join("\n\n");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Café IA//FR",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...PARIS_TIMEZONE,
    "BEGIN:VEVENT",
    `UID:${event.id}@cafe-ia`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART;TZID=${TIME_ZONE}:${icsLocal(event.starts_at)}`,
    `DTEND;TZID=${TIME_ZONE}:${icsLocal(ends)}`,
    `SUMMARY:${escapeText(summary)}`,
    `LOCATION:${escapeText(`${event.venue_name}, ${event.address}`)}`,
    `GEO:${coordinate(event.latitude)};${coordinate(event.longitude)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `URL:${url}`,
    `STATUS:${cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
