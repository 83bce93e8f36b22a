"""The offline replay behind eval/fit_quote_weights.py chooses as the composer does, and its search keeps a weight
only for the key facts it brings."""

import pytest

from app.answer.extractive import MAX_QUOTES_PER_PASSAGE, Candidate
from eval.fit_quote_weights import HELD, Question, Sentence, current, opening_score, replay, score, search


def _sentence(
    semantic: float,
    lexical: float,
    facts: tuple[str, ...] = (),
    rank: int = 0,
    alone: float | None = None,
    position: int = 0,
    **flags: bool,
) -> Sentence:
    return Sentence(
        semantic=semantic,
        alone=semantic if alone is None else alone,
        lexical=lexical,
        rule=flags.get("rule", False),
        gives_asked=flags.get("gives_asked", False),
        intro=flags.get("intro", False),
        advice=flags.get("advice", False),
        record=flags.get("record", False),
        exception=flags.get("exception", False),
        rank=rank,
        heading_shares=flags.get("heading_shares", False),
        position=position,
        on_subject=flags.get("on_subject", True),
        facts=frozenset(facts),
    )


def test_the_replay_quotes_the_opener_and_supporting_sentences_above_the_floors():
    weights = current()
    question = Question(
        facts=["72 heures", "article 33", "article 34"],
        sentences=[
            _sentence(1.0, 0.9, ("72 heures",)),
            _sentence(0.9, 0.8, ("article 33",)),
            _sentence(0.9, 0.8, ("article 34",), on_subject=False),  # shares no word with the question
        ],
    )
    assert replay([question], weights) == 2 / 3


def test_the_replay_opens_on_the_sentence_closest_in_meaning_read_alone():
    weights = current()
    question = Question(
        facts=["72 heures"],
        sentences=[
            _sentence(1.0, 0.5, alone=0.0),  # close only read under its sheet's title
            _sentence(0.5, 0.5, ("72 heures",), alone=1.0),
        ],
    )
    # the opener is quoted whatever the cap: with no supporting quote, only it is
    assert replay([question], weights | {"MIN_SUPPORTING_SHARE": 10.0}) == 1.0
    question.sentences[1].alone = 0.0
    assert replay([question], weights | {"MIN_SUPPORTING_SHARE": 10.0}) == 0.0


def test_the_replay_caps_the_quotes_of_one_passage():
    weights = current()
    sentences = [_sentence(1.0, 1.0 - n / 100, (f"fait {n}",), rank=0) for n in range(6)]
    question = Question(facts=[f"fait {n}" for n in range(6)], sentences=sentences)
    cap = MAX_QUOTES_PER_PASSAGE
    assert cap < 6
    assert replay([question], weights) == cap / 6  # at most the composer's cap of sentences from one passage


def test_the_search_changes_a_weight_when_that_brings_the_missed_fact():
    # the fact sits in the sentence sharing the question's words, which a small lexical weight puts below the floor
    question = Question(
        facts=["fait"],
        sentences=[_sentence(1.0, 0.0), _sentence(0.0, 0.35, ("fait",))],
    )
    start = current()
    fitted = search([question] * 3, HELD)
    assert replay([question], start) < replay([question], fitted) == 1.0


def test_the_held_weights_are_not_fitted_unless_freed():
    # only a heavier penalty for a sheet's introduction, or a lighter one for the passage's rank, lets the sentence
    # that carries the fact open the answer (it shares no word with the question, so it cannot support it)
    question = Question(
        facts=["fait"],
        sentences=[
            _sentence(1.0, 0.0, intro=True, on_subject=False),
            _sentence(0.99, 0.0, ("fait",), rank=2, on_subject=False),
        ],
    )
    start = current()
    held = search([question], HELD)
    assert replay([question], held) == 0.0 and all(held[name] == start[name] for name in HELD)
    assert replay([question], search([question], ())) == 1.0


def test_the_replay_scores_a_sentence_as_the_composer_does():
    """The replay copies `Candidate.score` and `Candidate.opening_score` to try other weights: at the shipped ones
    they must agree."""
    for rule, gives_asked, intro, advice, record, exception, rank, heading_shares, position in [
        (True, False, False, False, False, False, 0, True, 0),
        (False, True, True, False, False, True, 2, False, 3),
        (False, False, False, True, True, False, 4, True, 5),
    ]:
        candidate = Candidate(
            hit_rank=rank,
            position=position,
            heading_shares=heading_shares,
            text="x",
            rule=rule,
            intro=intro,
            lexical=0.4,
            semantic=0.7,
            alone=0.5,
            gives_asked=gives_asked,
            advice=advice,
            record=record,
            exception=exception,
        )
        flags = dict(rule=rule, gives_asked=gives_asked, intro=intro, advice=advice, record=record, exception=exception)
        sentence = _sentence(0.7, 0.4, rank=rank, alone=0.5, heading_shares=heading_shares, position=position, **flags)
        assert score(sentence, current()) == pytest.approx(candidate.score)
        assert opening_score(sentence, current()) == pytest.approx(candidate.opening_score)
