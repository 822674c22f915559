import { themes, type Theme } from "./themes";

/** Themes suggested by the words of a hope or fear (French and English keywords); `matches` says why. */
export type ThemeSuggestion = { theme: Theme; score: number; matches: string[] };

// An entry matches the words it begins, or itself only if it ends in "$". "a_b": a run of words,
// worth 2, matched first. "!" doubles a weight, "~" halves it.
const table: Record<Theme, string> = {
  jobs: "emploi employ chomag !licenci travail metier !job worker workforce staff poste$ postes$ agent fonctionnaire collegue colleague salari syndica remplac replac unemploy layoff savoir_faire ~competen career carriere reskill deskill ~formation caseworker ~enseignant teacher ~infirmi nurse ~soignant penible drudg soulag embauch secretaire",
  environment: "environn environm ecolog energ electric eau$ eaux$ water carbon co2 climat !pollu sobr frugal planet emission rechauff warming footprint empreinte greenhouse durab sustainab terres_rares metaux refroid cooling !data_cent !datacent centre_de_donnee ~serveur ~server ~consomm ~consum ~gaspill ~waste rebond rebound ~power",
  privacy: "!privacy !rgpd !gdpr !cnil vie_privee !donnee_perso donnee_sensible personal_data personal_info personal_detail mes_donnee nos_donnee vos_donnee my_data mes_info nos_info my_info ~donnee ~data intimit confidenti confie$ ~secret ~sante$ medical_record dossier_medical health_data fuite leak breach pirat hack cyber stole theft revend consent sans_mon_accord anonymis ~enregistr ~partag ~shar ~entrain ~trained copyright droit_d_auteur sensib sensitiv ~health ~protect ~stock ~stored steal",
  surveillance: "surveil videosurv videoprotect !camera facial reconnaissance_faciale facial_recog face_recog ~visage ~faces$ biometr track tracag pister espion spy spie$ ~watch monitor big_brother orwell police policing flic controle_social social_control credit_social social_credit social_scor fichag ficher$ manifestant manifestation militant geoloc suspect ~libert ~freedom ~observ ~scan anonymat espace_public ~repere !cctv suspic drone deplacement movements",
  bias: "!biais !bias !discrimin racis sexis xenoph injust fair$ fairer fairness fairly unfair equit egalit equal inegal inequal stereotyp prejudice minorit ethni ~origine couleur_de_peau skin_colo ~accent penalis penaliz stigmat ~quartier ~neighbo ~banlieue ~cibl ~target ~profil ~femme ~women gender prejug arab ~background",
  transparency: "!transparen opaque opacit !boite_noir black_box expli expla compren comprehens understand justif ~pourquoi ~why ~raison$ ~reason critere criteri code_source source_code ~code$ audit ~algorithm parcoursup savoir_pourquoi know_why savoir_si know_when prevenu$ ~told$ publier publish how_it_work how_they_work fonctionnement ecrit_par written_by",
  inclusion: "fracture ~numerique illettr illiter analphab exclu inclus !agee$ !agees$ age$ elderly senior old_people grand_mere ordinateur computer smartphone internet ~reseau$ zone_blanche ~village rural handicap disab aveugle$ blind$ sourd deaf malvoyant ~vocal ~voice ~langue ~language traduct translat allophone ~etranger dematerial left_behind laisse_de_cote laisse_pour_compte acces$ acceder access$ accueil_physique guichet_physique in_person ~pauvre ~poor precai precari isol lire_ou_ecrire non_french non_francophone broadband haut_debit ~connect ~skill ~not_everyone grandm grandp",
  human_oversight: "humain human control decision decid automatiq automatic automated automation_bias !aveuglement !blindly oversight supervis valid ~machine contest recours appeal dernier_mot last_word final_say in_the_loop boucle responsab responsib accountab ~tromp ~mistake ~erreur ~error rubber_stamp ~check ~verif ~depend sans_intervention esprit_critique critical_thinking ~trust ~confiance ~refus",
  democracy: "!democra vote election elector electeu !deepfake !desinform disinform misinform fake_news infox propagand manipul opinion debat ~particip politic politiq presidentiel legislativ municipales$ referendum vrai_du_faux reseaux_sociaux social_media ~recommand ~recommend bulle filter_bubble polaris complot conspira ~institution ~media ~truth ~verite truqu ~influenc ~information ~fake$ ~faux$ ~fausse",
  sovereignty: "!souverain !sovereign americ usa$ etats_unis united_states !gafa big_tech !microsoft !google !amazon facebook openai !silicon_valley heberg hosted hosting host$ cloud fournisseur vendor lock_in verrouill prestataire provider ~contrat ~contract reversib maitris logiciel_libre ~libre$ ~libres$ open_source europ a_l_etranger hors_ue outside_the_eu multinational autonomie_strategique strategic_autonomy supplier ~serveur ~server ~depend foreign_compan foreign_firm ~foreign ~mutualis",
  service_quality: "simpl rapid vite$ fast$ faster quick !demarch procedur accueil attente attendre wait queu file_d_attente 24h 24_7$ 24_24 ~soir$ ~nuit$ weekend week_end dimanche sunday accessib ~service ~usager ~user formulaire form$ forms$ ~paperwork ~paperasse ~dossier$ reponse repond answer respond reply delai delay telephon phone ~chatbot personnalis personali facil easy easier ~clair ~clear disponib available any_hour anytime guichet ~prefecture ~mairie ~town_hall tourne_en_rond renvoy ~qualit rendez_vous rdv appointment ~passeport ~passport ~titre_de_sejour ~mois$ ~months$ horaire langage_simple langage_clair plain_language ~conseiller",
  efficiency: "temps$ ~time$ gagn gain econom saving save$ saved efficac efficien effective$ cout cost budget productiv !taches_repetitive repetiti ~tache$ ~taches$ ~task routine argent_public deniers_public public_money taxpayer contribuable argent money depense ~spend ~moyens$ ~ressource ~resource optimis optimiz rentab ~performan copier_coller copy_paste saisie ~heures$ ~hours$ ~paperasse ~paperwork ~million ~milliard ~factur ~prix$ ~price gaspillage_d_argent waste_of_money more_with_less plus_avec_moins ~automatis ~automation liberer free_up ~consacr ~tri$ ~copy",
};

type Entry = { t: number; parts: string[]; w: number };
const phrases: Entry[] = [];
const singles: Entry[] = [];

const hit = (part: string, word = "") => (part.endsWith("$") ? word === part.slice(0, -1) : word.startsWith(part));

export function normalise(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/œ/g, "oe")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Best first, ties in the order of `themes`. */
export function suggestThemes(text: string, { max = 2 }: { max?: number } = {}): ThemeSuggestion[] {
  if (!singles.length)
    themes.forEach((theme, t) => {
      for (const raw of table[theme].split(" ")) {
        const parts = raw.replace(/^[!~]/, "").split("_");
        const w = (raw[0] === "!" ? 2 : raw[0] === "~" ? 0.5 : 1) * (parts.length > 1 ? 2 : 1);
        (parts.length > 1 ? phrases : singles).push({ t, parts, w });
      }
    });
  const words = normalise(text.slice(0, 5000));
  const scores = themes.map(() => 0);
  const found = themes.map(() => new Set<string>());
  const add = (e: Entry, match: string) => {
    scores[e.t] += e.w;
    found[e.t].add(match);
  };
  const free = words.map(() => true);
  // The longest run at each position: "contrôle social" is then not also "contrôle".
  for (let i = 0; i < words.length; i++) {
    let best: Entry | undefined;
    for (const p of phrases)
      if (p.parts.length > (best?.parts.length ?? 1) && p.parts.every((part, k) => hit(part, words[i + k]))) best = p;
    if (!best) continue;
    const n = best.parts.length;
    add(best, words.slice(i, i + n).join(" "));
    free.fill(false, i, i + n);
    i += n - 1;
  }
  // A word counts once per theme, for any number of themes.
  words.forEach((word, i) => {
    const seen = new Set<number>();
    if (free[i])
      for (const e of singles)
        if (!seen.has(e.t) && hit(e.parts[0], word)) {
          seen.add(e.t);
          add(e, word);
        }
  });
  return themes
    .map((theme, t) => ({ theme, score: scores[t], matches: [...found[t]] }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, Math.max(0, max));
}
