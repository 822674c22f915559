import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Narrative, parseNarrative } from "~/components/narrative";

const render = (text: string) => renderToStaticMarkup(createElement(Narrative, { text }));

describe("parseNarrative", () => {
  it("reads headings, lists and paragraphs", () => {
    expect(parseNarrative("# Bilan\n\nUn texte\nsur deux lignes.\n\n- un\n- deux\n1. premier\n2) second\n## Suite")).toEqual([
      { type: "heading", level: 1, text: "Bilan" },
      { type: "paragraph", text: "Un texte\nsur deux lignes." },
      { type: "bullets", items: ["un", "deux"] },
      { type: "numbers", items: ["premier", "second"] },
      { type: "heading", level: 2, text: "Suite" },
    ]);
  });
});

describe("Narrative", () => {
  it("renders headings below the section heading, lists and paragraphs", () => {
    const html = render("# Ce qui ressort\n## Craintes\n- Vie privée\n- Emploi\n\n1. Former les agents\n2. Publier le registre\n\nMerci à tous.");
    expect(html).toBe(
      '<div class="narrative"><h3>Ce qui ressort</h3><h4>Craintes</h4><ul><li>Vie privée</li><li>Emploi</li></ul>' +
        "<ol><li>Former les agents</li><li>Publier le registre</li></ol>" +
        '<p class="description">Merci à tous.</p></div>',
    );
  });

  it("makes bare http(s) addresses links with rel nofollow, leaving trailing punctuation outside", () => {
    const html = render("Voir https://www.nantes.fr/ia. Et http://exemple.fr/a?b=1&c=2, merci.");
    expect(html).toContain('<a href="https://www.nantes.fr/ia" rel="nofollow noopener noreferrer ugc">https://www.nantes.fr/ia</a>.');
    expect(html).toContain('<a href="http://exemple.fr/a?b=1&amp;c=2" rel="nofollow noopener noreferrer ugc">http://exemple.fr/a?b=1&amp;c=2</a>,');
  });

  it("shows HTML and javascript: addresses as text (XSS attempt)", () => {
    const attack =
      '<script>alert(1)</script>\n- <img src=x onerror="alert(2)">\n# <a href="javascript:alert(3)">clic</a>\njavascript:alert(4) et [lien](javascript:alert(5))';
    const html = render(attack);
    expect(html).not.toMatch(/<script|<img|<a href="javascript/i);
    expect(html).not.toContain('href="javascript');
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("<li>&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</li>");
    expect(html).toContain("javascript:alert(4)");
    expect(html.match(/<a /g)).toBeNull();
  });

  it("renders nothing for an empty text", () => {
    expect(render("  \n\n ")).toBe('<div class="narrative"></div>');
  });
});
