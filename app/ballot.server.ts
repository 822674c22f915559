import { z } from "zod";
import type { BallotEntry } from "./models/vote.server";
import { OTHER_CONDITION_MAX, verdicts, voteConditions } from "./votes";

/**
 * One form holds a verdict for every use put to the vote, so ten uses take one submit. Field names
 * carry the use's id: `verdict.<id>`, `conditions.<id>[]`, `other.<id>`, `version.<id>` (the wording
 * the person saw). Uses left blank are not voted on. Messages are translation keys.
 */
const FIELD = /^(verdict|conditions|other|version)\.([^[\]]+)(\[\])?$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const entrySchema = z
  .object({
    verdict: z.enum(verdicts, "ballot.verdict"),
    conditions: z.array(z.enum(voteConditions, "ballot.condition")),
    other: z
      .string()
      .transform((v) => v.trim())
      .pipe(z.string().max(OTHER_CONDITION_MAX, "ballot.otherTooLong"))
      .refine((v) => v === "" || v.length >= 3, "ballot.otherTooShort")
      .transform((v) => (v === "" ? null : v)),
  })
  .superRefine((v, ctx) => {
    const named = v.conditions.length > 0 || v.other !== null;
    if (v.verdict === "conditional" && !named) ctx.addIssue({ code: "custom", path: ["conditions"], message: "ballot.conditionsMissing" });
    if (v.verdict !== "conditional" && named)
      ctx.addIssue({ code: "custom", path: ["conditions"], message: "ballot.conditionsNotConditional" });
  });

export type BallotValues = Record<string, { verdict: string; conditions: string[]; other: string }>;

export type ParsedBallot =
  | { ok: true; entries: BallotEntry[]; values: BallotValues }
  | { ok: false; errors: Record<string, string>; values: BallotValues };

/** Validates a ballot against the uses put to the vote (id → current version). */
export function parseBallot(form: FormData, uses: Map<string, number>): ParsedBallot {
  const ids = new Set<string>();
  for (const key of form.keys()) {
    const match = FIELD.exec(key);
    if (match) ids.add(match[2]);
  }
  const errors: Record<string, string> = {};
  const values: BallotValues = {};
  const entries: BallotEntry[] = [];
  for (const id of ids) {
    const raw = {
      verdict: String(form.get(`verdict.${id}`) ?? ""),
      conditions: form.getAll(`conditions.${id}[]`).map(String),
      other: String(form.get(`other.${id}`) ?? "").slice(0, 20_000),
    };
    const current = UUID.test(id) ? uses.get(id) : undefined;
    if (current === undefined) {
      errors.form = "ballot.unknownUse";
      continue;
    }
    values[id] = raw;
    if (!raw.verdict && !raw.conditions.length && !raw.other.trim()) continue;
    if (!raw.verdict) {
      errors[`verdict.${id}`] = "ballot.verdictMissing";
      continue;
    }
    const parsed = entrySchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors[`${String(issue.path[0] ?? "verdict")}.${id}`] ??= issue.message;
      continue;
    }
    // The wording the person saw; a missing or impossible number means the current one.
    const seen = Number(form.get(`version.${id}`));
    const version = Number.isInteger(seen) && seen >= 1 && seen <= current ? seen : current;
    entries.push({ aiUseId: id, version, ...parsed.data });
  }
  if (!Object.keys(errors).length && !entries.length) errors.form = "ballot.empty";
  return Object.keys(errors).length ? { ok: false, errors, values } : { ok: true, entries, values };
}
