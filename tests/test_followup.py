"""Which questions continue a conversation, and which name their own subject (no index needed)."""

import pytest

from app.answer.followup import (
    asks_again,
    asks_for_more,
    asks_on_its_own,
    correction_in,
    follow_up_query,
    is_follow_up,
    language_asked,
    names_its_subject,
    speaks_of_the_subject,
    subject_phrase,
    subject_words,
    turns_to,
    without_opening,
    without_restatement,
)
from app.retrieve.parts import split_parts

ELLIPTIC = [
    # a subject pronoun standing for what was just discussed
    "Elle dure combien de temps ?",
    "Elle est remboursée ?",
    "Ils sont obligatoires ?",
    # a short interrogative that asks for an attribute of something unnamed
    "Combien ça coûte ?",
    "Combien de temps ?",
    "Quelle est la durée maximale ?",
    "Quel est le montant ?",
    "C'est obligatoire ?",
    "Jusqu'à quand ?",
    "How long does it last?",
    "How much does it cost?",
    "Where do I apply?",
    # connectors, including « pour / for » when short
    "Et pour l'hébergement ?",
    "Et c'est combien au maximum ?",
    "And for class III?",
    "For class III?",
    "Pour la classe IIb ?",
    "Quid de l'article 35 ?",
    # a pronoun standing for what was named before (« le », « en »)
    "On peut le faire nous-mêmes ?",
    "Qui s'en occupe chez nous, le fabricant ?",
    "On est obligés d'en avoir un ?",
    "Et en cas de menace grave pour la santé publique, quel délai ?",
    # an acknowledgement first: the founder read the answer and goes on
    "Ok, et ensuite ?",
    "D'accord, qui paie ?",
    "Merci ! Et pour la classe III ?",
    "Thanks. And who pays?",
    "ok merci, et le montant maximum ?",  # several acknowledgements in a row
    # an indefinite pronoun names nothing: « accompagnés » is all it asks about
    "On peut être accompagnés par quelqu'un ?",
    # what a new circumstance changes to the answer just given, even when it names things
    "On est une SAS de 3 personnes, ça change quelque chose ?",
    "What if we only store the data in Germany?",
    "Does that change anything for a class IIb device?",
    # a pronoun for someone or something already named, as subject or object, whatever else the question names
    "Ils peuvent nous aider à savoir si on est DM ?",
    "Il serait dans quelle classe selon la règle 11 ?",
    "On peut la faire nous-mêmes ou faut passer par un cabinet ?",
    "Can they help with reimbursement questions too?",
    "Can a foreign company take part?",
    "on ne fait que la sauvegarde externalisée, lesquelles nous concernent ?",  # which of the things just named
    "Who pays for the clinical study under it?",  # « it » as a preposition's object
    "Do we need CE marking to sell it in France?",  # « it » as a verb's object
    # only an answer just given makes them questions
    "If so, which class under the MDR?",
    "Si oui, qui paie l'hébergement ?",
    # what comes on top of the rule just given
    "Quelles obligations en plus du MDR ?",
    "What else applies on top of the GDPR?",
    # short, naming nothing, about at most two things: the conversation's subject
    "Quelle est la durée d'une expérimentation ?",
    "Qui paie concrètement, le patient ?",
    "Faut une classe minimum de dispositif ?",
    "Dans notre cas on est encore pré-seed avec 2 fondateurs, ça vaut le coup de candidater ?",
    # « c » typed for « c'est »
    "c cumulable avec un pret d honneur ?",
    # a possessive names whose, not what
    "ok, who in the company should actually do it? our dev lead?",
]

SELF_CONTAINED = [
    "Pour une application de télésurveillance, faut-il un marquage CE ?",
    "Pour le remboursement d'une appli de télésurveillance, quelle voie choisir entre la LATM et PECAN ?",
    "Pour un logiciel d'aide au diagnostic, quelle classe selon la règle 11 ?",
    "For a symptom checker app, is CE marking required?",
    "Pour une startup qui héberge des données de santé, la certification est-elle obligatoire ?",
    "C'est quoi la Bourse French Tech ?",
    "Qu'est-ce que PECAN ?",
    "Combien coûte la certification HDS ?",
    "Il faut un DPO pour une appli santé ?",
    "Quelle est la durée maximale d'une expérimentation article 51 ?",
    "Mon appli mesure la glycémie, est-ce une donnée de santé ?",
    "Quel temps fera-t-il à Brest demain ?",
    "Quelle dose de paracétamol pour mon enfant ?",
    "What is HDS certification?",
    "Ok, c'est quoi la Bourse French Tech ?",
    "Merci. Quelle est la durée d'une expérimentation article 51 ?",
    # « Sinon » opening a message turns to something else
    "ok merci. Sinon tu sais comment déclarer ma voiture de fonction aux impôts ?",
    "Sinon, quelle est la durée maximale d'une expérimentation article 51 ?",
    "Quelles obligations s'appliquent à un logiciel en plus de la classe IIa selon le MDR ?",  # « plus de », no article
    "Can the CNIL fine a start-up under the GDPR for a data breach?",
    # « it » is not the object of a verb here
    "Does a wellness app need CE marking if it measures sleep?",
]


def test_a_place_is_not_the_question_s_own_subject():
    """« Is that accepted in the EU? » after a question on a PCCP asks about the PCCP there."""
    assert is_follow_up("is that accepted in the EU?")
    assert not names_its_subject("is that accepted in the EU?")
    assert names_its_subject("Is it the same for the HAS in the EU?")


@pytest.mark.parametrize("question", ELLIPTIC)
def test_elliptic_questions_are_follow_ups(question):
    assert is_follow_up(question)


@pytest.mark.parametrize("question", SELF_CONTAINED)
def test_self_contained_questions_are_not_follow_ups(question):
    assert not is_follow_up(question)


@pytest.mark.parametrize(
    "question,expected",
    [
        ("Elle dure combien de temps ?", []),
        ("Et c'est combien au maximum ?", []),
        ("How much does it cost?", []),
        ("Et pour l'hébergement ?", ["hebergement"]),
        ("Et la certification, elle vaut combien de temps ?", ["certification"]),  # validity is an attribute
        ("Is the certificate valid for long?", ["certificate"]),
        ("Et la météo demain ?", ["meteo", "demain"]),
        ("And what about the football world cup?", ["football", "world", "cup"]),
        ("How much can we get?", []),
        ("C'est gratuit ?", []),
        ("Et si elle donne juste des conseils ?", ["donne", "conseils"]),
        ("And what happens at the end?", []),
        # how much, roughly or at most, and an amount (blind probes refused as « about something else »)
        ("roughly how much?", []),
        ("is there a cap?", []),
        ("what safeguards do we need?", []),
        ("et si c moins de 40k ?", []),
        ("et pour l'article 51 ?", ["article", "51"]),  # a bare number names something
        # when: « and from when? » (a blind probe refused as « about something else »)
        ("and from when?", []),
        ("Et c'est obligatoire depuis quand ?", []),
        # English auxiliaries name nothing (« have », « would », « us »), nor does asking how big or whether it fits
        # (blind probes refused as « about something else »)
        ("how long do we have?", []),
        ("how big can the fine actually get?", []),
        ("how big is that fund?", ["fund"]),
        ("would i-Demo fit us?", ["i-demo"]),
        # when it comes is asked, not what (a blind probe refused as « about something else »)
        ("et l'avis de la HAS arrive en combien de temps ?", ["avis", "has"]),
        # « suit » is French too: « si on suit un référentiel » keeps its verb
        ("Et si on suit un référentiel ?", ["suit", "referentiel"]),
    ],
)
def test_subject_words_keep_what_the_question_names_and_drop_what_it_asks(question, expected):
    assert subject_words(question) == expected


def test_follow_up_query_carries_the_subject_of_the_anchor_and_of_the_previous_follow_up_not_their_questions():
    history = ["C'est quoi la Bourse French Tech ?", "Et pour une startup deeptech ?"]
    assert follow_up_query("Et c'est combien au maximum ?", history) == (
        "Bourse French Tech startup deeptech c'est combien au maximum ?"
    )


def test_the_follow_up_s_opening_conjunction_does_not_cut_the_glued_query_in_two():
    """« Article 51 And who evaluates the pilots? » was searched as two questions, the second finding the MDR's
    clinical evaluation."""
    query = follow_up_query("And who evaluates the pilots?", ["What is Article 51?"])
    assert query == "Article 51 who evaluates the pilots?"
    assert split_parts(query) == [query]
    assert follow_up_query("Et la classe ?", ["Quelle classe MDR ?"]).endswith(" la classe ?")
    assert follow_up_query("Ethique ?", ["Quelle classe MDR ?"]).endswith(" Ethique ?")  # a word, not « et »


def test_who_and_how_words_are_not_what_a_follow_up_is_about():
    assert subject_words("Who decides whether we get it?") == []
    assert subject_words("ok, et en général c'est quel montant qu'on peut espérer ?") == []


def test_an_acknowledgement_is_neither_the_follow_up_s_subject_nor_part_of_its_query():
    assert subject_words("D'accord, et pour l'hébergement ?") == ["hebergement"]
    assert subject_words("Ok, et ensuite ?") == []
    query = follow_up_query("Ok, et pour la classe III ?", ["Quelle classe MDR pour notre logiciel de diagnostic ?"])
    assert "Ok" not in query and query.endswith("pour la classe III ?")
    assert subject_words("ok merci, et le montant maximum ?") == []
    query = follow_up_query("ok merci, et le montant maximum ?", ["C'est quoi la Bourse French Tech ?"])
    assert "merci" not in query and query.endswith("le montant maximum ?")


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("Bonjour, c'est quoi le HDS ?", "c'est quoi le HDS ?"),
        ("bonjour j'ai une question sur le HDS", "j'ai une question sur le HDS"),
        ("Hey ! ok merci, et pour la CNIL ?", "et pour la CNIL ?"),
        ("non pardon, je voulais dire : faut-il un DPO ?", "faut-il un DPO ?"),
        ("Bonjour, ma question est : faut-il un DPO ?", "faut-il un DPO ?"),
        ("I mean, can we host outside the EU?", "can we host outside the EU?"),
        # a correction names its new subject: read by `correction_in`, not cut
        ("non, je voulais dire la classe IIb", "non, je voulais dire la classe IIb"),
        ("High risk AI?", "High risk AI?"),
        ("Bonjour !", "Bonjour !"),  # nothing else: the message itself
    ],
)
def test_what_a_message_opens_with_is_not_what_it_asks(text, question):
    assert without_opening(text) == question


@pytest.mark.parametrize(
    ("text", "again", "language"),
    [
        ("sorry, can you sum up what we have to do in 3 bullets?", True, None),
        ("sorry, can you answer in english? my cofounder doesn't read french", True, "en"),
        ("Can you answer in French please?", True, "fr"),
        ("tu peux me le dire en anglais ?", True, "en"),
        ("tu peux dire ça plus simplement ?", True, None),
        ("ok, en bref ?", True, None),
        # a question of its own, in the same words
        ("Résume-moi en deux phrases pourquoi c'est devenu plus difficile avec le MDR", False, None),
        ("Explique-moi plus simplement la règle 11", False, None),
        ("Résume la procédure PECAN en 3 points", False, None),
        ("Est-ce que la notice doit être en français ?", False, "fr"),
        ("Can the clinical evaluation report be written in English?", False, "en"),
        ("Le résumé des caractéristiques du produit est-il obligatoire ?", False, None),
        ("Peux-tu répéter ?", True, None),
        ("Et si l'incident se répète ?", False, None),
        # opening on the request, the rest may say why (a later blind conversation batch), not ask something else
        ("in English please, my CTO is German and doesn't read French", True, "en"),
        ("give me the short version, it's for a board slide", True, None),
        ("tu peux redire ça plus simplement ? j'ai pas tout capté", True, None),
        ("TL;DR?", True, None),
        ("En bref, quelles aides pour une startup ?", False, None),
        ("In short, which grants exist for a seed-stage startup?", False, None),
    ],
)
def test_the_last_answer_asked_again_in_another_form(text, again, language):
    assert asks_again(text) is again
    assert language_asked(text) == language


def test_only_a_restatement_is_cut_from_a_self_contained_question_s_search():
    assert without_restatement("non pardon, je voulais dire : faut-il un DPO ?") == "faut-il un DPO ?"
    assert without_restatement("Ok, je reformule : faut-il un DPO ?") == "faut-il un DPO ?"
    assert without_restatement("Bonjour, faut-il un DPO ?") == "Bonjour, faut-il un DPO ?"
    assert without_restatement("non, je voulais dire la classe IIb") == "non, je voulais dire la classe IIb"


def test_an_anchor_that_names_no_topic_keeps_the_topic_of_the_question_that_named_one():
    history = ["C'est quoi France 2030 pour la santé numérique ?", "Il y a des appels à projets ouverts en ce moment ?"]
    assert not is_follow_up(history[1])  # self-contained in form, naming no topic
    query = follow_up_query("Et c'est quel montant ?", history)
    assert query.startswith("France 2030") and "appels projets" in query
    # an anchor that names its own topic stands alone
    history = ["Qu'est-ce que la PECAN ?", "Quelle classe MDR pour un logiciel de diagnostic ?"]
    assert "PECAN" not in follow_up_query("Et il faut un organisme notifié ?", history)
    # ...and so does one whose topic is a rule cited by its number
    history = ["Qu'est-ce que la PECAN ?", "que dit la règle 11 pour un logiciel de diagnostic ?"]
    assert "PECAN" not in follow_up_query("Et il faut un organisme notifié ?", history)


def test_a_follow_up_that_names_nothing_adds_nothing_to_the_next_query():
    history = ["Qu'est-ce que la prise en charge anticipée PECAN ?", "Elle dure combien de temps ?"]
    assert follow_up_query("Combien ça coûte ?", history) == "prise charge anticipée PECAN Combien ça coûte ?"


def test_a_self_contained_question_becomes_the_new_anchor():
    history = [
        "Qu'est-ce que la prise en charge anticipée PECAN ?",
        "Elle dure combien de temps ?",
        "Pour une application de télésurveillance, faut-il un marquage CE ?",
    ]
    query = follow_up_query("Et la classe ?", history)
    assert query == "application télésurveillance marquage CE la classe ?"
    assert "PECAN" not in query


@pytest.mark.parametrize(
    "question,expected",
    [
        ("C'est quoi la Bourse French Tech ?", "Bourse French Tech"),
        (
            "Combien de temps pour notifier une violation de données de santé à la CNIL ?",
            "notifier violation données santé CNIL",
        ),
        ("Elle dure combien de temps ?", "Elle dure combien de temps ?"),
        ("C'est quoi G_NIUS ?", "G_NIUS"),  # one name, not « NIUS »
        # a one-letter class is still the class asked about (« et il faut un organisme notifié pour les deux ? »)
        ("c quoi la diff entre DM classe I et IIa pr un logiciel ?", "diff entre DM classe I IIa logiciel"),
        ("Is a class I device self-certified?", "class I device self-certified"),
        ("I need help with the MDR", "help MDR"),  # the pronoun is not a class
    ],
)
def test_subject_phrase_keeps_the_written_words_that_name_the_subject(question, expected):
    assert subject_phrase(question) == expected


@pytest.mark.parametrize(
    "question, more",
    [
        ("Ok, et ensuite ?", True),
        ("Et après ?", True),
        ("merci, quoi d'autre ?", True),
        ("What else?", True),
        ("and then?", True),
        ("et c'est combien au maximum ?", False),  # more about the same subject: the same sentence may answer
        ("Et après l'expérimentation, ça devient quoi ?", False),
    ],
)
def test_asking_what_comes_next(question, more):
    assert asks_for_more(question) is more


@pytest.mark.parametrize(
    "question,expected",
    [
        ("et pour l'hébergement des données ?", "pour l'hébergement des données ?"),
        ("Ok merci, et côté CNIL ?", "côté CNIL ?"),
        ("What about the hosting?", "What about the hosting?"),
        ("and for the reimbursement?", "for the reimbursement?"),
        # another form of follow-up, or one naming nothing of its own: searched with the conversation's subject only
        ("Et combien de temps ça prend ?", ""),
        ("et pour ça ?", ""),
        # named again: the class was the conversation's subject already
        ("et pour la classe IIb ?", ""),
        ("Pourquoi ?", ""),
    ],
)
def test_a_follow_up_turning_to_another_subject_names_what_it_turns_to(question, expected):
    assert turns_to(question, ["Which MDR class for software that monitors vital parameters?"]) == expected


@pytest.mark.parametrize(
    "question,expected",
    [
        # a subject of its own, and the pronoun that takes it up (« …technique, elle… »)
        (
            "et la documentation technique, elle doit contenir quoi ?",
            "la documentation technique, elle doit contenir quoi ?",
        ),
        (
            "Ok merci. Et je dois déclarer quoi à l'ANSM si notre logiciel a un incident ?",
            "je dois déclarer quoi à l'ANSM si notre logiciel a un incident ?",
        ),
        (
            "and what must the technical documentation contain under the MDR?",
            "what must the technical documentation contain under the MDR?",
        ),
        # about the conversation's subject: a pronoun for it, what it changes, a circumstance, « is it »
        ("et ça fait doublon avec le marquage CE ?", ""),
        ("et pour une classe IIb, ça change quoi côté organisme notifié ?", ""),
        ("et si elle calcule la dose d'insuline ?", ""),
        ("Et est-ce cumulable avec un appel à projets France 2030 ?", ""),
        ("et on peut le faire nous-mêmes ?", ""),
        # little of its own, or words the conversation used; no connector: not a follow-up of this form
        ("et pour la classe IIb ?", ""),
        ("et l'article 51, on candidate comment ?", ""),
        ("La documentation technique doit contenir quoi ?", ""),
    ],
)
def test_a_follow_up_naming_a_subject_of_its_own_says_what_it_asks_alone(question, expected):
    assert asks_on_its_own(question, ["C'est quoi l'article 51 et comment y candidater ?"]) == expected


@pytest.mark.parametrize(
    "question,expected",
    [
        ("et si elle propose des exercices pour la dépression diagnostiquée ?", True),
        ("Et s'il envoie aussi des alertes au médecin ?", True),
        ("et s'il y a une fuite ?", False),  # impersonal
        ("Elle doit être marquée CE ?", True),
        ("what if it also sends alerts to the doctor?", True),
        ("Ok, and if they store the data in the US?", True),
        ("Il faut un organisme notifié ?", False),  # impersonal
        ("et si on ajoute une fonction de détection ?", False),  # « on » is the founder
        ("et la météo à Brest ?", False),
    ],
)
def test_a_follow_up_whose_subject_is_a_pronoun_speaks_of_the_conversation_s_subject(question, expected):
    assert speaks_of_the_subject(question) is expected


@pytest.mark.parametrize(
    ("correction", "previous", "asked"),
    [
        # the word named as wrong is swapped in place, the rest of the question kept
        (
            "sorry, I meant the CNIL, not the ANSM",
            "Quel est le délai pour notifier l'ANSM ?",
            "Quel est le délai pour notifier l'CNIL ?",
        ),
        (
            "oups je voulais dire l'ANSM pas la CNIL",
            "On doit prévenir la CNIL sous combien de temps ?",
            "On doit prévenir la ANSM sous combien de temps ?",
        ),
        # what the previous question already says before it stays once
        (
            "non je voulais dire la classe IIb, pas IIa",
            "Quelle procédure pour un logiciel de classe IIa ?",
            "Quelle procédure pour un logiciel de classe IIb ?",
        ),
        # nothing named as wrong: the new subject comes after the question
        (
            "je voulais parler de la télésurveillance",
            "Combien coûte la PECAN ?",
            "Combien coûte la PECAN ? télésurveillance",
        ),
        # a question asked after the correction is asked of the new subject
        (
            "pardon, je voulais parler de l'ASA, pas du SA : c'est l'équivalent de l'ASMR des médicaments ?",
            "Et le SA, c'est quoi ?",
            "ASA c'est l'équivalent de l'ASMR des médicaments ?",
        ),
        (
            "sorry, I meant PECAN, not the forfait innovation — what evidence for PECAN?",
            "What evidence do we need?",
            "PECAN what evidence for PECAN ?",
        ),
        # not corrections: a follow-up, a new question that restates, a filler
        ("Et pour la CNIL ?", "Quel délai pour l'ANSM ?", ""),
        ("Je voulais dire : quel délai pour la CNIL ?", "Quel délai pour l'ANSM ?", ""),
        ("I mean, how long does it take?", "Do we need a notified body?", ""),
    ],
)
def test_a_correction_asks_the_previous_question_with_its_subject_changed(correction, previous, asked):
    fix = correction_in(correction)
    assert (fix.of(previous) if fix else "") == asked


def test_what_a_correction_names_is_cut_whole():
    """« notre » is no « not »: the new subject runs to the end."""
    fix = correction_in("non je parlais de la TVA sur les tote bags qu'on a vendus sur notre stand au salon")
    assert fix is not None and fix.names == "TVA sur les tote bags qu'on a vendus sur notre stand au salon"
    fix = correction_in("sorry, I meant the CNIL, not the ANSM")
    assert fix is not None and fix.names == "CNIL"
    assert correction_in("Et pour la CNIL ?") is None
