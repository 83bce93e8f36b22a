"""Extractive answers: exact quotes with valid markers, an honest refusal, and clear errors for bad questions."""

import json
import re

import pytest

from app.answer.question import BadQuestion, check_question
from app.answer.service import ask
from app.retrieve.index_reader import get_index
from tests.support import ANSWER_KEYS, CITATION_KEYS, run_cli


def assert_citations_valid(settings, answer):
    chunks = {c.chunk_id: c for c in get_index(settings).chunks}
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)}
    assert markers == {c.n for c in answer.citations}
    for citation in answer.citations:
        assert citation.quote and citation.quote in chunks[citation.chunk_id].text


def test_extractive_answer_quotes_the_rule(built_settings):
    answer = ask(built_settings, "Quelles exceptions permettent de traiter des données de santé ?")
    assert answer.mode == "extractive" and not answer.refused
    assert answer.answer.startswith("Réponse extractive")
    assert answer.citations[0].doc_id == "test-rgpd-sante"
    assert "article 9" in answer.answer.lower()
    assert_citations_valid(built_settings, answer)


def test_english_question_gets_english_framing(built_settings):
    answer = ask(built_settings, "Which MDR class applies to software monitoring vital parameters?")
    assert not answer.refused
    assert answer.answer.startswith("Extractive answer")
    assert answer.citations[0].doc_id == "test-mdr-regle-11"
    assert_citations_valid(built_settings, answer)


@pytest.mark.parametrize(
    "question",
    ["Quelle est la meilleure recette de crêpes bretonnes ?", "Who won the football world cup in 1998?"],
)
def test_off_topic_is_refused_with_a_hand_off(built_settings, question):
    answer = ask(built_settings, question)
    assert answer.refused and answer.citations == []
    assert "G_NIUS" in answer.answer


def test_expired_call_is_labelled(built_settings):
    answer = ask(built_settings, "Quelle durée maximale pour une expérimentation de l'article L162-31-1 ?")
    call = [c for c in answer.citations if c.doc_id == "test-art51-appel"]
    assert call and call[0].validity == "appel clos le 31/12/2024"


@pytest.mark.parametrize("raw", ["", "   \n\t ", "?!…"])
def test_unusable_questions(built_settings, raw):
    with pytest.raises(BadQuestion):
        check_question(raw, built_settings)


def test_over_long_question_is_cut_and_said(built_settings):
    context = "Notre application traite des données de santé de patients suivis par leur médecin. "
    long_question = "Quelles exceptions de l'article 9 pour les données de santé ? " + context * 300
    assert len(long_question) > 20_000
    answer = ask(built_settings, long_question)
    assert any("tronquée" in n for n in answer.notices)
    assert answer.citations and answer.citations[0].doc_id == "test-rgpd-sante"


def test_other_script_is_handled_and_said(built_settings):
    answer = ask(built_settings, "医疗器械软件如何分类？")
    assert any("alphabet latin" in n for n in answer.notices)
    assert_citations_valid(built_settings, answer)


def test_ask_json_contract(built_settings):
    result = run_cli(built_settings, "ask", "exceptions à l'interdiction des données de santé", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) >= ANSWER_KEYS
    assert payload["mode"] == "extractive" and payload["refused"] is False
    for citation in payload["citations"]:
        assert set(citation) >= CITATION_KEYS


def test_cli_empty_question_exits_2(built_settings):
    result = run_cli(built_settings, "ask", "   ")
    assert result.exit_code == 2 and "empty" in result.stderr


def test_empty_index_refuses_cleanly(tmp_path):
    from app.settings import Settings

    result = run_cli(Settings(data_dir=tmp_path / "void", corpus_dir=tmp_path), "ask", "données de santé ?")
    assert result.exit_code == 3 and "navigator ingest" in result.stderr


def test_what_comes_next_is_not_the_answer_already_given(built_settings, monkeypatch):
    """« Ok, et ensuite ? » asks for what comes after the answer: the quotes already given are not repeated, and the
    composer may leave the sheet for the next step (`next_step`, tested in test_answer_first.py)."""
    import app.answer.service as service

    calls = []
    compose = service.extractive_answer
    monkeypatch.setattr(service, "extractive_answer", lambda *a, **kw: calls.append(kw) or compose(*a, **kw))
    first = ask(built_settings, "Une glycémie mesurée par une application est-elle une donnée de santé ?")
    assert not first.refused and calls[-1]["next_step"] is False
    following = ask(built_settings, "Ok, et ensuite ?", conversation_id=first.conversation_id)
    assert not following.refused and following.citations and calls[-1]["next_step"] is True
    assert {c.quote for c in following.citations}.isdisjoint(c.quote for c in first.citations)
