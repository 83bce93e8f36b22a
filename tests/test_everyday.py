"""Everyday words (« hacker », « la pub », « la Sécu ») reach the sheets that use the corpus's words, and only them."""

import re

import pytest

from app.answer import question as question_module
from app.answer import relevance
from app.answer.extractive import choose
from app.answer.followup import subject_words
from app.answer.service import ask
from app.retrieve import everyday
from app.retrieve.everyday import _lexicon, found, in_sheet_phrases, widen
from app.retrieve.index_reader import get_index
from app.retrieve.search import search_chunks
from app.text import fold, own_words, spelled_out, telling_words, tokenize
from tests.builders import hit


def test_widen_appends_the_corpus_words_and_leaves_other_queries_alone():
    assert widen("On s'est fait hacker") == "On s'est fait hacker violation cyberattaque piratage"
    assert widen("la pub et la Sécu").endswith("publicité assurance maladie")
    assert widen("notification d'une violation de données") == "notification d'une violation de données"


def test_english_words_of_the_field_reach_the_french_sheets_words():
    widened = widen("Who must we notify after a breach, and within how many hours?")
    assert {"notifier", "violation", "heures"} <= set(widened.split())
    widened = widen("Do we need CE marking before a foreign manufacturer can submit?")
    assert {"obligatoire", "marquage", "étranger", "fabricant", "déposer"} <= set(widened.split())


def test_every_entry_adds_a_word_the_question_did_not_already_carry():
    """An entry whose word stems like its own equivalent (« medical » and « médical ») adds nothing to English
    questions and doubles a French word's weight in every French one."""
    for stem, words in _lexicon().items():
        assert set(tokenize([" ".join(words)])[0]) - {stem}, stem


@pytest.mark.parametrize("table", [everyday.LEXICON, everyday.ENGLISH])
def test_no_word_has_two_entries(table):
    """YAML keeps the last of two entries for a word: « authorised » was mapped to « mandataire » in one entry and to
    « autorisé » in another, and the first silently did nothing."""
    keys = [line.split(":")[0].strip() for line in table.read_text(encoding="utf-8").splitlines()]
    keys = [key for key in keys if key and not key.startswith("#")]
    assert [key for key in set(keys) if keys.count(key) > 1] == []


def test_the_quoted_sentence_is_chosen_by_the_english_questions_french_equivalents():
    register = hit("Le registre des activités de traitement est tenu par écrit par le responsable.", chunk_id="a:1")
    breach = hit("Une violation doit être notifiée à la CNIL dans un délai de 72 heures au plus tard.", chunk_id="b:1")
    statement = choose("What is the deadline to notify a breach?", [register, breach])[0]
    assert statement.text.startswith("Une violation")


def test_a_word_counts_as_found_through_its_equivalent_only():
    assert found("pub", {"publicit"}) and found("pub", {"pub"})
    assert not found("pub", {"rembours"})
    assert not found("recet", {"publicit"})  # a word the lexicon does not know is looked for as typed


HACKED = "On s'est fait hacker hier, la base patients a fuité : que doit-on faire ?"
TELESUIVI = "Notre appli de télésuivi doit-elle passer par une analyse d'impact ?"


GALERE = "La PECAN, c'est galère à obtenir ?"
DELIRE = "C'est quoi le délire avec le HDS, on est obligés ?"
SMS = "c koi le truc de la cnil pour les donnees de sante"
KEYWORDS = "pecan delai ?"
BOITE = "faut un dpo qd on est 3 ds la boite ??"  # « boîte » is the company, an « organisme » in the sheets
RADIOS = "notre IA lit des radios, c'est quelle classe MDR"  # the sheets: imagerie, radiologie
PUB = "la pub pour notre appli, c'est encadré ?"  # the sheets: publicité


@pytest.mark.parametrize(
    "question, doc_id",
    [
        # the MDR's « authorised representative » is the sheets' « mandataire », not the GDPR's representative
        (
            "We are a Swiss company selling medical software in France, do we need an EU authorised representative?",
            "mdr-mandataire-ue-article-11",
        ),
        # data used again is the GDPR's « réutilisation »
        (
            "Can we reuse data collected from our app users to train our AI model without asking for new consent?",
            "rgpd-reutilisation-donnees-usage-secondaire",
        ),
        # a service provider handling patients' data is the GDPR's « sous-traitant »
        (
            "Nous faisons appel à un prestataire pour l'envoi de SMS aux patients : quel contrat signer au titre du "
            "RGPD ?",
            "rgpd-sous-traitants-article-28",
        ),
        # storage left open to anyone is a data breach (scope_probes/blind-25)
        (
            "Un dev a laissé un bucket ouvert pendant 3 jours avec des ordonnances de patients dedans. On doit prévenir"
            " qui, et en combien de temps ?",
            "rgpd-violation-donnees-notification",
        ),
    ],
)
def test_a_founder_s_word_finds_the_sheet_that_names_it_otherwise(project_settings, question, doc_id):
    found = [hit.chunk.doc_id for hit in search_chunks(project_settings, question, 5)]
    assert doc_id in found, found


@pytest.mark.parametrize(
    "question, doc_word",
    [
        (HACKED, "violation"),
        ("On s'est fait hacker hier soir, que faire ?", "violation"),  # when it happened names nothing
        (TELESUIVI, "impact"),
        (GALERE, "pecan"),
        (DELIRE, "hébergement"),
        (SMS, "cnil"),
        (KEYWORDS, "pecan"),
        (BOITE, "délégué"),
        (RADIOS, "classe"),
        (PUB, "publicité"),
        # « infos » are the sheets' « informations », « niveau » here is « as for », « pas du tout » insists
        (
            "les infirmieres de nos EHPAD partenaires veulent s echanger des infos sur les residents par whatsapp, "
            "niveau secret medical c ok ou pas du tout",
            "mssanté",
        ),
        # the sheets' « prise en charge »: the verb's stem is not the noun's, and « neurostimulation » is no sheet's
        (
            "Le forfait innovation de la HAS, ça prend en charge quoi exactement pour un dispositif de neurostimulation ?",
            "forfait innovation",
        ),
    ],
)
def test_colloquial_questions_are_answered_from_the_right_sheets(project_settings, question, doc_word):
    answer = ask(project_settings, question)
    assert not answer.refused, answer.answer
    assert any(doc_word in (c.section + c.quote).lower() for c in answer.citations)


@pytest.mark.parametrize(
    "question",
    [
        "Comment pirater le wifi du voisin ?",
        "Comment hacker le compte Instagram de mon ex ?",
        "Combien rembourse la Sécu pour des lunettes ?",
        "Which health insurance is the cheapest for a family of four?",
        "How do I host a website for my bakery?",
        # « prend » is the sheets' « prise » only in « prend en charge »
        "En moyenne ça prend combien de temps la validation d'une app sur le Google Play Store ?",
        # without English auxiliaries and pronouns to weigh in the gate (`telling_words`)
        "Can you recommend a good hotel in Paris?",
        "How do I open a bank account for my company?",
        "What salary should I pay my first developer?",
        "Do we need a trademark for our app name?",
        # the English lexicon keeps to the field's words: « building » or « users » mapped to the sheets' words let it
        # through
        "We keep shipping features nobody uses. How do we validate demand before building?",
    ],
)
def test_everyday_words_do_not_open_the_gate_to_off_topic_questions(project_settings, question):
    assert ask(project_settings, question).refused


# TELESUIVI's other words already cover 0.42 of it without the lexicon (the gate asks 0.4): it no longer guards the
# lexicon, nor does HACKED since « hier » names nothing, nor RADIOS once the official articles are indexed. Without
# the lexicon, « hacké », « dehors » and « nuit » are words of no sheet (« cette nuit » is when it happened), nor is
# « pub », and the gate refuses the question.
@pytest.mark.parametrize("question", ["Hacké cette nuit, base patients dehors, que faire ?", PUB])
def test_without_the_lexicon_the_colloquial_question_is_refused(project_settings, monkeypatch, question):
    """Guards the lexicon itself: the same questions are refused when no equivalent is known."""
    monkeypatch.setattr(everyday, "_lexicon", lambda: {})
    monkeypatch.setattr(everyday, "equivalents", lambda: {})
    assert ask(project_settings, question).refused


def test_an_english_contraction_and_where_a_company_is_based_are_not_a_question_s_own_words():
    """« we're » left « re » among the follow-up's own words, which the passages lacked: with « based », two words of
    three that no sheet uses, and « what about an EU representative, we're based in the US? » was refused."""
    assert own_words("what about an EU representative, we're based in the US?") == ["representative", "we", "us"]
    assert own_words("They've hired a DPO, we'll see") == ["hired", "dpo", "we", "see"]


def test_colloquial_fillers_are_not_a_question_s_own_words():
    """« galère », « délire » are in no sheet: kept, they would weigh most in the gate and refuse the question."""
    assert own_words(GALERE) == ["pecan", "obtenir"]
    assert "delire" not in own_words(DELIRE) and "hds" in own_words(DELIRE)
    # text-message spellings, but not « MDR », which is the regulation
    assert own_words(SMS) == ["cnil", "donnees", "sante"]
    assert own_words("ya un referentiel pr l interop ? jsuis perdu, c koi la diff avec le MDR") == [
        "referentiel",
        "interop",
        "diff",
        "mdr",
    ]
    # how the founder feels and when it happened name nothing either; losing data is a breach
    assert own_words("On s'est fait hacker hier, on est paumés") == ["fait", "hacker"]
    assert "perdu" in own_words("On a perdu une clé USB de dossiers patients")
    # being lost is a feeling, said as a whole (« on est perdus », « we're a bit lost »)
    assert own_words("un guichet pour savoir quelles règles s'appliquent ? on est perdus") == [
        "guichet", "savoir", "regles", "appliquent"
    ]  # fmt: skip
    assert own_words("We're a bit lost: which rules apply?") == ["rules", "apply"]
    # the time of day it happened too; « soir » alone stays a word (« c pr le pot d'équipe ce soir » is refused)
    assert own_words("On s'est fait hacker hier soir") == ["fait", "hacker"]
    assert own_words("We got hacked last night") == ["we", "got", "hacked"]
    assert own_words("c pr le pot d'équipe ce soir") == ["pot", "equipe"]
    # the spoken « as for » and an insistence: « niveau secret médical, c ok ou pas du tout »; a level is a word
    assert own_words("niveau secret medical c ok ou pas du tout") == ["secret", "medical"]
    assert own_words("le niveau de risque") == ["niveau", "risque"]
    assert own_words("un accès en support niveau 3") == ["acces", "support", "niveau"]
    # nor when it will happen, how often it is done, what someone is going to want, or where
    assert own_words("L'ANSM annonce une inspection chez nous la semaine prochaine. Qu'est-ce qu'ils vont vouloir voir ?") == [
        "ansm", "annonce", "inspection", "voir"
    ]  # fmt: skip
    assert own_words("On livre une nouvelle version toutes les deux semaines") == ["livre", "nouvelle", "version"]
    assert own_words("We release every two weeks") == ["we", "release"]
    # whether it can be done names nothing either
    assert own_words("is it realistic for a class IIa device?") == ["class", "iia", "device"]
    # knowing is how one asks (« sais » is also saisir's stem, in the sheets)
    assert own_words("tu sais comment on fait une pâte à crêpes ?") == ["fait", "pate", "crepes"]
    assert own_words("notre appli c un DM ou pas, comment on sait ??") == ["appli", "dm"]  # the device, as typed
    # « ok », « revenons », « sinon » and indefinite pronouns name nothing either
    assert own_words("logiciel classe 1 autocertif ok ?") == ["logiciel", "classe", "autocertif"]
    assert own_words("revenons à la CNIL : on doit déclarer quelque chose ?") == ["cnil", "doit", "declarer"]
    assert own_words("Combien de temps on peut garder les données sinon ?") == ["temps", "peut", "garder", "donnees"]
    assert own_words("Can someone help us with anything?") == ["can", "help", "us"]
    # « si oui » ties a follow-up to the answer before, and names nothing; nor does moving on (« on bascule sur »)
    assert own_words("et si oui quelle classe ?") == ["classe"]
    assert own_words("Et ensuite, on bascule sur la LPPR ?") == ["ensuite", "lppr"]
    assert own_words("on voudrait être remboursés, on veut savoir") == ["etre", "rembourses", "savoir"]
    # greetings, « cb » (combien), « du coup »; « G_NIUS » stays one word, as BM25 counts it
    assert own_words("slt on doit etre hds si on stock des rdv medicaux ??") == [
        "doit",
        "etre",
        "hds",
        "stock",
        "rdv",
        "medicaux",
    ]
    assert own_words("la cnil elle peut nous mettre une amende de cb max") == [
        "cnil",
        "peut",
        "mettre",
        "amende",
        "max",
    ]
    assert own_words("quelle classe du coup ?") == ["classe"]
    assert own_words("G_NIUS ça sert à quoi ?") == ["g_nius", "sert"]
    # nor do the words that ask since when
    assert own_words("Les tarifs actuels de la télésurveillance s'appliquent depuis quand ?") == [
        "tarifs",
        "telesurveillance",
        "appliquent",
    ]
    assert own_words("What is the current HDS standard, since when?") == ["hds", "standard"]
    # adverbs that insist name nothing either
    assert own_words("l'AI Act s'applique quand exactement ?") == ["act", "applique"]
    assert own_words("is it really required?") == ["required"]
    # that everyone talks about it says nothing of what it is
    assert "monde" not in own_words("C'est quoi l'INS et pourquoi tout le monde en parle ?")
    # « qq » (quelque, quelqu'un)
    assert own_words("ya un guichet qq part ? qqn peut nous aider ?") == ["guichet", "part", "peut", "aider"]


def test_text_message_and_everyday_words_reach_the_sheets_words():
    assert "délai" in widen("marquage ce ca prend combien de tps")
    assert "externe" in widen("revenons au DPO : on peut l'externaliser ?")
    # « et c payant ? » after a question on G_NIUS, whose sheet says « gratuit »; « who do we send it to? »
    assert "gratuit" in widen("et c payant ?")
    assert "transmettre" in widen("ok and who do we send it to?")
    # « et qui le touche, nous ou le médecin ? » (the telemonitoring fee), « quel organisme instruit les dossiers ? »
    assert "perçoit" in widen("et qui le touche, nous ou le médecin ?")
    assert "instruction" in widen("Et quel organisme instruit les dossiers ?")
    # « les tarifs de la télésurveillance »: the sheets give the « montants » of its « forfaits »
    assert {"montants", "forfaits"} <= set(widen("Les tarifs de la télésurveillance ?").split())


def test_a_typographic_apostrophe_separates_words_like_a_plain_one():
    """Phones type « l’hébergement »: folding must not glue it into « lhebergement », a word no sheet has."""
    assert fold("Faut-il l’hébergement HDS ?") == fold("Faut-il l'hébergement HDS ?")
    assert own_words("Faut-il l’hébergement HDS ?") == ["hebergement", "hds"]
    assert tokenize(["qu’est-ce que l’AIPD"]) == tokenize(["qu'est-ce que l'AIPD"])


def test_text_message_spellings_are_written_out_before_the_search():
    """« qd » and « pr » are noise to e5: written out, « l'ai act ça s'applique qd exactement pr un DM ? » is searched
    as the question it is."""
    assert (
        spelled_out("l'ai act ça s'applique qd pr un DM ?")
        == "l'ai act ça s'applique quand pour un dispositif médical ?"
    )
    assert spelled_out("amende de cb max, ya un plafond ?") == "amende de combien max, il y a un plafond ?"
    assert spelled_out("exp art51 duree max") == "exp article 51 duree max"
    # whole words only; the regulation, an IVDR class and the digital device (« DMN », in 36 chunks) are left alone
    assert spelled_out("MDR classe C, un DMN, le prix, pq pas") == "MDR classe C, un DMN, le prix, pourquoi pas"
    # « DM » is written out: the sheets spell the device out, and e5 placed « Qui contrôle les DM en France ? » under
    # the gate's floor (0.838; spelled out, 0.881)
    assert spelled_out("Qui contrôle les DM en France ?") == "Qui contrôle les dispositif médical en France ?"
    assert spelled_out("le DM-IA, un dm ou pas") == "le DM-IA, un dispositif médical ou pas"
    assert spelled_out("l'expr ds-pr") == "l'expr ds-pr"
    # « maj »: e5 placed « on a fait une maj de l'algo, faut repasser le marquage CE ? » under the gate's floor
    assert spelled_out("on a fait une maj de l algo") == "on a fait une mise à jour de l algo"


def test_a_question_is_searched_written_out_and_recorded_as_typed(built_settings):
    answer = ask(built_settings, "un logiciel d'aide a la decision c quelle classe pr le diagnostic ?")
    assert answer.question == "un logiciel d'aide a la decision c quelle classe pr le diagnostic ?"
    assert answer.record is not None and " pour le diagnostic" in answer.record.standalone_query


def test_english_auxiliaries_and_pronouns_are_not_words_the_gate_weighs():
    """bm25s's English list has 33 words: « did », « we », « should » were words no sheet uses, weighing most."""
    assert telling_words("When did the telemonitoring activities list replace ETAPES?") == [
        "telemonitoring",
        "activities",
        "list",
        "replace",
        "etapes",
    ]
    assert telling_words("Should we pay the first amount within six months?") == [
        "pay",
        "first",
        "amount",
        "six",
        "months",
    ]
    # the follow-up decisions keep counting them (their thresholds are tuned on these counts)
    assert "did" in own_words("When did the telemonitoring activities list replace ETAPES?")


ETAPES_EN = "When did the telemonitoring activities list replace ETAPES?"


def test_an_english_question_is_not_refused_for_its_auxiliaries(project_settings, monkeypatch):
    answer = ask(project_settings, ETAPES_EN)
    assert not answer.refused, answer.answer
    assert "1er juillet 2023" in answer.answer
    monkeypatch.setattr(relevance, "telling_words", own_words)  # « did » weighs again: refused
    assert ask(project_settings, ETAPES_EN).refused


def test_an_english_follow_up_reaches_the_sheets_words_through_the_lexicon(project_settings, monkeypatch):
    """« what about the servers being in the US? »: « servers » are the sheets' « serveurs » and « hébergement »;
    without the lexicon the follow-up's own word is found in none of the passages (it is then judged on its meaning
    alone, across languages)."""
    opener = "We use the OpenAI API to draft discharge summaries from patient notes, is that GDPR compliant?"
    follow_up = "what about the servers being in the US?"
    first = ask(project_settings, opener)
    assert not first.refused, first.answer
    answer = ask(project_settings, follow_up, conversation_id=first.conversation_id)
    assert not answer.refused, answer.answer
    assert subject_words(follow_up) == ["servers"]
    index = get_index(project_settings)
    hits = search_chunks(project_settings, answer.record.standalone_query, project_settings.top_k, index=index)
    assert relevance.signals("servers", hits, index, "en", relevance.FOLLOW_UP_PASSAGES).coverage == 1.0
    monkeypatch.setattr(everyday, "equivalents", lambda: {})
    assert relevance.signals("servers", hits, index, "en", relevance.FOLLOW_UP_PASSAGES).coverage == 0.0


def test_how_long_something_lasts_is_its_duration(project_settings):
    """« last » is the sheets' « dure » / « durée »: without it, the PECAN's one year lost to the 30 days in which its
    decree is notified, which share only « PECAN » with the question."""
    opening = ask(project_settings, "how long does the PECAN last?").answer.split("\n")[2]
    assert "un an" in opening, opening


def test_how_often_and_the_verb_of_doing_name_nothing_the_gate_must_find(project_settings):
    """« tous les combien faut-il le faire ? » left « tous » and « faire » among the words the passages must carry: the
    PSUR's passages lack them, and the question was refused."""
    assert telling_words("Qu'est-ce qu'un PSUR et tous les combien faut-il le faire ?") == ["psur"]
    assert telling_words("Tous les patients doivent-ils consentir ?")[0] == "tous"  # not asking how often
    answer = ask(project_settings, "Qu'est-ce qu'un PSUR et tous les combien faut-il le faire ?")
    assert not answer.refused and "tous les deux ans" in answer.answer.split("\n")[2], answer.answer


def test_an_english_question_s_words_that_read_as_other_french_words_are_written_in_the_sheets_words():
    """The French stemmer reads « data » as « date », « tell » as « tel », « fine » as « fin »."""
    english = everyday.in_sheet_words("How long do we have to keep health data, and what's the fine?")
    assert {"durée", "conserver", "données", "amende"} <= set(re.findall(r"\w+", english)), english
    assert not {"data", "long", "fine"} & set(english.split())
    assert "amende" in everyday.in_sheet_words("What's the maximum GDPR fine?")
    for all_right in ("Is that fine?", "Is it fine to keep logs?", "We're fine with a French host."):
        assert "amende" not in everyday.in_sheet_words(all_right), all_right  # « fine » as « all right »: dropped
    assert "App Store" in everyday.in_sheet_words("Can we say it in our App Store description?")
    french = "Quelle date de fin pour la data room, sous un délai court ?"
    assert everyday.in_sheet_words(french) == french
    assert "dat" not in tokenize([widen("Where is the data stored?")])[0]
    assert "violation" in widen("Our app got hacked")  # the stemmer leaves « hacked » whole: not « hack »
    assert "mesure d'audience" in widen("Google Analytics dans l'appli ?")  # the sheets' words for it


@pytest.mark.parametrize(
    ("turns", "opening_words"),
    [
        # « data » read as « date » ranked a funding record's « Au 29 novembre 2026, date de vérification… » first
        (["How long do we have to keep health data collected by our app?"], "chaque catégorie de données"),
        # « tell » read as « tel »: the CNIL's on-site inspections « entre 6 heures et 21 heures » opened the answer
        (["Our app got hacked", "how long do we have to tell the CNIL?"], "72 heures"),
        # « fine » read as « fin »: the principle of purpose limitation (« finalités déterminées ») opened the answer
        (["What's the maximum GDPR fine?"], "20 millions d'euros ou 4 %"),
    ],
)
def test_english_questions_are_matched_in_the_sheets_words(project_settings, monkeypatch, turns, opening_words):
    def opening() -> str:
        conversation = None
        for turn in turns:
            answer = ask(project_settings, turn, conversation_id=conversation)
            conversation = answer.conversation_id
        return answer.answer.split("\n")[2]

    assert opening_words in opening(), opening()
    monkeypatch.setattr(everyday, "in_sheet_words", lambda query: query)
    assert opening_words not in opening()


def test_an_ai_model_s_updates_reach_the_sheet_on_predetermined_changes(project_settings, monkeypatch):
    """« pre-approve », « updates » and « retrained » reached no word of the sheets: the question was answered from the
    AI Act's calendar, then refused once an English question needed more of its words found."""
    turns = ["Our AI model is retrained regularly on new data.", "Is there a way to pre-approve future model updates?"]

    def cited() -> set[str]:
        context = ask(project_settings, turns[0])
        answer = ask(project_settings, turns[1], conversation_id=context.conversation_id)
        return {c.doc_id for c in answer.citations}

    assert "mdr-ia-changements-predetermines-pccp" in cited()
    monkeypatch.setattr(everyday, "_lexicon", lambda: {})
    monkeypatch.setattr(everyday, "equivalents", lambda: {})
    assert "mdr-ia-changements-predetermines-pccp" not in cited()


def test_an_algorithm_that_gets_it_wrong_is_a_question_of_liability(project_settings, monkeypatch):
    """« si notre algo se trompe »: « se trompe » named nothing the sheets say (erreur, produit défectueux), and the
    question was refused."""
    question = "Qui est responsable si notre algo se trompe ?"
    answer = ask(project_settings, question)
    assert not answer.refused and answer.citations[0].doc_id.startswith("mdr-responsabilite-produits"), answer.answer
    _without_entry(monkeypatch, "tromp")
    assert ask(project_settings, question).refused


@pytest.mark.parametrize(
    "question, doc_id",
    [
        ("La publicité pour un DM est-elle libre ?", "mdr-publicite-dispositifs-medicaux-article-7-csp"),
        (
            "Qu'est-ce qu'on met dans la documentation technique d'un logiciel DM ?",
            "mdr-documentation-technique-annexes-ii-iii",
        ),
        ("Qui contrôle les DM en France ?", None),
    ],
)
def test_dm_is_searched_as_the_device_the_sheets_spell_out(project_settings, monkeypatch, question, doc_id):
    """« DM » is in one chunk: as typed, it weighed most in the gate and e5 read it as noise."""
    answer = ask(project_settings, question)
    assert not answer.refused, answer.answer
    assert doc_id is None or answer.citations[0].doc_id == doc_id
    assert answer.record is not None and "dispositif médical" in answer.record.standalone_query
    monkeypatch.setattr(question_module, "spelled_out", lambda text: text)  # searched as typed
    assert ask(project_settings, question).refused


def test_taking_charge_is_the_sheets_prise_en_charge_only_as_a_phrase():
    assert in_sheet_phrases("La Sécu prend-elle en charge notre appli ?") == "La Sécu prise en charge notre appli ?"
    assert in_sheet_phrases("Qui prennent en charge les frais ?") == "Qui prise en charge les frais ?"
    assert in_sheet_phrases("ça prend combien de temps ?") == "ça prend combien de temps ?"


@pytest.mark.parametrize(
    ("turns", "stem", "sheet"),
    [
        (
            ["c'est quoi une AIPD ?", "et les données, on les garde combien de temps ?"],
            "gard",
            "rgpd-durees-conservation",
        ),
        (
            ["On veut lancer une expérimentation article 51 sur le parcours post-AVC.", "et on dépose le dossier où ?"],
            "depos",
            "art51-parcours-depot-cahier-des-charges",
        ),
    ],
)
def test_keeping_data_and_filing_a_dossier_reach_the_sheets_words(project_settings, monkeypatch, turns, stem, sheet):
    """« garder » the data is the sheets' « conservation », « déposer » a dossier their « dépôt »: without them the
    follow-up opened on the conversation's subject (what an AIPD is) or was searched with it alone (what Article 51
    is)."""

    def opened_on() -> str:
        conversation = None
        for turn in turns:
            answer = ask(project_settings, turn, conversation_id=conversation)
            conversation = answer.conversation_id
        return answer.citations[0].doc_id

    assert opened_on() == sheet
    _without_entry(monkeypatch, stem)
    assert opened_on() != sheet


def test_a_verb_reaches_the_noun_the_stemmer_keeps_apart_from_it():
    """The French stemmer gives « décide » decid and « décision » decis, « retire » retir and « retrait » retr."""
    assert tokenize(["décide"])[0] != tokenize(["décision"])[0]
    assert "décision" in widen("qui décide du remboursement ?").split()
    assert "retrait" in widen("et s'il retire son consentement ?").split()
    assert "certification" in widen("faut-il faire certifier notre hébergeur ?").split()
    assert "interdiction" in widen("c'est interdit de faire de la pub ?").split()


def test_who_decides_is_answered_with_the_decision_s_author(project_settings, monkeypatch):
    """« Who decides on the forfait innovation? »: « decides » reached « décide » (english.yaml), which no sheet
    sentence on the forfait innovation uses; they say « décision »."""
    question = "Who decides on the forfait innovation?"
    fact = "après avis de la Haute Autorité de santé"
    assert fact in ask(project_settings, question).answer
    _without_entry(monkeypatch, "decid")
    assert fact not in ask(project_settings, question).answer


def _without_entry(monkeypatch: pytest.MonkeyPatch, stem: str) -> None:
    """The lexicon as if it had no entry for `stem` (the question's word is then looked for as typed)."""
    lexicon = {s: words for s, words in _lexicon().items() if s != stem}
    table = {s: stems for s, stems in everyday.equivalents().items() if s != stem}
    monkeypatch.setattr(everyday, "_lexicon", lambda: lexicon)
    monkeypatch.setattr(everyday, "equivalents", lambda: table)
