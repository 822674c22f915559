-- The national catalogue of AI uses to vote on, present in every deployment (not demo data).
-- Sources: SNDGCT note on AI in local authorities (part 3: current uses; territorial examples) and
-- the EU AI Act risk tiers. National admins keep it afterwards: a new wording is a new version.
-- Each use: slug (stable, English), domain, risk tier, and French and English wording
-- (title, what it does, an example from a territory, what could go wrong).

create temporary table catalogue_seed (
  position integer not null,
  slug text not null,
  domain text not null,
  risk_tier text not null,
  fr_title text not null, fr_what text not null, fr_example text not null, fr_risks text not null,
  en_title text not null, en_what text not null, en_example text not null, en_risks text not null
);

insert into catalogue_seed values
(1, 'assisted-writing', 'administration', 'minimal',
  'Aide à la rédaction des courriers et délibérations',
  'Un assistant d’IA propose un premier jet de courrier, de note ou de délibération à partir des modèles de la collectivité. L’agent relit, corrige et reste l’auteur du texte.',
  'À Venelles (Bouches-du-Rhône), les agents préparent un courrier en quelques minutes avec un assistant d’IA, puis le relisent avant l’envoi.',
  'Erreurs ou références juridiques inventées si personne ne relit ; données personnelles envoyées à un service hébergé hors d’Europe ; courriers standardisés, moins attentifs à la situation de chacun.',
  'Assisted writing of letters and council decisions',
  'An AI assistant suggests a first draft of a letter, note or council decision based on the authority’s templates. The officer proofreads and corrects it, and remains its author.',
  'In Venelles (Bouches-du-Rhône), staff prepare a letter in a few minutes with an AI assistant, then check it before it is sent.',
  'Mistakes or made-up legal references if nobody checks; personal data sent to a service hosted outside Europe; standardised letters that pay less attention to each person’s situation.'),

(2, 'meeting-transcription', 'administration', 'minimal',
  'Transcription des réunions et comptes rendus',
  'L’IA transforme l’enregistrement d’une réunion en texte, puis propose un compte rendu. Un agent le vérifie avant de le diffuser.',
  'Venelles utilise la transcription automatique ; les communes du Golfe de Saint-Tropez ont retenu les comptes rendus de réunion automatisés parmi leurs quatre usages prioritaires.',
  'Propos mal compris ou attribués à la mauvaise personne ; participants enregistrés sans le savoir ; enregistrements gardés trop longtemps. Chacun doit être prévenu avant la réunion.',
  'Meeting transcription and minutes',
  'AI turns the recording of a meeting into text, then suggests minutes. An officer checks them before they are circulated.',
  'Venelles uses automatic transcription; the municipalities of the Gulf of Saint-Tropez chose automated meeting minutes as one of their four priority uses.',
  'Words misheard or attributed to the wrong person; participants recorded without knowing it; recordings kept too long. Everyone must be told before the meeting.'),

(3, 'mail-routing', 'administration', 'minimal',
  'Orientation du courrier entrant vers le bon service',
  'L’IA lit les courriers et courriels reçus par la collectivité et propose le service qui doit les traiter. Les demandes arrivent plus vite au bon interlocuteur.',
  'Une commune peut trier ainsi les centaines de messages reçus chaque semaine. La Ville de Bruxelles prévoit le routage automatique des courriels dans son futur centre de contact.',
  'Une demande mal orientée ou oubliée, surtout si elle est rare ou mal rédigée ; des courriers personnels lus par une machine. Un agent doit pouvoir corriger le tri à tout moment.',
  'Routing incoming mail to the right department',
  'AI reads the letters and emails the authority receives and suggests which department should handle them. Requests reach the right person sooner.',
  'A municipality can sort the hundreds of messages it receives each week this way. The City of Brussels plans automatic email routing in its future contact centre.',
  'A request sent to the wrong place or lost, especially if it is unusual or badly written; personal letters read by a machine. An officer must be able to correct the sorting at any time.'),

(4, 'front-desk-chatbot', 'reception', 'limited',
  'Agent conversationnel d’accueil (chatbot, serveur vocal)',
  'Un robot répond par écrit ou au téléphone aux questions simples (état civil, déchets, inscriptions), jour et nuit, et oriente vers un agent pour le reste.',
  'À Suresnes, le guichet unique lancé en 2024 associe chatbot, serveur vocal et accueil multicanal ; la ville indique 75 000 appels en 2024 contre 300 000 en 2022.',
  'Réponses fausses ou inventées ; personnes âgées ou peu à l’aise avec le numérique laissées de côté ; plus personne à qui parler. L’AI Act impose de dire clairement qu’on échange avec une IA.',
  'Front-desk chatbot and voicebot',
  'A bot answers simple questions in writing or by phone (civil status, waste, registrations), day and night, and refers everything else to a member of staff.',
  'In Suresnes, the one-stop desk launched in 2024 combines a chatbot, a voicebot and multichannel reception; the town reports 75,000 calls in 2024 against 300,000 in 2022.',
  'Wrong or made-up answers; older people or those less at ease with digital tools left behind; nobody left to talk to. The AI Act requires telling people clearly that they are talking to an AI.'),

(5, 'report-summaries', 'administration', 'minimal',
  'Synthèse de rapports et de documents',
  'L’IA lit de longs rapports et en tire des fiches de synthèse standardisées. Les agents vérifient les fiches et consacrent le temps gagné à l’analyse.',
  'Cannes fait résumer par l’IA les rapports annuels de ses 59 délégations de service public : le travail est passé de 1 100 à 118 heures, et les agents contrôlent chaque fiche (prix Territoria d’or 2025).',
  'Un oubli ou un chiffre faux dans la synthèse peut fausser une décision ; on finit par ne plus lire les originaux. Les documents confidentiels doivent rester dans un outil maîtrisé.',
  'Summarising reports and documents',
  'AI reads long reports and produces standardised summary sheets. Staff check the sheets and spend the time saved on analysis.',
  'Cannes has AI summarise the annual reports of its 59 public-service delegations: the work went from 1,100 to 118 hours, and staff check every sheet (Territoria gold award 2025).',
  'An omission or a wrong figure in a summary can skew a decision; people stop reading the originals. Confidential documents must stay in a tool the authority controls.'),

(6, 'attendance-forecasting', 'culture_sport', 'minimal',
  'Prévision de la fréquentation des équipements',
  'À partir des entrées passées, de la météo ou du calendrier, l’IA estime combien de personnes viendront à la piscine, à la médiathèque ou au musée, pour ajuster horaires et personnel.',
  'Une commune peut prévoir l’affluence de sa piscine en été pour renforcer l’équipe de surveillance les jours de forte chaleur.',
  'Prévisions fausses si les données sont incomplètes ; horaires réduits là où l’on vient moins, au détriment de certains quartiers ou publics. Les données des usagers doivent être anonymisées.',
  'Forecasting attendance at facilities',
  'Using past admissions, the weather or the calendar, AI estimates how many people will come to the swimming pool, library or museum, so that opening hours and staffing can be adjusted.',
  'A municipality can forecast summer crowds at its swimming pool to add lifeguards on the hottest days.',
  'Wrong forecasts if the data is incomplete; shorter opening hours where fewer people come, at the expense of some neighbourhoods or groups. Users’ data must be anonymised.'),

(7, 'maintenance-prioritisation', 'infrastructure', 'minimal',
  'Priorisation de l’entretien des bâtiments et des réseaux d’eau',
  'L’IA croise l’âge, l’état et l’historique des pannes des bâtiments ou des canalisations pour indiquer où intervenir en premier.',
  'Une collectivité peut repérer les tronçons de son réseau d’eau les plus exposés aux fuites et planifier leur remplacement avant la rupture.',
  'Données anciennes ou incomplètes qui mènent à de mauvais choix ; décisions budgétaires prises « parce que l’outil l’a dit ». Élus et techniciens doivent garder la main et expliquer leurs choix.',
  'Prioritising maintenance of buildings and water networks',
  'AI combines the age, condition and failure history of buildings or pipes to show where work is needed first.',
  'A local authority can spot the sections of its water network most likely to leak and plan their replacement before they burst.',
  'Old or incomplete data leading to bad choices; budget decisions made "because the tool said so". Elected officials and engineers must stay in charge and explain their choices.'),

(8, 'intrusion-detection', 'security', 'minimal',
  'Détection des intrusions dans le système informatique',
  'L’IA surveille le réseau informatique de la collectivité et donne l’alerte quand une activité inhabituelle peut signaler une cyberattaque.',
  'Une collectivité peut être alertée la nuit d’une connexion suspecte avant qu’un rançongiciel ne bloque ses services, comme cela est déjà arrivé à des collectivités françaises.',
  'Fausses alertes ou attaques non repérées ; analyse des connexions qui peut glisser vers la surveillance des agents. L’outil ne remplace ni les sauvegardes ni l’équipe informatique.',
  'Detecting intrusions in the information system',
  'AI monitors the authority’s computer network and raises an alert when unusual activity may signal a cyberattack.',
  'A local authority can be warned at night of a suspicious login before ransomware shuts down its services, as has already happened to French local authorities.',
  'False alarms or missed attacks; analysing logins can slide into monitoring staff. The tool replaces neither backups nor the IT team.'),

(9, 'generative-images', 'communication', 'limited',
  'Images générées par IA pour la communication',
  'L’IA crée des illustrations, affiches ou visuels à partir d’une simple description écrite, pour le magazine municipal, les réseaux sociaux ou les événements.',
  'Les communes du Golfe de Saint-Tropez ont retenu la création graphique parmi leurs quatre usages prioritaires de l’IA.',
  'Images trompeuses ou pleines de stéréotypes ; droits d’auteur incertains ; moins de travail pour les graphistes. L’AI Act impose de signaler les contenus générés par IA : ces images doivent être étiquetées.',
  'Generative images for communication',
  'AI creates illustrations, posters or visuals from a short written description, for the council magazine, social media or events.',
  'The municipalities of the Gulf of Saint-Tropez chose graphic design as one of their four priority uses of AI.',
  'Misleading or stereotyped images; unclear copyright; less work for graphic designers. The AI Act requires disclosing AI-generated content: these images must be labelled.'),

(10, 'job-offer-drafting', 'hr', 'minimal',
  'Rédaction des offres d’emploi',
  'L’IA propose le texte d’une offre d’emploi à partir de la fiche de poste. Le service des ressources humaines le relit avant de le publier.',
  'Une commune peut rédiger plus vite ses offres pour des postes d’animateur ou d’agent d’entretien, puis les adapter à chaque service.',
  'Formulations stéréotypées qui découragent certains candidats (femmes, seniors, personnes handicapées) ; exigences gonflées par rapport au poste réel. Une relecture humaine reste nécessaire.',
  'Drafting job offers',
  'AI suggests the text of a job offer from the job description. The human resources department proofreads it before publishing it.',
  'A municipality can draft offers for youth worker or maintenance jobs faster, then adapt them to each department.',
  'Stereotyped wording that puts some candidates off (women, older people, disabled people); requirements inflated beyond the real job. A human review is still needed.'),

(11, 'job-application-sorting', 'hr', 'high',
  'Premier tri des candidatures',
  'L’IA lit les CV et lettres de motivation reçus et propose une première sélection ou un classement des candidats pour un poste.',
  'Une collectivité qui reçoit des centaines de candidatures pour des emplois saisonniers peut être tentée de confier un premier tri à un outil automatique.',
  'Écarter des profils intéressants mais atypiques, ou reproduire des discriminations passées. Usage à haut risque selon l’AI Act : contrôle humain de chaque choix, critères écrits et vérifiables, candidats informés.',
  'First sorting of job applications',
  'AI reads the CVs and cover letters received and suggests a shortlist or a ranking of candidates for a job.',
  'A local authority receiving hundreds of applications for seasonal jobs may be tempted to let an automatic tool do a first sort.',
  'Rejecting interesting but unusual profiles, or repeating past discrimination. High risk under the AI Act: human oversight of every choice, written and checkable criteria, candidates informed.'),

(12, 'social-benefit-scoring', 'social', 'high',
  'Décision ou notation automatisée pour les aides sociales',
  'L’IA examine une demande d’aide (allocation, place en crèche, aide à l’autonomie) et propose une décision, un montant ou un rang de priorité.',
  'Le Département du Nord expérimente, pour les dossiers de la maison départementale des personnes handicapées, la lecture automatique et des propositions de préconisations, avec validation humaine systématique.',
  'Refus injustes et difficiles à contester ; erreurs qui touchent les plus fragiles. Usage à haut risque : une personne vérifie chaque décision, l’usager est informé et peut obtenir une explication et un recours.',
  'Automated decisions or scoring for social benefits',
  'AI examines an application for support (an allowance, a nursery place, help for older or disabled people) and suggests a decision, an amount or a priority rank.',
  'The Nord département is testing automatic reading of disability files and suggested recommendations for its disability centre, with systematic human validation.',
  'Unfair refusals that are hard to challenge; mistakes that hit the most vulnerable. High risk: a person checks every decision, and applicants are informed and can get an explanation and appeal.'),

(13, 'social-scoring', 'social', 'unacceptable',
  'Notation sociale des habitants',
  'Donner à chaque habitant une note selon son comportement (incivilités, retards de paiement, vie associative) et s’en servir pour lui accorder ou lui refuser des services.',
  'Aucun exemple légal possible : ce serait par exemple une commune qui ferait passer en dernier, pour une place en crèche, les familles signalées pour des incivilités.',
  'Atteinte grave à l’égalité et aux libertés : chacun serait surveillé et jugé en permanence. La notation sociale est interdite par l’AI Act depuis février 2025, pour les acteurs publics comme privés.',
  'Social scoring of residents',
  'Giving each resident a score based on their behaviour (antisocial behaviour, late payments, community life) and using it to grant or refuse services.',
  'No lawful example exists: it would be, for instance, a municipality putting families reported for antisocial behaviour at the bottom of the nursery waiting list.',
  'A serious attack on equality and freedom: everyone would be watched and judged all the time. Social scoring has been prohibited by the AI Act since February 2025, for public and private actors alike.'),

(14, 'benefit-fraud-detection', 'social', 'high',
  'Détection de la fraude aux prestations',
  'L’IA calcule pour chaque dossier un score de « risque » afin de choisir quels bénéficiaires contrôler en priorité.',
  'Une collectivité ou un organisme social peut cibler ainsi ses contrôles. En France, l’algorithme qui cible les contrôles des CAF est contesté par des associations, qui estiment qu’il vise les plus précaires.',
  'Contrôles concentrés sur les plus précaires ou sur certains quartiers ; personnes soupçonnées sans savoir pourquoi. Usage à haut risque : contrôle humain, audit des biais et méthode expliquée au public.',
  'Detecting benefit fraud',
  'AI gives each file a "risk" score to choose which recipients to check first.',
  'A local authority or a social security body can target its checks this way. In France, the algorithm that targets family-benefit (CAF) checks is challenged by associations who say it targets the poorest.',
  'Checks concentrated on the poorest or on certain neighbourhoods; people suspected without knowing why. High risk: human oversight, a bias audit and a method explained to the public.'),

(15, 'algorithmic-video-surveillance', 'security', 'high',
  'Vidéosurveillance algorithmique',
  'Un logiciel analyse en direct les images des caméras pour repérer certaines situations (mouvement de foule, objet abandonné, personne au sol) et alerter un opérateur.',
  'Pour les Jeux olympiques de Paris 2024, la loi a autorisé à titre expérimental ce type de caméras lors de grands événements, sans reconnaissance faciale.',
  'Sentiment d’être surveillé en permanence ; fausses alertes ; glissement vers l’identification des personnes. Usage à haut risque, très encadré en France : autorisation, information du public, contrôle humain, bilan d’efficacité.',
  'Algorithmic video surveillance',
  'Software analyses camera images live to spot certain situations (crowd movements, abandoned objects, a person on the ground) and alert an operator.',
  'For the Paris 2024 Olympic Games, the law allowed such cameras on a trial basis at large events, without facial recognition.',
  'Feeling watched all the time; false alarms; a slide towards identifying people. High risk and tightly regulated in France: authorisation, public information, human oversight, review of effectiveness.'),

(16, 'facial-recognition-public-space', 'security', 'unacceptable',
  'Reconnaissance faciale en temps réel dans l’espace public',
  'Des caméras comparent en direct les visages des passants à un fichier de personnes pour les identifier.',
  'Une ville pourrait vouloir repérer des personnes recherchées dans la foule d’un marché ou d’une gare. En 2019, la CNIL a jugé illégaux des portiques de reconnaissance faciale prévus à l’entrée de deux lycées de la région Sud.',
  'Fin de l’anonymat dans la rue, erreurs d’identification, peur de manifester. L’AI Act interdit l’identification biométrique en temps réel dans l’espace public, sauf rares exceptions policières autorisées au cas par cas.',
  'Real-time facial recognition in public space',
  'Cameras compare the faces of passers-by with a list of people, live, to identify them.',
  'A city might want to spot wanted people in the crowd at a market or a station. In 2019, the French data protection authority (CNIL) found facial recognition gates planned at two high schools in southern France unlawful.',
  'The end of anonymity in the street, misidentification, fear of demonstrating. The AI Act prohibits real-time remote biometric identification in public space, save rare police exceptions authorised case by case.'),

(17, 'digital-twin', 'planning', 'minimal',
  'Jumeau numérique du territoire',
  'Une maquette numérique du territoire, nourrie de données (bâtiments, réseaux, circulation, climat), permet de simuler un projet d’aménagement avant de le décider.',
  'L’agglomération Paris-Saclay développe « Urba », un jumeau numérique de son territoire, suivi par le comité éthique et scientifique qu’elle a créé en 2025.',
  'Coût élevé et consommation d’énergie ; données sensibles rassemblées au même endroit ; choix d’urbanisme qui semblent « décidés par la machine ». Les simulations doivent être expliquées aux habitants.',
  'Digital twin of the territory',
  'A digital model of the area, fed with data (buildings, networks, traffic, climate), is used to simulate a development project before deciding on it.',
  'The Paris-Saclay conurbation is developing "Urba", a digital twin of its territory, overseen by the ethics and scientific committee it set up in 2025.',
  'High cost and energy use; sensitive data gathered in one place; planning choices that seem "decided by the machine". Simulations must be explained to residents.');

insert into public.ai_uses (slug, created_by)
select slug, 'catalogue national' from catalogue_seed order by position;

-- The triggers number each first wording 1 and copy its domain and risk tier onto the use.
insert into public.ai_use_versions (ai_use_id, domain, risk_tier, content, created_by)
select u.id, s.domain, s.risk_tier,
  jsonb_build_object(
    'fr', jsonb_build_object('title', s.fr_title, 'what', s.fr_what, 'example', s.fr_example, 'risks', s.fr_risks),
    'en', jsonb_build_object('title', s.en_title, 'what', s.en_what, 'example', s.en_example, 'risks', s.en_risks)),
  'catalogue national'
from catalogue_seed s
join public.ai_uses u on u.slug = s.slug and u.territory_id is null
order by s.position;

drop table catalogue_seed;
