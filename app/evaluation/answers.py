"""`navigator eval answers`: key facts, hit@5, citation precision/recall (ALCE-style), refusals, latency — per mode,
per split, domain, language and hard kind. Multi-turn items ask their history first, in one conversation.

A statement is supported when the passages it cites back it up (the same support check the answers use, from
`app.generate.citations`); an extractive quote must occur verbatim in its chunk.
"""

from __future__ import annotations

import re
import statistics
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from app.answer.extractive import HEADER
from app.answer.service import ask
from app.evaluation.gold import GoldQuestion
from app.retrieve.index_reader import get_index
from app.schemas.answers import Answer
from app.settings import Settings
from app.text import fold, in_digits, split_sentences


def _normalise(text: str) -> str:
    """Accents, case, typographic apostrophes, spacing (« §1 » and « § 1 » meet) and numbers in words folded;
    nothing else is forgiven."""
    folded = " ".join(fold(text.replace("\u2019", "'").replace("§", " § ").replace("§", "para")).split())
    return in_digits(folded)


def has_fact(answer: str, fact: str) -> bool:
    """The fact occurs as whole words: « article 4 » is not found in « article 45 »."""
    pattern = r"(?<![a-z0-9])" + re.escape(_normalise(fact)) + r"(?![a-z0-9])"
    return re.search(pattern, _normalise(answer)) is not None


def key_fact_recall(answer: str, facts: list[str]) -> float | None:
    if not facts:
        return None
    return sum(has_fact(answer, f) for f in facts) / len(facts)


def opening_statement(answer: str) -> str:
    """What a founder reads first, which should answer the question: the opening quotes of an extractive answer (the
    paragraph after its label, one quote per part of a two-part question), the first sentence of a generated one."""
    text = answer.strip()
    for header in HEADER.values():
        if text.startswith(header):
            return text.removeprefix(header).strip().split("\n\n")[0]
    sentences = split_sentences(text)
    return sentences[0] if sentences else ""


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
        "unsupported": any(c.supported is False for c in answer.citations)
        or any(c.removed_markers for c in answer.answer_checks),
    }


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.fmean(values), 4) if values else None


def _percentile(values: list[float], q: float) -> float | None:
    return round(float(np.percentile(values, q)), 1) if values else None


def ask_item(settings: Settings, item: GoldQuestion) -> Answer:
    """Ask a gold item as a founder would: its history first, in the same conversation, then the item itself."""
    if not item.history:
        return ask(settings, item.question)
    conversation_id = None  # issued by the server on the first turn, like a founder's
    for previous in item.history:
        conversation_id = ask(settings, previous, conversation_id=conversation_id).conversation_id
    return ask(settings, item.question, conversation_id=conversation_id)


def summarize(rows: list[dict]) -> dict:
    """The figures of a group of rows.

    Key-fact recall counts every answerable question that has key facts, a refused one scoring 0 (refusing is not a
    way to avoid being wrong); `key_fact_recall_answered` is the same over answered questions only. The median
    answer's length in words is reported beside them: more quotes carry more key facts, and a founder reads them all.
    Latency is the final turn's, per mode.
    """
    answerable = [r for r in rows if r["expect"] == "answer"]
    answered = [r for r in answerable if not r["refused"]]
    must_refuse = [r for r in rows if r["expect"] == "refuse"]
    took = [r["took_ms"] for r in rows]
    return {
        "questions": len(rows),
        "key_fact_recall": _mean(r.get("key_fact_recall") for r in answerable),
        "key_fact_recall_answered": _mean(r.get("key_fact_recall") for r in answered),
        "key_fact_recall_opening": _mean(r.get("key_fact_recall_opening") for r in answerable),
        "hit@5": _mean(r["hit@5"] for r in answerable),
        "citation_precision": _mean(r["citation_precision"] for r in answered),
        "citation_recall": _mean(r["citation_recall"] for r in answered),
        "valid_citation_rate": _mean(1.0 if r["valid"] else 0.0 for r in answered),
        "bad_citation_answer_rate": _mean(1.0 if (not r["valid"] or r["unsupported"]) else 0.0 for r in answered),
        "refusal_accuracy": _mean(1.0 if r["correct_refusal"] else 0.0 for r in must_refuse),
        "false_refusal_rate": _mean(1.0 if r["false_refusal"] else 0.0 for r in answerable),
        "answered": len(answered),
        "answer_words_p50": _percentile([r["answer_words"] for r in answered if "answer_words" in r], 50),
        "must_refuse": len(must_refuse),
        "p50_ms": _percentile(took, 50),
        "p95_ms": _percentile(took, 95),
    }


def _groups(rows: list[dict], key) -> dict[str, dict]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        names = key(r)
        for name in [names] if isinstance(names, str) else names:
            grouped[name].append(r)
    return {name: summarize(rs) for name, rs in sorted(grouped.items())}


def breakdowns(rows: list[dict]) -> dict[str, dict]:
    """Figures per split, domain, language and hard kind (a question counts in each of its kinds)."""
    return {
        "per_split": _groups(rows, lambda r: r["split"] or "unassigned"),
        "per_domain": _groups(rows, lambda r: r["domain"]),
        "per_language": _groups(rows, lambda r: r["language"]),
        "per_kind": _groups(rows, lambda r: r["tags"] or ["standard"]),
    }


@contextmanager
def throwaway_records(settings: Settings) -> Iterator[Settings]:
    """`settings` recording in a records database deleted afterwards: thousands of evaluation questions are no
    founder's records (they had filled a development store with 230,000 rows), and figures must not depend on what a
    machine's store holds, such as advisers' validated answers."""
    with tempfile.TemporaryDirectory(prefix="navigator-eval-") as scratch:
        yield settings.model_copy(
            update={
                "database_url": f"sqlite:///{Path(scratch) / 'records.sqlite'}",
                "records_spool_dir": Path(scratch) / "spool",
            }
        )


def run_answers(settings: Settings, gold: list[GoldQuestion], modes: list[str], progress=None) -> dict:
    """Ask every gold item in each mode, recording in a throwaway records database (`throwaway_records`)."""
    with throwaway_records(settings) as isolated:
        return _run_answers(isolated, gold, modes, progress)


def _run_answers(settings: Settings, gold: list[GoldQuestion], modes: list[str], progress=None) -> dict:
    index = get_index(settings)
    chunk_text = {c.chunk_id: c.text for c in index.chunks}
    chunk_doc = {c.chunk_id: c.doc_id for c in index.chunks}
    output: dict = {"questions": len(gold), "modes": {}}
    for mode in modes:
        mode_settings = (
            settings
            if mode == "generative"
            else settings.model_copy(update={"mistral_api_key": None, "mistral_server_url": None})
        )
        rows, failures = [], []
        if gold:  # model and index loading are not answer latency
            ask(mode_settings, gold[0].question)
        if progress:
            progress.phase(f"answers · {mode}", len(gold))
        for item in gold:
            answer = ask_item(mode_settings, item)
            retrieved = [chunk_doc.get(r.chunk_id) for r in (answer.record.retrieved if answer.record else [])][:5]
            row: dict[str, Any] = {
                "id": item.id,
                "domain": item.domain,
                "language": item.language,
                "split": item.split,
                "tags": list(item.tags),
                "expect": item.expect,
                "refused": answer.refused,
                "mode": answer.mode,
                "took_ms": answer.took_ms,
                "conversation_id": answer.conversation_id,
            }
            failure = {"id": item.id, "domain": item.domain, "question": " → ".join([*item.history, item.question])}
            if item.expect == "refuse":
                row["correct_refusal"] = answer.refused
                if not answer.refused:
                    failures.append(failure | {"why": "should have been refused"})
                rows.append(row)
                if progress:
                    progress.advance()
                continue
            row["hit@5"] = 1.0 if {r.doc_id for r in item.relevant} & set(retrieved) else 0.0
            row["false_refusal"] = answer.refused
            if answer.refused:
                row["key_fact_recall"] = row["key_fact_recall_opening"] = 0.0 if item.key_facts else None
                failures.append(failure | {"why": "refused an answerable question"})
            else:
                row["key_fact_recall"] = key_fact_recall(answer.answer, item.key_facts)
                row["key_fact_recall_opening"] = key_fact_recall(opening_statement(answer.answer), item.key_facts)
                row["answer_words"] = len(answer.answer.split())
                row |= citation_scores(answer, chunk_text)
                if not row["valid"] or row["unsupported"]:
                    failures.append(failure | {"why": "invalid or unsupported citation"})
                elif row["key_fact_recall"] is not None and row["key_fact_recall"] < 1.0:
                    missing = [f for f in item.key_facts if not has_fact(answer.answer, f)]
                    failures.append(failure | {"why": f"missing key facts: {missing}"})
            rows.append(row)
            if progress:
                progress.advance()
        if progress:
            progress.done()
        output["modes"][mode] = {"overall": summarize(rows), **breakdowns(rows), "failures": failures, "rows": rows}
    return output
