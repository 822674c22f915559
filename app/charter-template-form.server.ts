import { z } from "zod";
import type { CommitmentText, TemplateCommitment } from "./charter";

/**
 * The national template editor's form: the wording of each commitment of the current template
 * (keys are fixed here), French required, English optional as a whole, and a change note.
 * Field names are `<key>-<lang>-<part>` (keys are [a-z0-9_]); messages are translation keys.
 */
export const textParts = ["title", "explanation", "evidence"] as const;
export type TextPart = (typeof textParts)[number];
const LIMITS: Record<TextPart, number> = { title: 160, explanation: 1000, evidence: 1000 };

export const fieldName = (key: string, lang: "fr" | "en", part: TextPart) => `${key}-${lang}-${part}`;

const optional = (max: number) => z.string().trim().max(max, "validation.tooLong").default("");
const required = (max: number) => z.string("validation.required").trim().min(1, "validation.required").max(max, "validation.tooLong");

export function templateForm(keys: string[]) {
  const shape: Record<string, z.ZodType> = {
    baseVersion: z.coerce.number().int(),
    note: z.string("validation.required").trim().min(3, "charterTemplate.errors.note").max(500, "validation.tooLong"),
  };
  for (const key of keys) {
    for (const part of textParts) {
      shape[fieldName(key, "fr", part)] = part === "evidence" ? optional(LIMITS[part]) : required(LIMITS[part]);
      shape[fieldName(key, "en", part)] = optional(LIMITS[part]);
    }
  }
  return z.object(shape).superRefine((values, ctx) => {
    // English is all or nothing: once a field is written, its title and explanation are needed.
    for (const key of keys) {
      const en = textParts.map((part) => values[fieldName(key, "en", part)] as string);
      if (en.every((v) => !v)) continue;
      for (const part of ["title", "explanation"] as const) {
        if (!values[fieldName(key, "en", part)]) {
          ctx.addIssue({ code: "custom", path: [fieldName(key, "en", part)], message: "charterTemplate.errors.englishIncomplete" });
        }
      }
    }
  });
}

/** The parsed form as the template's list of commitments, in the template's order. */
export function commitmentsFrom(keys: string[], values: Record<string, unknown>): TemplateCommitment[] {
  const text = (key: string, lang: "fr" | "en"): CommitmentText => {
    const [title, explanation, evidence] = textParts.map((part) => String(values[fieldName(key, lang, part)] ?? ""));
    return evidence ? { title, explanation, evidence } : { title, explanation };
  };
  return keys.map((key) => {
    const en = text(key, "en");
    return en.title ? { key, fr: text(key, "fr"), en } : { key, fr: text(key, "fr") };
  });
}

/** Form values (field name → text) of a template's current wording. */
export function templateValues(commitments: TemplateCommitment[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const c of commitments) {
    for (const lang of ["fr", "en"] as const) {
      for (const part of textParts) values[fieldName(c.key, lang, part)] = c[lang]?.[part] ?? "";
    }
  }
  return values;
}
