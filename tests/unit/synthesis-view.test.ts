import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { SynthesisView } from "~/components/synthesis-view";
import { I18nProvider } from "~/i18n-react";
import fr from "~/locales/fr-synthesis";
import contribute from "~/locales/fr-contribute";
import vote from "~/locales/fr-vote";
import type { SynthesisFigures } from "~/synthesis";

const ID = "7e239d6a-4c98-46bb-9c18-4c58632dd748";
const quote = { id: "11111111-1111-4111-8111-111111111111", kind: "fear" as const, body: "Mes données <b>partent</b> où ?", themes: ["privacy" as const], source: "paper" as const, agree: 12, disagree: 1, pass: 2 };

const figures: SynthesisFigures = {
  generatedAt: "2026-11-23T10:00:00Z",
  consultation: { id: ID, title: "Café IA 2025 — bilan", status: "closed", startsOn: "2025-01-01", endsOn: "2025-06-30" },
  territory: { id: "t", slug: "nantes-metropole", name: "Nantes Métropole", population: 683981 },
  participation: {
    eventsHeld: 2,
    participants: 48,
    contributions: { online: 30, paper: 10, hidden: 2 },
    reactions: 400,
    votes: 262,
    voters: 48,
    perThousand: 0.07,
    perEvent: [{ code: "PAST25", title: "Café IA au marché", startsAt: "2025-03-04T17:30:00Z", participants: 30, contributions: 25, votes: 150 }],
    overTime: [{ week: "2025-03-03", contributions: 40, reactions: 400, votes: 262 }],
    national: { perThousand: { territories: 4, value: 0.12 }, contributionsPerParticipant: null },
  },
  profiles: {
    age: {
      answered: 20,
      tooFew: true,
      referenceSource: "INSEE, population au 1er janvier 2024",
      cells: [
        { key: "18_24", count: null, share: null, reference: 9, underRepresented: false },
        { key: "65_74", count: 16, share: 80, reference: 11, underRepresented: false },
        { key: "75_plus", count: 0, share: 0, reference: 10, underRepresented: true },
      ],
    },
    aiUse: { answered: null, tooFew: true, referenceSource: null, cells: [] },
    communes: { answered: 20, tooFew: true, referenceSource: null, cells: [{ key: "other", count: 20, share: 100, reference: null, underRepresented: false }] },
  },
  themes: { hope: [], fear: [{ theme: "privacy", count: 12, share: 30, national: null }] },
  mostShared: [quote],
  mostDivisive: [],
  uses: [{ id: "u1", title: { fr: "Reconnaissance faciale" }, counts: { proscribe: 37, conditional: 3, accept: 1, unsure: 3 }, conditions: { human_oversight: 0, transparency: 0, eu_hosting: 0, bias_audit: 0, human_alternative: 0, other: 0 }, total: 44, outcome: "proscribe" }],
};

const html = renderToStaticMarkup(
  createElement(I18nProvider, {
    lng: "fr",
    dictionary: { ...fr, ...contribute, ...vote },
    children: createElement(SynthesisView, { figures, narrative: "# Bilan", followUp: "" }),
  }),
);

describe("SynthesisView", () => {
  it("opens with the caveats", () => {
    expect(html.indexOf("À lire avant")).toBeLessThan(html.indexOf("Participation"));
    expect(html).toContain("Un vote par appareil et par usage");
  });

  it("never shows a suppressed cell as a number, and warns plainly", () => {
    expect(html).toContain("moins de 5");
    expect(html).toContain("moins de 30 personnes ont répondu");
    expect(html).toContain("sous-représentés par rapport à la population : 75 ans et plus");
    expect(html).toContain("Moins de 5 réponses : rien n&#x27;est affiché.");
    expect(html).toContain("INSEE, population au 1er janvier 2024");
    expect(html).toContain("Autres communes");
  });

  it("links figures to their contributions and shows the national figure", () => {
    expect(html).toContain(`href="/concertations/${ID}/contributions"`);
    expect(html).toContain(`href="/concertations/${ID}/contributions?kind=fear&amp;theme=privacy"`);
    expect(html).toContain(`href="/concertations/${ID}/contributions?ids=${quote.id}"`);
    expect(html).toContain("ensemble des 4 autres territoires : 0,12");
  });

  it("quotes contributions in full as text with their reactions", () => {
    expect(html).toContain("Mes données &lt;b&gt;partent&lt;/b&gt; où ?");
    expect(html).toContain("12 d&#x27;accord, 1 pas d&#x27;accord, 2 sans avis");
    expect(html).toContain("Majorité pour proscrire");
    expect(html).toContain("<h3>Bilan</h3>");
    expect(html).not.toContain("NaN");
  });
});
