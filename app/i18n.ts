import en from "./locales/en";
import enCharter from "./locales/en-charter";
import enMap from "./locales/en-map";
import enNational from "./locales/en-national";
import enPrivacy from "./locales/en-privacy";
import enContribute from "./locales/en-contribute";
import enLive from "./locales/en-live";
import enStaff from "./locales/en-staff";
import enSynthesis from "./locales/en-synthesis";
import enVote from "./locales/en-vote";
import fr from "./locales/fr";
import frCharter from "./locales/fr-charter";
import frMap from "./locales/fr-map";
import frNational from "./locales/fr-national";
import frPrivacy from "./locales/fr-privacy";
import frContribute from "./locales/fr-contribute";
import frLive from "./locales/fr-live";
import frStaff from "./locales/fr-staff";
import frSynthesis from "./locales/fr-synthesis";
import frVote from "./locales/fr-vote";

export const supportedLngs = ["fr", "en"] as const;
export type Lng = (typeof supportedLngs)[number];
export type { Dictionary } from "./translate";

/**
 * Server-side resources (i18next): everything. The browser loads only its page's language, and
 * other namespaces only for the pages and people that need them (see entry.client, decision 004).
 */
export const resources = {
  fr: { common: withManyForms({ ...fr, ...frContribute, ...frStaff, ...frVote, ...frCharter, ...frSynthesis, ...frMap, ...frNational, ...frLive, ...frPrivacy }) },
  en: { common: withManyForms({ ...en, ...enContribute, ...enStaff, ...enVote, ...enCharter, ...enSynthesis, ...enMap, ...enNational, ...enLive, ...enPrivacy }) },
};

/**
 * French has a third plural form, "many" (1 000 000, 2 000 000…), that our dictionaries write as "other".
 * i18next does not fall back from a missing `_many` to `_other` (it would print the key), so each
 * `_other` without its `_many` lends it its text (the browser's translate() falls back the same way).
 */
function withManyForms<D extends Record<string, unknown>>(dictionary: D): D {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(dictionary)) {
    copy[key] = value !== null && typeof value === "object" && !Array.isArray(value) ? withManyForms(value as Record<string, unknown>) : value;
    const stem = key.endsWith("_other") ? key.slice(0, -"_other".length) : null;
    if (stem !== null && !(`${stem}_many` in dictionary)) copy[`${stem}_many`] = value;
  }
  return copy as D;
}

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
