"""Everyday words (« hacker », « la pub », « la Sécu ») reach the sheets that use the corpus's words, and only them."""

import pytest

from app.answer.service import ask
from app.retrieve import everyday
from app.retrieve.everyday import found, widen


def test_widen_appends_the_corpus_words_and_leaves_other_queries_alone():
    assert widen("On s'est fait hacker") == "On s'est fait hacker violation cyberattaque piratage"
    assert widen("la pub et la Sécu").endswith("publicité assurance maladie")
    assert widen("notification d'une violation de données") == "notification d'une violation de données"


def test_a_word_counts_as_found_through_its_equivalent_only():
    assert found("pub", {"publicit"}) and found("pub", {"pub"})
    assert not found("pub", {"rembours"})
    assert not found("recet", {"publicit"})  # a word the lexicon does not know is looked for as typed


HACKED = "On s'est fait hacker hier, la base patients a fuité : que doit-on faire ?"
TELESUIVI = "Notre appli de télésuivi doit-elle passer par une analyse d'impact ?"


@pytest.mark.parametrize("question, doc_word", [(HACKED, "violation"), (TELESUIVI, "impact")])
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
    ],
)
def test_everyday_words_do_not_open_the_gate_to_off_topic_questions(project_settings, question):
    assert ask(project_settings, question).refused


# TELESUIVI's other words already cover 0.42 of it without the lexicon (the gate asks 0.4): it no longer guards the
# lexicon. Without it, HACKED covers 0.39 of its words, at dense 0.873 (below the 0.875 that suffices alone).
@pytest.mark.parametrize("question", [HACKED])
def test_without_the_lexicon_the_colloquial_question_is_refused(project_settings, monkeypatch, question):
    """Guards the lexicon itself: the same questions are refused when no equivalent is known."""
    monkeypatch.setattr(everyday, "_lexicon", lambda: {})
    monkeypatch.setattr(everyday, "equivalents", lambda: {})
    assert ask(project_settings, question).refused
