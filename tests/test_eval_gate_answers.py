"""Regression gate on answers: extractive key-fact recall and refusals on the held-out `test` half of the gold set,
over the real corpus, against `eval/thresholds.yaml` (retrieval and the gold set's shape: `test_eval_gate.py`).

The extractive answers' valid-citation rate is not gated: the composer quotes sentences taken from the chunk and
numbers its markers as it emits them, so it is 1.0 by construction. It is reported in the test output (terminal
summary « evaluation gate figures ») with the gated figures.
"""

from app.evaluation.answers import run_answers
from tests.test_eval_gate import TEST, THRESHOLDS


def test_extractive_answers_keep_key_facts_and_refuse_correctly(project_settings, gate_report):
    overall = run_answers(project_settings, TEST, ["extractive"])["modes"]["extractive"]["overall"]
    wanted = THRESHOLDS["answers_extractive"]
    gate_report.append(
        f"extractive answers (test half): key-fact recall {overall['key_fact_recall']:.3f} "
        f"(floor {wanted['key_fact_recall']}), refusal accuracy {overall['refusal_accuracy']:.3f} "
        f"(floor {wanted['refusal_accuracy']}), false refusals {overall['false_refusal_rate']:.3f} "
        f"(ceiling {wanted['max_false_refusal_rate']}); valid citations {overall['valid_citation_rate']:.3f} "
        "(not gated: 1.0 by construction in extractive mode)"
    )
    assert overall["key_fact_recall"] >= wanted["key_fact_recall"]
    assert overall["refusal_accuracy"] >= wanted["refusal_accuracy"]
    assert overall["false_refusal_rate"] <= wanted["max_false_refusal_rate"]
