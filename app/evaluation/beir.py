"""Export the gold set and the indexed corpus in BEIR format, so outside retrieval tools can run on them."""

from __future__ import annotations

import json
from pathlib import Path

from app.evaluation.gold import GoldQuestion
from app.evaluation.retrieval import retrieval_query
from app.retrieve.index_reader import get_index
from app.settings import Settings


def export_beir(settings: Settings, gold: list[GoldQuestion], out: Path) -> dict:
    """corpus.jsonl (one line per chunk), queries.jsonl, qrels/test.tsv (chunk-level, graded by the document)."""
    index = get_index(settings)
    (out / "qrels").mkdir(parents=True, exist_ok=True)
    with (out / "corpus.jsonl").open("w", encoding="utf-8") as fh:
        for chunk in index.chunks:
            fh.write(
                json.dumps(
                    {
                        "_id": chunk.chunk_id,
                        "title": chunk.section,
                        "text": chunk.text,
                        "metadata": {"doc_id": chunk.doc_id, "domain": chunk.domain},
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    # A multi-turn question is exported as the standalone query the service would search (skipped if unknown).
    queries = {q.id: retrieval_query(q) for q in gold if q.expect == "answer"}
    answerable = [q for q in gold if q.expect == "answer" and queries[q.id] is not None]
    with (out / "queries.jsonl").open("w", encoding="utf-8") as fh:
        for q in answerable:
            metadata = {"domain": q.domain, "language": q.language, "split": q.split, "tags": q.tags}
            fh.write(json.dumps({"_id": q.id, "text": queries[q.id], "metadata": metadata}, ensure_ascii=False) + "\n")
    pairs = 0
    with (out / "qrels" / "test.tsv").open("w", encoding="utf-8") as fh:
        fh.write("query-id\tcorpus-id\tscore\n")
        for q in answerable:
            for rel in q.relevant:
                for chunk_id in [rel.chunk_id] if rel.chunk_id else [c.chunk_id for c in index.sections(rel.doc_id)]:
                    fh.write(f"{q.id}\t{chunk_id}\t{rel.grade}\n")
                    pairs += 1
    return {"corpus": len(index.chunks), "queries": len(answerable), "qrels": pairs}
