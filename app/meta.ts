import type { MetaFunction } from "@remix-run/node";

/** Page titles come from loaders (translated on the server): "<page> — Café IA". */
export const titleMeta: MetaFunction = ({ data }) => {
  const title = (data as { title?: string } | undefined)?.title;
  return [{ title: title ? `${title} — Café IA` : "Café IA" }];
};
