import { describe, expect, test } from "vitest";
import { csvCell, toCsv } from "~/csv.server";
import { suppressSmallCells } from "~/models/export.server";

describe("CSV cells", () => {
  test("text is quoted, quotes doubled, line breaks kept inside the quotes", () => {
    expect(csvCell('il a dit "non", puis\nest parti')).toBe('"il a dit ""non"", puis\nest parti"');
  });
  test("text that a spreadsheet would run as a formula is defused", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}1+1`)).toBe(`"'${start}1+1"`);
    expect(csvCell("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
  });
  test("numbers, booleans and empty values are written bare", () => {
    expect([csvCell(-1), csvCell(0), csvCell(true), csvCell(null), csvCell(undefined)]).toEqual(["-1", "0", "true", "", ""]);
  });
  test("files end lines with CRLF, with a BOM for spreadsheets unless asked not to", () => {
    expect(toCsv(["a", "b"], [[1, "x"]])).toBe('\uFEFF"a","b"\r\n1,"x"\r\n');
    expect(toCsv(["a"], [[1]], { bom: false })).toBe('"a"\r\n1\r\n');
  });
});

describe("small-cell suppression", () => {
  const cells = (...counts: number[]) => counts.map((participants, i) => ({ value: String(i), participants }));
  test("a lone small cell takes the smallest other cell with it", () => {
    expect(suppressSmallCells(cells(3, 10, 7)).map((c) => c.participants)).toEqual([null, 10, null]);
  });
  test("small cells that add up to less than 5 take another with them", () => {
    expect(suppressSmallCells(cells(1, 2, 20, 8)).map((c) => c.participants)).toEqual([null, null, 20, null]);
  });
  test("nothing is hidden when every cell has 5 or more", () => {
    expect(suppressSmallCells(cells(5, 9)).map((c) => c.suppressed)).toEqual([false, false]);
  });
});
