"""Personal medical questions (a dose, a diagnosis, a treatment for me or my child) always get the medical hand-off.

The relevance gate decides whether the *sources* can answer; this decides whether the assistant *may* answer. A
regulation assistant must never give a dose, even when a passage about dosing software happens to match, and even
deep inside a conversation about something else. The rule is explicit and auditable on purpose: a request for a
medical decision, about a person rather than a product. « Mon appli calcule la dose d'insuline : est-ce un DM ? »
is about a product and stays answerable; « Quelle dose de paracétamol pour mon enfant ? » is not, nor is what to do for a
measured value (« notre appli… pour un patient à 3 g/L, combien d'unités ? »), product or not.
"""

from __future__ import annotations

import re

from app.answer.question import what_is_asked
from app.text import fold

# A measured value of a body: « une glycémie à 3 g/l », « 2,8 g/L ce matin », « 38,5 de fièvre », « saturation à 85 % ».
_MEASURED = (
    r"\d+(?:[.,]\d+)?\s?(?:g/l|mmol/l|mg/dl|mmhg|bpm|°c|ng/ml|mui/l|ui/l)|(?:tension|glycemie|saturation|temperature) (?:est )?a \d+"
    r"|\d+(?:[.,]\d+)? de (?:tension|fievre|temperature|glycemie)"
    # a value named by its disorder: « une hyperkaliémie à 6,5 », « hypoglycemia at 0.4 »
    r"|\b(?:hyper|hypo)[a-z]+ (?:a|at|of|de) \d"
    # a laboratory or monitoring marker and its value: « HbA1c à 7,8 % », « a PSA of 5.4 », « SpO2 at 91% »
    r"|\b(?:hba1c|tsh|psa|spo2|ldl|hdl|crp|inr|ferritine|ferritin|creatinine|troponine|troponin|saturation)"
    r"(?: (?:est|is|of|at|a|de|=))?\s?:?\s?\d"
    # a blood pressure written as two numbers: « 165/100 », « 16/9 »
    r"|\b(?:tension|blood pressure|pression arterielle|bp)(?: (?:est|is|of|at|a|de|=|was))?\s?:?\s?\d{2,3}/\d{1,3}"
)
# Medicines named in a question (folded), in the request below and in `_MEDICINE`.
_MEDICINES_FR = (
    r"paracetamol|ibuprofene|doliprane|dafalgan|efferalgan|advil|nurofen|aspirine|amoxicilline"
    r"|antibiotiques?|anticoagulants?"
)
_MEDICINES_EN = r"acetaminophen|ibuprofen|tylenol|antibiotics?"
# ...and with the long-term treatments, the medicines someone may be asking to take (`_MAY_TAKE`, `_MEDICINE`).
_NAMED_MEDICINES = (
    _MEDICINES_FR + "|" + _MEDICINES_EN + r"|metformine?|levothyrox|insuline|insulin|antidepresseurs?|antidepressants?"
    r"|melatonine|melatonin|cortisone"
)
# A request for a medical decision or an account of symptoms (accents folded, lower case).
_MEDICAL_REQUEST = re.compile(
    r"\b(doses?|dosages?|posologies?|\d+\s?(mg|ml|milligrammes?|gouttes|comprimes)|combien de (comprimes|gouttes|cachets|sachets|cuilleres)"
    r"|(quel|quels|quelle|quelles) (medicaments?|antibiotiques?|traitements?|remedes?|cremes?|sirops?)"
    r"|(prendre|donner|avaler|prescrire) (du |de la |des |de l')?(paracetamol|ibuprofene|doliprane|aspirine|antibiotiques?|anti-inflammatoires?|medicaments?|sirop|cortisone|amoxicilline)"
    r"|"
    + _MEDICINES_FR
    + r"|symptomes?|fievre|toux|douleurs?|j'ai mal|il a mal|elle a mal|mal (a|au|aux) (la |le |l')?(tete|gorge|ventre|dos|dents?|oreilles?|poitrine)"
    r"|tousse|toussent|tousser|coughing|pilule du lendemain|contraception d'urgence|morning-after pill|emergency contraception"
    r"|rapport non protege|unprotected sex|(?:took|take|taking|pris|prendre) (?:a |the |la )?plan b"
    r"|sans (?:voir|consulter|passer par) (?:de |un |le |mon )?medecin|without (?:seeing|asking) (?:a|my|the) doctor"
    r"|est-ce grave|dois-je (prendre|consulter|m'inquieter|aller aux urgences)|diagnostiquer mon|me soigner|le soigner|la soigner|guerir"
    r"|suis-je (malade|enceinte)|enceinte|allaite|effets? secondaires?|contre-indications?"
    # English
    r"|how much (paracetamol|acetaminophen|ibuprofen|tylenol|advil|medicine|medication)|which (medicine|medication|drug|antibiotic)s?"
    r"|should i (take|give)|can i (take|give)|"
    + _MEDICINES_EN
    + r"|painkillers?|symptoms?|fever|cough|headache|sore throat"
    r"|is (it|this) serious|side effects?|diagnose me|treat (my|me|him|her)|i feel (sick|ill|pain)"
    # Stopping, changing or mixing a treatment; what a body does; where to go: decisions for a clinician.
    r"|(arreter|continuer|reprendre|augmenter|diminuer|baisser|sauter|changer|doubler|espacer) (de |le |la |les |l')?(mon |ma |mes |son |sa |ses )?"
    r"(traitement|medicaments?|pilule|cachets|comprimes|dose|insuline|antidepresseurs?)"
    r"|puis-je (prendre|arreter|boire|melanger|continuer)|(vertiges?|nausees?|vomissements?|eruptions?|rougeurs?|palpitations|essouffle"
    r"|saignements?|brulures?|grain de beaute|boule|tension arterielle|hypertension|migraines?|angoisses?|insomnies?)"
    r"|aller aux urgences|(mon|le) medecin m'a (prescrit|donne)|ordonnance|que dois-je faire"
    # one's own clinician (« mon médecin est absent, je fais quoi ? » was answered with a breach sheet's « risque
    # jugé absent »): care of a person, asked with no product or rule in view
    r"|(mon|ma|my) (medecin|docteur|doctor|gp|generaliste|pharmacien|pharmacienne|pharmacist|gynecologue|gyneco"
    r"|pediatre|pediatrician|dentiste|dentist|cardiologue|cardiologist|psychiatre|psychiatrist|psy)"
    r"|(stop|start|keep|continue|increase|reduce|skip|change|mix) (taking )?(my|his|her|the|these) "
    r"(medication|medicine|meds|pills?|treatment|dose|insulin|antidepressants?)"
    r"|should i (stop|start|go|see|worry|keep|continue|be worried)|can i (drink|mix|stop|skip)"
    r"|(chest|back|stomach|tooth|ear) ?(pain|ache)|pains?|hurts?|aches?|rash|dizz(y|iness)|nause(a|ous)|vomit(ing)?|bleeding"
    r"|blood pressure|palpitations|a (mole|lump)|cancerous|antidepressants?|my (meds|pills|medication|medicine)"
    r"|(go to|see) (the |a )?(er|emergency room|hospital|doctor)|is (it|this|that) (normal|dangerous|cancer)"
    # something to take for sleep, pain or anxiety; one's own disease (« dis-moi si mon apnée du sommeil justifie
    # vraiment une PPC »)
    r"|(?:un truc|quelque chose|qqch|un medicament|un cachet|something|anything|a pill) (?:pour|to|for) (?:dormir"
    r"|m'endormir|la douleur|le stress|l'angoisse|sleep|help me sleep|pain|anxiety)"
    r"|(?:mon|ma|mes|my) (?:apnee du sommeil|diabete|asthme|hypertension|depression|cancer|insomnie|endometriose"
    r"|sleep apnea|diabetes|asthma|insomnia|endometriosis)"
    # A measured value of a body (« une glycémie à 3 g/l », « 2,8 g/L ce matin », « 38,5 de fièvre »).
    r"|" + _MEASURED +
    # Asking what illness it is: a diagnosis.
    r"|boutons|plaques rouges|varicelle|rougeole|grippe|angine|otite|gastro|bronchite|eczema|covid"
    r"|chickenpox|measles|flu|strep throat|ear infection|is (it|this) (an? )?(infection|allergy|allergic))\b"
)
# The question is about a person: the asker or someone close (or a patient being treated)...
# Someone close, by relation (also `names_a_relative`).
_CLOSE = (
    r"enfant|fils|fille|bebe|nourrisson|mari|femme|mere|pere|grand-mere|grand-pere|child|son|daughter|baby|kid"
    r"|husband|wife|mother|father|mum|mom|dad"
    # the wider family (« Mon oncle porte justement ce modèle rappelé », a blind conversation)
    r"|frere|oncle|tante|cousine?|neveu|niece|beau-pere|belle-mere|brother|sister|uncle|aunt|cousin|nephew|grandma"
    r"|grandpa|grandmother|grandfather"
)
_SOMEONE = rf"je|j'|moi|me|m'|mon|ma|mes|patiente?|i|i'm|i've|me|my|{_CLOSE}"
# ...or about « us », which for a founder is as often the company (« notre appli »).
_PERSONAL = re.compile(rf"\b(?:{_SOMEONE}|nous|notre|nos|we|our)\b")
_SOMEONE_NAMED = re.compile(rf"\b(?:{_SOMEONE})\b")
# ... unless it is about a product, a company or a rule: then it is a regulatory question that may quote doses.
_PRODUCT = re.compile(
    r"\b(appli|applis|application|applications|app|apps|logiciels?|software|dispositifs?|devices?|dm|dmn|produits?|products?"
    r"|startups?|start-ups?|entreprises?|company|societe|solutions?|algorithmes?|algorithms?|plateformes?|platforms?|marquage|mdr|ivdr"
    r"|rgpd|gdpr|hds|donnees|data|classes?|remboursements?|reimbursement|financements?|funding|calculateurs?|calculators?|chatbots?"
    r"|outils?|tools?|fabricants?|manufacturers?|notice|essais?|etudes?|study|studies|cnil|ansm|reglementation|regulation|ce marking"
    # « notre thérapie numérique contre la migraine » is a product
    r"|therapies? numeriques?|digital therapeutics?|symptom checkers?|site web|website|landing page|pixel|cookies?"
    # a medicine developed (« Faut-il une AMM pour notre molécule contre la migraine ? » is the medicines' regime)
    r"|molecules?|drug candidates?|candidats? medicaments?|principes? actifs?|amm|autorisation de mise sur le marche"
    r"|marketing authori[sz]ations?"
    # what the product does (« and if we add a feature that adjusts the reminders based on their blood pressure
    # readings? » after a question on a pill-reminder app, blind)
    r"|features?|fonctionnalites?"
    r"|secret (?:medical|professionnel)|medical secrecy|professional secrecy"
    # what a product records (« it keeps a log of the insulin doses the patient injected »)
    r"|(?:keeps?|keeping) (?:a )?(?:log|record|diary)|(?:tient|tenir) un (?:journal|carnet)"
    # ...and where it keeps them (« read access to the production database… The DB holds patients' symptom logs. Any
    # issue? », scope_probes/blind-29; not « dB », a hearing test's decibels)
    r"|databases?|bases? de donnees|bdd|prod|production|serveurs?|servers?|backups?|sauvegardes?)\b"
)


# What to tell or give someone, or whether they stop their treatment (« et on lui dit quoi, elle arrête ou pas ? »):
# a clinical decision about a person. After a message about a medicine, a follow-up asking it is the medical hand-off
# (`tells_someone_what_to_do`, `app/answer/service.py`).
_TELLING = (
    r"\b(?:on|je|nous) (?:lui|leur) (?:dit|dis|disons|donne|donnons|conseille\w*|recommande\w*) (?:quoi|combien)"
    r"|\blui donner quoi|\bque (?:lui|leur) dire|\b(?:il|elle|ils|elles) (?:doit|doivent|devrait|devraient) (?:arreter|prendre"
    r"|continuer|consulter)|\b(?:il|elle|ils|elles) (?:arrete|arretent|continue|continuent) ou (?:pas|non)\b"
    r"|\bwhat (?:should|do) (?:we|i) tell (?:him|her|them)|\bshould (?:he|she|they) (?:stop|keep taking|take|continue)\b"
)
_TELL_THEM = re.compile(_TELLING)
# What to do for a measured value is a clinical decision even when a product is named, unless a rule is asked about:
# « notre appli calcule les doses d'insuline : pour un patient à 3 g/L, combien d'unités ? », « notre télésurveillance
# indique une saturation à 85 %, que doit-il faire ? ».
_DECISION = re.compile(
    r"\b(?:combien d'unites|combien de (?:comprimes|gouttes|cachets|unites|mg)|quelle dose|que faire"
    r"|que (?:doit|dois|doivent|devons|faut)[- ]?(?:il|elle|je|on|nous|ils|elles)? ?(?:faire|prendre)"
    r"|(?:quelle )?conduite a tenir"
    # « qu'est-ce qu'on lui conseille ? » (« je lui donne quoi et combien ? », « on lui donne combien de sucre ? »:
    # _TELLING)
    r"|(?:qu'est-ce qu'on|que (?:doit-on|devons-nous)|qu'est-ce que (?:je|nous)) (?:lui|leur) (?:conseille|recommande|dit)\w*"
    r"|(?:on|il|elle) doit (?:faire|passer) une (?:radio|prise de sang|echographie|irm)"
    r"|what (?:should|must) (?:he|she|i|we|they|the patient) (?:do|take)|how many units|what dose"
    # whether a value or a symptom is serious, and who to see: « is that an emergency? », « c'est bien équilibré ? »
    r"|should (?:he|she|i|we|they) (?:see|go|worry|call|take|stop|be worried)|something to worry about"
    r"|(?:is|'s) (?:that|this|it) (?:an emergency|serious|normal|dangerous|bad|worrying)"
    r"|c'est (?:grave|normal|inquietant|bien equilibre)|faut-il (?:passer a|augmenter|diminuer|arreter|consulter)"
    r"|(?:partir|aller|filer) (?:a la maternite|aux urgences)"
    r")\b|" + _TELLING
)
# ...and so is what to do for symptoms someone reports (« our chatbot user says he has chest pain, what should he
# take? »).
_CONDITION = re.compile(
    _MEASURED + r"|\b(?:douleurs? (?:thoraciques?|a la poitrine)|chest pain|palpitations|fievre|fever|malaise"
    r"|vertiges?|dizz\w*|essouffl\w*|short(?:ness)? of breath|saignements?|bleeding|nause\w*|vomi\w*|pregnant"
    r"|enceinte|contractions|tousse\w*|coughing|hypo|hypoglycemie|hyperglycemie|crise (?:d'epilepsie|convulsive|d'asthme)"
    # emergencies: a fall on the head, someone who no longer responds, a baby who no longer moves, an overdose
    r"|s'est cogne|cogne la tete|hit (?:his|her|their|my) head|head injury|a fait une chute|fell and"
    r"|ne repond (?:plus|pas)|unresponsive|inconscient|unconscious|ne sent plus (?:le|son|mon) bebe bouger"
    r"|(?:baby|bebe) (?:isn't|is not|stopped|has stopped) moving|swallowed|overdose|surdose)\b"
)
# Prescribing is a clinician's act, in any game (« you are Dr. Nova… what do you prescribe? »), and so is choosing
# what the care team gives a patient, in a study or not (« what fluid rate and insulin protocol should the ER team
# use? », « quel antibiotique l'investigateur doit-il lui donner ? »).
_PRESCRIBING = re.compile(
    r"\b(?:what (?:do|would|will) you prescribe|que (?:me |lui )?prescri(?:s|rais|ras)-tu|qu'est-ce que tu (?:me |lui )?prescri\w*)\b"
    # ...or asked outright (« en tant que médecin virtuel, prescris-moi un truc pour dormir »)
    r"|\b(?:prescri(?:s|vez)-(?:moi|lui|nous)|prescribe (?:me|him|her|us|something|anything))\b"
    r"|\bwhat (?:\w+ ){0,5}should (?:the |our |his |her )?(?:er |icu |emergency |medical |care |nursing |clinical )?"
    r"(?:team|doctors?|nurses?|investigators?|physicians?|clinicians?|gp) (?:use|give|administer|prescribe|start)\b"
    r"|\b(?:quel|quelle|quels|quelles) (?:\S+ ){0,4}(?:le medecin|l'investigateur|l'equipe|les urgences|l'infirmiere?)"
    r" (?:doit|devrait|doivent)(?:-(?:il|elle))? (?:lui |leur )?(?:donner|prescrire|administrer|utiliser)\b"
    # ...and what to do for a patient, in a clinician's words (« quelle conduite à tenir pour lui ? »)
    r"|\bconduite a tenir (?:pour|avec|face a|vis-a-vis d') ?(?:lui|elle|eux|elles|le patient|la patiente|ce patient"
    r"|cette patiente|l'utilisat(?:eur|rice)|cet utilisateur|cette utilisatrice)\b"
    # ...and which medicine to recommend to someone (« à partir de quel score faut-il recommander un antidépresseur à
    # l'utilisateur, et lequel ? »)
    r"|\b(?:faut-il|doit-on|devons-nous|should (?:we|it|the app)) (?:lui |leur )?(?:recommander|proposer|conseiller"
    r"|recommend|suggest|propose) (?:un |une |des |an? )?(?:antidepresseur|anxiolytique|antibiotique|somnifere"
    r"|antidepressant|anxiolytic|antibiotic|sleeping pill)s?\b"
    # ...and whether to start a therapy, which a score of the product does not decide (« le score de notre logiciel
    # sort 82 % de probabilité de sepsis pour Mme D., faut-il lancer une antibiothérapie ? »). Not « traitement »:
    # « faut-il commencer le traitement ? » is also the GDPR's processing.
    r"|\b(?:faut-il|doit-on|devons-nous|dois-je) (?:lui |leur )?(?:lancer|demarrer|debuter|initier|commencer|instaurer)"
    r" (?:une |un |l'|la |le |des )?(?:\w*therapie|anticoagulation|transfusion|antibiotiques?)\b"
    r"|\bshould (?:we|i|the team|the doctor|the clinician) (?:start|begin|initiate) (?:an? |the |him on |her on )?"
    r"(?:antibiotics?|antibiotic therapy|anticoagulation|insulin therapy|chemotherapy|transfusion)\b"
)
# Stopping, taking or changing one's own medicine is a clinician's decision, whatever product or study the person is
# in (« un des patients inclus dans l'étude de notre DM a des vertiges, il doit arrêter son Kardégic ou pas ? »).
_OWN_TREATMENT = re.compile(
    r"\b(?:(?:il|elle|je|on) (?:doit|dois)|doit-(?:il|elle)|dois-je|faut-il qu'(?:il|elle)) (?:l'|le |la |les )?"
    r"(?:arreter|prendre|commencer|continuer|reprendre|augmenter|diminuer|doubler|sauter|changer) (?:son|sa|ses|mon|ma|mes"
    r"|(?:un|une|des|du|de l') (?:traitement|medicament|anticoagulant|antibiotique|antidepresseur|anti-inflammatoire"
    r"|antihypertenseur|statine|insuline|corticoide))\b"
    r"|\bshould (?:he|she|i|they) (?:stop|start|take|keep taking|double|skip|increase|reduce|change) (?:his|her|my|their"
    r"|(?:a|an) (?:\w+ )?(?:treatment|medication|anticoagulant|antibiotic|antidepressant|statin|insulin|steroid))\b"
)
# Whether someone in a study or using a product may take a named medicine is a clinician's answer too (« un
# participant demande s'il peut prendre du Doliprane pendant l'étude, on lui dit quoi ? »).
_MAY_TAKE = re.compile(
    r"\b(?:peut|peux|pourrait|puis-je|peut-il|peut-elle|can (?:he|she|i|they)|is it ok to|is it safe to) "
    r"(?:prendre|continuer|take|keep taking|continue) (?:du |de la |des |de l'|d'|son |sa |ses |mon |ma |mes |his |her |my )?"
    r"(?:" + _NAMED_MEDICINES + r")\b"
)
# Whether a measured value or a symptom is an emergency, asked after a scene that names a rule (« …our app is class
# IIa. My co-founder's blood pressure is 165/100 and he has a headache. Is that an emergency? »).
_SERIOUS = re.compile(
    r"\b(?:(?:is|'s) (?:that|this|it) (?:an emergency|serious|normal|dangerous|worrying)|something to worry about"
    r"|c'est (?:grave|normal|inquietant|une urgence)|should (?:he|she|i|we|they) (?:see a doctor|go to|worry|call)"
    r"|faut-il (?:consulter|appeler le 15|aller aux urgences)"
    # ...or what to do right now: wait, go, say what (« on fait quoi ? », « what do we tell them to do? »)
    r"|(?:on|il|elle|je) peu[tx] attendre|attendre de voir|attendre ou (?:de )?(?:partir|aller)|wait and see"
    r"|can (?:it|this|he|she|we) wait|on fait quoi|qu'est-ce qu'on fait|what do (?:we|i) do"
    r"|what do (?:we|i) tell (?:him|her|them)|que (?:lui|leur) (?:dire|repondre)"
    r"|qu'est-ce que (?:je|on) (?:lui|leur) (?:dis|dit|reponds|repond))\b"
)
# Thoughts of suicide or self-harm, told about oneself or reported from a user (« il a écrit « je veux en finir ce
# soir », qu'est-ce qu'on doit lui répondre ? »), call for the hand-off and its crisis line unless what is asked is a
# rule (« notre appli repère les idées suicidaires : quelle classe MDR ? »). The word « suicide » alone is not one:
# « une appli de prévention du suicide est-elle un DM ? ».
_IDEATION = re.compile(
    # « en finir » and « me tuer » only as a wish: « en finir avec les ordonnances papier », « ce dossier va me tuer »
    r"\b(?:(?:veux|veut|vais|voulait|envie d') en finir(?! avec (?!la vie))|mettre fin a (?:ses|mes|sa|ma|leurs) (?:jours|vie)"
    r"|(?:envie de|veux|veut) (?:me|se) tuer|envie de mourir|veut mourir"
    r"|(?:me|se|te) fou\w* en l'air|pour en finir (?:ce soir|cette nuit|aujourd'hui|avec la vie)"
    r"|(?:l'|les |le |la )?empecher de passer a l'acte"
    r"|idees (?:noires|suicidaires)|pensees suicidaires|(?:doesn't|does not|don't|do not) want to (?:wake up|live)"
    r"|wants? to die|end(?:ing)? (?:my|his|her|their) life|kill(?:ing)? (?:myself|himself|herself|themselves)"
    r"|suicidal|self-harm\w*|automutilation|se faire du mal|scarifi\w*"
    # a whole box of pills swallowed (« elle vient d'avaler toute sa boîte de Lexomil »)
    r"|avale\w* (?:toute?s? )?(?:sa|la|une|ses|les|mon|ma|mes|son|sa) (?:boite|plaquette|flacon|comprimes|cachets|medicaments)"
    r"|(?:took|swallowed|taken) (?:all|a whole|the whole|an entire) (?:of )?(?:\w+ )?(?:bottle|box|pack|pills|tablets))\b"
)
# ...unless it is what a product is built to detect (« du coup faut la refaire si on ajoute la détection des idées
# suicidaires ? » after a DPIA question, conversations-blind-30; "a chatbot that detects suicidal ideation"): a feature,
# not a person. What a product has detected in someone (« l'appli a détecté des idées suicidaires chez ma fille ») is
# still the person's.
_IDEATION_FEATURE = re.compile(
    r"\b(?:ajout\w*|add\w*|integr\w*|features?|fonctionnalites?|modules?|qui|that|which)\s+"
    r"(?:(?!(?:a|ont|avait|avaient|has|have|had)\b)\w+\s+){0,2}?(?:la |une |de |d'|des |the )?"
    r"(?:detection|detecter|detecte|detectent|detects?|detecting|reperage|reperer|repere|depistage|screening|screens?"
    r"|flags?)\b[^?!.]{0,20}?\b(?:idees (?:noires|suicidaires)|pensees suicidaires|suicidal (?:ideation|thoughts)"
    r"|risque suicidaire|suicide risk)"
)
# Whether a finding is a cancer, or must be removed, is a diagnosis whatever product found it (« notre algo (marquage CE
# en cours) a détecté un nodule de 9 mm, est-ce que c'est probablement un cancer ? », « our CE-marked app rated a mole
# "moderate risk": should she get it removed? »); the phrase ends the question, so « is it a cancer screening tool? »
# is not one.
_DIAGNOSIS_ASKED = re.compile(
    r"\b(?:est-ce|c'est|serait-ce|is (?:it|this|that)|could (?:it|this|that) be)(?: que c'est)?"
    r" (?:probablement |surement |sans doute |likely |probably |possibly )?(?:un |une |a |an )?"
    r"(?:cancer|cancereux|cancereuse|tumeur|tumor|tumour|melanome|melanoma|maligne?|malignant|benigne?|benign)"
    r"\s*(?:\?|$|,|ou\b|or\b)"
    r"|\bshould (?:he|she|they|i|we) (?:get|have) (?:it|them|this|that) (?:removed|operated on|biopsied)\b"
    # « tu peux confirmer le diagnostic ? », "can you confirm the diagnosis?": the assistant asked to diagnose
    r"|\b(?:tu peux|peux-tu|pouvez-vous|vous pouvez|can you|could you) (?:me |nous )?(?:confirmer|poser|etablir|confirm|make)"
    r" (?:le|ce|un|the|this|a) diagnosti\w*"
    # ...and whether someone has a biopsy (« notre appli de dermato a donné un score de 0.82 sur la photo de ma mère, elle
    # doit faire une biopsie ou pas ? », blind)
    r"|\b(?:(?:il|elle|je) (?:doit|dois)|doit-(?:il|elle)|dois-je) (?:faire|passer|avoir) une biopsie\b"
    r"|\bshould (?:he|she|i|they) (?:get|have|do) a biopsy\b"
    r"|\b(?:faut-il|doit-(?:il|elle)|dois-je) (?:l'|la |le |les )?(?:enlever|retirer|operer|faire (?:enlever|retirer|biopsier))\b"
    r"(?! du marche)"  # « le fabricant doit-il faire retirer du marché le modèle rappelé ? » is a recall's question
    # ...and whether a device is taken out of someone (« Mon oncle porte justement ce modèle rappelé, il doit se le
    # faire retirer ? » after a recall, a blind conversation)
    r"|\b(?:(?:il|elle|je) (?:doit|dois|devrait|devrais)|doit-(?:il|elle)|dois-je|faut-il qu'(?:il|elle)) se (?:le |la |les |l')"
    r"faire (?:retirer|enlever|explanter|remplacer|operer)\b"
    r"|\bshould (?:he|she|i|they) (?:have|get) the (?:\S+ ){0,2}?(?:device|implant|pacemaker|pump|stent|sensor)"
    r" (?:removed|taken out|replaced|explanted)\b"
)
# The right dose of a medicine asked for, with no rule in view (« c'est la bonne dose ou 0,25 ? », « la dose max de
# paracétamol en mg/kg chez l'enfant pour notre calculateur »); « notre appli calcule la dose : est-ce un DM ? » asks
# about a rule.
_DOSE_ASKED = re.compile(
    r"\b(?:la bonne dose|the right dose|the correct dose|dose max\w*|max(?:imum)? dose|quelle est la dose"
    r"|what is the (?:max(?:imum)? |usual |normal )?dose|posologie (?:max\w*|recommandee|habituelle))\b"
)
# A disease's diagnostic criteria or its first-line treatment are a clinician's knowledge, even when a product is to
# carry them (« what are the diagnostic criteria for major depression, so the app can tell users whether they're
# depressed? »), unless a rule is asked about.
_CLINICAL_KNOWLEDGE = re.compile(
    r"\b(?:diagnostic criteria|criteres? (?:diagnostiques?|de diagnostic)|first-line (?:treatments?|therapy|drugs?"
    r"|antibiotics?|medications?)|(?:traitements?|antibiotiques?|medicaments?) de premiere intention|en premiere intention"
    # ...and what a body needs or may do, for an app's content (« lister les aliments à éviter pendant la grossesse »,
    # « quels exercices de rééducation après une prothèse totale de genou », blind-20)
    r"|aliments? a eviter (?:pendant|durant) la grossesse|foods? to avoid (?:during|in) pregnancy"
    r"|exercices? de reeducation (?:\S+ ){0,6}?apres (?:une?|la|le)|(?:rehab|rehabilitation) exercises? (?:\S+ ){0,3}?after)\b"
)
# A dose for a body of a given weight or age (« quelle posologie de prednisolone pour un enfant de 20 kg ? Vous pouvez
# nous donner le chiffre ? »), unless what is asked is a rule (« notre appli calcule la dose pour un enfant de 20 kg :
# est-ce un DM ? »).
_DOSE_FOR_BODY = re.compile(
    r"\b(?:doses?|dosages?|posologies?)\b.{0,120}\b(?:\d+ ?kg|\d+ ?(?:ans|years? old)|\d+-year-old)\b"
)
# A data breach by its name, which both a rule of the field (`_RULE`) and a data incident (`_DATA_INCIDENT`) name
_BREACH = r"violations? de (?:donnees|securite)|data breach(?:es)?"
_RULE = re.compile(
    r"\b(?:dm|dmn|dispositifs? medica\w*|medical devices?|classe|class|mdr|ivdr|marquage|ce marking|rgpd|gdpr|hds|cnil"
    r"|ansm|reglementation|regulation|regulatory|remboursement|reimbursement|organisme notifie|notified body|ai act"
    # a device's incident is the field's (« un malaise à cause d'un bug : que faire côté matériovigilance ? »)
    r"|materiovigilance|vigilance|incidents?|declarer|declaration|reporting"
    # the GDPR's own words (« c'est une donnée de santé ? », « is it serious if we didn't appoint a DPO? ») and a
    # telemonitoring protocol
    r"|donnees? de sante|health data|dpo|aipd|dpia|protocole|protocol"
    # a person's rights over their records (« un patient nous demande d'effacer son historique de symptômes »)
    r"|effacer (?:tout |toutes )?(?:ses|son|sa|mes|mon|ma|les|leurs|leur) (?:donnees|historique|compte|dossier|symptomes"
    r"|mesures|informations)|effacement|erasure|erase (?:my|his|her|their|the) (?:data|account|history)|droit d'acces"
    r"|rectification|portabilite|portability"
    # the reimbursement routes (« notre thérapie numérique contre l'insomnie peut-elle être inscrite à la LPPR ? »)
    r"|lppr|pecan|cnedimts|ceps|forfait innovation|prise en charge anticipee"
    # a legal basis of the GDPR (« scrape forum posts about chronic pain on the basis of legitimate interest? »)
    r"|interet legitime|legitimate interests?|bases? legales?|legal basis|lawful basis"
    # a data breach and the duty to notify it (« ok et combien de temps pour notifier une violation ? » after a
    # medical hand-off returns to the field)
    rf"|{_BREACH}|notifier (?:une|la|cette|notre) violation|(?:notifier|prevenir|informer|alerter)"
    r" la cnil|breach notification|notify (?:the )?cnil)\b"
)
# A data incident told as what happened (« Un dev a laissé un bucket ouvert pendant 3 jours avec des ordonnances de
# patients dedans. On doit prévenir qui, et en combien de temps ? », scope_probes/blind-25): the prescriptions in it made
# the learned check read a medical question (0.941, above even the threshold of the questions that name a rule).
_DATA_INCIDENT = re.compile(
    r"\b(?:buckets?|fuites? de donnees|data leaks?|leaked (?:\w+ )?data|piratage|pirates?|hacke[rd]?|cyberattaques?"
    rf"|cyber-?attacks?|ransomware|rancongiciels?|{_BREACH})\b"
)


# ...and an incident the product caused, asked about as its maker's duty (« A user of our insulin titration app ended up
# in the ER… The app had suggested raising her basal dose… What do we have to do on our side as the company that makes
# the app? », scope_probes/blind-27: 0.97 medical): the symptoms are told, what is asked is the vigilance's. Both must be
# there: « our app suggested a higher dose, what dose should she take now? » asks for medical advice.
_PRODUCT_ACTED = re.compile(
    r"\b(?:l'|(?:our|the|this|notre|cette|le|la) (?:\w+ )?)(?:app|application|appli|device|software|algorithm|algorithme"
    r"|algo|logiciel|dispositif|dm|tool|outil|platform|plateforme|chatbot|model|modele|calculator|calculateur)"
    r" (?:had |has |a |avait |lui a |leur a )?(?:suggested|recommended|told|advised|calculated|computed|displayed|showed"
    r"|gave|proposed|missed|failed to|propose|suggere|recommande|conseille|calcule|indique|affiche|donne|rate|manque"
    r"|oublie"
    # ...or did not do (« notre algo n'a déclenché aucune alerte », scope_probes/blind-29)
    r"|n'a (?:pas |jamais )?(?:declenche|envoye|detecte|signale|transmis|emis)|n'avait (?:pas |jamais )?(?:declenche"
    r"|envoye|detecte|signale|transmis|emis)|(?:did not|didn't|never) (?:trigger|send|raise|flag|detect|fire))\b"
)
_MAKERS_DUTY = re.compile(
    r"\b(?:what (?:do|should|must|shall) we (?:have to |need to |legally )?do|what are our (?:obligations|duties)"
    r"|on our side|as the (?:company|manufacturer|maker)|(?:on|nous) (?:doit|devons) faire quoi"
    r"|qu'est-ce qu(?:'on|e nous) (?:doit|devons) faire|on fait quoi|que (?:doit|devons)-(?:on|nous) faire|de notre cote"
    r"|en tant que (?:fabricant|societe|editeur|entreprise)|nos obligations)\b"
)


def names_a_product_incident(text: str) -> bool:
    """Whether the text tells of an incident its product caused or failed to prevent and asks what its maker must do."""
    folded = fold(text)
    return bool(_PRODUCT_ACTED.search(folded) and _MAKERS_DUTY.search(folded))


def names_an_incident(text: str) -> bool:
    """Whether the text tells of a data incident, or of one its product caused and asks what its maker must do: what to
    do is then the GDPR's or the vigilance's, never a clinician's (the learned check's medical verdict does not apply,
    `scope_model.scope_verdict`)."""
    return bool(_DATA_INCIDENT.search(fold(text))) or names_a_product_incident(text)


# ...and, for the learned scope check's thresholds only (`names_a_rule`), research on people and its categories
# (« RIPH 2 ou RIPH 3 ? », « loi Jardé ») and the trend report. Not for the rules above: « Pour notre RIPH 2, un
# participant a 39 de fièvre, que doit-il prendre ? » must stay a medical question. Not billing (« is it billable? »):
# « et c'est facturable ? » after a refused dose question then left the hand-off for telemonitoring quotes. Consent is
# the GDPR's: « et pour les enfants de moins de 15 ans, le consentement ? » after a refused dose question for one's son
# was refused as its sequel (tune half and written probes identical). And the field's funders, programmes and
# services by name (« is Bpifrance's Bourse French Tech open to a company registered in Belgium? »): read as plain, that
# question set the off-topic threshold of every plain message (0.972) and let labour-law and pricing questions through;
# in this stratum, the learned check alone caught 0.663 -> 0.707 of the off-topic tune questions out of sample, and the
# assistant refused 26 instead of 24 of the 1,067 answerable written probes for 46 instead of 58 of the 1,862
# must-refuse ones answered (2026-12-04; `article 51` left out: a clinical question set in one lost its hand-off).
_RULE_WORDS = re.compile(
    r"\b(?:riph ?[123]?|loi jarde|comite de protection des personnes|rapport de tendances|trend report|consentement|consent"
    r"|bpifrance|bpi|bourse french tech|french tech|france 2030|i-?nov|i-?lab|pm'?up|g_?nius|appels? a projets"
    r"|eic accelerator|horizon europe|mssante|societes? de teleconsultation|segur|agence du numerique en sante)\b"
)
# Medical knowledge asked for its own sake, about no product or rule: the signs of a disease, how long it lasts, how
# to treat it (« Quels sont les signes d'un AVC ? », « Combien de temps dure une gastro ? »).
_MEDICAL_KNOWLEDGE = re.compile(
    r"\b(?:(?:signes?|symptomes?) (?:d'un|d'une|du|de la|de l')|(?:early )?(?:signs?|symptoms?) of"
    r"|combien de temps dure (?:une|un|la|le) (?:gastro|grippe|angine|otite|bronchite|covid|varicelle|rhume|migraine)"
    r"|how long does (?:a |the )?(?:flu|cold|covid|fever|migraine) last|comment (?:soigner|guerir) (?:une|un|la|le|les)"
    # « comment traiter une demande d'accès ? » is the GDPR's: treating, only an illness
    r"|(?:ca |cela )?se (?:soigne|guerit) comment|comment (?:ca |cela )?se (?:soigne|guerit)|how (?:is|are) (?:it|they) treated"
    r"|(?:comment traiter|how (?:do i |to )?treat) (?:une|un|la|le|les|a|an|the|my) (?:infection|angine|otite|grippe"
    r"|douleur|migraine|entorse|brulure|plaie|fievre|toux|cold|flu|fever|cough|burn|wound|sprain|headache|rash)"
    r"|contagi\w*)\b"
)
# A report or result of an examination of one's own body is read by a clinician (« is my MRI report bad? »).
_OWN_RESULTS = re.compile(
    r"\b(?:my|mon|ma|mes) (?:mri|irm|scanner|x-ray|radio|echographie|ultrasound|blood tests?|prise de sang|bilan sanguin"
    r"|analyses? de sang|lab results?|test results?|resultats? d'analyses?"
    # ...a tracing, a screening or a biopsy of it (« tiens mon ECG d'hier montre un bloc de branche droit, c'est grave ? »,
    # a blind conversation)
    r"|ecg|ekg|electrocardiogramme|electrocardiogram|holter|mammographie|mammogram|frottis|pap smear|biopsie|biopsy)\b"
    # ...or one had done (« jai fait un ECG hier le compte rendu dit BBD incomplet, c grave ? », a blind conversation)
    r"|\b(?:j'ai|jai|i had|i got) (?:fait |passe |eu |done )?(?:un|une|an?) (?:irm|mri|scanner|ct scan|radio|x-ray|echographie"
    r"|ultrasound|prise de sang|bilan sanguin|blood test|ecg|ekg|electrocardiogramme|holter|mammographie|biopsie|biopsy)\b"
)
# Taking a named medicine, with no product or rule in the question, is a medical question whoever takes it (« is it
# safe to take ibuprofen while pregnant », « le Doliprane est-il dangereux pour le foie ? »); naming one is not (« et si
# elle calcule la dose d'insuline ? », « les antibiotiques prescrits en téléconsultation sont-ils remboursés ? »).
_TAKING = re.compile(r"\b(?:safe|dangereux|dangereuse|dangerous|take|taking|prendre|donner|avaler|boire)\b")
_MEDICINE = re.compile(r"\b(?:" + _NAMED_MEDICINES + r")\b")


def names_a_rule(text: str) -> bool:
    """Whether the text names a rule, regulator or duty of the field (« classe », « CNIL », « déclarer », « RIPH »…):
    the learned scope check weighs such a question against its own thresholds, and a follow-up that does is not a
    refused medical question's sequel."""
    folded = fold(text)
    return bool(_RULE.search(folded) or _RULE_WORDS.search(folded))


# The objects of the field's rules a founder names in a short follow-up (« et la documentation technique, elle doit
# contenir quoi ? », « and how long is the certificate valid? »): after a medical hand-off, such a follow-up returns to
# the conversation's regulatory subject; it was refused as the medical question's sequel. Only for that decision, and
# only when it speaks of no person (a rule named is enough: « et je dois déclarer quoi à l'ANSM ? »); not in
# `names_a_rule`: the learned scope check's thresholds and the dose and diagnosis rules stay as they were. Words a
# medical sequel uses too are left out or qualified: « la notice » alone is a medicine's leaflet (« et la notice dit
# quoi ? »), « certificat médical » a doctor's, « has » a verb unless it is « la HAS ».
_FIELD_SUBJECT = re.compile(
    r"\b(?:documentation technique|dossier technique|technical (?:documentation|file)|audits?|organisme certificateur"
    r"|certificats?(?! medica)|certificates?(?! from (?:a|the|my|his|her) doctor)|certification|notice d'utilisation"
    r"|instructions for use|ifu|etiquetage|labell?ing|evaluation clinique|clinical evaluation|investigations? cliniques?"
    r"|clinical investigations?|essais? cliniques?|clinical trials?|etudes? cliniques?|clinical stud(?:y|ies)"
    r"|surveillance apres commercialisation|post-?market|pms|pmcf|scac|psur|prrc|personne chargee de veiller"
    r"|mandataire|authori[sz]ed representative|importateur|importer|distributeur|distributor|udi|iud|eudamed"
    r"|iso ?(?:13485|14971|27001|62304)|iec ?62304|smq|qms|management de la qualite|quality management"
    r"|gestion des risques|risk management|cybersecurite|cybersecurity|hebergeur|hebergement|hosting|sous-traitants?"
    r"|processors?|registre des traitements|record of processing|durees? de conservation|(?:data )?retention period"
    r"|transferts? (?:de donnees|hors)|data transfers?|pseudonymi[sz]ation|anonymi[sz]ation|entrepots? de donnees|snds"
    r"|health data hub|la has|the has|haute autorite|smr|asmr|asa|evaluation medico-economique"
    r"|tarifs? (?:de remboursement|lppr)|appels? d'offres|subventions?|grants?|financements?|funding"
    r"|dossier de candidature)\b"
)


def names_a_field_subject(text: str) -> bool:
    """Whether the text names one of the objects the field's rules govern (the technical documentation, an audit, the
    certificate, the host of health data…), beside the rules themselves (`names_a_rule`)."""
    return bool(_FIELD_SUBJECT.search(fold(text)))


def speaks_of_someone(text: str) -> bool:
    """The text names the asker or someone close as a person (« moi », « mon fils », « my wife »), not the company
    (« nous », « notre appli »)."""
    return bool(_SOMEONE_NAMED.search(fold(text)))


# Someone close named as a person, or a child by its age or weight (« mon fils de 5 ans », « my 70-year-old father »,
# « pour un enfant de 20 kg »): not « ma startup », « nos patients » or « les enfants de moins de 15 ans ».
_RELATIVE = re.compile(
    rf"\b(?:(?:mon|ma|mes|my|our) (?:[\w-]+ )?(?:{_CLOSE})s?"
    r"|(?:enfant|bebe|nourrisson|fils|fille|child|baby|kid|son|daughter) (?:de|of) \d+ ?(?:ans|kg|mois|years?|months?))\b"
)
_ABOUT_MEDICINE = re.compile(rf"\b(?:doses?|dosages?|dosing|posologies?|{_NAMED_MEDICINES})\b")


def names_a_relative(text: str) -> bool:
    """The text names someone close (« mon fils », « my wife ») or a child by its age or weight (« un enfant de 20
    kg »)."""
    return bool(_RELATIVE.search(fold(text)))


def tells_someone_what_to_do(text: str) -> bool:
    """The text asks what to tell or give someone about their care, or whether they stop or go on with it."""
    return bool(_TELL_THEM.search(fold(text)))


def about_a_medicine(text: str) -> bool:
    """The text speaks of a medicine or of its dose, whatever it asks about it (« notre appli calcule la dose de
    paracétamol : est-ce un DM ? »)."""
    return bool(_ABOUT_MEDICINE.search(fold(text)))


# A medicine by name or by the form it is taken in (« et en sirop c'est pareil ? », « and the pills? »). Not « capsule »
# (an endoscopy capsule is a device) nor « tablet ».
_MEDICINE_OR_FORM = re.compile(
    rf"\b(?:{_NAMED_MEDICINES}|sirops?|syrups?|comprimes?|gelules?|suppositoires?|suppositor(?:y|ies)|pills?|cachets?"
    r"|pommades?|ointments?|gouttes|effervescents?)\b"
)


def names_a_medicine(text: str) -> bool:
    """The text names a medicine or the form it is taken in, and no product or rule (« et si l'appli gère aussi
    l'insuline ? » is the product's)."""
    folded = fold(text)
    return bool(_MEDICINE_OR_FORM.search(folded)) and not _PRODUCT.search(folded)


def is_personal_medical(text: str) -> bool:
    """True when the text asks for a medical decision about a person, not about a product or a rule; or for a
    prescription or a diagnosis of a finding; or, with no rule in view, what to do for a measured value or reported
    symptoms (product or not) or the right dose of a medicine; or, with no product or rule in view, about taking a
    named medicine, about a disease's signs, course or treatment, or about one's own examination results. What the
    message ends on asking is read on its own as well: a scene that names a rule does not vouch for a clinical question
    asked after it."""
    asked = what_is_asked(text)
    folded, folded_asked = fold(text), fold(asked)
    # whether what is asked names a rule (`names_a_rule`): the whole message when it sets no scene first
    rule_asked = bool(_RULE.search(folded_asked if asked else folded))
    if _IDEATION.search(folded) and not rule_asked and not _IDEATION_FEATURE.search(folded):
        return True
    # after a scene, whether an emergency told in it can wait, or a dose for a body of a given weight or age
    if (
        asked
        and not rule_asked
        and ((_SERIOUS.search(folded_asked) and _CONDITION.search(folded)) or _DOSE_FOR_BODY.search(folded))
    ):
        return True
    return _asks_medical(folded) or (bool(asked) and _asks_medical(folded_asked))


def _asks_medical(folded: str) -> bool:
    if any(rule.search(folded) for rule in (_PRESCRIBING, _DIAGNOSIS_ASKED, _OWN_TREATMENT, _MAY_TAKE)):
        return True
    about_a_rule = bool(_RULE.search(folded))  # `names_a_rule` less `_RULE_WORDS`, on the text already folded
    if not about_a_rule and (
        _DOSE_ASKED.search(folded)
        or _CLINICAL_KNOWLEDGE.search(folded)
        or (_CONDITION.search(folded) and _DECISION.search(folded))
    ):
        return True
    if _PRODUCT.search(folded) or about_a_rule:
        return False
    if _MEDICAL_KNOWLEDGE.search(folded) or _OWN_RESULTS.search(folded):
        return True
    taking_a_medicine = bool(_MEDICINE.search(folded) and _TAKING.search(folded))
    return bool(_MEDICAL_REQUEST.search(folded) and (_PERSONAL.search(folded) or taking_a_medicine))
