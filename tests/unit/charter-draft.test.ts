import { describe, expect, it } from "vitest";
import { RULED_OUT_KEY } from "~/charter";
import { parseDraft, type DraftContext } from "~/charter-validation.server";

const facial = { id: "11111111-1111-4111-8111-111111111111", title: "Reconnaissance faciale" };
const video = { id: "22222222-2222-4222-8222-222222222222", title: "Vidéosurveillance algorithmique" };
const context: DraftContext = {
  keys: ["governance", RULED_OUT_KEY],
  versions: [1],
  savedTargets: new Map([["governance", "2026-01-10"]]),
  uses: new Map([
    [facial.id, facial],
    [video.id, video],
  ]),
  proposed: [facial],
  hasRuledOut: true,
  today: "2026-11-23",
};

function form(fields: Record<string, string | string[]>) {
  const data = new FormData();
  data.set("templateVersion", "1");
  data.set(`status.${RULED_OUT_KEY}`, "adopted");
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) data.append(k, value);
  return data;
}

describe("parseDraft", () => {
  it("saves a valid draft, keeping an unchanged target date even once it has passed", () => {
    const parsed = parseDraft(
      form({ "status.governance": "in_progress", "target.governance": "2026-01-10", "links.governance": "https://exemple.fr/deliberation", "ruledOut[]": facial.id }),
      context,
    );
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.data.items.find((i) => i.key === "governance")).toMatchObject({ status: "in_progress", targetDate: "2026-01-10", links: ["https://exemple.fr/deliberation"] });
  });

  it.each([
    ["a status outside the list", { "status.governance": "maybe" }, "status.governance", "charterValidation.status"],
    ["a new target date in the past", { "status.governance": "in_progress", "target.governance": "2025-05-01" }, "target.governance", undefined],
    ["a link that is not http(s)", { "status.governance": "adopted", "links.governance": "javascript:alert(1)" }, "links.governance", undefined],
    ["a ruled-out list that differs from the votes without a reason", { "status.governance": "adopted", "ruledOut[]": video.id }, "ruledOutReason", "charterValidation.reasonRequired"],
    ["a use that is not in the catalogue", { "status.governance": "adopted", "ruledOut[]": "33333333-3333-4333-8333-333333333333" }, "ruledOut", "charterValidation.unknownUse"],
  ] as [string, Record<string, string>, string, string | undefined][])("refuses %s, naming the field, and returns nothing to save", (_, fields, field, message) => {
    const parsed = parseDraft(form(fields), context);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors[field]).toMatch(message ?? /^charterValidation\./);
    expect("data" in parsed).toBe(false);
  });
});
