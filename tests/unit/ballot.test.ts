import { describe, expect, it } from "vitest";
import { parseBallot } from "~/ballot.server";
import { percentages } from "~/votes";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const uses = new Map([
  [A, 3],
  [B, 1],
]);

function form(entries: [string, string][]) {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
}

describe("parseBallot", () => {
  it("keeps answered uses, skips blank ones, and records the wording the person saw", () => {
    const parsed = parseBallot(
      form([
        ["requestKey", "x"],
        [`version.${A}`, "2"],
        [`verdict.${A}`, "conditional"],
        [`conditions.${A}[]`, "human_oversight"],
        [`conditions.${A}[]`, "eu_hosting"],
        [`other.${A}`, "  Un comité citoyen suit l’usage  "],
        [`version.${B}`, "1"],
        [`other.${B}`, ""],
      ]),
      uses,
    );
    expect(parsed).toEqual({
      ok: true,
      values: expect.any(Object),
      entries: [
        { aiUseId: A, version: 2, verdict: "conditional", conditions: ["human_oversight", "eu_hosting"], other: "Un comité citoyen suit l’usage" },
      ],
    });
  });

  it("takes the current wording when the version sent is impossible", () => {
    const parsed = parseBallot(form([[`version.${A}`, "9"], [`verdict.${A}`, "accept"]]), uses);
    expect(parsed.ok && parsed.entries[0].version).toBe(3);
  });

  it.each([
    ["an unknown verdict", [[`verdict.${A}`, "maybe"]], `verdict.${A}`, "ballot.verdict"],
    ["conditions on a non-conditional verdict", [[`verdict.${A}`, "proscribe"], [`conditions.${A}[]`, "bias_audit"]], `conditions.${A}`, "ballot.conditionsNotConditional"],
    ["a free-text condition on a non-conditional verdict", [[`verdict.${A}`, "accept"], [`other.${A}`, "audit"]], `conditions.${A}`, "ballot.conditionsNotConditional"],
    ["a conditional verdict without conditions", [[`verdict.${A}`, "conditional"]], `conditions.${A}`, "ballot.conditionsMissing"],
    ["an unknown condition", [[`verdict.${A}`, "conditional"], [`conditions.${A}[]`, "blockchain"]], `conditions.${A}`, "ballot.condition"],
    ["a 10 KB free-text condition", [[`verdict.${A}`, "conditional"], [`other.${A}`, "x".repeat(10_240)]], `other.${A}`, "ballot.otherTooLong"],
    ["conditions without a verdict", [[`conditions.${A}[]`, "bias_audit"]], `verdict.${A}`, "ballot.verdictMissing"],
    ["a use not put to the vote", [[`verdict.33333333-3333-4333-8333-333333333333`, "accept"]], "form", "ballot.unknownUse"],
    ["a use id that is not an id", [["verdict.' or 1=1 --", "accept"]], "form", "ballot.unknownUse"],
    ["an empty ballot", [["requestKey", "x"]], "form", "ballot.empty"],
  ] as [string, [string, string][], string, string][])("refuses %s, naming the field", (_, entries, field, message) => {
    const parsed = parseBallot(form(entries), uses);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[field]).toBe(message);
  });

  it("refuses the whole ballot when one use is wrong, keeping what was typed", () => {
    const parsed = parseBallot(
      form([
        [`verdict.${A}`, "accept"],
        [`verdict.${B}`, "conditional"],
      ]),
      uses,
    );
    expect(parsed.ok).toBe(false);
    expect(parsed.values[A].verdict).toBe("accept");
  });
});

describe("percentages", () => {
  it("always adds up to 100 and follows the counts", () => {
    expect(percentages([1, 1, 1, 0])).toEqual([34, 33, 33, 0]);
    expect(percentages([2, 1, 0, 0])).toEqual([67, 33, 0, 0]);
    expect(percentages([0, 0, 0, 0])).toEqual([0, 0, 0, 0]);
    for (const counts of [[7, 5, 3, 1], [13, 0, 9, 2], [1, 2, 3, 94]]) expect(percentages(counts).reduce((a, b) => a + b)).toBe(100);
  });
});

describe("withoutNul", () => {
  it("drops NUL characters from text, arrays and JSON objects, leaving other values alone", async () => {
    const { withoutNul } = await import("~/db.server");
    const when = new Date(0);
    expect(withoutNul(["a\u0000b", ["c\u0000"], { fr: { title: "t\u0000" } }, 3, null, when])).toEqual(["ab", ["c"], { fr: { title: "t" } }, 3, null, when]);
  });
});
