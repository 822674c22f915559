import { describe, expect, test } from "vitest";
import { normalise, suggestThemes } from "~/theme-suggester";
import { themes, type Theme } from "~/themes";
import enHints from "../../locales/en/theme-hints.json";
import en from "../../locales/en/themes.json";
import frHints from "../../locales/fr/theme-hints.json";
import fr from "../../locales/fr/themes.json";

/**
 * Labelled citizen hopes and fears (written as people write them, not from the keyword table),
 * with the theme a moderator would pick first. Some are deliberately ambiguous or use words the
 * table does not know: the thresholds leave room for them rather than the sentences being bent.
 * The table was drafted with the first 84 in view; two later batches of 24, written before being
 * run, scored 9/24 then 15/24 top-1 on first contact, a fairer guess for real contributions.
 */
const examples: [lng: "fr" | "en", theme: Theme, text: string][] = [
  // jobs
  ["fr", "jobs", "J'ai peur que l'IA serve surtout à supprimer des postes dans les mairies au lieu d'aider les agents."],
  ["fr", "jobs", "Si l'IA soulage les agents des tâches pénibles, ils pourront retrouver le sens de leur métier."],
  ["fr", "jobs", "Ma sœur travaille à la CAF, elle craint d'être remplacée par un logiciel d'ici cinq ans."],
  ["fr", "jobs", "Les fonctionnaires vont devenir de simples surveillants de machines, sans aucune reconnaissance de leur savoir-faire."],
  ["fr", "jobs", "Les secrétaires de mairie se demandent ce qu'il restera de leur rôle quand tout sera automatisé."],
  ["en", "jobs", "I worry that AI will be an excuse to cut staff in local councils."],
  ["en", "jobs", "Hopefully AI frees caseworkers from drudgery so they can spend more time with people."],
  ["fr", "jobs", "Dans mon service, on nous dit que l'IA va nous aider, mais personne ne parle des départs en retraite qui ne seront pas remplacés."],
  ["en", "jobs", "Will the people answering phones at the council still have a job in ten years?"],
  ["fr", "jobs", "Les jeunes qui voulaient devenir greffiers ou agents d'accueil vont-ils encore trouver du travail ?"],
  ["en", "jobs", "If the software does half the work, the next budget will simply cut half the employees."],
  // environment
  ["fr", "environment", "Les centres de données consomment énormément d'électricité et d'eau, alors que l'on demande aux citoyens de faire des efforts."],
  ["fr", "environment", "J'espère que l'administration choisira des outils sobres, qui ne gaspillent pas l'énergie pour des gadgets."],
  ["fr", "environment", "Chaque requête à un chatbot pollue, on n'en parle jamais quand on vante l'IA."],
  ["fr", "environment", "L'IA pourrait aider à mieux gérer l'éclairage public et réduire la facture énergétique de la commune."],
  ["en", "environment", "Training these huge models burns through so much power, it's bad for the climate."],
  ["en", "environment", "I hope public services only use AI where the environmental footprint is justified."],
  ["en", "environment", "Every AI query has a cost in electricity and cooling that nobody in the ministry counts."],
  ["fr", "environment", "Tout le monde parle de transition écologique, et en même temps on installe des IA gourmandes partout."],
  ["en", "environment", "The water used to cool servers is taken from regions already suffering drought."],
  ["fr", "environment", "Entraîner ces modèles consomme autant qu'une ville entière, pour rédiger des courriers."],
  ["en", "environment", "Do we really need AI for this when we are told to cut our own energy use?"],
  // privacy
  ["fr", "privacy", "Je ne veux pas que mes informations de santé soient partagées entre administrations sans mon accord."],
  ["fr", "privacy", "Qui garantit que nos données ne seront pas revendues ou piratées ?"],
  ["fr", "privacy", "J'ai peur que le chatbot de la mairie enregistre tout ce que je lui confie sur ma situation familiale."],
  ["fr", "privacy", "L'espoir : une IA qui respecte le RGPD et efface mes informations dès que ma demande est traitée."],
  ["fr", "privacy", "Je refuse que mon dossier CAF serve à entraîner une IA sans qu'on me demande mon avis."],
  ["en", "privacy", "My medical records should never be fed into some AI without my consent."],
  ["en", "privacy", "A data breach at the tax office would expose millions of people's personal details."],
  ["fr", "privacy", "Je n'ai pas envie que ma vie soit stockée quelque part chez un prestataire qui peut la perdre."],
  ["en", "privacy", "Health information is the most sensitive thing we have; it must stay protected."],
  ["fr", "privacy", "Les échanges avec l'assistant virtuel doivent rester confidentiels, comme avec un médecin."],
  ["en", "privacy", "What happens to everything I type into the government chatbot? Who can read it later?"],
  // surveillance
  ["fr", "surveillance", "Des caméras intelligentes partout dans la ville, c'est la fin de l'anonymat dans l'espace public."],
  ["fr", "surveillance", "Je crains qu'on utilise l'IA pour ficher les manifestants et repérer les militants."],
  ["fr", "surveillance", "La reconnaissance faciale aux guichets des préfectures, très peu pour moi."],
  ["fr", "surveillance", "On risque une société où chaque geste est observé et noté, comme un crédit social."],
  ["en", "surveillance", "Police using facial recognition in the streets would make everyone a suspect."],
  ["en", "surveillance", "I'm afraid AI will be used to monitor benefit claimants and track where they go."],
  ["en", "surveillance", "Scanning everyone's faces at train stations feels like living under constant watch."],
  ["fr", "surveillance", "Les drones avec IA au-dessus des manifestations, c'est inquiétant pour nos libertés."],
  ["en", "surveillance", "I don't want algorithms deciding who looks suspicious on CCTV footage."],
  ["fr", "surveillance", "Je ne veux pas d'une ville où des logiciels analysent nos déplacements en permanence."],
  ["en", "surveillance", "Smart cameras on every corner would turn our town into an open-air prison."],
  // bias
  ["fr", "bias", "L'algorithme de la CAF contrôle davantage les mères seules et les personnes pauvres, c'est injuste."],
  ["fr", "bias", "Une IA entraînée sur des données du passé va reproduire les discriminations à l'embauche."],
  ["fr", "bias", "J'espère qu'une machine traitera tout le monde pareil, sans regarder le nom ou le quartier."],
  ["fr", "bias", "Les systèmes de reconnaissance vocale comprennent mal certains accents, ça pénalise toujours les mêmes."],
  ["fr", "bias", "Les femmes et les jeunes des quartiers populaires risquent d'être encore plus pénalisés par ces logiciels."],
  ["en", "bias", "Automated systems can be racist if they learn from biased historical decisions."],
  ["en", "bias", "I hope AI helps make decisions fairer for women and minorities."],
  ["fr", "bias", "Si on apprend à la machine avec les décisions d'hier, elle gardera les préjugés d'hier."],
  ["en", "bias", "Speech tools often fail people with strong regional or foreign accents, which is unfair."],
  ["fr", "bias", "Les dossiers des gens qui portent un nom arabe risquent d'être plus souvent signalés."],
  ["en", "bias", "An AI that treats every applicant the same, whatever their background, would be a real step forward."],
  // transparency
  ["fr", "transparency", "Quand une IA refuse mon dossier, je veux savoir pourquoi, avec des explications claires."],
  ["fr", "transparency", "Ces systèmes sont des boîtes noires : même les agents ne savent pas comment ils décident."],
  ["fr", "transparency", "Il faudrait publier le code et les critères de tous les algorithmes utilisés par l'État."],
  ["fr", "transparency", "On devrait toujours être prévenu quand c'est une IA qui nous répond et pas une personne."],
  ["en", "transparency", "Nobody can explain how the algorithm reached its verdict, and that is unacceptable."],
  ["en", "transparency", "Citizens should have the right to see why an automated decision was made about them."],
  ["en", "transparency", "If a machine scores my application, I should be told which criteria it used."],
  ["fr", "transparency", "Je veux qu'on me dise clairement quand un texte de l'administration a été écrit par une IA."],
  ["en", "transparency", "Government should publish which AI tools it uses and how they work."],
  ["fr", "transparency", "On doit pouvoir vérifier comment l'outil arrive à ses conclusions."],
  ["en", "transparency", "When the system says no, I want a clear explanation I can actually follow."],
  // inclusion
  ["fr", "inclusion", "Ma mère a 82 ans et n'a pas d'ordinateur : tout passer par une IA, c'est l'exclure."],
  ["fr", "inclusion", "Avec la dématérialisation, ceux qui ne savent pas lire ou écrire sont laissés de côté."],
  ["fr", "inclusion", "J'espère qu'un assistant vocal aidera les personnes qui ne parlent pas bien français à faire leurs papiers."],
  ["fr", "inclusion", "Dans les villages sans réseau, l'IA ne servira à rien si on ferme encore des accueils physiques."],
  ["fr", "inclusion", "Pour les personnes handicapées, une IA bien conçue peut rendre les sites publics enfin utilisables."],
  ["en", "inclusion", "Elderly people who aren't comfortable with smartphones will be left behind."],
  ["en", "inclusion", "AI could help people with disabilities fill in forms by voice."],
  ["fr", "inclusion", "Mon voisin ne sait pas se servir d'internet, pour lui tout devient impossible."],
  ["en", "inclusion", "AI translation could finally let non-French speakers understand their letters from the prefecture."],
  ["fr", "inclusion", "Les personnes en situation de handicap visuel pourraient enfin remplir leurs dossiers seules."],
  ["en", "inclusion", "Not everyone has a broadband connection or the skills to use these new tools."],
  // human_oversight
  ["fr", "human_oversight", "Une décision qui touche ma vie doit toujours être validée par une personne, pas par une machine."],
  ["fr", "human_oversight", "J'ai peur que les agents finissent par suivre aveuglément ce que propose le logiciel."],
  ["fr", "human_oversight", "Il faut pouvoir contester et parler à un humain quand l'ordinateur se trompe."],
  ["fr", "human_oversight", "L'espoir, c'est que l'IA reste un outil d'aide et que le dernier mot revienne à l'agent."],
  ["en", "human_oversight", "A human must stay in the loop for any decision about benefits or residence permits."],
  ["en", "human_oversight", "I fear staff will rubber-stamp whatever the AI recommends without checking."],
  ["en", "human_oversight", "Nobody will take responsibility when the computer makes a mistake about someone's pension."],
  ["fr", "human_oversight", "Il ne faut jamais laisser un programme refuser une aide sociale sans qu'un agent regarde le cas."],
  ["en", "human_oversight", "People will stop thinking for themselves and just trust whatever the system says."],
  ["fr", "human_oversight", "C'est toujours à un humain de trancher, surtout quand il s'agit d'enfants ou de santé."],
  ["en", "human_oversight", "Officials must remain accountable; 'the computer decided' cannot be an excuse."],
  // democracy
  ["fr", "democracy", "Les fausses vidéos générées par IA pourraient truquer une élection municipale."],
  ["fr", "democracy", "Les réseaux sociaux et leurs algorithmes enferment les gens dans leurs opinions."],
  ["fr", "democracy", "J'espère que l'IA aidera les citoyens à comprendre les débats du conseil municipal et à participer."],
  ["fr", "democracy", "Qui nous protégera des campagnes de manipulation massives avant les présidentielles ?"],
  ["fr", "democracy", "Avec l'IA, on ne saura plus distinguer le vrai du faux pendant les campagnes électorales."],
  ["en", "democracy", "Deepfakes of politicians could undermine trust in our institutions."],
  ["en", "democracy", "AI-generated propaganda could flood the internet before every vote."],
  ["fr", "democracy", "J'ai peur qu'on ne sache plus ce qui est vrai quand des images truquées circulent partout."],
  ["en", "democracy", "A few tech companies deciding what information we see is a threat to public debate."],
  ["fr", "democracy", "Les robots qui inondent les commentaires en ligne faussent le débat public."],
  ["en", "democracy", "Fake recordings of a candidate's voice could swing a close election."],
  // sovereignty
  ["fr", "sovereignty", "Pourquoi confier les données des Français à des entreprises américaines ?"],
  ["fr", "sovereignty", "On devient dépendants d'un seul fournisseur qui fixera ses prix comme il veut."],
  ["fr", "sovereignty", "J'aimerais que l'État développe ses propres outils libres, hébergés en Europe."],
  ["fr", "sovereignty", "Si Microsoft ou Google coupent l'accès, nos services publics s'arrêtent du jour au lendemain."],
  ["en", "sovereignty", "Public data should be hosted in Europe, not on servers subject to American law."],
  ["en", "sovereignty", "I'm worried about vendor lock-in: once the contract is signed, we can never switch."],
  ["en", "sovereignty", "Our public administration should not depend on Silicon Valley for something so critical."],
  ["fr", "sovereignty", "Nos administrations ne devraient pas dépendre d'outils dont on ne contrôle ni le code ni les serveurs."],
  ["en", "sovereignty", "Public bodies must be able to leave a supplier without losing all their data."],
  ["fr", "sovereignty", "Nos données publiques stockées aux États-Unis, soumises aux lois américaines : non merci."],
  ["en", "sovereignty", "We should build shared tools between French cities instead of renting them from big foreign firms."],
  // service_quality
  ["fr", "service_quality", "Obtenir une réponse de la préfecture en quelques minutes au lieu de trois mois, ce serait génial."],
  ["fr", "service_quality", "J'espère que les démarches deviendront plus simples pour tout le monde."],
  ["fr", "service_quality", "Un assistant disponible le soir et le week-end pour répondre aux questions sur les impôts."],
  ["fr", "service_quality", "Je crains que les réponses automatiques soient à côté de la plaque et qu'on tourne en rond."],
  ["fr", "service_quality", "Plus besoin de prendre une demi-journée de congé pour aller au guichet, ce serait un vrai progrès."],
  ["en", "service_quality", "It would be great to get help with paperwork at any hour instead of queuing at the town hall."],
  ["en", "service_quality", "I'm afraid chatbots will give wrong answers and make it even harder to reach the right office."],
  ["fr", "service_quality", "Enfin un service qui répond même quand la mairie est fermée !"],
  ["en", "service_quality", "Getting an appointment for a passport takes months; AI could help sort that out."],
  ["fr", "service_quality", "Avoir un conseiller virtuel qui explique les aides en langage simple, ce serait un vrai plus."],
  ["en", "service_quality", "Less time on hold and fewer trips to the office to fix a simple mistake."],
  // efficiency
  ["fr", "efficiency", "L'IA peut faire gagner un temps précieux aux agents sur la saisie et le classement des dossiers."],
  ["fr", "efficiency", "Avec des budgets en baisse, automatiser ce qui peut l'être permet de garder des moyens pour l'humain."],
  ["fr", "efficiency", "Ces projets coûtent des millions d'argent public pour un résultat qu'on ne mesure jamais."],
  ["fr", "efficiency", "Moins de copier-coller et de paperasse, plus d'énergie pour les vrais problèmes."],
  ["en", "efficiency", "AI could save thousands of hours on repetitive admin tasks and cut costs."],
  ["en", "efficiency", "I doubt the promised savings will ever materialise once licences and maintenance are paid."],
  ["en", "efficiency", "Letting software handle the routine checks would let offices do more with the same budget."],
  ["fr", "efficiency", "Si l'IA fait le tri des courriers, les agents pourront consacrer leur énergie aux cas compliqués."],
  ["en", "efficiency", "Using AI to prepare routine reports would free up hours every week."],
  ["fr", "efficiency", "Chaque euro économisé sur les tâches administratives peut aller à l'école ou à l'hôpital."],
  ["en", "efficiency", "Agents spend half their day copying data between systems; automation would pay for itself."],
];

describe("theme suggester", () => {
  test("the labelled set covers every theme in both languages", () => {
    expect(examples.length).toBeGreaterThanOrEqual(60);
    expect(examples.filter(([lng]) => lng === "fr").length).toBeGreaterThanOrEqual(30);
    expect(examples.filter(([lng]) => lng === "en").length).toBeGreaterThanOrEqual(20);
    for (const theme of themes) expect(examples.filter(([, t]) => t === theme).length, theme).toBeGreaterThanOrEqual(4);
  });

  test("top-1 accuracy ≥ 0.75 and top-2 accuracy ≥ 0.85", () => {
    let top1 = 0;
    let top2 = 0;
    const misses: string[] = [];
    for (const [, expected, text] of examples) {
      const got = suggestThemes(text).map((s) => s.theme);
      if (got[0] === expected) top1++;
      if (got.slice(0, 2).includes(expected)) top2++;
      else misses.push(`  ${expected} ← [${got.join(", ")}] ${text}`);
    }
    const pct = (n: number) => ((100 * n) / examples.length).toFixed(1);
    console.log(
      `theme suggester: top-1 ${top1}/${examples.length} = ${pct(top1)} %, top-2 ${top2}/${examples.length} = ${pct(top2)} %` +
        (misses.length ? `\nmissed in top 2:\n${misses.join("\n")}` : ""),
    );
    expect(top1 / examples.length).toBeGreaterThanOrEqual(0.75);
    expect(top2 / examples.length).toBeGreaterThanOrEqual(0.85);
  });

  test("every match is a word (or run of words) of the normalised text, and scores are positive and sorted", () => {
    for (const [, , text] of examples) {
      const words = normalise(text);
      const joined = ` ${words.join(" ")} `;
      const suggestions = suggestThemes(text, { max: 12 });
      for (const s of suggestions) {
        expect(s.score).toBeGreaterThan(0);
        expect(s.matches.length).toBeGreaterThan(0);
        for (const m of s.matches) {
          for (const w of m.split(" ")) expect(words, `${m} in ${text}`).toContain(w);
          expect(joined).toContain(` ${m} `);
        }
      }
      const scores = suggestions.map((s) => s.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(new Set(suggestions.map((s) => s.theme)).size).toBe(suggestions.length);
    }
  });

  test("normalise lower-cases, strips accents and splits on non-letters", () => {
    expect(normalise("Données PERSONNELLES, vie-privée & l'Œuvre à 24h !")).toEqual([
      "donnees",
      "personnelles",
      "vie",
      "privee",
      "l",
      "oeuvre",
      "a",
      "24h",
    ]);
  });

  test("empty, blank or unrelated text gives nothing", () => {
    expect(suggestThemes("")).toEqual([]);
    expect(suggestThemes("   \n\t ")).toEqual([]);
    expect(suggestThemes("!!! ... ???")).toEqual([]);
    expect(suggestThemes("J'aime les croissants au beurre et les balades au bord de la Loire.")).toEqual([]);
    expect(suggestThemes("My cat sleeps on the sofa all afternoon.")).toEqual([]);
  });

  test("accents and case do not matter", () => {
    const a = suggestThemes("La RECONNAISSANCE FACIALE et les données personnelles me font peur");
    const b = suggestThemes("la reconnaissance faciale et les donnees personnelles me font peur");
    const c = suggestThemes("La Réconnaissance Façiale et les DONNÉES personnèlles me font peur");
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.map((s) => s.theme).sort()).toEqual(["privacy", "surveillance"]);
  });

  test("max is respected, the default is two, and the result is deterministic", () => {
    const text =
      "Emploi des agents, énergie des data centers, données personnelles, caméras, biais, boîte noire, fracture numérique, décision humaine, deepfakes, cloud américain, démarches simples, économies.";
    expect(suggestThemes(text)).toHaveLength(2);
    expect(suggestThemes(text, { max: 1 })).toHaveLength(1);
    expect(suggestThemes(text, { max: 5 })).toHaveLength(5);
    expect(suggestThemes(text, { max: 12 }).map((s) => s.theme).sort()).toEqual([...themes].sort());
    expect(suggestThemes(text, { max: 0 })).toEqual([]);
    expect(suggestThemes(text, { max: 12 })).toEqual(suggestThemes(text, { max: 12 }));
  });

  test("ties are broken by the order of the themes", () => {
    // One plain word for each of two themes: same score, so the taxonomy order decides.
    expect(suggestThemes("budget et emploi").map((s) => s.theme)).toEqual(["jobs", "efficiency"]);
    expect(suggestThemes("emploi et budget").map((s) => s.theme)).toEqual(["jobs", "efficiency"]);
  });

  test("it explains itself with the matched words", () => {
    const [first] = suggestThemes("Je crains la vidéosurveillance et le fichage des manifestants");
    expect(first.theme).toBe("surveillance");
    expect(first.matches).toEqual(expect.arrayContaining(["videosurveillance", "fichage", "manifestants"]));
  });

  test("every theme has a label and a one-line hint in French and English", () => {
    for (const [dictionary, hints] of [
      [fr, frHints],
      [en, enHints],
    ] as const) {
      expect(Object.keys(dictionary)).toEqual(["theme"]);
      expect(Object.keys(dictionary.theme).sort()).toEqual([...themes].sort());
      expect(Object.keys(hints.themeHint).sort()).toEqual([...themes].sort());
      for (const [theme, { label }] of Object.entries(dictionary.theme)) {
        const hint = hints.themeHint[theme as Theme];
        expect(label.length).toBeGreaterThan(3);
        expect(hint.length).toBeGreaterThan(10);
        expect(hint).not.toContain("\n");
      }
    }
  });
});
