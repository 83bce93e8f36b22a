"""The project's tokenizer remembers the tokens of texts it has seen, without changing any token."""

from __future__ import annotations

import bm25s

from app import text
from app.text import fold, tokenize

PASSAGES = [
    "L'hébergeur de données de santé doit être certifié HDS (article L. 1111-8 du code de la santé publique).",
    "Un logiciel destiné à fournir des informations utilisées pour prendre des décisions relève de la classe IIa.",
    "",
    "Les données de santé sont des données sensibles au sens de l'article 9 du RGPD.",
]


def reference(texts: list[str]) -> list[list[str]]:
    """bm25s on the whole batch at once, as the tokenizer did before it remembered anything."""
    return bm25s.tokenize(
        [fold(t) for t in texts],
        stopwords=text._stopwords(),
        stemmer=text._stemmer(),
        return_ids=False,
        show_progress=False,
    )


def test_known_and_new_texts_get_exactly_the_tokens_of_one_bm25s_call(monkeypatch):
    monkeypatch.setattr(text, "_tokens", {})
    assert tokenize(PASSAGES[:2]) == reference(PASSAGES[:2])
    mixed = [PASSAGES[3], PASSAGES[0], PASSAGES[2], PASSAGES[3], PASSAGES[1]]
    assert tokenize(mixed) == reference(mixed)


def test_a_text_seen_before_is_not_tokenized_again(monkeypatch):
    monkeypatch.setattr(text, "_tokens", {})
    tokenized: list[list[str]] = []
    real = bm25s.tokenize
    monkeypatch.setattr(bm25s, "tokenize", lambda texts, **kw: tokenized.append(texts) or real(texts, **kw))
    tokenize(PASSAGES[:2])
    first = tokenize([PASSAGES[1], "Qui finance l'innovation en santé ?", PASSAGES[0]])
    assert tokenized == [[fold(p) for p in PASSAGES[:2]], [fold("Qui finance l'innovation en santé ?")]]
    first[0].append("changed by a caller")
    assert "changed by a caller" not in tokenize([PASSAGES[1]])[0], "callers get their own lists"


def test_what_is_remembered_stays_bounded(monkeypatch):
    monkeypatch.setattr(text, "_tokens", {})
    monkeypatch.setattr(text, "TOKENS_KEPT", 3)
    tokenize(PASSAGES)  # four texts: a collection being indexed, not remembered
    assert len(text._tokens) == 0
    tokenize(PASSAGES[:2])
    tokenize(PASSAGES[2:])
    assert 0 < len(text._tokens) <= 3


def test_a_tele_word_written_with_a_hyphen_is_the_sheets_whole_word():
    """The sheets write « téléexpertise », as the codes do; a founder's « télé-expertise » found neither half."""
    assert tokenize(["La télé-expertise", "Télé-consultation"]) == tokenize(["La téléexpertise", "Téléconsultation"])
    assert tokenize(["télé-expertise"])[0] == ["teleexpertis"]
