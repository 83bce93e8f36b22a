"""`navigator eval answers`: key facts, citation precision/recall (ALCE-style), refusals — per answer mode.

A statement is supported when the passages it cites back it up (the same support check the answers use, from
`app.generate.citations`); an extractive quote must occur verbatim in its chunk.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict

from app.answer.service import ask
from app.evaluation.gold import GoldQuestion
from app.index.bm25 import fold
from app.retrieve.index_reader import get_index
from app.schemas.answers import Answer
from app.settings import Settings


def key_fact_recall(answer: str, facts: list[str]) -> float | None:
    if not facts:
        return None
    text = fold(answer)
    return sum(fold(f) in text for f in facts) / len(facts)


def citation_scores(answer: Answer, chunk_text: dict[str, str]) -> dict:
    """Validity, ALCE-style citation recall (statements supported) and precision (citations that support)."""
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", answer.answer)}
    listed = {c.n for c in answer.citations}
    quotes_ok = all(c.quote and c.quote in chunk_text.get(c.chunk_id, "") for c in answer.citations)
    valid = markers == listed and quotes_ok
    if answer.mode == "extractive":
        statements = len(answer.citations)
        supported = sum(1 for c in answer.citations if c.quote in chunk_text.get(c.chunk_id, ""))
        precise = supported
    else:
        claims = [c for c in answer.answer_checks if c.markers or c.issue == "no citation"]
        statements = len(claims)
        supported = sum(1 for c in claims if c.supported)
        precise = sum(1 for c in answer.citations if c.supported)
    return {
        "valid": valid,
        "citation_recall": supported / statements if statements else 0.0,
        "citation_precision": precise / len(answer.citations) if answer.citations else 0.0,
        "unsupported": any(c.supported is False for c in answer.citations) or any(c.removed_markers for c in answer.answer_checks),
    }


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.fmean(values), 4) if values else None


def run_answers(settings: Settings, gold: list[GoldQuestion], modes: list[str], progress=None) -> dict:
    chunk_text = {c.chunk_id: c.text for c in get_index(settings).chunks}
    output: dict = {"questions": len(gold), "modes": {}}
    for mode in modes:
        mode_settings = settings if mode == "generative" else settings.model_copy(update={"mistral_api_key": None, "mistral_server_url": None})
        rows, failures = [], []
        if progress:
            progress.phase(f"answers · {mode}", len(gold))
        for item in gold:
            answer = ask(mode_settings, item.question)
            row = {"id": item.id, "domain": item.domain, "expect": item.expect, "refused": answer.refused,
                   "mode": answer.mode, "took_ms": answer.took_ms}
            if item.expect == "refuse":
                row["correct_refusal"] = answer.refused
                if not answer.refused:
                    failures.append({"id": item.id, "domain": item.domain, "question": item.question, "why": "should have been refused"})
            elif answer.refused:
                row["false_refusal"] = True
                failures.append({"id": item.id, "domain": item.domain, "question": item.question, "why": "refused an answerable question"})
            else:
                row["false_refusal"] = False
                row["key_fact_recall"] = key_fact_recall(answer.answer, item.key_facts)
                row |= citation_scores(answer, chunk_text)
                if not row["valid"] or row["unsupported"]:
                    failures.append({"id": item.id, "domain": item.domain, "question": item.question, "why": "invalid or unsupported citation"})
                elif row["key_fact_recall"] is not None and row["key_fact_recall"] < 0.5:
                    missing = [f for f in item.key_facts if fold(f) not in fold(answer.answer)]
                    failures.append({"id": item.id, "domain": item.domain, "question": item.question, "why": f"missing key facts: {missing}"})
            rows.append(row)
            if progress:
                progress.advance()
        if progress:
            progress.done()
        answered = [r for r in rows if r["expect"] == "answer" and not r["refused"]]
        must_refuse = [r for r in rows if r["expect"] == "refuse"]
        answerable = [r for r in rows if r["expect"] == "answer"]
        per_domain = defaultdict(list)
        for r in answered:
            per_domain[r["domain"]].append(r)
        output["modes"][mode] = {
            "overall": {
                "key_fact_recall": _mean(r.get("key_fact_recall") for r in answered),
                "citation_precision": _mean(r["citation_precision"] for r in answered),
                "citation_recall": _mean(r["citation_recall"] for r in answered),
                "valid_citation_rate": _mean(1.0 if r["valid"] else 0.0 for r in answered),
                "bad_citation_answer_rate": _mean(1.0 if (not r["valid"] or r["unsupported"]) else 0.0 for r in answered),
                "refusal_accuracy": _mean(1.0 if r["correct_refusal"] else 0.0 for r in must_refuse),
                "false_refusal_rate": _mean(1.0 if r["false_refusal"] else 0.0 for r in answerable),
                "answered": len(answered),
                "p50_ms": round(statistics.median(r["took_ms"] for r in rows), 1) if rows else None,
            },
            "per_domain": {d: {"key_fact_recall": _mean(r.get("key_fact_recall") for r in rs),
                               "citation_recall": _mean(r["citation_recall"] for r in rs)} for d, rs in sorted(per_domain.items())},
            "failures": failures,
            "rows": rows,
        }
    return output
