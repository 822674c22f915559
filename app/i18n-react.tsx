import { createContext, useContext, useMemo } from "react";
import { translate, type Dictionary } from "./translate";

/**
 * Translations in components. The server renders with the same dictionaries i18next uses;
 * the browser receives only the current language's, so i18next's runtime stays off the
 * phone (docs/decisions/004). Same call shape as react-i18next: `const { t, i18n } = useTranslation()`.
 */
type Value = { lng: string; dictionary: Dictionary };

const I18nContext = createContext<Value>({ lng: "fr", dictionary: {} });

export function I18nProvider({ lng, dictionary, children }: Value & { children: React.ReactNode }) {
  const value = useMemo(() => ({ lng, dictionary }), [lng, dictionary]);
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
