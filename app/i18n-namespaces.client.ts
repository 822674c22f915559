import { addDictionary, hasNamespace } from "./i18n-react";

/** Dictionaries a page may declare in `handle.i18n`, each its own chunk per language. */
const namespaces: Record<string, (lng: string) => Promise<{ default: Record<string, unknown> }>> = {
  contribute: (lng) => (lng === "en" ? import("./locales/en-contribute") : import("./locales/fr-contribute")),
  vote: (lng) => (lng === "en" ? import("./locales/en-vote") : import("./locales/fr-vote")),
  ballot: (lng) => (lng === "en" ? import("./locales/en-ballot") : import("./locales/fr-ballot")),
  charter: (lng) => (lng === "en" ? import("./locales/en-charter") : import("./locales/fr-charter")),
  synthesis: (lng) => (lng === "en" ? import("./locales/en-synthesis") : import("./locales/fr-synthesis")),
  map: (lng) => (lng === "en" ? import("./locales/en-map") : import("./locales/fr-map")),
  live: (lng) => (lng === "en" ? import("./locales/en-live") : import("./locales/fr-live")),
  staff: (lng) => (lng === "en" ? import("./locales/en-staff") : import("./locales/fr-staff")),
};

export async function ensureNamespaces(names: string[]) {
  const lng = document.documentElement.lang === "en" ? "en" : "fr";
  await Promise.all(
    names
      .filter((name) => namespaces[name] && !hasNamespace(name))
      .map(async (name) => addDictionary(name, (await namespaces[name](lng)).default)),
  );
}
