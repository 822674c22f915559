-- The national template of the charter of commitments, version 1 (the trigger numbers it).
-- Sources: the 15 good practices of the « Carnet d’inspirations » (Les Interconnectés), recommendation 11
-- of the Senate report (a voluntary ethical charter of AI in local authorities) and the charter
-- principles: transparency, fairness, responsibility, human oversight, sobriety, sovereignty, security.
-- Commitment 5 (key ruled_out_uses) is filled in with the list of uses the territory rules out.

insert into public.charter_templates (commitments, note, created_by)
values ($json$[
  {
    "key": "governance",
    "fr": {
      "title": "Piloter l’IA politiquement, avec une instance interne et un référent nommé",
      "explanation": "Les élus fixent le cap. Une instance interne examine chaque projet d’IA et une personne référente est nommée pour suivre la démarche.",
      "evidence": "Délibération, arrêté de nomination du référent, composition et comptes rendus de l’instance…"
    },
    "en": {
      "title": "Steer AI politically, with an internal body and a named referent",
      "explanation": "Elected officials set the direction. An internal body reviews every AI project and a named person follows the whole approach.",
      "evidence": "Council decision, appointment of the referent, membership and minutes of the body…"
    }
  },
  {
    "key": "staff_dialogue",
    "fr": {
      "title": "Associer les agents et les représentants du personnel",
      "explanation": "Les agents concernés et les instances de dialogue social sont consultés avant qu’un outil d’IA change leur travail.",
      "evidence": "Avis du comité social territorial, ateliers avec les équipes métiers, comptes rendus…"
    },
    "en": {
      "title": "Involve staff and their representatives",
      "explanation": "The staff concerned and the social dialogue bodies are consulted before an AI tool changes their work.",
      "evidence": "Opinion of the staff committee, workshops with the teams, minutes…"
    }
  },
  {
    "key": "resident_involvement",
    "fr": {
      "title": "Associer les habitants aux décisions et leur rendre compte des suites données",
      "explanation": "Les habitants donnent leur avis sur les usages de l’IA. Nous publions les résultats et expliquons ce que nous en faisons.",
      "evidence": "Cafés IA, résultats de la concertation, page publique sur les suites données…"
    },
    "en": {
      "title": "Involve residents in decisions and report back on what follows",
      "explanation": "Residents give their views on uses of AI. We publish the results and explain what we do with them.",
      "evidence": "Cafés IA, consultation results, public page on the follow-up given…"
    }
  },
  {
    "key": "fairness",
    "fr": {
      "title": "Vérifier que nos outils d’IA traitent chacun équitablement",
      "explanation": "Nous contrôlons que les outils ne désavantagent personne (âge, origine, handicap, quartier…) et corrigeons les biais trouvés.",
      "evidence": "Audit des biais, grille d’analyse, rapport de test sur des cas réels…"
    },
    "en": {
      "title": "Check that our AI tools treat everyone fairly",
      "explanation": "We check that tools put nobody at a disadvantage (age, origin, disability, neighbourhood…) and correct the biases we find.",
      "evidence": "Bias audit, review checklist, test report on real cases…"
    }
  },
  {
    "key": "ruled_out_uses",
    "fr": {
      "title": "Publier la liste des usages de l’IA que nous excluons",
      "explanation": "Certains usages n’ont pas leur place dans nos services publics. Nous en publions la liste, en tenant compte des votes des habitants.",
      "evidence": "Délibération, registre public des usages, page web…"
    },
    "en": {
      "title": "Publish the list of uses of AI we rule out",
      "explanation": "Some uses have no place in our public services. We publish their list, taking residents’ votes into account.",
      "evidence": "Council decision, public register of uses, web page…"
    }
  },
  {
    "key": "experimentation",
    "fr": {
      "title": "Expérimenter à petite échelle, évaluer et partager ce que nous apprenons",
      "explanation": "Un nouvel outil est d’abord testé sur un périmètre limité. Nous partageons le bilan, y compris les échecs, avec d’autres collectivités.",
      "evidence": "Bilan d’expérimentation, retour d’expérience publié, présentation à un réseau de collectivités…"
    },
    "en": {
      "title": "Experiment on a small scale, evaluate and share what we learn",
      "explanation": "A new tool is first tried on a limited scope. We share the results, failures included, with other local authorities.",
      "evidence": "Pilot report, published lessons learned, presentation to a network of local authorities…"
    }
  },
  {
    "key": "procurement",
    "fr": {
      "title": "Acheter des outils d’IA avec des critères environnementaux et éthiques",
      "explanation": "Nos marchés publics tiennent compte de l’impact environnemental, de la transparence et du respect des droits.",
      "evidence": "Cahier des charges, grille de notation des offres, clauses du marché…"
    },
    "en": {
      "title": "Buy AI tools with environmental and ethical criteria",
      "explanation": "Our public contracts take into account environmental impact, transparency and respect for rights.",
      "evidence": "Specifications, bid scoring grid, contract clauses…"
    }
  },
  {
    "key": "evaluate_before",
    "fr": {
      "title": "Évaluer chaque outil d’IA avant sa mise en service",
      "explanation": "Avant d’ouvrir un outil au public ou aux agents, nous vérifions son utilité, ses risques et ses effets sur les personnes.",
      "evidence": "Analyse d’impact, avis de l’instance éthique, procès-verbal de recette…"
    },
    "en": {
      "title": "Evaluate every AI tool before it goes live",
      "explanation": "Before opening a tool to the public or to staff, we check that it is useful, what its risks are and how it affects people.",
      "evidence": "Impact assessment, opinion of the ethics body, acceptance report…"
    }
  },
  {
    "key": "improve_after",
    "fr": {
      "title": "Suivre et améliorer nos outils d’IA après leur mise en service",
      "explanation": "Nous mesurons régulièrement la qualité des résultats et les erreurs, puis nous corrigeons, ou nous arrêtons l’outil si besoin.",
      "evidence": "Tableau de bord, bilan annuel, journal des corrections…"
    },
    "en": {
      "title": "Monitor and improve our AI tools once they are live",
      "explanation": "We regularly measure the quality of results and the errors, then correct them, or stop the tool if needed.",
      "evidence": "Dashboard, yearly review, log of corrections…"
    }
  },
  {
    "key": "data_governance",
    "fr": {
      "title": "Bien gérer nos données : qualité, sécurité, responsables identifiés",
      "explanation": "Des personnes sont chargées de la qualité et de la sécurité des données utilisées par l’IA, et de savoir d’où elles viennent.",
      "evidence": "Nomination d’un administrateur des données, inventaire des données, politique de sécurité…"
    },
    "en": {
      "title": "Manage our data well: quality, security, named owners",
      "explanation": "Named people look after the quality and security of the data used by AI, and know where it comes from.",
      "evidence": "Appointment of a chief data officer, data inventory, security policy…"
    }
  },
  {
    "key": "training",
    "fr": {
      "title": "Former les agents et les élus à l’IA",
      "explanation": "Agents et élus apprennent ce que l’IA sait faire, ses limites et ses risques, pour l’utiliser à bon escient.",
      "evidence": "Plan de formation, nombre de personnes formées, supports de sensibilisation…"
    },
    "en": {
      "title": "Train staff and elected officials in AI",
      "explanation": "Staff and elected officials learn what AI can do, its limits and its risks, so they use it wisely.",
      "evidence": "Training plan, number of people trained, awareness materials…"
    }
  },
  {
    "key": "transparency_register",
    "fr": {
      "title": "Tenir un registre public de nos usages de l’IA et signaler les contenus générés",
      "explanation": "Chacun peut savoir où nous utilisons l’IA et pourquoi. Un texte ou une image produits par IA sont signalés comme tels.",
      "evidence": "Registre des usages en ligne, mention « généré par IA », page de présentation…"
    },
    "en": {
      "title": "Keep a public register of our uses of AI and label generated content",
      "explanation": "Anyone can find out where we use AI and why. Text or images produced by AI are labelled as such.",
      "evidence": "Online register of uses, “generated by AI” label, information page…"
    }
  },
  {
    "key": "recourse",
    "fr": {
      "title": "Offrir un recours et un moyen de signaler un problème",
      "explanation": "Une personne concernée par une décision prise avec l’aide de l’IA peut la contester auprès d’un agent et signaler une erreur.",
      "evidence": "Procédure de recours, formulaire de signalement, nombre de signalements traités…"
    },
    "en": {
      "title": "Offer recourse and a way to report a problem",
      "explanation": "Anyone affected by a decision made with the help of AI can challenge it with a member of staff and report an error.",
      "evidence": "Appeal procedure, reporting form, number of reports handled…"
    }
  },
  {
    "key": "pooling",
    "fr": {
      "title": "Mutualiser les outils d’IA à l’échelle de l’intercommunalité",
      "explanation": "Nous partageons outils, compétences et coûts avec les communes voisines plutôt que d’agir chacun de son côté.",
      "evidence": "Convention de mutualisation, groupement de commandes, outil partagé…"
    },
    "en": {
      "title": "Pool AI tools across the intercommunality",
      "explanation": "We share tools, skills and costs with neighbouring municipalities rather than each acting alone.",
      "evidence": "Pooling agreement, joint purchasing, shared tool…"
    }
  },
  {
    "key": "reversibility",
    "fr": {
      "title": "Pouvoir arrêter ou changer d’outil sans perdre nos données",
      "explanation": "Nos contrats prévoient la récupération des données et un plan de sortie, pour ne pas dépendre d’un seul fournisseur.",
      "evidence": "Clause de réversibilité, plan de sortie, formats de données ouverts…"
    },
    "en": {
      "title": "Be able to stop or switch tools without losing our data",
      "explanation": "Our contracts provide for getting our data back and an exit plan, so that we do not depend on a single supplier.",
      "evidence": "Reversibility clause, exit plan, open data formats…"
    }
  },
  {
    "key": "human_oversight",
    "fr": {
      "title": "Garder un humain responsable de chaque décision",
      "explanation": "L’IA peut aider, mais une personne vérifie et prend la décision. Un usager peut toujours parler à un agent.",
      "evidence": "Procédure de validation humaine, organisation de l’accueil, note de service…"
    },
    "en": {
      "title": "Keep a human responsible for every decision",
      "explanation": "AI can help, but a person checks and makes the decision. Residents can always talk to a member of staff.",
      "evidence": "Human validation procedure, front-desk organisation, internal memo…"
    }
  },
  {
    "key": "sobriety",
    "fr": {
      "title": "Choisir des outils sobres, hébergés en Europe quand c’est possible",
      "explanation": "Nous préférons les outils qui consomment peu d’énergie, n’utilisons l’IA que si elle est utile et privilégions un hébergement européen.",
      "evidence": "Mesure de l’empreinte environnementale, lieu d’hébergement, lien avec le plan climat…"
    },
    "en": {
      "title": "Choose frugal tools, hosted in Europe where possible",
      "explanation": "We prefer tools that use little energy, use AI only where it is useful and favour hosting in Europe.",
      "evidence": "Environmental footprint measurement, hosting location, link with the climate plan…"
    }
  },
  {
    "key": "gdpr",
    "fr": {
      "title": "Protéger les données personnelles et respecter le RGPD",
      "explanation": "Chaque outil d’IA qui utilise des données personnelles est inscrit au registre des traitements et vérifié par le délégué à la protection des données.",
      "evidence": "Registre des traitements, analyse d’impact (AIPD), avis du délégué à la protection des données…"
    },
    "en": {
      "title": "Protect personal data and comply with the GDPR",
      "explanation": "Every AI tool using personal data is listed in the record of processing and checked by the data protection officer.",
      "evidence": "Record of processing, data protection impact assessment, opinion of the data protection officer…"
    }
  },
  {
    "key": "ai_act",
    "fr": {
      "title": "Respecter le règlement européen sur l’IA",
      "explanation": "Nous classons nos outils selon leur niveau de risque et appliquons les obligations prévues. Les usages interdits en Europe sont exclus.",
      "evidence": "Inventaire des systèmes d’IA classés par risque, documentation des systèmes à haut risque…"
    },
    "en": {
      "title": "Comply with the European AI Act",
      "explanation": "We classify our tools by risk level and apply the obligations that follow. Uses banned in Europe are ruled out.",
      "evidence": "Inventory of AI systems by risk level, documentation of high-risk systems…"
    }
  }
]$json$::jsonb, 'Version initiale', 'catalogue national');
