import { z } from "zod";
import { commitmentStatuses, ruledOutDifference, type RuledOutUse } from "./charter";
import type { DraftItemInput } from "./models/charter.server";
import { parisToUtc, utcToParis } from "./time";
import { requestKey } from "./validation.server";

/** Charter forms (staff): messages are translation keys, shown next to their field. */

/** Today's date in Paris, "2026-11-23": the day staff see on their calendar. */
export function parisToday(now = new Date()) {
  return utcToParis(now).date;
}

/** The same calendar day a year earlier (29 February falls back to the 28th by string order). */
export function yearBefore(day: string) {
  return `${Number(day.slice(0, 4)) - 1}${day.slice(4)}`;
}

const realDate = (message: string) =>
  z
    .string(message)
    .trim()
    .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && parisToUtc(v, "12:00") !== null, message);

const HTTP_LINK = /^https?:\/\/[^\s]+$/;
const isHttpLink = (v: string) => HTTP_LINK.test(v) && v.length <= 500;

const text = (min: number, max: number, message: string) => z.string(message).trim().min(min, message).max(max, message);

export const signForm = z
  .object({
    intent: z.literal("sign"),
    signatoryName: text(2, 120, "charterValidation.signatoryName"),
    signatoryMandate: text(2, 160, "charterValidation.signatoryMandate"),
    signedOn: realDate("charterValidation.date"),
  })
  .superRefine((v, ctx) => {
    const today = parisToday();
    if (v.signedOn > today) ctx.addIssue({ code: "custom", path: ["signedOn"], message: "charterValidation.signedOnFuture" });
    else if (v.signedOn < yearBefore(today)) ctx.addIssue({ code: "custom", path: ["signedOn"], message: "charterValidation.signedOnOld" });
  });

/** A follow-up entry; `commitments` are the keys of the template the territory answers. */
export const followUpForm = (commitments: string[]) =>
  z.object({
    intent: z.literal("followUp"),
    requestKey,
    commitment: z.string("charterValidation.commitment").refine((v) => commitments.includes(v), "charterValidation.commitment"),
    happenedOn: realDate("charterValidation.date").refine((v) => v <= parisToday(), "charterValidation.futureDate"),
    body: text(3, 1000, "charterValidation.body"),
    link: z
      .string()
      .trim()
      .default("")
      .refine((v) => v === "" || isHttpLink(v), "charterValidation.link")
      .transform((v) => (v === "" ? null : v)),
  });

export const deleteFollowUpForm = z.object({ intent: z.literal("deleteFollowUp"), id: z.uuid() });

// The draft: one form, every commitment --------------------------------------------------------------

const draftItem = (saved: string | null, today: string) =>
  z.object({
    status: z.enum(commitmentStatuses, "charterValidation.status"),
    // A past date stays allowed when it is the one already saved; a new or changed one must be to come.
    target: z
      .string()
      .trim()
      .refine((v) => v === "" || (/^\d{4}-\d{2}-\d{2}$/.test(v) && parisToUtc(v, "12:00") !== null), "charterValidation.date")
      .refine((v) => v === "" || v === saved || v >= today, "charterValidation.pastTarget")
      .transform((v) => (v === "" ? null : v)),
    responsible: z.string().trim().max(200, "charterValidation.responsibleTooLong"),
    evidence: z.string().trim().max(2000, "charterValidation.evidenceTooLong"),
    links: z
      .string()
      .transform((v) =>
        v
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean),
      )
      .superRefine((lines, ctx) => {
        const bad = lines.find((line) => !isHttpLink(line));
        if (bad) ctx.addIssue({ code: "custom", message: "charterValidation.linkInvalid", params: { link: bad.slice(0, 80) } });
        else if (lines.length > 10) ctx.addIssue({ code: "custom", message: "charterValidation.tooManyLinks" });
      }),
  });

export type DraftFieldValues = { status: string; target: string; responsible: string; evidence: string; links: string };
export type DraftValues = { templateVersion: number; items: Record<string, DraftFieldValues>; ruledOut: string[]; ruledOutReason: string };

export type DraftContext = {
  /** The commitment keys of the template version the form follows. */
  keys: string[];
  /** Template versions the draft may be saved against: the draft's own and the current one. */
  versions: number[];
  /** Target dates already saved, by commitment key. */
  savedTargets: Map<string, string | null>;
  /** The uses that may be ticked (id → use), and what the votes propose. */
  uses: Map<string, RuledOutUse>;
  proposed: RuledOutUse[];
  /** Whether the template has the ruled-out commitment. */
  hasRuledOut: boolean;
  today?: string;
};

export type ParsedDraft =
  | {
      ok: true;
      values: DraftValues;
      data: { templateVersion: number; items: DraftItemInput[]; ruledOut: string[]; ruledOutReason: string };
    }
  | { ok: false; values: DraftValues; errors: Record<string, string>; params: Record<string, Record<string, string>> };

const FIELDS = ["status", "target", "responsible", "evidence", "links"] as const;

/**
 * Reads the draft form: `status.<key>`, `target.<key>`, `responsible.<key>`, `evidence.<key>`,
 * `links.<key>` for each commitment, `ruledOut[]` and `ruledOutReason` for commitment 5.
 * Errors are keyed by field name; nothing is returned to save unless every field is valid.
 */
export function parseDraft(form: FormData, context: DraftContext): ParsedDraft {
  const today = context.today ?? parisToday();
  const field = (name: string, max = 20_000) => String(form.get(name) ?? "").slice(0, max);
  const values: DraftValues = {
    templateVersion: Number(form.get("templateVersion")),
    items: {},
    ruledOut: [...new Set(form.getAll("ruledOut[]").map(String))],
    ruledOutReason: field("ruledOutReason"),
  };
  const errors: Record<string, string> = {};
  const params: Record<string, Record<string, string>> = {};
  if (!context.versions.includes(values.templateVersion)) errors.form = "charterValidation.template";

  const items: DraftItemInput[] = [];
  for (const key of context.keys) {
    const raw = Object.fromEntries(FIELDS.map((name) => [name, field(`${name}.${key}`)])) as DraftFieldValues;
    values.items[key] = raw;
    const parsed = draftItem(context.savedTargets.get(key) ?? null, today).safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const name = `${String(issue.path[0] ?? "status")}.${key}`;
        if (errors[name]) continue;
        errors[name] = issue.message;
        const extra = (issue as { params?: Record<string, string> }).params;
        if (extra) params[name] = extra;
      }
      continue;
    }
    const { target, ...rest } = parsed.data;
    items.push({ key, ...rest, targetDate: target });
  }

  let ruledOut: string[] = [];
  let ruledOutReason = "";
  if (context.hasRuledOut) {
    if (values.ruledOut.some((id) => !context.uses.has(id))) errors.ruledOut = "charterValidation.unknownUse";
    ruledOut = values.ruledOut.filter((id) => context.uses.has(id));
    const difference = ruledOutDifference(
      ruledOut.map((id) => context.uses.get(id)!),
      context.proposed,
    );
    const reason = values.ruledOutReason.trim();
    if (difference.added.length || difference.leftOut.length) {
      if (!reason) errors.ruledOutReason = "charterValidation.reasonRequired";
      else if (reason.length > 1000) errors.ruledOutReason = "charterValidation.reasonTooLong";
      ruledOutReason = reason;
    }
  }
  if (Object.keys(errors).length) return { ok: false, values, errors, params };
  return { ok: true, values, data: { templateVersion: values.templateVersion, items, ruledOut, ruledOutReason } };
}
