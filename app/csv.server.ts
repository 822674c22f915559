/** A value in a CSV file; null and undefined are empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

/**
 * One cell. Text is always quoted and, when it starts like a formula (= + - @ tab or carriage
 * return), prefixed with an apostrophe so spreadsheets never run it (CSV injection). Numbers are
 * written as they are, so -1 stays a number.
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

/**
 * A whole file: RFC 4180 lines ending in CRLF. `bom` adds the byte-order mark Excel needs to read
 * UTF-8 accents; leave it out for files that other tools parse (Pol.is format).
 */
export function toCsv(header: string[], rows: CsvValue[][], { bom = true }: { bom?: boolean } = {}): string {
  const lines = [header.map(csvCell).join(","), ...rows.map((row) => row.map(csvCell).join(","))];
  return (bom ? "\uFEFF" : "") + lines.join("\r\n") + "\r\n";
}
