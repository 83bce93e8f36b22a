"""Gold set files, splits and schema: the loader reads every file, the split is stratified and never moves a
question, multi-turn items are consistent, and every key fact is really in a relevant sheet."""

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from app.answer.extractive import DETAILS, HEADER
from app.corpus.loader import iter_corpus_files
from app.corpus.loader import load_document as load_markdown
from app.evaluation.answers import has_fact, key_fact_recall, opening_statement, summarize
from app.evaluation.gold import GoldError, GoldQuestion, load_gold
from app.evaluation.retrieval import retrieval_query

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "eval"))
from split_gold import assign  # noqa: E402

GOLD = ROOT / "eval" / "gold"


def _item(qid: str, domain: str = "mdr", language: str = "fr", **extra) -> dict:
    base = {
        "id": qid,
        "question": f"Question {qid} ?",
        "language": language,
        "domain": domain,
        "relevant": [{"doc_id": "doc-a", "grade": 3}],
        "key_facts": ["classe IIa"],
    }
    return base | extra


def _write(path: Path, items: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")


def test_folder_loader_reads_additions_and_rejects_duplicate_ids_across_files(tmp_path):
    _write(tmp_path / "questions.jsonl", [_item("mdr-01"), _item("mdr-02")])
    _write(tmp_path / "additions" / "funding.jsonl", [_item("f-01", "france2030")])
    _write(tmp_path / "notes.txt", [_item("ignored")])
    assert [q.id for q in load_gold(tmp_path)] == ["mdr-01", "mdr-02", "f-01"]
    _write(tmp_path / "additions" / "other.jsonl", [_item("mdr-02")])
    with pytest.raises(GoldError, match=r"other.jsonl:1: duplicate id 'mdr-02' \(first in .*questions.jsonl:2\)"):
        load_gold(tmp_path)


def test_split_filter_refuses_questions_without_a_split(tmp_path):
    _write(tmp_path / "questions.jsonl", [_item("a-1", split="test"), _item("a-2", split="tune"), _item("a-3")])
    assert [q.id for q in load_gold(tmp_path)] == ["a-1", "a-2", "a-3"]
    with pytest.raises(GoldError, match="1 questions have no split .*split_gold.py"):
        load_gold(tmp_path, "test")


def test_split_is_stratified_deterministic_and_never_moves_a_question(tmp_path):
    items = [
        _item(f"{d}-{lang}-{i}", d, lang) for d in ("mdr", "rgpd", "has") for lang in ("fr", "en") for i in range(7)
    ]
    _write(tmp_path / "questions.jsonl", items)
    first = assign(tmp_path)
    assert len(first) == len(items)
    per = Counter((q.domain, q.language, q.split) for q in load_gold(tmp_path))
    for d in ("mdr", "rgpd", "has"):
        for lang in ("fr", "en"):
            assert abs(per[(d, lang, "tune")] - per[(d, lang, "test")]) <= 1, (d, lang)

    twin = tmp_path / "twin"
    _write(twin / "questions.jsonl", items)
    assert assign(twin) == first, "the same questions get the same halves"
    assert assign(tmp_path) == {}, "a second run changes nothing"

    before = {q.id: q.split for q in load_gold(tmp_path)}
    _write(tmp_path / "additions" / "new.jsonl", [_item(f"new-{i}", "mdr", "en") for i in range(5)])
    added = assign(tmp_path)
    after = {q.id: q.split for q in load_gold(tmp_path)}
    assert set(added) == {f"new-{i}" for i in range(5)}
    assert all(after[qid] == split for qid, split in before.items()), "existing questions keep their half"
    mdr_en = Counter(q.split for q in load_gold(tmp_path) if (q.domain, q.language) == ("mdr", "en"))
    assert abs(mdr_en["tune"] - mdr_en["test"]) <= 1


def test_multi_turn_items_need_the_tag_and_the_history():
    with pytest.raises(ValueError, match="multi-turn"):
        GoldQuestion.model_validate(_item("m-1", history=["Mon logiciel est-il un DM ?"]))
    with pytest.raises(ValueError, match="multi-turn"):
        GoldQuestion.model_validate(_item("m-2", tags=["multi-turn"]))
    item = GoldQuestion.model_validate(_item("m-3", history=["Mon logiciel est-il un DM ?"], tags=["multi-turn"]))
    assert item.history == ["Mon logiciel est-il un DM ?"]
    with pytest.raises(ValueError):
        GoldQuestion.model_validate(_item("m-4", tags=["hard"]))


def test_multi_turn_retrieval_query_follows_the_service_or_is_skipped():
    item = GoldQuestion.model_validate(
        _item(
            "m-5",
            history=["Quelle classe pour un logiciel de télésurveillance ?"],
            tags=["multi-turn"],
            question="Et pour la classe IIb ?",
        )
    )
    query = retrieval_query(item)
    try:
        import app.answer.followup  # noqa: F401
    except ImportError:
        assert query is None
    else:
        assert query is not None and "télésurveillance" in query and "IIb" in query
    plain = GoldQuestion.model_validate(_item("m-6"))
    assert retrieval_query(plain) == plain.question


def test_key_facts_match_whole_words_with_accents_and_case_folded():
    assert has_fact("Selon l’Article 6 § 1 de l'AI Act", "article 6 §1")
    assert has_fact("la RÈGLE 11 s'applique", "règle 11")
    assert not has_fact("voir l'article 45", "article 4"), "no credit for a longer number"
    assert not has_fact("les données pseudonymisées", "pseudonymis"), "no credit for a stem"
    assert has_fact("elle dure au plus 5 ans", "cinq ans") and has_fact("dix-huit mois", "18 mois"), "words or digits"
    assert not has_fact("cinquante ans", "cinq ans") and not has_fact("15 ans", "cinq ans")
    assert not has_fact("vingt-six mois", "six mois")
    assert key_fact_recall("72 heures, article 33", ["72 heures", "article 34"]) == 0.5


def test_the_opening_statement_is_what_a_founder_reads_first():
    extractive = (
        f"{HEADER['fr']}\n\n« Le responsable notifie la CNIL dans les 72 heures. » [1]\n\n{DETAILS['fr']}\n"
        "« Le sous-traitant prévient son client. » [2]"
    )
    assert opening_statement(extractive) == "« Le responsable notifie la CNIL dans les 72 heures. » [1]"
    two_parts = f"{HEADER['en']}\n\n« Classe IIa. » [1]\n« LPPR. » [2]\n\n{DETAILS['en']}\n« Autre. » [3]"
    assert opening_statement(two_parts) == "« Classe IIa. » [1]\n« LPPR. » [2]"
    generated = "Oui : dans les 72 heures [1]. Le sous-traitant, lui, prévient son client sans délai [2]."
    assert opening_statement(generated) == "Oui : dans les 72 heures [1]."
    assert key_fact_recall(opening_statement(extractive), ["72 heures", "sous-traitant"]) == 0.5


def test_a_refused_answerable_question_scores_zero_key_fact_recall():
    base = {"domain": "mdr", "language": "fr", "split": "test", "tags": [], "took_ms": 10.0, "hit@5": 1.0}
    answered = base | {
        "expect": "answer",
        "refused": False,
        "false_refusal": False,
        "key_fact_recall": 1.0,
        "key_fact_recall_opening": 0.5,
        "valid": True,
        "unsupported": False,
        "citation_recall": 1.0,
        "citation_precision": 1.0,
        "answer_words": 80,
    }
    refused = base | {
        "expect": "answer",
        "refused": True,
        "false_refusal": True,
        "key_fact_recall": 0.0,
        "key_fact_recall_opening": 0.0,
    }
    figures = summarize([answered, refused])
    assert figures["key_fact_recall"] == 0.5 and figures["key_fact_recall_answered"] == 1.0
    assert figures["key_fact_recall_opening"] == 0.25
    assert figures["false_refusal_rate"] == 0.5 and figures["p95_ms"] == 10.0
    assert figures["answer_words_p50"] == 80.0  # the refused answer has no length to count


def _sheets() -> dict[str, str]:
    return {d.meta.id: d.body.replace("**", "") for d in map(load_markdown, iter_corpus_files(ROOT / "corpus"))}


def test_every_key_fact_occurs_in_a_relevant_sheet():
    sheets = _sheets()
    missing = []
    for q in load_gold(GOLD):
        texts = [sheets[r.doc_id] for r in q.relevant if r.doc_id in sheets]
        if texts:
            missing += [(q.id, fact) for fact in q.key_facts if not any(has_fact(t, fact) for t in texts)]
    assert not missing


def test_the_project_gold_set_is_split_and_has_the_hard_kinds():
    items = load_gold(GOLD)
    assert all(q.split for q in items), "run eval/split_gold.py"
    hard = [q for q in items if q.id.startswith("hard-")]
    assert len(hard) >= 70 and all(q.tags for q in hard)
    kinds = Counter(t for q in hard for t in q.tags)
    assert kinds["multi-turn"] >= 15 and all(
        kinds[k] >= 5 for k in ("colloquial", "english", "two-domain", "precise-reference", "dated")
    )
    multi_refuse = Counter(q.refuse_reason for q in hard if q.history and q.expect == "refuse")
    assert all(multi_refuse[r] >= 2 for r in ("off_topic", "medical_advice", "injection"))
    for tag in ("multi-turn", "two-domain"):
        assert Counter(q.split for q in hard if tag in q.tags).keys() == {"tune", "test"}
    sheets = _sheets()
    for q in hard:
        assert all(r.doc_id in sheets for r in q.relevant), q.id
        if "two-domain" in q.tags:
            assert len({sheets_domain(r.doc_id) for r in q.relevant}) >= 2, q.id


def sheets_domain(doc_id: str) -> str:
    """The corpus folder a sheet lives in (cnil and hds count apart from rgpd here: they are other regulators)."""
    return doc_id.split("-", 1)[0]
