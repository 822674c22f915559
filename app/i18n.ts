import en from "./locales/en";
import enCharter from "./locales/en-charter";
import enMap from "./locales/en-map";
import enNational from "./locales/en-national";
import enContribute from "./locales/en-contribute";
import enLive from "./locales/en-live";
import enStaff from "./locales/en-staff";
import enSynthesis from "./locales/en-synthesis";
import enVote from "./locales/en-vote";
import fr from "./locales/fr";
import frCharter from "./locales/fr-charter";
import frMap from "./locales/fr-map";
import frNational from "./locales/fr-national";
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
  fr: { common: { ...fr, ...frContribute, ...frStaff, ...frVote, ...frCharter, ...frSynthesis, ...frMap, ...frNational, ...frLive } },
  en: { common: { ...en, ...enContribute, ...enStaff, ...enVote, ...enCharter, ...enSynthesis, ...enMap, ...enNational, ...enLive } },
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
