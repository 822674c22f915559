import fr from "./locales/fr";
import en from "./locales/en";

export const supportedLngs = ["fr", "en"] as const;
export type Lng = (typeof supportedLngs)[number];
export type Dictionary = Record<string, unknown>;

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

type Options = Record<string, unknown> & { count?: number };

function lookup(dictionary: Dictionary, key: string): unknown {
  let node: unknown = dictionary;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Dictionary)[part];
  }
  return node;
}

/**
 * The subset of i18next's `t` the interface uses, with the same semantics: dotted keys,
 * `{{name}}` interpolation (React escapes), `_one`/`_other`… plurals from `count`,
 * the key itself when missing.
 */
export function translate(dictionary: Dictionary, lng: string, key: string, options: Options = {}): string {
  let value: unknown;
  if (typeof options.count === "number") {
    value = lookup(dictionary, `${key}_${new Intl.PluralRules(lng).select(options.count)}`);
    if (value === undefined) value = lookup(dictionary, `${key}_other`);
  }
  if (value === undefined) value = lookup(dictionary, key);
  if (typeof value !== "string") return key;
  return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) =>
    options[name] === undefined ? "" : String(options[name]),
  );
}
