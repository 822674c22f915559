import frCommon from "../locales/fr/common.json";
import enCommon from "../locales/en/common.json";

export const supportedLngs = ["fr", "en"] as const;
export type Lng = (typeof supportedLngs)[number];

export const resources = {
  fr: { common: frCommon },
  en: { common: enCommon },
};

export default {
  supportedLngs: [...supportedLngs],
  fallbackLng: "fr",
  defaultNS: "common",
  ns: ["common"],
  interpolation: { escapeValue: false },
  react: { useSuspense: false },
};

export function isLng(value: unknown): value is Lng {
  return typeof value === "string" && (supportedLngs as readonly string[]).includes(value);
}
