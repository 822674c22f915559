import { describe, expect, it } from "vitest";
import { escapeText, eventToIcs, foldLine } from "~/ics.server";
import type { EventDetail } from "~/models/event.server";

const event: EventDetail = {
  id: "5b0e6f2c-8d1a-4c3e-9f47-2a6b1c9d0e11",
  consultation_id: "0c7b5a4e-1f2d-4e3c-8b9a-7d6e5f4c3b2a",
  territory_id: "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
  code: "NANT26",
  title: "Café IA, à la médiathèque; entrée libre \\ gratuite",
  description: "Une soirée pour dire ce que vous espérez et craignez de l'IA.\nVenez nombreux !",
  starts_at: new Date("2026-12-03T17:30:00Z"), // 18:30 in Paris (CET, UTC+1)
  duration_minutes: 120,
  venue_name: "Médiathèque Jacques Demy",
  address: "24 quai de la Fosse, 44000 Nantes",
  latitude: 47.2125,
  longitude: -1.5614,
  audience: "all",
  capacity: 30,
  accessible: true,
  accessibility_notes: "",
  online_url: null,
  registration_enabled: true,
  cancelled_at: null,
  cancel_reason: null,
  territory_name: "Nantes Métropole",
  territory_slug: "nantes-metropole",
  consultation_title: "Concertation IA 2026",
  confirmed: 0,
  waiting: 0,
};
const url = "https://cafe-ia.example/e/NANT26";
const now = new Date("2026-11-20T09:05:07.123Z");

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "");
const unescape = (value: string) => value.replace(/\\([\\;,nN])/g, (_, c: string) => (c.toLowerCase() === "n" ? "\n" : c));
/** The value of the first property named `name` (with its parameters), unfolded. */
function property(ics: string, name: string): string | undefined {
  const line = unfold(ics)
    .split("\r\n")
    .find((l) => l.startsWith(`${name}:`));
  return line?.slice(name.length + 1);
}

describe("eventToIcs", () => {
  const ics = eventToIcs(event, { url, now });

  it("uses CRLF line endings only and ends with one", () => {
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("keeps every line within 75 octets, accents counted in UTF-8", () => {
    const long = eventToIcs({ ...event, description: "Éléphants à l'école, été comme hiver — « ça » déçoit ? ".repeat(30) }, { url, now });
    for (const line of long.split("\r\n")) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(long.split("\r\n").filter((l) => l.startsWith(" ")).length).toBeGreaterThan(20);
  });

  it("round-trips a long accented description through folding and unfolding", () => {
    const description = "Les habitantes et habitants de Rezé, Saint-Herblain et Orvault décideront ensemble.\n".repeat(12).trim();
    const long = eventToIcs({ ...event, description }, { url, now });
    expect(unescape(property(long, "DESCRIPTION")!)).toBe(`${description}\n\n${url}`);
  });

  it("is a calendar with a Paris time zone and one event", () => {
    const lines = ics.split("\r\n");
    expect(lines.slice(0, 5)).toEqual(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Café IA//FR", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]);
    expect(lines.at(-2)).toBe("END:VCALENDAR");
    expect(ics).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n");
    expect(ics).toMatch(/BEGIN:DAYLIGHT\r\nTZOFFSETFROM:\+0100\r\nTZOFFSETTO:\+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT/);
    expect(ics).toMatch(/BEGIN:STANDARD\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD/);
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    expect(ics.indexOf("END:VTIMEZONE")).toBeLessThan(ics.indexOf("BEGIN:VEVENT"));
  });

  it("identifies, stamps and times the event in Paris local time", () => {
    expect(property(ics, "UID")).toBe(`${event.id}@cafe-ia`);
    expect(property(ics, "DTSTAMP")).toBe("20261120T090507Z");
    expect(property(ics, "DTSTART;TZID=Europe/Paris")).toBe("20261203T183000");
    expect(property(ics, "DTEND;TZID=Europe/Paris")).toBe("20261203T203000");
    expect(property(ics, "URL")).toBe(url);
    expect(property(ics, "GEO")).toBe("47.2125;-1.5614");
    expect(property(ics, "STATUS")).toBe("CONFIRMED");
  });

  it("gives summer events their summer time, and counts real minutes across the autumn change", () => {
    const summer = eventToIcs({ ...event, starts_at: new Date("2026-07-14T08:00:00Z"), duration_minutes: 90 }, { url, now });
    expect(property(summer, "DTSTART;TZID=Europe/Paris")).toBe("20260714T100000");
    expect(property(summer, "DTEND;TZID=Europe/Paris")).toBe("20260714T113000");
    // 01:30 CEST on 25 October 2026, two hours later it is 02:30 CET (clocks went back at 03:00).
    const night = eventToIcs({ ...event, starts_at: new Date("2026-10-24T23:30:00Z"), duration_minutes: 120 }, { url, now });
    expect(property(night, "DTSTART;TZID=Europe/Paris")).toBe("20261025T013000");
    expect(property(night, "DTEND;TZID=Europe/Paris")).toBe("20261025T023000");
  });

  it("escapes commas, semicolons, backslashes and newlines in text", () => {
    expect(property(ics, "SUMMARY")).toBe("Café IA\\, à la médiathèque\\; entrée libre \\\\ gratuite");
    expect(property(ics, "LOCATION")).toBe("Médiathèque Jacques Demy\\, 24 quai de la Fosse\\, 44000 Nantes");
    expect(property(ics, "DESCRIPTION")).toBe(
      `Une soirée pour dire ce que vous espérez et craignez de l'IA.\\nVenez nombreux !\\n\\n${url}`,
    );
    expect(escapeText("a\r\nb\rc\nd")).toBe("a\\nb\\nc\\nd");
    expect(unescape(property(ics, "SUMMARY")!)).toBe(event.title);
  });

  it("marks a cancelled event as cancelled, with the reason and a label", () => {
    const cancelled = eventToIcs(
      { ...event, cancelled_at: new Date("2026-11-25T10:00:00Z"), cancel_reason: "Salle indisponible" },
      { url, now, cancelledLabel: "[ANNULÉ]" },
    );
    expect(property(cancelled, "STATUS")).toBe("CANCELLED");
    expect(unescape(property(cancelled, "SUMMARY")!)).toBe(`[ANNULÉ] ${event.title}`);
    expect(unescape(property(cancelled, "DESCRIPTION")!)).toContain("Salle indisponible");
  });
});

describe("foldLine", () => {
  it("never splits a multi-byte character and fills lines", () => {
    const line = `DESCRIPTION:${"é😀a".repeat(40)}`;
    const folded = foldLine(line).split("\r\n");
    folded.forEach((part, index) => {
      const octets = Buffer.byteLength(part, "utf8");
      expect(octets).toBeLessThanOrEqual(75);
      if (index < folded.length - 1) expect(octets).toBeGreaterThanOrEqual(72);
      expect(Buffer.from(part, "utf8").toString("utf8")).toBe(part);
      expect(part).not.toMatch(/[\uD800-\uDBFF]$|^ ?[\uDC00-\uDFFF]/);
    });
    expect(unfold(folded.join("\r\n"))).toBe(line);
  });

  it("leaves short lines alone", () => {
    expect(foldLine("STATUS:CONFIRMED")).toBe("STATUS:CONFIRMED");
    expect(foldLine("X".repeat(75))).toBe("X".repeat(75));
    expect(foldLine("X".repeat(76))).toBe(`${"X".repeat(75)}\r\n X`);
  });
});
