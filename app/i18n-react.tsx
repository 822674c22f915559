import { createContext, useContext, useMemo, useSyncExternalStore } from "react";
import { translate, type Dictionary } from "./translate";

/**
 * Translations in components. The server renders with the same dictionaries i18next uses;
 * the browser receives only the current language's core dictionary, plus the namespaces a page
 * declares (`handle.i18n`), so i18next's runtime and unused strings stay off the phone
 * (docs/decisions/004). Same call shape as react-i18next: `const { t, i18n } = useTranslation()`.
 */
type Value = { lng: string; dictionary: Dictionary };

const I18nContext = createContext<Value>({ lng: "fr", dictionary: {} });

// Browser-side store of the dictionary: namespaces loaded later are merged in and re-render.
let extra: Dictionary = {};
let version = 0;
const listeners = new Set<() => void>();
const loadedNamespaces = new Set<string>();

export function addDictionary(namespace: string, dictionary: Dictionary) {
  if (loadedNamespaces.has(namespace)) return;
  loadedNamespaces.add(namespace);
  extra = { ...extra, ...dictionary };
  version++;
  for (const listener of listeners) listener();
}

export function hasNamespace(namespace: string) {
  return loadedNamespaces.has(namespace);
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function I18nProvider({ lng, dictionary, children }: Value & { children: React.ReactNode }) {
  // The same snapshot while hydrating: the namespaces were loaded before hydrateRoot (entry.client), and
  // the server rendered with every string, so answering 0 here made the first render miss them and React
  // throw the server's HTML away (a hydration mismatch, and clicks lost while it re-rendered).
  const getVersion = () => version;
  const current = useSyncExternalStore(subscribe, getVersion, getVersion);
  const value = useMemo(() => ({ lng, dictionary: current ? { ...dictionary, ...extra } : dictionary }), [lng, dictionary, current]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useTranslation() {
  const { lng, dictionary } = useContext(I18nContext);
  return useMemo(
    () => ({
      t: (key: string, options?: Record<string, unknown> & { count?: number }) => translate(dictionary, lng, key, options),
      i18n: { language: lng },
    }),
    [lng, dictionary],
  );
}
