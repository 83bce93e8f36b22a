"""Evaluation: metrics on known rankings, gold-set validation, retrieval and answer runs, reports, BEIR export."""

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from app.answer.service import ask
from app.evaluation.answers import run_answers
from app.evaluation.beir import export_beir
from app.evaluation.gold import GoldError, load_gold
from app.evaluation.metrics import mrr_at, ndcg_at, recall_at
from app.evaluation.report import answers_report, retrieval_report
from app.evaluation.retrieval import BUILTIN, EvalConfig, compare, load_configs, run_retrieval, settings_for
from app.records.store import get_store

GOLD = Path(__file__).parent / "fixtures" / "gold.jsonl"


def test_metrics_on_a_known_ranking():
    ranking = ["a", "x", "b", "a", "y"]
    relevant = {"a": 2, "b": 1}
    assert recall_at(ranking, relevant, 1) == 0.5 and recall_at(ranking, relevant, 3) == 1.0
    assert mrr_at(["x", "a"], relevant) == 0.5
    assert ndcg_at(["a", "b"], relevant) == pytest.approx(1.0)
    assert ndcg_at(["b", "a"], relevant) < 1.0
    assert ndcg_at(["a", "a", "b"], relevant) < ndcg_at(["a", "b", "a"], relevant), "a repeated document earns nothing"


def test_gold_validation_names_the_line(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "q1", "question": "Quelle classe ?", "language": "fr", "domain": "mdr", "relevant": []}\n')
    with pytest.raises(GoldError, match="gold.jsonl:1"):
        load_gold(bad)


def test_retrieval_run_compare_and_report(built_settings, tmp_path):
    gold = load_gold(GOLD)
    configs = [BUILTIN["bm25"], BUILTIN["hybrid"], EvalConfig(name="hybrid-bm25-heavy", weight_bm25=3.0)]
    results = run_retrieval(built_settings, gold, configs)
    assert results["questions"] == 4
    hybrid = results["configurations"]["hybrid"]
    assert hybrid["overall"]["recall@5"] == 1.0 and set(hybrid["per_domain"]) == {"rgpd", "mdr", "art51"}
    assert hybrid["latency_ms"]["p95"] > 0
    deltas = compare(results, json.loads(json.dumps(results)))
    assert deltas["hybrid"]["overall"]["recall@5"] == 0.0
    report = retrieval_report(results, tmp_path, deltas).read_text()
    assert report.count("data:image/png;base64,") == 3 and "hybrid-bm25-heavy" in report


def test_a_configuration_file_sets_the_title_weight_and_refuses_a_misspelt_key(built_settings, tmp_path):
    """A misspelt key used to be dropped: the configuration then ran with the defaults under its own name."""
    good = tmp_path / "good.yaml"
    good.write_text("configurations:\n  - name: no-title\n    weight_title: 0\n")
    (config,) = load_configs([], [good])
    assert built_settings.weight_title > 0 and settings_for(built_settings, config).weight_title == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("configurations:\n  - name: typo\n    wieght_dense: 3\n")
    with pytest.raises(ValueError, match=r"(?s)bad\.yaml.*wieght_dense"):
        load_configs([], [bad])


def test_configuration_with_other_chunking_builds_its_own_index(built_settings):
    gold = load_gold(GOLD)
    results = run_retrieval(
        built_settings, gold, [EvalConfig(name="small-chunks", chunk_max_chars=300, chunk_overlap_chars=30)]
    )
    assert results["configurations"]["small-chunks"]["overall"]["questions"] == 4
    assert (built_settings.data_dir / "eval-indexes").exists()


def test_answers_run_extractive(built_settings, tmp_path):
    results = run_answers(built_settings, load_gold(GOLD), ["extractive"])
    overall = results["modes"]["extractive"]["overall"]
    assert overall["valid_citation_rate"] == 1.0 and overall["bad_citation_answer_rate"] == 0.0
    assert overall["refusal_accuracy"] == 1.0 and overall["false_refusal_rate"] == 0.0
    assert overall["key_fact_recall"] > 0
    assert 0 < overall["key_fact_recall_opening"] <= overall["key_fact_recall"]
    words = [row["answer_words"] for row in results["modes"]["extractive"]["rows"] if "answer_words" in row]
    assert words and overall["answer_words_p50"] == float(np.median(words)) > 20
    assert "data:image/png;base64," in answers_report(results, tmp_path).read_text()


def test_an_answer_run_leaves_the_records_store_as_it_was(built_settings):
    store = get_store(built_settings.resolved_database_url)
    tomorrow = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    before = store.prune(tomorrow, dry_run=True)["answers"]
    results = run_answers(built_settings, load_gold(GOLD)[:2], ["extractive"])
    assert results["modes"]["extractive"]["overall"]["questions"] == 2
    assert store.prune(tomorrow, dry_run=True)["answers"] == before


def test_beir_export(built_settings, tmp_path):
    counts = export_beir(built_settings, load_gold(GOLD), tmp_path)
    assert counts["queries"] == 4 and counts["qrels"] >= 4
    qrels = (tmp_path / "qrels" / "test.tsv").read_text().splitlines()
    assert qrels[0] == "query-id\tcorpus-id\tscore"
    corpus_ids = {json.loads(line)["_id"] for line in (tmp_path / "corpus.jsonl").read_text().splitlines()}
    assert all(line.split("\t")[1] in corpus_ids for line in qrels[1:])


def test_answers_run_generative_against_the_fake_model(built_settings):
    from tests.fake_mistral import FakeMistral

    with FakeMistral() as fake:
        settings = built_settings.model_copy(update={"mistral_server_url": fake.url, "mistral_timeout_s": 3})
        results = run_answers(settings, load_gold(GOLD), ["generative"])
        overall = results["modes"]["generative"]["overall"]
        assert overall["answered"] >= 3 and overall["refusal_accuracy"] == 1.0
        assert overall["citation_precision"] > 0.5 and overall["valid_citation_rate"] == 1.0
        fake.scenario = "unsupported"
        flagged = run_answers(settings, load_gold(GOLD), ["generative"])["modes"]["generative"]["overall"]
        assert flagged["bad_citation_answer_rate"] > 0.5, "unsupported citations are counted"


def test_multi_turn_items_ask_their_history_in_one_conversation(built_settings, monkeypatch):
    import app.evaluation.answers as answers
    from app.evaluation.gold import GoldQuestion

    asked: list[tuple[str, str | None, str]] = []  # question, conversation asked in, conversation answered in

    def recording_ask(settings, question, conversation_id=None, **kwargs):
        answer = ask(settings, question, conversation_id=conversation_id, **kwargs)
        asked.append((question, conversation_id, answer.conversation_id))
        return answer

    monkeypatch.setattr(answers, "ask", recording_ask)

    on_topic = "Mon logiciel surveille des paramètres vitaux : quelle classe ?"
    items = [
        GoldQuestion(
            id="mt-1",
            question="Donne-moi la recette de la pâte à crêpes",
            language="fr",
            domain="refuse",
            expect="refuse",
            refuse_reason="off_topic",
            history=[on_topic],
            tags=["multi-turn"],
            split="test",
        ),
        GoldQuestion(
            id="mt-2",
            question=on_topic,
            language="fr",
            domain="mdr",
            split="tune",
            relevant=[{"doc_id": "test-mdr-regle-11", "grade": 3}],
            key_facts=["classe IIb"],
        ),
    ]
    results = run_answers(built_settings, items, ["extractive"])["modes"]["extractive"]
    row = next(r for r in results["rows"] if r["id"] == "mt-1")
    assert results["per_kind"]["multi-turn"]["must_refuse"] == 1
    assert results["per_kind"]["multi-turn"]["refusal_accuracy"] == (1.0 if row["refused"] else 0.0)
    assert set(results["per_split"]) == {"tune", "test"} and results["per_split"]["tune"]["hit@5"] == 1.0
    assert results["overall"]["p95_ms"] is not None and results["per_language"]["fr"]["questions"] == 2
    turns = [(question, given) for question, given, answered in asked if answered == row["conversation_id"]]
    assert turns == [(on_topic, None), (items[0].question, row["conversation_id"])], (
        "the history was asked first, and the item in the conversation it opened"
    )
