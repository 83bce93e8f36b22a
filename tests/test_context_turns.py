"""A message that only describes the founder's situation is noted, not turned down, and the questions that follow
are about it (blind probes: 16 of 40 conversations opened this way, and their short follow-ups inherited a refusal)."""

import json
from contextlib import contextmanager

import pytest

from app.answer.followup import only_acknowledges, only_greets
from app.answer.question import describes_without_asking
from app.answer.service import ask
from tests.fake_mistral import FakeMistral

SITUATION = "Je suis fondatrice d'une medtech, on débute et on ne connaît rien à la réglementation."


@pytest.mark.parametrize(
    "text",
    [
        SITUATION,
        "On développe une appli de suivi du diabète pour les pharmacies.",
        "We're a French medtech with 20 employees.",
        "Notre algo de détection de mélanome sur photo est en cours de développement.",
        # typed without a full stop, opening on its teller
        "On a eu une fuite de données patients hier soir, un bucket S3 mal configuré",
        "our app uses ML to predict sepsis in ICU patients",
    ],
)
def test_a_situation_described_without_a_question(text):
    assert describes_without_asking(text)


@pytest.mark.parametrize(
    "text",
    [
        "Faut-il un DPO pour une appli santé ?",
        "faut un dpo qd on est 3 ds la boite",  # no question mark, but no final stop either
        "pecan delai",
        # typed without a full stop: a question or a wish without its form
        "on peut heberger sur aws ou faut hds",
        "on doit faire une aipd ou pas pour une appli sante",
        "On voudrait un rendez-vous précoce avec la HAS",
        "certification hds obligatoire pour stocker des donnees de sante chez aws",  # keywords, no teller
        "notre IA lit des radios, c'est quelle classe MDR",
        "la cnil elle peut nous mettre une amende de cb max.",  # « cb » asks how much
        "Je voudrais savoir si notre appli est un dispositif médical.",  # an indirect question
        "Recommend me a good science-fiction novel.",  # a request
        "Donne-moi une recette de crêpes bretonnes.",
        "Merci, c'est noté.",  # three words: too short to tell
        # a question asked without its form
        "On se demande si notre appli de coaching est un dispositif médical.",
        "On ne sait pas si on doit refaire une demande à la CNEDiMTS pour la nouvelle version.",
        "Je cherche les aides de Bpifrance pour une medtech en amorçage.",
        "We're looking for non-dilutive funding for our digital therapeutic.",
        # a paragraph that tells the situation at length is asking something in it
        "Bonjour, alors voilà, on est trois associés, on a quitté nos boulots à l'hôpital l'année dernière pour lancer "
        "une appli qui aide les patients greffés à suivre leur traitement, avec des rappels et un suivi des constantes, "
        "et l'équipe de néphrologie peut voir les données.",
    ],
)
def test_a_question_or_a_request_is_not_a_description(text):
    assert not describes_without_asking(text)


def test_a_described_situation_is_noted_and_the_next_question_is_searched(built_settings):
    first = ask(built_settings, SITUATION)
    assert first.refused and first.refusal_reason == "context" and first.citations == []
    assert "noté" in first.answer and "G_NIUS" not in first.answer  # not the out-of-scope hand-off
    follow = ask(built_settings, "Elle dure combien de temps ?", conversation_id=first.conversation_id)
    # not refused for its predecessor: it was searched, with the situation as its subject
    assert follow.record is not None and follow.record.retrieved
    assert follow.record.follow_up


def test_after_an_off_topic_refusal_a_follow_up_naming_nothing_is_still_refused(built_settings):
    first = ask(built_settings, "Quel temps fera-t-il à Brest demain ?")
    assert first.refused and first.refusal_reason == "out_of_scope"
    follow = ask(built_settings, "Elle dure combien de temps ?", conversation_id=first.conversation_id)
    assert follow.refused and follow.record is not None and not follow.record.retrieved


def test_a_personal_medical_situation_is_still_the_medical_hand_off(built_settings):
    answer = ask(built_settings, "Mon fils a de la fièvre depuis trois jours et il tousse beaucoup la nuit.")
    assert answer.refused and answer.refusal_reason == "medical_advice"


def test_a_situation_the_sources_could_quote_about_is_noted_without_a_search(built_settings):
    """« Notre logiciel surveille des paramètres vitaux. » shares words with passages that answer nothing that was
    asked: the founder gets the « noted » card, and the quotes come with the first question."""
    statement = "Notre logiciel surveille les paramètres vitaux des patients en réanimation."
    assert describes_without_asking(statement)
    assert not ask(
        built_settings, "Un logiciel qui surveille les paramètres vitaux des patients en réanimation ?"
    ).refused
    first = ask(built_settings, statement)
    assert first.refused and first.refusal_reason == "context" and first.citations == []
    assert first.record is not None and first.record.retrieved == []
    follow = ask(built_settings, "Il relève de quelle classe ?", conversation_id=first.conversation_id)
    assert not follow.refused and "paramètres vitaux" in follow.record.standalone_query
    assert "classe IIb" in follow.answer


@contextmanager
def generative_conversation(built_settings, question: str):
    """Generative mode on the fake Mistral server, after one answered question: (settings, fake, first answer)."""
    with FakeMistral() as fake:
        settings = built_settings.model_copy(update={"mistral_server_url": fake.url})
        first = ask(settings, question)
        assert not first.refused
        yield settings, fake, first


def test_a_situation_told_mid_conversation_is_never_sent_to_the_model(built_settings):
    """Generative mode: no rewriting of the conversation and no answer for a message that asks nothing."""
    question = "Quelle classe pour un logiciel d'aide au diagnostic ?"
    with generative_conversation(built_settings, question) as (settings, fake, first):
        before = len(fake.requests)
        told = ask(
            settings, "Et notre logiciel vise les services de réanimation.", conversation_id=first.conversation_id
        )
        assert told.refused and told.refusal_reason == "context" and told.mode == "generative"
        assert len(fake.requests) == before


@pytest.mark.parametrize(
    "text, thanks",
    [
        ("Merci beaucoup !", True),
        ("ok", True),
        ("Super, merci pour les infos !", True),
        ("Merci pour les infos sur le HDS.", True),
        ("Thanks, that helps a lot.", True),
        ("Merci, et pour la classe IIb ?", False),
        ("Merci de me donner les délais de la PECAN.", False),  # a request
        ("Merci pour ta réponse, mais je voulais savoir la durée.", False),
        ("Ok, et ensuite ?", False),
        ("Merci, ça m'aide beaucoup !", True),
        # thanks, then a new sentence about something else
        ("Merci. On développe aussi une appli pour les pharmacies.", False),
        ("Merci. Mon fils a 39 de fièvre.", False),
        # a long message that opens with thanks goes on about something
        ("Merci pour tout ça, notre boîte développe en parallèle une appli de suivi des patients diabétiques.", False),
    ],
)
def test_a_message_that_only_thanks(text, thanks):
    assert only_acknowledges(text) is thanks


def test_a_thank_you_is_welcomed_and_the_conversation_goes_on(built_settings):
    question = "Quelle classe pour un logiciel qui surveille les paramètres vitaux ?"
    with generative_conversation(built_settings, question) as (settings, fake, first):
        before = len(fake.requests)
        thanks = ask(settings, "Merci beaucoup !", conversation_id=first.conversation_id)
        assert thanks.refused and thanks.refusal_reason == "acknowledgement" and thanks.citations == []
        assert "Avec plaisir" in thanks.answer and "Je ne trouve pas" not in thanks.answer
        assert thanks.record is not None and thanks.record.retrieved == [] and len(fake.requests) == before
    # the next follow-up is about the conversation's subject, not about the thank-you, and is not refused for it
    follow = ask(built_settings, "Et s'il n'y a pas de danger immédiat ?", conversation_id=first.conversation_id)
    assert not follow.refused
    assert "paramètres vitaux" in follow.record.standalone_query and "Merci" not in follow.record.standalone_query
    # a thank-you is no refusal to inherit: a follow-up that names nothing is searched on the conversation's subject
    thanks_again = ask(built_settings, "Merci !", conversation_id=first.conversation_id)
    assert thanks_again.refusal_reason == "acknowledgement"
    elliptic = ask(built_settings, "Elle dure combien de temps ?", conversation_id=first.conversation_id)
    assert elliptic.record is not None and elliptic.record.retrieved


def test_thanks_after_the_medical_hand_off_is_welcomed_and_a_medical_message_after_thanks_is_not(built_settings):
    refused = ask(built_settings, "Quelle dose de paracétamol pour mon enfant ?")
    assert refused.refusal_reason == "medical_advice"
    thanks = ask(built_settings, "Merci !", conversation_id=refused.conversation_id)
    assert thanks.refusal_reason == "acknowledgement"
    fever = ask(built_settings, "Merci. Mon fils a 39 de fièvre depuis hier.", conversation_id=refused.conversation_id)
    assert fever.refused and fever.refusal_reason == "medical_advice"
    # thanks and a few words, but about the founder's own health: the medical hand-off, not « Avec plaisir »
    back = ask(built_settings, "Merci, j'ai mal au dos.", conversation_id=refused.conversation_id)
    assert back.refused and back.refusal_reason == "medical_advice"


def test_a_question_pointing_back_to_the_situation_with_it_carries_it_on(project_settings):
    """« sell it » is the sleep app of the first turn: the question is a follow-up, so the next one, « what if it
    claims to treat insomnia? », is still about a sleep app and is answered from the wellness/device frontier sheet."""
    conversation = ask(project_settings, "We're a Belgian startup selling a sleep app.").conversation_id
    second = ask(project_settings, "Do we need CE marking to sell it in France?", conversation_id=conversation)
    assert second.record is not None and "sleep app" in second.record.standalone_query
    third = ask(project_settings, "what if it claims to treat insomnia?", conversation_id=conversation)
    assert not third.refused, third.answer
    assert any(c.chunk_id.startswith("mdr-applis-bien-etre-frontiere-dispositif") for c in third.citations)


def test_a_question_that_names_its_own_subject_after_a_situation_is_searched_with_it(built_settings):
    """The context card promises to take the situation into account: a question right after it is searched with it,
    even when it is not elliptic (a follow-up or not)."""
    first = ask(built_settings, "Je suis praticien hospitalier et je veux créer une start-up autour de mon logiciel.")
    assert first.refusal_reason == "context"
    second = ask(built_settings, "je dois demander l'autorisation à qui ?", conversation_id=first.conversation_id)
    assert second.record is not None and not second.record.follow_up
    assert "start-up" in second.record.standalone_query


@pytest.mark.parametrize(
    ("text", "greets"),
    [
        ("Bonjour !", True),
        ("Hello", True),
        ("Salut, ça va ?", True),
        ("Bonjour, vous pouvez m'aider ?", True),
        ("Hello there, can you help me?", True),
        ("Bonjour, j'ai une question", True),
        # a held-out batch's greetings (eval/scope_probes/blind-15.jsonl), 1 of 10 told what can be asked before
        ("Hello, can you help me with something?", True),
        ("Bonsoir, vous êtes là ?", True),
        ("bjr", True),
        ("Hi there 👋", True),
        ("Bonjour, j'espère que vous allez bien. J'ai plusieurs questions sur notre projet, je peux commencer ?", True),
        ("Coucou ! Merci d'avance pour ton aide.", True),
        ("Good morning, I've got a few regulatory questions for our startup.", True),
        ("Hello hello, t'es dispo ?", True),
        # ...and what names a subject after a greeting: « HAS » is no English « has »
        ("Bonjour, j'ai une question sur la HAS.", False),
        ("Hi, I have a question about the HAS", False),
        ("Salut, ça va ? tu fais quoi ce week-end ?", False),
        # a greeting and a question: the question is asked
        ("Bonjour, c'est quoi le HDS ?", False),
        ("bonjour j'ai une question sur le HDS", False),
        ("Hi, is our app a medical device?", False),
        ("High risk AI?", False),  # « hi » is a greeting as a word only
        ("Merci beaucoup !", False),  # a thank-you is welcomed otherwise
    ],
)
def test_a_message_that_only_greets(text, greets):
    assert only_greets(text) is greets


def test_a_greeting_is_told_what_can_be_asked_and_lends_nothing_to_the_next_question(project_settings):
    hello = ask(project_settings, "Bonjour !")
    # not sent to another field's people (it was sent to the CCI), not searched
    assert hello.refused and hello.refusal_reason == "greeting" and hello.referral is None and hello.citations == []
    assert "Quelle est votre question ?" in hello.answer and hello.record is not None and hello.record.retrieved == []
    assert ask(project_settings, "Hello").answer.startswith("Hello! I answer questions")
    # the next question is searched alone, whatever its form
    question = ask(project_settings, "c quoi le HDS", conversation_id=hello.conversation_id)
    assert not question.refused and "Bonjour" not in question.record.standalone_query
    assert "HDS" in question.answer
    # a greeting before a question is no greeting alone
    greeted = ask(project_settings, "Bonjour à tous, notre appli est-elle un dispositif médical ?")
    assert not greeted.refused and greeted.refusal_reason is None


def test_a_question_asked_again_in_other_words_is_searched_without_saying_so(project_settings):
    first = ask(project_settings, "Est-ce qu'une startup doit désigner une PRRC ?")
    again = ask(
        project_settings,
        "non pardon, je voulais dire : on est une micro-entreprise, on a le droit d'externaliser ce rôle ?",
        conversation_id=first.conversation_id,
    )
    # « non pardon, je voulais dire » searched with it, the question was refused
    assert not again.refused and "pardon" not in again.record.standalone_query
    assert "micro-entreprise" in again.answer


def test_a_greeting_is_never_sent_to_the_model(built_settings):
    """Generative mode: a greeting, first message or later, is greeted without asking the model anything, and the
    question after it is generated as any other."""
    question = "Quelle classe pour un logiciel d'aide au diagnostic ?"
    with generative_conversation(built_settings, question) as (settings, fake, first):
        before = len(fake.requests)
        hello = ask(settings, "Re-bonjour, vous êtes là ?", conversation_id=first.conversation_id)
        assert hello.refused and hello.refusal_reason == "greeting" and hello.mode == "generative"
        assert len(fake.requests) == before
        fresh = ask(settings, "Bonjour !")
        assert fresh.refusal_reason == "greeting" and len(fake.requests) == before
        after = ask(settings, question, conversation_id=fresh.conversation_id)
        assert not after.refused and after.mode == "generative" and len(fake.requests) > before


def test_the_last_answer_asked_again_in_english_sends_the_last_question_to_the_model_again(built_settings):
    """Generative mode: "can you answer in English please?" after a French question is that question asked again,
    answered in English; the request itself is not what the model is asked."""
    question = "Quelle classe pour un logiciel d'aide au diagnostic ?"
    with generative_conversation(built_settings, question) as (settings, fake, first):
        before = len(fake.requests)
        again = ask(settings, "can you answer in English please?", conversation_id=first.conversation_id)
        assert not again.refused and again.mode == "generative"
        assert again.record is not None and first.record is not None
        assert again.record.standalone_query == first.record.standalone_query
        sent = json.dumps(fake.requests[before:], ensure_ascii=False)
        assert "aide au diagnostic" in sent and "answer in English" not in sent
        assert "anglais" in sent  # the language the answer is asked in (the prompt names it in French)
