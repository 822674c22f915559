import fr from "./locales/fr";
import en from "./locales/en";

export const supportedLngs = ["fr", "en"] as const;
export type Lng = (typeof supportedLngs)[number];
export type { Dictionary } from "./translate";

/** Server-side resources (i18next); the browser loads only its own language (see entry.client). */
export const resources = {
  fr: { common: fr },
  en: { common: en },
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
