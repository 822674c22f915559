import { Fragment } from "react";

/**
 * A narrative written by staff, rendered as React elements (never as HTML): "# " and "## "
 * headings, "- " bullets, "1. " numbered items, paragraphs, and bare http(s) links. Anything
 * else, HTML tags included, stays text.
 */
export type NarrativeBlock =
  | { type: "heading"; level: 1 | 2; text: string }
  | { type: "paragraph"; text: string }
  | { type: "bullets" | "numbers"; items: string[] };

const BULLET = /^[-*]\s+(.*)$/;
const NUMBER = /^\d{1,3}[.)]\s+(.*)$/;
const HEADING = /^(#{1,2})\s+(.*)$/;

export function parseNarrative(text: string): NarrativeBlock[] {
  const blocks: NarrativeBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length) blocks.push({ type: "paragraph", text: paragraph.join("\n") });
    paragraph = [];
  };
  for (const raw of text.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    const heading = HEADING.exec(line);
    const bullet = BULLET.exec(line);
    const number = NUMBER.exec(line);
    if (!line) flush();
    else if (heading) {
      flush();
      blocks.push({ type: "heading", level: heading[1].length as 1 | 2, text: heading[2] });
    } else if (bullet || number) {
      flush();
      const type = bullet ? "bullets" : "numbers";
      const item = (bullet ?? number)![1];
      const last = blocks[blocks.length - 1];
      if (last && last.type === type) last.items.push(item);
      else blocks.push({ type, items: [item] });
    } else paragraph.push(line);
  }
  flush();
  return blocks;
}

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/g;

/** Text with its bare http(s) addresses as links; trailing punctuation stays outside the link. */
export function Linkified({ text }: { text: string }) {
  const parts: React.ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    const trailing = /[.,;:!?)\]]+$/.exec(url);
    if (trailing) url = url.slice(0, -trailing[0].length);
    const start = match.index ?? 0;
    if (!isHttpUrl(url)) continue;
    parts.push(text.slice(last, start));
    parts.push(
      <a key={start} href={url} rel="nofollow noopener noreferrer ugc">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  parts.push(text.slice(last));
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>{p}</Fragment>
      ))}
    </>
  );
}

function isHttpUrl(value: string) {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** `headingLevel` is the level "# " maps to (the page's section headings sit above it). */
export function Narrative({ text, headingLevel = 3 }: { text: string; headingLevel?: 2 | 3 | 4 }) {
  const blocks = parseNarrative(text);
  return (
    <div className="narrative">
      {blocks.map((block, i) => {
        if (block.type === "heading") {
          const Tag = `h${Math.min(6, headingLevel + block.level - 1)}` as "h3";
          return (
            <Tag key={i}>
              <Linkified text={block.text} />
            </Tag>
          );
        }
        if (block.type === "paragraph")
          return (
            <p key={i} className="description">
              <Linkified text={block.text} />
            </p>
          );
        const List = block.type === "bullets" ? "ul" : "ol";
        return (
          <List key={i}>
            {block.items.map((item, j) => (
              <li key={j}>
                <Linkified text={item} />
              </li>
            ))}
          </List>
        );
      })}
    </div>
  );
}
