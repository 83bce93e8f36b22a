"""Search the current index: French BM25, dense e5 vectors, or both fused by weighted reciprocal rank.

RRF needs no score calibration between the two retrievers; the weights and `k` are settings so the evaluation can
compare configurations. Filters (domain, kind, validity on a date, in force) apply inside each retriever, before
ranking, so a filter never empties a top-k that had matches further down.
"""

from __future__ import annotations

import time
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

import numpy as np

from app.corpus.loader import is_funding_record
from app.corpus.schema import Domain, Kind
from app.index.embeddings import get_embeddings, prefetch_queries
from app.index.generations import IndexNotReady
from app.index.vector_store import VectorStoreError
from app.ingest.chunk import section_title
from app.retrieve.everyday import widen
from app.retrieve.index_reader import LoadedIndex, get_index
from app.retrieve.parts import split_parts
from app.retrieve.references import reference_index
from app.safe_text import printable
from app.schemas.chunks import Chunk
from app.schemas.search import ReferenceLink, SearchFilters, SearchHit, SearchResponse
from app.settings import SearchMode, Settings
from app.text import date_key, tokenize

DOMAINS = [d.value for d in Domain]
KINDS = [k.value for k in Kind]


class BadSearchRequest(ValueError):
    """A request that cannot be served as asked (unknown domain, empty query…)."""


class VectorStoreUnavailable(IndexNotReady):
    """The vector store failed at query time (a Chroma server stopped or unreachable): a 503, not a 500."""


@dataclass
class ScoredChunk:
    chunk: Chunk
    score: float
    dense_similarity: float | None = None
    bm25_score: float | None = None
    dense_rank: int | None = None
    bm25_rank: int | None = None
    # another section of one of the best passages' sheets, read by the extractive composer (app/retrieve/siblings.py)
    sibling: bool = False


def validate_filters(filters: SearchFilters) -> None:
    for domain in filters.domains:
        if domain not in DOMAINS:
            raise BadSearchRequest(f"unknown domain '{printable(domain)}' (known: {', '.join(DOMAINS)})")
    for kind in filters.kinds:
        if kind not in KINDS:
            raise BadSearchRequest(f"unknown kind '{printable(kind)}' (known: {', '.join(KINDS)})")


def filter_mask(index: LoadedIndex, filters: SearchFilters) -> np.ndarray:
    mask = np.ones(len(index.chunks), dtype=bool)
    if filters.domains:
        mask &= np.isin(index.domain, filters.domains)
    if filters.kinds:
        mask &= np.isin(index.kind, filters.kinds)
    if not filters.include_repealed:
        mask &= index.in_force
    if filters.on_date:
        day = date_key(filters.on_date)
        mask &= (index.valid_from <= day) & (index.valid_until >= day)
    return mask


Item = TypeVar("Item", bound=Hashable)


def rrf_fuse(rankings: list[tuple[float, list[Item]]], k: int) -> dict[Item, float]:
    """Weighted reciprocal-rank fusion: score(d) = sum over rankings of weight / (k + rank of d), ranks from 1."""
    fused: dict[Item, float] = {}
    for weight, ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def bm25_ranking(index: LoadedIndex, query: str, mask: np.ndarray, n: int) -> list[tuple[int, float]]:
    scores = np.where(mask, index.bm25.scores(widen(query)), 0.0)
    n = min(n, int((scores > 0).sum()))
    if n == 0:
        return []
    top = np.argpartition(-scores, n - 1)[:n]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(i), float(scores[i])) for i in top]


OVERSAMPLE = 5


def dense_ranking(
    index: LoadedIndex, query: str, filters: SearchFilters, mask: np.ndarray, n: int, settings: Settings | None = None
) -> list[tuple[int, float]]:
    """Nearest chunks by cosine. Filters are applied to an oversampled unfiltered HNSW result: the store's own
    metadata pre-filter (Chroma's) is exact but slow on large collections (≈ 0.7 s at 100k chunks), so it only
    runs when the oversampled result does not hold enough matching chunks (a very selective filter)."""
    vector = np.asarray(get_embeddings(index.embedder_name, settings).embed_query(query), dtype=np.float32)
    total = len(index.chunks)
    allowed = int(mask.sum())
    if allowed == 0:
        return []

    def run(count: int, where: SearchFilters | None) -> list[tuple[int, float]]:
        try:
            result = index.store.nearest(vector, min(count, total), where)
        except VectorStoreError as exc:  # engine down or broken mid-query
            raise VectorStoreUnavailable(
                f"the vector store does not answer ({exc}); retry later, or search with mode=bm25"
            ) from exc
        return [(index.position[cid], sim) for cid, sim in result if cid in index.position]

    if allowed == total:
        return run(n, None)
    kept = [(pos, sim) for pos, sim in run(n * OVERSAMPLE, None) if mask[pos]][:n]
    if len(kept) >= min(n, allowed):
        return kept
    return run(n, filters)


def search_chunks(
    settings: Settings,
    query: str,
    k: int | None = None,
    mode: SearchMode = SearchMode.hybrid,
    filters: SearchFilters | None = None,
    index: LoadedIndex | None = None,
    split: bool = True,
) -> list[ScoredChunk]:
    """Ranked chunks with the signals of each retriever (used by answers to decide whether to answer at all)."""
    filters = filters or SearchFilters()
    validate_filters(filters)
    if not query.strip():
        raise BadSearchRequest("empty query")
    k = k or settings.top_k
    index = index or get_index(settings)
    parts = split_parts(query) if split else [query]
    if len(parts) == 2:
        if mode != SearchMode.bm25:
            prefetch_queries(get_embeddings(index.embedder_name, settings), [query, *parts])
        whole = search_chunks(settings, query, k, mode, filters, index, split=False)
        first, second = (search_chunks(settings, part, k, mode, filters, index, split=False) for part in parts)
        if first and second and first[0].chunk.domain != second[0].chunk.domain:
            return _both_parts(first, second, whole)[:k]
        return whole
    n = max(settings.candidates, k)
    mode = SearchMode(mode)

    mask = filter_mask(index, filters)
    dense = (
        dense_ranking(index, query, filters, mask, n, settings) if mode in (SearchMode.dense, SearchMode.hybrid) else []
    )
    lexical = bm25_ranking(index, query, mask, n) if mode in (SearchMode.bm25, SearchMode.hybrid) else []

    found: dict[int, ScoredChunk] = {}
    for rank, (pos, sim) in enumerate(dense, start=1):
        found[pos] = ScoredChunk(index.chunks[pos], 0.0, dense_similarity=sim, dense_rank=rank)
    for rank, (pos, score) in enumerate(lexical, start=1):
        hit = found.setdefault(pos, ScoredChunk(index.chunks[pos], 0.0))
        hit.bm25_score, hit.bm25_rank = score, rank

    if mode is SearchMode.hybrid:
        fused = rrf_fuse(
            [(settings.weight_dense, [pos for pos, _ in dense]), (settings.weight_bm25, [pos for pos, _ in lexical])],
            settings.rrf_k,
        )
    for pos, hit in found.items():
        if mode is SearchMode.dense:
            hit.score = hit.dense_similarity or 0.0
        elif mode is SearchMode.bm25:
            hit.score = hit.bm25_score or 0.0
        else:
            hit.score = fused[pos]
    if mode is SearchMode.hybrid and settings.weight_title:
        _titles_restated(query, found.values(), settings.weight_title)
    ranked = sorted(found.values(), key=lambda h: (-h.score, h.chunk.chunk_id))
    return _references_first(index, query, ranked, mask, found)[:k]


def from_funding_record(chunk: Chunk) -> bool:
    """The passage is a section of a funding record (`corpus/funding/*.yaml`) rendered from data, not of a sheet."""
    return _is_record_path(chunk.source_path)


@lru_cache(maxsize=4096)
def _is_record_path(source_path: str) -> bool:
    return is_funding_record(Path(source_path))


def one_slot_per_record(ranked: list[ScoredChunk], window: int) -> list[ScoredChunk]:
    """At most one passage of each funding record among the first `window`; its others move just after them.

    A record (`corpus/funding/*.yaml`) is one source rendered into half a dozen short sections, each naming the scheme
    in full: « le forfait innovation, c'est chaud à avoir ? » found five sections of its record and none of the HAS
    sheet on it. The composer still reads the record's other sections (`siblings`). Applied by the answer service
    once the relevance gate has decided on the passages as ranked: applied before it, the passages it brings in let
    « Which health insurance is the cheapest for a family of four? » through. Tune half: hit@5 0.9043 -> 0.9074
    (4 questions gained their sheet, none lost one), key facts 0.6554 -> 0.6558, in the opening statement 0.3210 ->
    0.3218; two slots per record (measured inside the search): hit@5 0.9059. Written probes and conversations:
    unchanged."""
    head: list[ScoredChunk] = []
    held: list[ScoredChunk] = []
    seen: set[str] = set()
    for hit in ranked:
        if len(head) >= window:
            break
        if from_funding_record(hit.chunk):
            if hit.chunk.doc_id in seen:
                held.append(hit)
                continue
            seen.add(hit.chunk.doc_id)
        head.append(hit)
    if not held:
        return ranked
    moved = {id(h) for h in head} | {id(h) for h in held}
    return head + held + [h for h in ranked if id(h) not in moved]


# A section title the question restates, for this share of the title's words (its references aside, which
# `_references_first` matches): « quel est le rôle du comité technique de l'innovation en santé ? » and the section
# « R162-50-2 CSS : le comité technique de l'innovation en santé (CTIS) », ranked sixth among sections that all say
# « innovation en santé » and « article 51 ».
TITLE_SHARE = 0.6
MIN_TITLE_WORDS = 2


@lru_cache(maxsize=16384)
def _title_words(section: str) -> frozenset[str]:
    return frozenset(t for t in tokenize([section_title(section)])[0] if not any(c.isdigit() for c in t))


def _titles_restated(query: str, hits, bonus: float) -> None:
    """Add `bonus` to the fused score of the passages whose section title the question restates."""
    asked = set(tokenize([widen(query)])[0])
    for hit in hits:
        words = _title_words(hit.chunk.section)
        shared = len(words & asked)
        if shared >= MIN_TITLE_WORDS and shared >= TITLE_SHARE * len(words):
            hit.score += bonus


# A part's passage that both retrievers rank this high is its own best, whatever the whole question found.
PART_AGREEMENT = 10


def _both_parts(first: list[ScoredChunk], second: list[ScoredChunk], whole: list[ScoredChunk]) -> list[ScoredChunk]:
    """The best passage of each part first, then the whole question's ranking, then the parts' runners-up.

    A part searched alone may land far from the question: « On s'est fait pirater la base patients cette nuit, on
    prévient qui » found an Article 51 text first, on its meaning alone (BM25 ranked it 37th), and the breach answer
    quoted its eighteen months. A part's best passage is the first that both retrievers rank in their first
    `PART_AGREEMENT`; failing that, the first that the whole question's ranking holds too; failing that, its first.
    Tune half, against each part's first passage: key facts 0.6567 -> 0.6574, in the opening statement 0.3224 ->
    0.3232. The whole question's ranking alone deciding did less (0.6562 -> 0.6563, opening 0.3225 -> 0.3221): it
    passes over a part's own passage that the whole question never reached (« … un participant a eu un effet
    indésirable grave : on le signale à qui, et dans quel délai ? » lost both its key facts)."""
    found = {hit.chunk.chunk_id for hit in whole}

    def agreed(hit: ScoredChunk) -> bool:
        return (hit.dense_rank or PART_AGREEMENT + 1) <= PART_AGREEMENT and (
            hit.bm25_rank or PART_AGREEMENT + 1
        ) <= PART_AGREEMENT

    def best(part: list[ScoredChunk]) -> ScoredChunk:
        return next(
            (hit for hit in part if agreed(hit)), next((hit for hit in part if hit.chunk.chunk_id in found), part[0])
        )

    merged: dict[str, ScoredChunk] = {}
    for hit in [best(first), best(second), *whole, *first, *second]:
        merged.setdefault(hit.chunk.chunk_id, hit)
    return list(merged.values())


def fuse_rankings(first: list[ScoredChunk], second: list[ScoredChunk], rrf_k: int) -> list[ScoredChunk]:
    """Two rankings of the same index fused by reciprocal rank, with equal weights; a passage found by both keeps the
    first ranking's signals."""
    by_id = {h.chunk.chunk_id: h for h in second} | {h.chunk.chunk_id: h for h in first}
    fused = rrf_fuse([(1.0, [h.chunk.chunk_id for h in first]), (1.0, [h.chunk.chunk_id for h in second])], rrf_k)
    return [by_id[chunk_id] for chunk_id in sorted(fused, key=lambda chunk_id: (-fused[chunk_id], chunk_id))]


MAX_REFERENCE_HITS = 3


def _references_first(
    index: LoadedIndex, query: str, ranked: list[ScoredChunk], mask: np.ndarray, found: dict[int, ScoredChunk]
) -> list[ScoredChunk]:
    """Sections carrying the question's precise references (« article 10 §16 ») go first, before fused results."""
    refs = reference_index(index.manifest.generation, index.chunks)
    positions = [p for p in refs.matches(query) if mask[p]]
    if len(positions) > MAX_REFERENCE_HITS:  # a broad reference (« article 9 »): keep those retrieval also found
        positions = [p for p in positions if p in found] or positions
        positions = sorted(positions, key=lambda p: -found[p].score if p in found else 0.0)[:MAX_REFERENCE_HITS]
    if not positions:
        return ranked
    top = ranked[0].score if ranked else 0.0
    first = []
    for rank, position in enumerate(positions):
        hit = found.get(position) or ScoredChunk(index.chunks[position], 0.0)
        hit.score = top + (len(positions) - rank) * 1e-3
        first.append(hit)
    chosen = {id(h) for h in first}
    return first + [h for h in ranked if id(h) not in chosen]


def to_hit(rank: int, scored: ScoredChunk) -> SearchHit:
    c = scored.chunk
    return SearchHit(
        rank=rank,
        score=round(scored.score, 6),
        chunk_id=c.chunk_id,
        doc_id=c.doc_id,
        title=c.title,
        section=c.section,
        domain=c.domain,
        kind=c.kind,
        text=c.text,
        references=[ReferenceLink(label=r.label, url=r.url) for r in c.references],
        valid_from=c.valid_from,
        valid_until=c.valid_until,
    )


def search(
    settings: Settings,
    query: str,
    k: int | None = None,
    mode: SearchMode = SearchMode.hybrid,
    filters: SearchFilters | None = None,
) -> SearchResponse:
    started = time.perf_counter()
    scored = search_chunks(settings, query, k, mode, filters)
    return SearchResponse(
        query=query,
        mode=mode,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        results=[to_hit(i, s) for i, s in enumerate(scored, start=1)],
    )
