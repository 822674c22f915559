import type { z } from "zod";

export type FieldErrors = Record<string, string>;

/** Validates FormData with a zod schema whose messages are translation keys. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  form: FormData,
):
  | { ok: true; data: z.infer<S>; values: Record<string, string> }
  | { ok: false; errors: FieldErrors; values: Record<string, string> } {
  const values: Record<string, string> = {};
  const input: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    values[key] = value;
    // Repeated names (checkbox groups) become arrays; `name[]` marks a group even with one box ticked.
    if (key.endsWith("[]")) {
      const name = key.slice(0, -2);
      input[name] = [...((input[name] as string[] | undefined) ?? []), value];
      values[name] = (input[name] as string[]).join(",");
    } else input[key] = value;
  }
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message.includes(".") ? issue.message : "validation.required";
  }
  return { ok: false, errors, values };
}
