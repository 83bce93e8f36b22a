"""Redaction of personal data: the 30-question set, numbers that must stay, and the gold questions left intact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from app.records.redaction import PLACEHOLDERS, redact

CASES = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "redaction" / "personal_data.yaml").read_text(encoding="utf-8")
)
GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold" / "questions.jsonl"


def test_the_set_has_thirty_questions_with_valid_numbers():
    from stdnum import iban
    from stdnum.fr import nir

    assert len(CASES) == 30
    items = [c for case in CASES for c in case["catch"]]
    assert {c["kind"] for c in items} == set(PLACEHOLDERS)
    for item in items:
        compact = item["value"].replace(" ", "").replace(".", "")
        if item["kind"] == "nir":
            assert nir.is_valid(compact), item
        if item["kind"] == "iban":
            assert iban.is_valid(compact), item


def test_catch_rate_on_the_thirty_questions():
    caught, missed = 0, []
    for case in CASES:
        result = redact(case["text"])
        for item in case["catch"]:
            if item["value"] not in result.text and PLACEHOLDERS[item["kind"]] in result.text:
                caught += 1
            else:
                missed.append((item["kind"], item["value"]))
        for kept in case.get("keep", []):
            assert kept in result.text, f"over-redaction of {kept!r} in {result.text!r}"
    total = sum(len(c["catch"]) for c in CASES)
    print(f"redaction caught {caught}/{total}")
    assert not missed, missed


@pytest.mark.parametrize(
    "text",
    [
        "NIR 2 84 12 75 123 456 76 : clé fausse, ce n'est pas un NIR",  # wrong control key
        "IBAN FR76 3000 6000 0112 3456 7890 188",  # wrong check digits
        "Article L. 1111-8 du CSP, règlement (UE) 2017/745, 72 heures, 2 000 000 €, classe IIb, règle 11",
    ],
)
def test_invalid_numbers_and_legal_references_stay(text):
    assert redact(text).text == text


def test_gold_questions_are_not_altered():
    questions = [json.loads(line)["question"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(questions) > 50
    assert [q for q in questions if redact(q).changed] == []


def test_counts_say_what_was_masked_not_the_values():
    result = redact("a@b.fr, a@b.fr, 06 12 34 56 78")
    assert dict(result.counts) == {"email": 2, "phone": 1} and "@" not in result.text
