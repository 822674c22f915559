import { z } from "zod";
import { audiences, consultationStatuses, roles, UUID_PATTERN } from "./domain";
import { isInFrance } from "./geo";
import { ageBrackets, aiUses } from "./models/profile.server";
import { contributionKinds, reactionValues, reportReasons, themes } from "./themes";
import { parisToUtc } from "./time";
import { aiUseDomains, resultsVisibilities, riskTiers } from "./votes";

/** Form schemas: messages are translation keys, shown next to their field. */

export const emailField = z
  .string("validation.required")
  .trim()
  .toLowerCase()
  .min(1, "validation.required")
  .max(254, "validation.tooLong")
  .pipe(z.email("validation.email"));

export const signInForm = z.object({ email: emailField, redirectTo: z.string().optional() });

export const grantRoleForm = z.object({
  intent: z.literal("grant"),
  email: emailField,
  territoryId: z.uuid("validation.territory"),
  role: z.enum(roles, "validation.role"),
});

export const revokeRoleForm = z.object({ intent: z.literal("revoke"), id: z.uuid() });

const text = (min: number, max: number) =>
  z
    .string("validation.required")
    .trim()
    .min(min, min <= 1 ? "validation.required" : "validation.tooShort")
    .max(max, "validation.tooLong");

const optionalText = (max: number) => z.string().trim().max(max, "validation.tooLong").default("");

const isoDate = z.string("validation.required").regex(/^\d{4}-\d{2}-\d{2}$/, "validation.date");

/** A whole number typed in a field: empty is missing, not 0 (FormData trap). */
const integer = (min: number, max: number, message: string) =>
  z
    .string("validation.required")
    .trim()
    .min(1, "validation.required")
    .regex(/^\d+$/, message)
    .transform(Number)
    .pipe(z.number().int().min(min, message).max(max, message));

const coordinate = z
  .string("validation.position")
  .trim()
  .min(1, "validation.position")
  .transform((v) => Number(v.replace(",", ".")))
  .pipe(z.number("validation.position").finite("validation.position"));

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on" || v === "true");

/** The hidden key each creation form carries; anything else is ignored (no key, no deduplication). */
export const requestKey = z
  .string()
  .optional()
  .transform((v) => (v && UUID_PATTERN.test(v) ? v : null));

export const consultationForm = z
  .object({
    requestKey,
    title: text(3, 200),
    description: optionalText(5000),
    startsOn: isoDate,
    endsOn: isoDate,
    publics: z.array(z.enum(audiences, "validation.audience"), "validation.publics").min(1, "validation.publics"),
    status: z.enum(consultationStatuses, "validation.status"),
  })
  .refine((v) => v.endsOn >= v.startsOn, { path: ["endsOn"], message: "validation.endBeforeStart" });

export const eventForm = z
  .object({
    requestKey,
    title: text(3, 160),
    description: optionalText(2000),
    date: isoDate,
    startTime: z.string("validation.required").regex(/^\d{2}:\d{2}$/, "validation.time"),
    endTime: z.string("validation.required").regex(/^\d{2}:\d{2}$/, "validation.time"),
    venueName: text(2, 160),
    address: text(3, 300),
    latitude: coordinate,
    longitude: coordinate,
    audience: z.enum(audiences, "validation.audience"),
    capacity: integer(1, 5000, "validation.capacity"),
    accessible: checkbox,
    accessibilityNotes: optionalText(500),
    onlineUrl: z
      .string()
      .trim()
      .max(500, "validation.tooLong")
      .refine((v) => v === "" || /^https?:\/\/[^\s]+\.[^\s]+$/.test(v), "validation.url")
      .transform((v) => (v === "" ? null : v))
      .optional()
      .transform((v) => v ?? null),
    registrationEnabled: checkbox,
  })
  .superRefine((v, ctx) => {
    if (!isInFrance(v.latitude, v.longitude)) ctx.addIssue({ code: "custom", path: ["latitude"], message: "validation.outsideFrance" });
    if (v.endTime <= v.startTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: "validation.endBeforeStart" });
    if (!parisToUtc(v.date, v.startTime)) ctx.addIssue({ code: "custom", path: ["date"], message: "validation.date" });
  })
  .transform((v) => {
    const startsAt = parisToUtc(v.date, v.startTime)!;
    const [sh, sm] = v.startTime.split(":").map(Number);
    const [eh, em] = v.endTime.split(":").map(Number);
    return { ...v, startsAt, durationMinutes: eh * 60 + em - (sh * 60 + sm) };
  });

export const cancelEventForm = z.object({ reason: text(3, 500) });

export const registrationForm = z.object({
  firstName: text(1, 60),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "validation.tooLong")
    .refine((v) => v === "" || z.email().safeParse(v).success, "validation.email")
    .transform((v) => (v === "" ? null : v))
    .optional()
    .transform((v) => v ?? null),
});

export const contributionForm = z.object({
  requestKey,
  kind: z.enum(contributionKinds, "validation.kind"),
  body: z
    .string("validation.required")
    .max(20_000, "validation.contributionLength")
    .transform((v) => v.trim())
    .pipe(z.string().min(3, "validation.contributionLength").max(500, "validation.contributionLength")),
  themes: z.array(z.enum(themes, "validation.theme"), "validation.themes").min(1, "validation.themes").max(2, "validation.themes"),
});

export const moderationForm = z.object({
  id: z.uuid(),
  action: z.enum(["hide", "restore"]),
  reason: text(3, 500),
});

export const reactionForm = z.object({ id: z.uuid("validation.required"), value: z.enum(reactionValues, "validation.required") });

export const reportForm = z.object({ id: z.uuid("validation.required"), reason: z.enum(reportReasons, "validation.reason") });

/** Optional answers: empty means "no answer"; a commune is typed as a postal code or INSEE code. */
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.enum(values, "validation.choice").nullable());

export const profileForm = z.object({
  ageBracket: optionalChoice(ageBrackets),
  aiUse: optionalChoice(aiUses),
  commune: z
    .string()
    .trim()
    .optional()
    .transform((v) => v ?? "")
    .refine((v) => v.length <= 80, "validation.tooLong"),
});

// Votes on uses of AI: the catalogue, what a consultation puts to the vote, blocking an author.

const useText = (max: number) => z.string().trim().max(max, "catalogueValidation.tooLong").default("");

/**
 * A choice from a list that does not stop the other checks when it fails (a failed z.enum skips the
 * form's cross-field checks, so the text fields would show no error until the list is fixed).
 */
const listChoice = <T extends readonly string[]>(values: T, message: string) =>
  z
    .string()
    .default("")
    .refine((v) => values.includes(v), message)
    .transform((v) => v as T[number]);

/** The wording of a use: French required, English optional as a block (title and what once any is filled). */
export const aiUseForm = z
  .object({
    requestKey,
    domain: listChoice(aiUseDomains, "catalogueValidation.domain"),
    riskTier: listChoice(riskTiers, "catalogueValidation.riskTier"),
    titleFr: useText(160),
    whatFr: useText(1000),
    exampleFr: useText(1000),
    risksFr: useText(1000),
    titleEn: useText(160),
    whatEn: useText(1000),
    exampleEn: useText(1000),
    risksEn: useText(1000),
  })
  .superRefine((v, ctx) => {
    const short = (value: string | undefined, min: number) => (value ?? "").length < min;
    if (short(v.titleFr, 3)) ctx.addIssue({ code: "custom", path: ["titleFr"], message: "catalogueValidation.title" });
    if (short(v.whatFr, 10)) ctx.addIssue({ code: "custom", path: ["whatFr"], message: "catalogueValidation.what" });
    const english = [v.titleEn, v.whatEn, v.exampleEn, v.risksEn].some((value) => (value ?? "") !== "");
    if (english && short(v.titleEn, 3)) ctx.addIssue({ code: "custom", path: ["titleEn"], message: "catalogueValidation.titleEn" });
    if (english && short(v.whatEn, 10)) ctx.addIssue({ code: "custom", path: ["whatEn"], message: "catalogueValidation.whatEn" });
  })
  .transform((v) => {
    const text = (title: string, what: string, example: string, risks: string) => ({
      title,
      what,
      ...(example ? { example } : {}),
      ...(risks ? { risks } : {}),
    });
    const english = v.titleEn || v.whatEn || v.exampleEn || v.risksEn;
    return {
      requestKey: v.requestKey,
      domain: v.domain,
      riskTier: v.riskTier,
      content: {
        fr: text(v.titleFr, v.whatFr, v.exampleFr, v.risksFr),
        ...(english ? { en: text(v.titleEn, v.whatEn, v.exampleEn, v.risksEn) } : {}),
      },
    };
  });

/** The uses put to the vote (ticked boxes, `uses[]`); none ticked is an empty selection. */
export const selectionForm = z.object({
  intent: z.literal("selection"),
  uses: z
    .array(z.uuid("catalogueValidation.uses"), "catalogueValidation.uses")
    .max(200, "catalogueValidation.uses")
    .default([])
    .transform((ids) => [...new Set(ids)]),
});

export const resultsVisibilityForm = z.object({
  intent: z.literal("visibility"),
  visibility: z.enum(resultsVisibilities, "catalogueValidation.visibility"),
});

/** Blocking the author of a contribution needs a reason; unblocking does not. */
export const blockForm = z
  .object({
    id: z.uuid(),
    intent: z.enum(["block", "unblock"]),
    blockReason: z.string().trim().max(500, "catalogueValidation.blockReason").default(""),
  })
  .superRefine((v, ctx) => {
    if (v.intent === "block" && (v.blockReason ?? "").length < 3) {
      ctx.addIssue({ code: "custom", path: ["blockReason"], message: "catalogueValidation.blockReason" });
    }
  });
