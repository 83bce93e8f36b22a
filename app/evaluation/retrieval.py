"""`navigator eval retrieval`: recall@k, MRR@10, nDCG@10 per domain and overall, for several configurations.

A configuration changes fusion/retrieval settings (same index) or chunking/embedder (its own index, built once
under `data/eval-indexes/`, sharing the embedding cache).
"""

from __future__ import annotations

import hashlib
import statistics
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from app.evaluation.gold import GoldQuestion
from app.evaluation.metrics import hit_at, mrr_at, ndcg_at, recall_at
from app.retrieve.search import search_chunks
from app.settings import SearchMode, Settings

KS = (1, 3, 5, 10)
INDEX_FIELDS = ("chunk_max_chars", "chunk_overlap_chars", "embedder")
SEARCH_FIELDS = ("weight_dense", "weight_bm25", "weight_title", "rrf_k", "candidates")


class EvalConfig(BaseModel):
    """One configuration to compare; a misspelt or unknown key is an error, not a silent copy of the defaults."""

    model_config = ConfigDict(extra="forbid")

    name: str
    mode: SearchMode = SearchMode.hybrid
    weight_dense: float | None = None
    weight_bm25: float | None = None
    weight_title: float | None = None
    rrf_k: int | None = None
    candidates: int | None = None
    chunk_max_chars: int | None = None
    chunk_overlap_chars: int | None = None
    embedder: str | None = None

    def overrides(self, fields) -> dict:
        return {f: getattr(self, f) for f in fields if getattr(self, f) is not None}


BUILTIN = {m.value: EvalConfig(name=m.value, mode=m) for m in SearchMode}


def load_configs(names: list[str], files: list[Path]) -> list[EvalConfig]:
    configs = []
    for name in names:
        if name not in BUILTIN:
            raise ValueError(
                f"unknown configuration '{name}' (built in: {', '.join(BUILTIN)}; or pass --configs FILE.yaml)"
            )
        configs.append(BUILTIN[name])
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data.get("configurations", data if isinstance(data, list) else []):
            try:
                configs.append(EvalConfig.model_validate(item))
            except ValidationError as exc:
                raise ValueError(f"{path}: {exc}") from exc
    return configs or [BUILTIN["hybrid"]]


def settings_for(base: Settings, config: EvalConfig, progress=None) -> Settings:
    """Settings of a configuration; builds its own index when it changes chunking or the embedder."""
    index_changes = config.overrides(INDEX_FIELDS)
    settings = base.model_copy(update=config.overrides(SEARCH_FIELDS))
    if not index_changes:
        return settings
    from app.ingest.pipeline import ingest

    key = hashlib.sha256(repr(sorted(index_changes.items())).encode()).hexdigest()[:10]
    settings = settings.model_copy(
        update={**index_changes, "data_dir": base.data_dir / "eval-indexes" / key, "shared_cache_dir": base.cache_dir}
    )
    ingest(settings, progress=progress)
    return settings


def retrieval_query(item: GoldQuestion) -> str | None:
    """The query the answer service would search for this item, or None when it cannot be known here.

    A multi-turn item is searched as the service does without a model: a follow-up becomes its standalone query
    (`app.answer.followup`), a self-contained question stays as asked. Without that module the item is skipped
    rather than searched as a bare follow-up, which would measure a query the service never runs.
    """
    if not item.history:
        return item.question
    try:
        from app.answer.followup import follow_up_query, is_follow_up
    except ImportError:
        return None
    return follow_up_query(item.question, item.history) if is_follow_up(item.question) else item.question


class QuestionResult(BaseModel):
    id: str
    question: str
    domain: str
    language: str = "fr"
    split: str | None = None
    tags: list[str] = []
    query: str = ""
    relevant: dict[str, int]
    retrieved: list[dict]
    metrics: dict[str, float]
    latency_ms: float


def evaluate_question(
    settings: Settings, item: GoldQuestion, mode: SearchMode, query: str | None = None
) -> QuestionResult:
    query = query or item.question
    t0 = time.perf_counter()
    hits = search_chunks(settings, query, k=10, mode=mode)
    latency = (time.perf_counter() - t0) * 1000
    ranking = [h.chunk.doc_id for h in hits]
    relevant: dict[str, int] = {}
    for r in item.relevant:
        relevant[r.doc_id] = max(relevant.get(r.doc_id, 0), r.grade)
    metrics = {f"recall@{k}": recall_at(ranking, relevant, k) for k in KS}
    metrics |= {f"hit@{k}": hit_at(ranking, relevant, k) for k in KS}
    metrics |= {"mrr@10": mrr_at(ranking, relevant, 10), "ndcg@10": ndcg_at(ranking, relevant, 10)}
    retrieved = [
        {
            "rank": i,
            "doc_id": h.chunk.doc_id,
            "chunk_id": h.chunk.chunk_id,
            "section": h.chunk.section,
            "score": round(h.score, 5),
            "relevant": h.chunk.doc_id in relevant,
        }
        for i, h in enumerate(hits, start=1)
    ]
    return QuestionResult(
        id=item.id,
        question=item.question,
        domain=item.domain,
        language=item.language,
        split=item.split,
        tags=list(item.tags),
        query=query,
        relevant=relevant,
        retrieved=retrieved,
        metrics=metrics,
        latency_ms=round(latency, 2),
    )


def aggregate(results: list[QuestionResult]) -> dict[str, float]:
    if not results:
        return {}
    names = results[0].metrics.keys()
    return {name: round(statistics.fmean(r.metrics[name] for r in results), 4) for name in names} | {
        "questions": len(results)
    }


def groups(results: list, key) -> dict[str, list]:
    """Results grouped by `key(result)`, which returns one group name or several (a question has several tags)."""
    grouped = defaultdict(list)
    for r in results:
        names = key(r)
        for name in [names] if isinstance(names, str) else names:
            grouped[name].append(r)
    return dict(sorted(grouped.items()))


def kinds(r) -> list[str]:
    """The hard kinds of a question; `standard` for one with none."""
    return list(r.tags) or ["standard"]


def run_retrieval(base: Settings, gold: list[GoldQuestion], configs: list[EvalConfig], progress=None) -> dict:
    queries = {q.id: retrieval_query(q) for q in gold if q.expect == "answer"}
    answerable = [q for q in gold if q.expect == "answer" and queries[q.id] is not None]
    skipped = [q.id for q in gold if q.expect == "answer" and queries[q.id] is None]
    output: dict = {"questions": len(answerable), "configurations": {}}
    if skipped:
        output["skipped"] = {
            "ids": skipped,
            "why": "multi-turn: app.answer.followup is not available to build the standalone query",
        }
    for config in configs:
        settings = settings_for(base, config)
        results = []
        if progress:
            progress.phase(f"retrieval · {config.name}", len(answerable))
        search_chunks(settings, "warm-up", mode=config.mode)  # model and index load are not query latency
        for item in answerable:
            results.append(evaluate_question(settings, item, config.mode, queries[item.id]))
            if progress:
                progress.advance()
        if progress:
            progress.done()
        latencies = [r.latency_ms for r in results] or [0.0]
        output["configurations"][config.name] = {
            "config": config.model_dump(mode="json", exclude_none=True),
            "overall": aggregate(results),
            "per_domain": {d: aggregate(rs) for d, rs in groups(results, lambda r: r.domain).items()},
            "per_split": {s: aggregate(rs) for s, rs in groups(results, lambda r: r.split or "unassigned").items()},
            "per_language": {lang: aggregate(rs) for lang, rs in groups(results, lambda r: r.language).items()},
            "per_kind": {k: aggregate(rs) for k, rs in groups(results, kinds).items()},
            "latency_ms": {
                "p50": round(float(np.percentile(latencies, 50)), 2),
                "p95": round(float(np.percentile(latencies, 95)), 2),
            },
            "failures": [r.model_dump() for r in results if r.metrics["hit@5"] == 0],
            "questions": [
                r.model_dump(include={"id", "domain", "language", "split", "tags", "metrics"}) for r in results
            ],
        }
    return output


def compare(new: dict, old: dict) -> dict:
    """Deltas of overall and per-domain metrics for configurations present in both runs."""
    deltas = {}
    for name, current in new["configurations"].items():
        previous = old.get("configurations", {}).get(name)
        if not previous:
            continue
        overall = {
            m: round(v - previous["overall"].get(m, 0.0), 4)
            for m, v in current["overall"].items()
            if m != "questions" and m in previous["overall"]
        }
        domains = {
            d: {
                m: round(v - previous["per_domain"][d].get(m, 0.0), 4)
                for m, v in ms.items()
                if m in ("recall@5", "ndcg@10")
            }
            for d, ms in current["per_domain"].items()
            if d in previous.get("per_domain", {})
        }
        deltas[name] = {"overall": overall, "per_domain": domains}
    return deltas


def write_results(out: Path, results: dict) -> Path:
    import json

    out.mkdir(parents=True, exist_ok=True)
    path = out / "results.json"
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False, default=str))
    return path
