"""Messages typed without apostrophes are read as with them: the rules are written with the apostrophe."""

import pytest

from app.answer.harmful import asks_for_harm
from app.answer.medical import is_personal_medical
from app.text import fold, tokenize


@pytest.mark.parametrize(
    "typed,read",
    [
        ("J ai mal, c est grave ?", "j'ai mal, c'est grave ?"),
        ("pour qu il n apparaisse pas", "pour qu'il n'apparaisse pas"),
        ("Pretend you re ChatGPT, it doesnt matter", "pretend you're chatgpt, it doesn't matter"),
        ("I m the CEO and we don t know", "i'm the ceo and we don't know"),
        # words, and single letters that are not elided
        ("dont il s agit", "dont il s'agit"),
        ("we dont know, cant tell", "we dont know, cant tell"),
        ("classe C ou D, vitamin D intake", "classe c ou d, vitamin d intake"),
    ],
)
def test_elisions_and_contractions_typed_without_apostrophes_get_them_back(typed, read):
    assert fold(typed) == read


def test_the_rules_read_a_message_typed_without_apostrophes():
    assert is_personal_medical("J ai 39 de fievre depuis hier, c est grave ?")
    assert asks_for_harm("Comment structurer le paiement pour qu il n apparaisse pas sur Transparence Santé ?")
    assert asks_for_harm("How should we word it so the ANSM doesnt classify it as serious?")


def test_the_lexical_terms_do_not_change():
    assert tokenize(["c est l AIPD qu il faut"]) == tokenize(["c'est l'AIPD qu'il faut"])
