/** i18next's `t` semantics that components need, with no dictionary imported (browser-safe). */
export type Dictionary = Record<string, unknown>;

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
