"""Regression gate: the default configuration on the held-out `test` half of the gold set, over the real corpus.

Fails when retrieval falls below `eval/thresholds.yaml` (key facts and refusals: `test_eval_gate_answers.py`, a file
of its own so that the two gates, the suite's slowest tests, can run on different workers). The `tune` half is what
thresholds and weights are calibrated on (`eval/calibrate.py`), so it is never read by a gated figure here. Builds
the index of the written corpus once (the slowest fixture of the suite: every chunk is embedded).
"""

from pathlib import Path

import yaml

from app.evaluation.gold import load_gold
from app.evaluation.retrieval import BUILTIN, run_retrieval

ROOT = Path(__file__).resolve().parent.parent
THRESHOLDS = yaml.safe_load((ROOT / "eval" / "thresholds.yaml").read_text())
GOLD = load_gold(ROOT / "eval" / "gold")
TEST = load_gold(ROOT / "eval" / "gold", "test")


def test_gold_set_shape():
    answerable = [q for q in GOLD if q.expect == "answer"]
    refuse = [q for q in GOLD if q.expect == "refuse"]
    assert len(GOLD) >= 150 and len(refuse) >= 15
    assert sum(q.language == "en" for q in GOLD) >= 20
    for domain in ("rgpd", "mdr", "has", "art51", "france2030", "gnius"):
        assert sum(q.domain == domain for q in answerable) >= 15, domain
    assert all(q.split for q in GOLD), "run eval/split_gold.py"
    held_out = [q for q in TEST if q.expect == "answer"]
    assert sum(q.expect == "refuse" for q in TEST) >= 8 and all(
        sum(q.domain == d for q in held_out) >= 7 for d in ("rgpd", "mdr", "has", "art51", "france2030", "gnius")
    )


def test_every_relevant_document_exists(project_settings):
    from app.retrieve.index_reader import get_index

    documents = set(get_index(project_settings).manifest.documents)
    missing = {r.doc_id for q in GOLD for r in q.relevant} - documents
    assert not missing


def test_gate_reads_only_the_held_out_half():
    assert TEST and {q.split for q in TEST} == {"test"}
    assert not {q.id for q in TEST} & {q.id for q in load_gold(ROOT / "eval" / "gold", "tune")}
    assert "valid_citation_rate" not in THRESHOLDS["answers_extractive"], "true by construction: reported, not gated"


def test_retrieval_does_not_regress(project_settings, gate_report):
    results = run_retrieval(project_settings, TEST, [BUILTIN["hybrid"]])["configurations"]["hybrid"]
    wanted = THRESHOLDS["retrieval"]
    gate_report.append(
        f"retrieval (test half, {len(TEST)} questions): recall@5 {results['overall']['recall@5']:.3f} "
        f"(floor {wanted['recall@5']}), nDCG@10 {results['overall']['ndcg@10']:.3f} (floor {wanted['ndcg@10']})"
    )
    assert results["overall"]["recall@5"] >= wanted["recall@5"], results["failures"]
    assert results["overall"]["ndcg@10"] >= wanted["ndcg@10"]
    low = {d: m["recall@5"] for d, m in results["per_domain"].items() if m["recall@5"] < wanted["min_domain_recall@5"]}
    assert not low, low
