import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, ColumnChart, type BarDatum } from "~/components/svg-charts";
import { I18nProvider } from "~/i18n-react";
import synthesis from "../../locales/fr/synthesis.json";

function render(element: React.ReactElement) {
  return renderToStaticMarkup(createElement(I18nProvider, { lng: "fr", dictionary: synthesis, children: element }));
}

const columns = { label: "Thème", value: "Contributions" };

function bar(data: BarDatum[], extra: Record<string, unknown> = {}) {
  return render(createElement(BarChart, { id: "c", title: "Craintes par thème", description: "Vie privée 30, Emploi 15", data, columns, ...extra }));
}

const widths = (html: string) => [...html.matchAll(/<rect x="0" y="\d+" width="([\d.]+)"/g)].map((m) => Number(m[1]));

describe("BarChart", () => {
  it("scales bars to the values, the largest taking the full span", () => {
    const html = bar([
      { key: "privacy", label: "Vie privée", value: 30 },
      { key: "jobs", label: "Emploi", value: 15 },
      { key: "bias", label: "Biais", value: 0 },
    ]);
    const [a, b, c] = widths(html);
    expect(a).toBeGreaterThan(0);
    expect(b).toBeCloseTo(a / 2, 0);
    expect(c).toBe(0);
  });

  it("names the chart for assistive technology and prints labels and values as text", () => {
    const html = bar([{ key: "privacy", label: "Vie privée", value: 30, href: "/concertations/x/contributions?kind=fear&theme=privacy" }]);
    expect(html).toContain('role="img"');
    expect(html).toContain('aria-labelledby="c-title c-desc"');
    expect(html).toContain('<title id="c-title">Craintes par thème</title>');
    expect(html).toContain('<desc id="c-desc">Vie privée 30, Emploi 15</desc>');
    expect(html).toMatch(/<text[^>]*>Vie privée<\/text>/);
    expect(html).toMatch(/<text[^>]*>30<\/text>/);
    // The data table beside it, in a "Voir les données" box, links the figure to its contributions.
    expect(html).toContain("<summary>Voir les données</summary>");
    expect(html).toContain('<a href="/concertations/x/contributions?kind=fear&amp;theme=privacy">Vie privée</a>');
    expect(html).toMatch(/<td class="num">30<\/td>/);
  });

  it("shows the table openly for print", () => {
    const html = bar([{ key: "a", label: "A", value: 1 }], { tableOpen: true });
    expect(html).not.toContain("<details");
    expect(html).toContain("<caption>Craintes par thème</caption>");
  });

  it("draws no NaN when every value is zero or there is no data", () => {
    for (const data of [[{ key: "a", label: "A", value: 0, reference: 0 }], []]) {
      const html = bar(data);
      expect(html).not.toContain("NaN");
      expect(html).not.toContain("Infinity");
    }
  });

  it("draws no bar for a suppressed cell and says why", () => {
    const html = bar(
      [
        { key: "18_24", label: "18 à 24 ans", value: null, display: "moins de 5", reference: 8 },
        { key: "25_34", label: "25 à 34 ans", value: 40, display: "12 · 40 %", reference: 12 },
      ],
      { columns: { ...columns, reference: "Population" }, referenceLabel: "Trait pointillé : part dans la population" },
    );
    expect(widths(html)).toHaveLength(1);
    expect(html).toContain("moins de 5");
    expect(html).toContain("stroke-dasharray");
    expect(html).toContain("Trait pointillé : part dans la population");
    expect(html).toContain("8 %");
  });
});

describe("ColumnChart", () => {
  const series = [
    { key: "contributions", label: "Contributions" },
    { key: "votes", label: "Votes" },
  ];
  it("scales columns to the largest value and keeps a table of every week", () => {
    const html = render(
      createElement(ColumnChart, {
        id: "w",
        title: "Activité par semaine",
        description: "Sur 2 semaines",
        periodLabel: "Semaine du",
        series,
        data: [
          { key: "2025-03-03", label: "3 mars", values: { contributions: 10, votes: 5 } },
          { key: "2025-03-10", label: "10 mars", values: { contributions: 0, votes: 20 } },
        ],
      }),
    );
    const heights = [...html.matchAll(/height="([\d.]+)" fill="(?:#1f3a93|url\(#w-hatch\))"/g)].map((m) => Number(m[1]));
    // Legend swatches (12 high) come first, then the four columns.
    expect(heights.slice(2)).toEqual([75, 37.5, 0, 150]);
    expect(html).toContain('<title id="w-title">Activité par semaine</title>');
    expect(html).toContain("url(#w-hatch)");
    expect(html).toMatch(/<th scope="row">10 mars<\/th><td class="num">0<\/td><td class="num">20<\/td>/);
  });

  it("draws no NaN with no activity", () => {
    const html = render(
      createElement(ColumnChart, { id: "z", title: "T", description: "D", periodLabel: "P", series, data: [{ key: "k", label: "L", values: { contributions: 0, votes: 0 } }] }),
    );
    expect(html).not.toContain("NaN");
    const empty = render(createElement(ColumnChart, { id: "e", title: "T", description: "D", periodLabel: "P", series, data: [] }));
    expect(empty).not.toContain("NaN");
  });
});
