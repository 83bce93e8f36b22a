"""A message that only describes the founder's situation is noted, not turned down, and the questions that follow
are about it (blind probes: 16 of 40 conversations opened this way, and their short follow-ups inherited a refusal)."""

import pytest

from app.answer.question import describes_without_asking
from app.answer.service import ask

SITUATION = "Je suis fondatrice d'une medtech, on débute et on ne connaît rien à la réglementation."


@pytest.mark.parametrize(
    "text",
    [
        SITUATION,
        "On développe une appli de suivi du diabète pour les pharmacies.",
        "We're a French medtech with 20 employees.",
        "Notre algo de détection de mélanome sur photo est en cours de développement.",
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
        "la cnil elle peut nous mettre une amende de cb max.",  # « cb » asks how much
        "Je voudrais savoir si notre appli est un dispositif médical.",  # an indirect question
        "Recommend me a good science-fiction novel.",  # a request
        "Donne-moi une recette de crêpes bretonnes.",
        "Merci, c'est noté.",  # three words: too short to tell
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
