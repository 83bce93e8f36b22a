"""Questions from the fields next to ours, which founders also have: company law and disputes between partners, the
choice of a company form, tax, employment and pay, work permits, premises, bank loans and accounts, finding a
co-founder, trademarks, search-engine marketing, a start-up's valuation, the United States' market clearance, writing
code and choosing a programming language or framework, the team's outings. The knowledge base says nothing about
them, yet they share its words (« marque » is also the LPPR's « nom de marque », « statuts » the JEI's, « impôt » the
innovation tax credit's), so the relevance gate can find passages that look close and quote them as if they
answered. Like the medical rule, this one is explicit and auditable: a few phrases that only these neighbouring fields
use, checked on the question itself before any search.
"""

from __future__ import annotations

import re

from app.answer.question import what_is_asked
from app.text import fold

# None of these phrases occurs in the knowledge base (tests/test_neighbouring_fields.py checks it): the DPO's
# protection against dismissal, a processor's notice, the JEI's income-tax relief and the BSPCE's shareholders'
# agreement are the field's own subjects, so « licenciement », « préavis », « impôt sur le revenu » are not here.
_DATABASES = r"postgres(?:ql)?|mongo(?:db)?|mysql|firebase|supabase"
_NEIGHBOURING_FIELD = re.compile(
    # trademarks
    r"\binpi\b|\bdeposer (?:une|la|notre|ma|sa|leur) marque\b|\btrademarks?\b"
    # company law
    r"|\bstatuts (?:d'une|de la|de notre|de ma|de l'|des) (?:sas|sasu|sarl|sa|societe|entreprise|startup|start-up)\b"
    r"|\barticles of association\b|\bcompany statutes\b"
    r"|\b(?:transformer|convertir) (?:notre|ma|une|la) (?:sas|sasu|sarl)\b|\bconvert (?:my|our|a|the) (?:sas|sarl)\b"
    # personal tax returns, VAT and corporate tax rates
    r"|\bdeclaration (?:de revenus|d'impots?)\b|\btax returns?\b|\btaux de tva\b|\bvat rates?\b"
    r"|\bcorporate tax rates?\b|\bcorporation tax\b|\btaux (?:de l'|d')(?:is|impot sur les societes)\b"
    # the United States' market clearance (the FDA's change-control plans, compared with Europe's, are ours)
    r"|\b(?:get|obtain|apply for|submit|file) (?:a |an |the |our |my )?(?:fda )?510 ?\(?k\)?"
    # employment: hiring, pay and payroll (hiring a DPO, or a PRRC « on the payroll », is ours)
    r"|\bperiode d'essai\b|\bconvention collective\b|\btrial period\b"
    r"|\b(?:embaucher|recruter) (?:notre|mon|nos|mes|un|une|des|le|la|les) (?:premiers? |premieres? )?"
    r"(?:salaries?|employes?|developpeurs?)\b"
    r"|\b(?:hire|hiring|recruit|recruiting) (?:my |our |a |an |the )?(?:first )?(?:employees?|hires|staff|developers?)\b"
    r"|(?<!on the )\bpayroll\b|\bfiches? de paie\b|\bminimum wage\b"
    r"|\b(?:pay|salary (?:for|of)) (?:a|an|our) (?:junior |senior )?(?:developer|engineer|salesperson)\b"
    # work permits and unemployment benefits
    r"|\bvisas?\b|\bwork permits?\b|\btitres? de sejour\b|\bunemployment\b|\bchomage\b|\bfrance travail\b"
    r"|\bpole emploi\b"
    # incorporating a company (starting an e-health start-up, « par où commencer », is ours)
    r"|\bincorporat(?:e|ing) (?:a|an|our|my|the) (?:company|startup|start-up|business)\b"
    r"|\bimmatriculer (?:une|notre|ma|la) (?:societe|entreprise|startup|start-up)\b"
    # banking and finding partners
    r"|\bouvrir (?:un|une|notre|mon) compte (?:bancaire|pro|professionnel)\b"
    r"|\bopen (?:a|an|our|my) (?:business |company )?bank account\b|\bopen (?:a|an|our|my) business account\b"
    r"|\btrouver (?:un|une|mon|notre) (?:associe|associee|cofondateur|cofondatrice|co-fondateur)\b"
    r"|\bfind (?:a|an|my|our) (?:technical )?co-?founder\b"
    # disputes between partners, and a partner's exit (the BSPCE's « pacte d'associés » is ours)
    r"|\bconflits? entre (?:associes|actionnaires|cofondateurs|co-fondateurs)\b"
    r"|\b(?:sortir|exclure|evincer) (?:un|une|l'un|l'une|notre|mon|ma|cet|cette) (?:associe|associee|actionnaire|cofondat"
    r"eur|cofondatrice|d'eux|d'entre eux)\b|\bdisputes? between (?:co-?founders|shareholders|partners)\b"
    r"|\b(?:mon|notre|un) (?:co-?fondateur|associe) (?:refuse de (?:signer|ceder|vendre) (?:le pacte|ses parts|ses actions)"
    r"|ne veut (?:pas|plus) (?:signer le pacte|ceder|vendre)|veut (?:partir|quitter)|quitte)\b"
    r"|\b(?:my|our|a) co-?founder (?:refuses|wants to leave|is leaving|won't sign)\b"
    # employment contracts' clauses
    r"|\bclauses? de non-concurrence\b|\bnon-compete\b"
    # the choice of a company form (« SAS ou SARL ? »)
    r"|\b(?:sas|sasu|sarl|eurl) (?:ou|et|vs|or|and) (?:une |a )?(?:sas|sasu|sarl|eurl)\b"
    # search-engine marketing (the sheets' « référencement » is the Ségur's and Mon espace santé's catalogue)
    r"|\bseo\b|\breferencement naturel\b|\bgoogle ads\b|\bkeywords? to rank\b"
    r"|\breferencement (?:sur |de notre site sur )?google\b|\bmots-cles\b"
    # a start-up's valuation
    r"|\b(?:pre-money|post-money|pre-seed|seed) valuations?\b|\bvaluation (?:of|for) (?:a|an|our|my) (?:pre-seed |seed )?"
    r"(?:\w+ )?(?:startup|start-up|company)\b|\bgood valuation\b|\bvalo(?:risation)? (?:pre-money|post-money)\b"
    r"|\bvaloriser (?:notre|ma|une|la) (?:startup|start-up|boite|societe)\b"
    # software engineering: writing code, languages, frameworks, stacks
    r"|\b(?:code|script) (?:en )?(?:python|javascript|java|php|swift|kotlin)\b"
    r"|\bwrite (?:me )?(?:the |some )?(?:python |javascript )?code\b"
    r"|\bjavascript\b|\btypescript\b|\breact(?:\.?js| native)\b|\bvue\.?js\b|\bflutter\b|\bfront-?end frameworks?\b"
    r"|\bprogramming languages?\b|\blangages? de programmation\b"
    # building and deploying code (where it runs is ours: « peut-on déployer sur Vercel des données de santé ? »)
    r"|\bgithub actions\b|\bci/cd\b|\bpipelines? (?:de )?ci\b|\bci pipelines?\b|\bno module named\b|\bmerge conflicts?\b"
    # which database to use, asked for advice (where it is hosted is ours: « notre base Postgres chez OVH doit-elle être
    # HDS ? », « un entrepôt alimenté par Postgres ou MongoDB »)
    r"|\b(?:plutot|conseilles?|conseillez|recommandes?|recommandez|choisir|choose|recommend|better|best) (?:\w+ ){0,3}"
    rf"(?:{_DATABASES}) (?:ou|or|vs\.?) (?:{_DATABASES})\b"
    # premises and personal loans
    r"|\bbail commercial\b|\bcommercial lease\b|\bcredit immobilier\b|\bpret immobilier\b|\bmortgage\b"
    # a customer who does not pay, and the company's commercial terms (« nos factures impayées depuis 4 mois »)
    r"|\bfactures? (?:impayees?|en retard|non payees?)\b|\bimpayes\b|\bpenalites de retard\b|\bindemnite forfaitaire\b"
    r"|\bunpaid invoices?\b|\blate payments?\b|\b(?:hasn't|has not|haven't|have not) paid (?:our|the|their) invoices?\b"
    r"|\brecouvrement de creances\b|\bdebt collection\b"
    # managing and parting with employees, and labour courts
    r"|\brupture conventionnelle\b|\bprud'?hommes\b|\bemployment tribunal\b|\bperformance reviews?\b"
    r"|\bentretiens? annuels?\b|\bone-on-ones?\b|\bwrongful dismissal\b"
    r"|\bconges payes\b|\bjours de conges?\b|\bpaid (?:leave|holidays|time off)\b|\bvacation days\b"
    # investment terms and founders' own taxes (the BSPCE and the JEI are ours)
    r"|\bdrag-along\b|\btag-along\b|\banti-dilution\b|\bliquidation preferences?\b|\bterm sheets?\b"
    r"|\bflat tax\b|\b(?:mes|nos|my|our) dividendes?\b|\b(?:my|our) dividends?\b|\bcapital gains tax\b"
    # ...and their pay (the JEI's « salaires » are ours)
    r"|\bpay ourselves\b|\bdividends? (?:instead of|or|vs\.?|rather than) salar"
    r"|\bdividendes? (?:plutot que|ou) (?:des |un )?salaires?\b"
    # foreign company forms, domain names, mobile app stores' review, sales tools
    r"|\b(?:srl|gmbh|sprl|bvba)\b|\bnom de domaine\b|\bdomain names?\b|\bapp review\b|\bappel aupres d'apple\b"
    r"|\bguideline \d\.\d|\bhubspot\b|\bsalesforce\b|\bpipedrive\b|\bb2c subscriptions?\b|\babonnements? b2c\b"
    # travel papers, the weather, phones to buy (travelling to a congress is not a question of the field; an iPhone
    # app, a vaccination pass or an app reading the weather for migraines are)
    r"|\bdemande de passeport\b|\b(?:renouveler|refaire) (?:mon|son|un|le) passeport\b|\bpassport (?:renewal|application)\b"
    r"|\brenew (?:my|a|his|her|our) passport\b|\bweather (?:\w+ )?(?:forecast|like|tomorrow|today|this)\b"
    r"|\bmeteo (?:de |pour )?(?:demain|ce week-end|cette semaine)\b|\b(?:dernier|nouvel|quel) iphone\b"
    r"|\b(?:latest|new|which) iphone\b"
    # the team's outings
    r"|\boff-?sites?\b|\bteam ?buildings?\b|\bseminaires? d'equipe\b|\bafterworks?\b"
    # a company's auditors, accountants, insurance against cyber attacks or for its managers, its spare cash
    r"|\bcommissaires? aux comptes\b|\bstatutory auditors?\b|\bexperts?-comptables?\b|\bcabinet comptable\b"
    r"|\baccounting firm\b|\bcyber ?insurance\b|\bcyber-?assurance\b|\bkey[- ]person insurance\b|\bassurance homme[- ]cle\b|\bresponsabilite civile des (?:dirigeants"
    r"|mandataires sociaux)\b|\bd&o insurance\b|\bplacements? (?:sans risque|de tresorerie)\b|\bdepot du capital\b"
    # employees' perks, bonuses, representatives and stock options; convertible notes; recording calls
    r"|\bvoitures? de fonction\b|\bcompany cars?\b|\bcheques? cadeaux\b"
    r"|\bprime de partage de la valeur\b|\byear-end bonus\b|\belections? (?:du|des) cse\b"
    r"|\bnsos?\b|\bincentive stock options?\b|\bbsa air\b|\bconvertible notes?\b"
    r"|\benregistrer (?:un |les |des |nos )?appels?\b|\brecord(?:ing)? (?:a |the |our )?(?:sales |phone |client )?calls?\b"
    # running the software: infrastructure and monitoring tools, Android builds (what the software does with health
    # data, its notifications or its sign-up consent, is ours: « notifications push » and « onboarding » are not here)
    r"|\bkubernetes\b|\bheroku\b|\btimescale(?:db)?\b|\bprometheus\b|\bgrafana\b|\bdatadog\b|\bbuild\.gradle\b"
    r"|\btarget api level\b"
    # growth: landing pages and conversion, a trademark already taken
    r"|\blanding pages?\b|\btaux de conversion\b|\bconversion rates?\b|\bmarque (?:n'est pas |est )?deja deposee\b"
    # other sectors' notifications and permits (cosmetics, drones), a phone plan abroad, a landlord, a patent filed in
    # the United States (a toy or a drone that is a medical device is ours: the words alone are not here)
    r"|\bcpnp\b|\bcremes? solaires?\b|\bsunscreens?\b|\bdgac\b|\broaming\b"
    r"|\blandlord\b|\bdepot de garantie\b|\bprovisional patent\b"
    # a freelancer's company form, expenses, remote work as an employer's rule (where remote developers reach health
    # data is ours)
    r"|\beurl\b|\bauto-?entrepreneurs?\b|\bnotes? de frais\b|\bexpense reports?\b"
    r"|\b(?:imposer|refuser|accorder|autoriser|charte de|accord de|jours? de) (?:le )?teletravail\b"
    r"|\bremote work (?:policy|policies|days?|agreement)\b"
    # a company's shareholders' ledger and partners' loans (putting a grant into a partner's current account is ours)
    r"|\bcap tables?\b|\bcompte courant d'associes?\b[^?]{0,80}\brembours"
    # selling: naming the company, pricing tiers, private tenders, sponsoring, terms of sale, a supplier's invoice,
    # app-store reviews (a public buyer's tender and the LPPR's « grille tarifaire » are ours)
    r"|\b(?:trouver|propose|proposer|donne|donner)(?:-moi|-nous)? (?:un nom|\d+ noms|des noms|dix noms)\b"
    r"|\bnames? for (?:our|my|a) (?:startup|start-up|app|company)\b|\bgrille tarifaire en (?:\w+ )?paliers\b"
    r"|\bpricing tiers?\b|\bappels? d'offres prives?\b|\bmemoire technique\b|\bsponsoring\b|\bsponsoriser\b"
    r"|\bsponsorship deals?\b|\bsponsor (?:a|an|the|our) (?:\w+ )?(?:team|event|club|athlete)\b"
    r"|\bcgv\b|\bconditions generales de vente\b|\bcontester (?:une|la|cette|sa) facture\b"
    r"|\bdispute (?:an|the|this) invoice\b|\bavis negatifs\b|\bnegative reviews?\b"
    # translating for the founder (whether a notice must be translated is ours: « faut-il traduire la notice ? »)
    r"|\btraduis(?:-moi|-nous|-le|-la|-les)?\b|\btranslate (?:this|that|these|the following)\b"
    # writing a start-up's sales, hiring and press texts (a DPIA, a register or a notice to patients is ours)
    r"|\b(?:write|draft|redige[rz]?|ecris|ecrire)(?:-moi|-nous| me| us)? (?:\S+ ){0,3}?(?:cold emails?|job descriptions?"
    r"|job ads?|job postings?|linkedin posts?|press releases?|tweets?|newsletters?|blog posts?|fiches? de poste"
    r"|offres? d'emploi|posts? linkedin|communiques? de presse|(?:e-?)?mails? de prospection|articles? de blog)\b"
    # a phone's battery saver, a slow database query
    r"|\beconomie de batterie\b|\bbattery saver\b|\bslow quer(?:y|ies)\b|\bexplain analyze\b|\bindex to add\b"
    # an employee handbook, a team's objectives, a customer's payment terms, unit tests to write (what the IEC 62304
    # asks of a device's software verification is ours: « tests unitaires » alone is not here)
    r"|\bemployee handbooks?\b|\breglement interieur\b|\bokrs?\b|\bnegotiat\w* (?:\S+ ){0,3}?payment terms\b"
    r"|\bnegocier (?:\S+ ){0,2}?(?:delais|conditions) de paiement\b|\bjest\b|\bjunit\b"
    r"|\blogiciels? de (?:compta|comptabilite)\b|\baccounting (?:software|tools?|apps?)\b"
    # debugging the founder's code
    r"|\bdebug\w* (?:\S+ ){0,3}?(?:errors?|erreurs?|code|bugs?|exceptions?)\b|\bkeyerror\b|\btraceback\b|\bstack ?traces?\b"
    r"|\b(?:write|ecris|redige|generate|genere)(?:-moi|-nous| me| us)? (?:\S+ ){0,2}?(?:unit tests?|tests unitaires)\b"
    # VAT on the company's sales and what it may deduct from its profits (the grants' « dépenses éligibles » are ours)
    r"|\b(?:avec ou sans|hors|soumis a la|assujettis? a la|exoneres? de) tva\b|\bfiscalement deductibles?\b"
    r"|\bdeductibles? (?:de l'is|de l'impot|des impots|du resultat)\b|\btax[- ]deductible\b"
    r"|\bsubject to (?:\d+ ?% )?vat\b|\bvat[- ]exempt\b|\bexempt from vat\b|\bcharge vat\b"
    # investors to name, an app's growth (a « rétention nulle » of an API's requests is ours), an interface's colours
    r"|\bquels business angels\b|\bwhich (?:business )?angels\b|\bwhich vcs\b|\ba/b test\w*|\bchurn\b"
    r"|\bapp store optimi[sz]ation\b|\b(?:ameliorer|augmenter) (?:la |notre )?retention\b|\bretention rates?\b"
    r"|\b(?:improve|increase|boost) (?:our |user |users' )?retention\b"
    r"|\bpalettes? de couleurs?\b|\btailles? de police\b|\bcolou?r palettes?\b|\bfont sizes?\b"
)


# A few of these phrases name a tool or a person of the neighbouring field that a question of ours also names:
# « Which of the six HDS activities covers managed Kubernetes ops? », « Notre hébergeur HDS nous envoie ses CGV »,
# « Notre expert-comptable parle du RGEC : ça change quoi vs le de minimis ? », « We'd lose JEI status? Trying to plan
# our cap table », « le pixel Meta sur la landing page : consentement ? ». Such a phrase counts only when what the
# message asks (`question.what_is_asked`) names the tool but not the subject of ours: « On est hébergés HDS.
# Prometheus ou Datadog, lequel revient le moins cher ? » still asks about tools. « Sponsoring » is a clinical study's sponsor when a
# study is named anywhere. (Written probes of the field: 9 of 764 were refused for one of these phrases.)
_HOSTING = (
    r"\b(?:hds|hebergeurs?|hebergement|heberges?|donnees de sante|health data|identifiants? patients?|patient data)\b"
)
_OURS_ASKED = [
    (
        re.compile(r"kubernetes|heroku|timescale(?:db)?|prometheus|grafana|datadog|cgv|conditions generales de vente"),
        re.compile(_HOSTING),
    ),
    (
        re.compile(r"experts?-comptables?|cabinet comptable|accounting firm|cap tables?"),
        re.compile(
            r"\b(?:jei|cir|cii|rgec|de minimis|credits? d'impots? (?:recherche|innovation)|young innovative company)\b"
        ),
    ),
    # ...and what a landing page claims, which can make the product a medical device
    (
        re.compile(r"landing pages?"),
        re.compile(
            r"\b(?:pixels?|cookies?|traceurs?|trackers?|consentement|consent|dispositifs? medicaux|dispositif medical"
            r"|medical devices?|qualifi\w*|allegations?|claims?|publicite|advertising)\b"
        ),
    ),
    # the job of a role the rules require (« la fiche de poste de notre PRRC »)
    (
        re.compile(r".*(?:job descriptions?|fiches? de poste)"),
        re.compile(r"\b(?:prrc|dpo|delegue a la protection des donnees|data protection officer)\b"),
    ),
]
_SPONSOR = re.compile(r"sponsoring|sponsoriser")
_STUDY = re.compile(
    r"\b(?:etudes?|study|studies|essais?|trials?|investigations? cliniques?|clinical investigations?|riph)\b"
)


def _ours(phrase: str, folded: str, asked: str) -> bool:
    """Whether a neighbouring phrase found in the message is, there, part of a question of ours."""
    if _SPONSOR.fullmatch(phrase):
        return bool(_STUDY.search(folded))
    return any(
        tool.fullmatch(phrase) and (ours.search(asked) or (phrase not in asked and ours.search(folded)))
        for tool, ours in _OURS_ASKED
    )


# Other countries' market clearance, reimbursement and health-data rules (« Combien de temps prend une 510(k) à la
# FDA ? », "How does NHS Supply Chain procurement work?", « quelle procédure PMDA au Japon ? »). The sheets name some of
# them beside Europe's (the FDA's change-control plans against the AI Act's), so one counts only in a message that
# names nothing of France or the Union: « FDA-cleared, not CE-marked yet: are we eligible for France 2030? » is ours.
_ABROAD = re.compile(
    r"\b(?:fda|de novo|nhs|dtac|medicare|medicaid|cpt codes?|hipaa|soc ?2|health canada|sante canada|pmda|tga|anvisa"
    r"|nmpa|mhra|ukca|swissmedic|510 ?k|cms (?:reimburs\w*|pays?|covers?)|hmrc|(?:uk|british) (?:r&d|tax|patent box))\b"
    r"|\b510 ?\(k\)"
)
_HERE = re.compile(
    r"\b(?:france|french|francais\w*|europe\w*|eu|ue|union|ce[- ]mark\w*|marquage|mdr|ivdr|rgpd|gdpr|ansm|cnil|hds"
    r"|haute autorite|lppr|pecan|assurance maladie|securite sociale|bpifrance|diga|allemagne|germany|eudamed)\b"
)


def is_neighbouring_field(question: str) -> bool:
    folded = fold(question)
    if _ABROAD.search(folded) and not _HERE.search(folded):
        return True
    found = [match.group(0) for match in _NEIGHBOURING_FIELD.finditer(folded)]
    if not found:
        return False
    asked = fold(what_is_asked(question)) or folded
    return not all(_ours(phrase, folded, asked) for phrase in found)
