import { z } from "zod";
import { ConfigError } from "./env.server";

/**
 * Who runs this deployment, for the legal notice and the privacy policy (LCEN art. 6, GDPR art. 13):
 * each territory or operator sets these in its environment. Unset, the pages say plainly that the
 * deployment is a demonstration whose operator has not filled them in.
 */
const text = (max: number) => z.string().trim().min(2).max(max);
const schema = z.object({
  LEGAL_PUBLISHER: text(200).optional(),
  LEGAL_ADDRESS: text(300).optional(),
  LEGAL_DIRECTOR: text(200).optional(),
  LEGAL_CONTACT_EMAIL: z.email().optional(),
  LEGAL_HOST: text(300).optional(),
  PRIVACY_CONTROLLER: text(200).optional(),
  PRIVACY_DPO_EMAIL: z.email().optional(),
  REGISTRATION_EMAIL_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
});

export type LegalSettings = {
  configured: boolean;
  publisher: string | null;
  address: string | null;
  director: string | null;
  contactEmail: string | null;
  host: string | null;
  controller: string | null;
  dpoEmail: string | null;
  registrationEmailDays: number;
};

let cached: LegalSettings | undefined;

export function legalSettings(env: Record<string, string | undefined> = process.env): LegalSettings {
  if (env === process.env && cached) return cached;
  const raw = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k] === "" ? undefined : env[k]]));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`${String(issue.path[0])}: ${issue.message}`);
  }
  const v = parsed.data;
  const settings: LegalSettings = {
    configured: Boolean(v.LEGAL_PUBLISHER && v.LEGAL_CONTACT_EMAIL),
    publisher: v.LEGAL_PUBLISHER ?? null,
    address: v.LEGAL_ADDRESS ?? null,
    director: v.LEGAL_DIRECTOR ?? null,
    contactEmail: v.LEGAL_CONTACT_EMAIL ?? null,
    host: v.LEGAL_HOST ?? null,
    controller: v.PRIVACY_CONTROLLER ?? v.LEGAL_PUBLISHER ?? null,
    dpoEmail: v.PRIVACY_DPO_EMAIL ?? null,
    registrationEmailDays: v.REGISTRATION_EMAIL_RETENTION_DAYS,
  };
  if (env === process.env) cached = settings;
  return settings;
}
