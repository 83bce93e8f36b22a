"""Validated answers as gold items (JSONL) for `navigator eval answers`: the adviser's work becomes test data."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.engine import Engine

from app.evaluation.gold import GoldQuestion, Relevant
from app.retrieve.index_reader import LoadedIndex
from app.review.passages import chunk_by_id
from app.review.validated import validated_answers


def gold_items(engine: Engine, index: LoadedIndex | None = None) -> list[dict]:
    items = []
    for v in validated_answers(engine):
        relevant: dict[str, Relevant] = {}
        domains: list[str] = []
        for citation in v.citations:
            relevant.setdefault(citation.doc_id, Relevant(doc_id=citation.doc_id, grade=3, chunk_id=citation.chunk_id))
            chunk = chunk_by_id(index, citation.chunk_id) if index is not None else None
            if chunk is not None:
                domains.append(chunk.domain)
        if not relevant:
            continue
        gold = GoldQuestion(
            id=f"validated-{v.answer_id[:12]}-v{v.version}",
            question=v.standalone_query,
            language=v.language,  # type: ignore[arg-type]
            domain=domains[0] if domains else "unknown",
            relevant=list(relevant.values()),
            notes=f"{v.status} by {v.author} on {v.verified_at:%Y-%m-%d}",
        )
        items.append({**gold.model_dump(mode="json", exclude_defaults=False), "reference_answer": v.text})
    return items


def export_jsonl(engine: Engine, path: Path, index: LoadedIndex | None = None) -> int:
    items = gold_items(engine, index)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), encoding="utf-8")
    return len(items)
