import { describe, expect, it } from "vitest";
import { QUIET_ZONE, qrModules, qrSvg } from "~/qr.server";

/** Tags nest, attributes are quoted, `&` only starts an entity: enough XML to trust the string. */
function assertWellFormed(xml: string) {
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<&]*(?:&(?:amp|lt|gt|quot|apos);[^"<&]*)*")*)\s*(\/?)>|[^<]+/gy;
  const stack: string[] = [];
  let consumed = 0;
  for (const match of xml.matchAll(token)) {
    consumed += match[0].length;
    if (match[2] === undefined) {
      expect(match[0]).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
      continue;
    }
    const [, closing, name, , selfClosing] = match;
    if (closing) expect(stack.pop()).toBe(name);
    else if (!selfClosing) stack.push(name);
  }
  expect(consumed).toBe(xml.length);
  expect(stack).toEqual([]);
}

/** The module grid drawn by the SVG, quiet zone included, read back from its path. */
function gridOf(svg: string) {
  const [, width, height] = /viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number);
  const grid = Array.from({ length: height }, () => Array<boolean>(width).fill(false));
  const d = /<path d="([^"]*)"/.exec(svg)![1];
  const runs = [...d.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)];
  expect(runs.map((r) => r[0]).join("")).toBe(d);
  for (const [, x, y, run, back] of runs.map((r) => r.map(Number))) {
    expect(back).toBe(run);
    for (let i = 0; i < run; i++) {
      expect(grid[y][x + i]).toBe(false);
      grid[y][x + i] = true;
    }
  }
  return { size: width, grid };
}

// A small reader for versions 1–3 at level M (one error-correction block), after ISO/IEC 18004.
const DATA_CODEWORDS_M = [0, 16, 28, 44];
const MASKS: ((i: number, j: number) => boolean)[] = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i + j) % 2) + ((i * j) % 3)) % 2 === 0,
];

function bchFormat(data: number) {
  let rest = data << 10;
  for (let bit = 14; bit >= 10; bit--) if (rest & (1 << bit)) rest ^= 0b10100110111 << (bit - 10);
  return ((data << 10) | rest) ^ 0b101010000010010;
}

function decode(m: boolean[][]) {
  const n = m.length;
  const version = (n - 17) / 4;
  let vertical = 0;
  let horizontal = 0;
  for (let i = 0; i < 15; i++) {
    if (m[i < 6 ? i : i < 8 ? i + 1 : n - 15 + i][8]) vertical |= 1 << i;
    if (m[8][i < 8 ? n - 1 - i : i < 9 ? 7 : 14 - i]) horizontal |= 1 << i;
  }
  const unmasked = vertical ^ 0b101010000010010;
  const level = (["M", "L", "H", "Q"] as const)[unmasked >> 13];
  const mask = (unmasked >> 10) & 7;
  const isFunction = (r: number, c: number) =>
    (r < 9 && c < 9) || (r < 9 && c >= n - 8) || (r >= n - 8 && c < 9) || r === 6 || c === 6 ||
    (version >= 2 && r >= n - 9 && r <= n - 5 && c >= n - 9 && c <= n - 5);
  const bits: number[] = [];
  let upward = true;
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let i = 0; i < n; i++) {
      const r = upward ? n - 1 - i : i;
      for (const c of [right, right - 1]) if (!isFunction(r, c)) bits.push(Number(m[r][c] !== MASKS[mask](r, c)));
    }
    upward = !upward;
  }
  let at = 0;
  const read = (count: number) => bits.slice(at, (at += count)).reduce((value, bit) => value * 2 + bit, 0);
  const mode = read(4);
  const length = read(8);
  const bytes = Uint8Array.from({ length }, () => read(8));
  return {
    version,
    level,
    formatValid: vertical === horizontal && bchFormat(unmasked >> 10) === vertical,
    mode,
    fitsData: 12 + 8 * length <= DATA_CODEWORDS_M[version] * 8,
    text: new TextDecoder("utf-8", { fatal: true }).decode(bytes),
  };
}

const finderAt = (grid: boolean[][], top: number, left: number) =>
  Array.from({ length: 9 }, (_, r) =>
    Array.from({ length: 9 }, (_, c) => {
      const [y, x] = [r - 1, c - 1];
      if (y < 0 || x < 0 || y > 6 || x > 6) return grid[top + y]?.[left + x] ?? false; // separator ring
      return grid[top + y][left + x];
    }),
  );
const FINDER = Array.from({ length: 9 }, (_, r) =>
  Array.from({ length: 9 }, (_, c) => {
    const [y, x] = [r - 1, c - 1];
    if (y < 0 || x < 0 || y > 6 || x > 6) return false;
    return y === 0 || y === 6 || x === 0 || x === 6 || (y >= 2 && y <= 4 && x >= 2 && x <= 4);
  }),
);

describe("qrSvg", () => {
  const url = "http://localhost:3100/e/NANT26";
  const svg = qrSvg(url, { title: `QR code vers ${url} <"&">` });

  it("is a well-formed, accessible SVG with one crisp path", () => {
    assertWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" [^>]*role="img"/);
    expect(svg).toContain(`<title>QR code vers ${url} &lt;&quot;&amp;&quot;&gt;</title>`);
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toMatch(/<path [^>]*shape-rendering="crispEdges"/);
  });

  it("draws exactly the library's modules inside a 4-module quiet zone", () => {
    const modules = qrModules(url);
    const { size, grid } = gridOf(svg);
    expect(size).toBe(modules.length + 8);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside = y >= QUIET_ZONE && x >= QUIET_ZONE && y < size - QUIET_ZONE && x < size - QUIET_ZONE;
        expect(grid[y][x], `module ${x},${y}`).toBe(inside ? modules[y - QUIET_ZONE][x - QUIET_ZONE] : false);
      }
    }
  });

  it("has finder patterns at three corners and none at the fourth", () => {
    const { size, grid } = gridOf(svg);
    const far = size - QUIET_ZONE - 7;
    expect(finderAt(grid, QUIET_ZONE, QUIET_ZONE)).toEqual(FINDER);
    expect(finderAt(grid, QUIET_ZONE, far)).toEqual(FINDER);
    expect(finderAt(grid, far, QUIET_ZONE)).toEqual(FINDER);
    expect(finderAt(grid, far, far)).not.toEqual(FINDER);
  });

  it("decodes back to the text, at error correction level M", () => {
    const { grid } = gridOf(svg);
    const modules = grid.slice(QUIET_ZONE, -QUIET_ZONE).map((row) => row.slice(QUIET_ZONE, -QUIET_ZONE));
    expect(decode(modules)).toEqual({ version: 3, level: "M", formatValid: true, mode: 0b0100, fitsData: true, text: url });
  });

  it("encodes non-ASCII text as UTF-8", () => {
    const text = "https://café-ia.example/e/ÉTÉ234";
    const result = decode(qrModules(text));
    expect(result.level).toBe("M");
    expect(result.formatValid).toBe(true);
    expect(result.text).toBe(text);
  });
});
