import en from "./locales/en";
import enStaff from "./locales/en-staff";
import fr from "./locales/fr";
import frStaff from "./locales/fr-staff";

export const supportedLngs = ["fr", "en"] as const;
export type Lng = (typeof supportedLngs)[number];
export type { Dictionary } from "./translate";

/**
 * Server-side resources (i18next): everything. The browser loads only its page's language, and
 * the staff dictionary only for signed-in staff (see entry.client and decision 004).
 */
export const resources = {
  fr: { common: { ...fr, ...frStaff } },
  en: { common: { ...en, ...enStaff } },
};

export default {
  supportedLngs: [...supportedLngs],
  fallbackLng: "fr",
  defaultNS: "common",
  ns: ["common"],
  interpolation: { escapeValue: false },
};

export function isLng(value: unknown): value is Lng {
  return typeof value === "string" && (supportedLngs as readonly string[]).includes(value);
}

export { translate } from "./translate";
