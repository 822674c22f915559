import { z } from "zod";
import { roles } from "./domain";

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
