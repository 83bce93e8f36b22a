"""Ranking metrics on chunk rankings judged at document level (a section of a relevant document counts once)."""

from __future__ import annotations

import math


def judged_ranking(doc_ids: list[str]) -> list[str | None]:
    """Doc ids in rank order with repeats blanked: the second chunk of a document earns nothing more."""
    seen: set[str] = set()
    out: list[str | None] = []
    for doc_id in doc_ids:
        out.append(None if doc_id in seen else doc_id)
        seen.add(doc_id)
    return out


def recall_at(ranking: list[str], relevant: dict[str, int], k: int) -> float:
    if not relevant:
        return 0.0
    found = set(ranking[:k]) & set(relevant)
    return len(found) / len(relevant)


def hit_at(ranking: list[str], relevant: dict[str, int], k: int) -> float:
    return 1.0 if set(ranking[:k]) & set(relevant) else 0.0


def mrr_at(ranking: list[str], relevant: dict[str, int], k: int = 10) -> float:
    for rank, doc_id in enumerate(ranking[:k], start=1):
        if doc_id in relevant:
            return 1.0 / rank
    return 0.0


def ndcg_at(ranking: list[str], relevant: dict[str, int], k: int = 10) -> float:
    judged = judged_ranking(ranking[:k])
    dcg = sum((2 ** relevant.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(judged) if d)
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0
