/** Times are entered and shown in Europe/Paris, stored in UTC. */
export const TIME_ZONE = "Europe/Paris";

function offsetMinutes(utcMillis: number, timeZone = TIME_ZONE): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(utcMillis));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - utcMillis) / 60_000);
}

/** "2026-12-03" + "18:30" in Paris → the UTC instant; null when the date or time is not real. */
export function parisToUtc(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const [y, mo, da, h, mi] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59) return null;
  const naive = Date.UTC(y, mo - 1, da, h, mi);
  const probe = new Date(naive);
  if (probe.getUTCDate() !== da) return null;
  let utc = naive - offsetMinutes(naive) * 60_000;
  utc = naive - offsetMinutes(utc) * 60_000;
  return new Date(utc);
}

/** The Paris wall-clock date and time of an instant, for form fields. */
export function utcToParis(instant: Date): { date: string; time: string } {
  const local = new Date(instant.getTime() + offsetMinutes(instant.getTime()) * 60_000);
  const iso = local.toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** "20261203T183000" in Paris local time, for iCalendar with TZID=Europe/Paris. */
export function icsLocal(instant: Date): string {
  const { date, time } = utcToParis(instant);
  return `${date.replace(/-/g, "")}T${time.replace(":", "")}00`;
}

export function formatDateTime(instant: Date | string, lng: string, options: Intl.DateTimeFormatOptions = {}) {
  return new Intl.DateTimeFormat(lng === "en" ? "en-GB" : "fr-FR", {
    dateStyle: "full",
    timeStyle: "short",
    timeZone: TIME_ZONE,
    ...options,
  }).format(new Date(instant));
}
