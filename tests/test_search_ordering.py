"""Exact ordering rules of retrieval: precise references first, each retriever's top n, two-part questions, k.

tests/test_search_units.py checks which chunk comes first; these pin the whole order (which hits move to the front,
with which score, what the rest keeps, no duplicates), so that a changed comparison, sort key or slice fails here.
`_references_first` is tested on a small synthetic index (only headings matter to it); the rest on the fixture index.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from app.retrieve import search as search_module
from app.retrieve.everyday import widen
from app.retrieve.index_reader import get_index
from app.retrieve.parts import split_parts
from app.retrieve.search import (
    KINDS,
    BadSearchRequest,
    ScoredChunk,
    _both_parts,
    _references_first,
    bm25_ranking,
    dense_ranking,
    filter_mask,
    search,
    search_chunks,
    to_hit,
    validate_filters,
)
from app.schemas.chunks import Chunk
from app.schemas.search import SearchFilters
from app.settings import SearchMode
from tests.builders import SpyStore, chunk

QUESTION = "classe d'un logiciel qui surveille des paramètres vitaux"

# Headings of the synthetic index: five sections of article 9 (a broad reference), three of article 10 (exactly the
# limit), two without any reference.
SECTIONS = [
    "RGPD > Article 9 §1",  # 0
    "RGPD > Article 9 §2",  # 1
    "RGPD > Article 9 §3",  # 2
    "RGPD > Article 9 §4",  # 3
    "RGPD > Article 9 §5",  # 4
    "RGPD > Article 10 §1",  # 5
    "RGPD > Article 10 §2",  # 6
    "RGPD > Article 10 §3",  # 7
    "RGPD > Considérants",  # 8
    "RGPD > Définitions",  # 9
]
_generations = itertools.count()


def _chunk(position: int, section: str) -> Chunk:
    return chunk(f"rgpd:{position:02d}", title="RGPD", section=section, kind="law", text="Texte sans référence.")


def _index(sections: list[str] = SECTIONS) -> Any:
    """What `_references_first` reads of an index: its chunks and a generation (a new one per index, as on disk)."""
    chunks = [_chunk(p, s) for p, s in enumerate(sections)]
    return SimpleNamespace(manifest=SimpleNamespace(generation=f"ordering-{next(_generations)}"), chunks=chunks)


def _retrieved(index: Any, scores: dict[int, float]) -> tuple[dict[int, ScoredChunk], list[ScoredChunk]]:
    """`found` and `ranked` as search_chunks builds them: one hit per position, sorted by score then chunk id."""
    found = {pos: ScoredChunk(index.chunks[pos], score) for pos, score in scores.items()}
    return found, sorted(found.values(), key=lambda h: (-h.score, h.chunk.chunk_id))


def _first(index: Any, query: str, scores: dict[int, float], mask: np.ndarray | None = None):
    found, ranked = _retrieved(index, scores)
    mask = np.ones(len(index.chunks), dtype=bool) if mask is None else mask
    return found, ranked, _references_first(index, query, ranked, mask, found)


def _positions(index: Any, hits: list[ScoredChunk]) -> list[int]:
    return [index.chunks.index(h.chunk) for h in hits]


def test_without_a_precise_reference_the_ranking_is_returned_untouched():
    index = _index()
    _, ranked, out = _first(index, "traiter des données de santé", {8: 0.5, 9: 0.4, 0: 0.3})
    assert [id(h) for h in out] == [id(h) for h in ranked]
    assert [h.score for h in out] == [0.5, 0.4, 0.3]


def test_a_retrieved_reference_moves_first_and_the_rest_keeps_its_order():
    index = _index()
    found, _, out = _first(index, "que dit l'article 10 §2 ?", {8: 0.5, 9: 0.4, 6: 0.1, 0: 0.05})
    assert _positions(index, out) == [6, 8, 9, 0]  # moved, not copied: no duplicate, nothing lost
    assert out[0] is found[6]  # the retrieved hit itself, with its retriever signals
    assert out[0].score == pytest.approx(0.5 + 1e-3)  # just above the best fused score
    assert [h.score for h in out[1:]] == [0.5, 0.4, 0.05]


def test_a_reference_retrieval_missed_is_added_in_front_with_a_new_hit():
    index = _index()
    found, _, out = _first(index, "que dit l'article 10 §2 ?", {8: 0.5, 9: 0.4})
    assert _positions(index, out) == [6, 8, 9]
    assert out[0].chunk is index.chunks[6] and out[0].dense_rank is None and out[0].bm25_rank is None
    assert out[0].score == pytest.approx(0.501)
    assert 6 not in found  # the caller's hits are not changed


def test_several_precise_references_keep_the_matching_order_with_decreasing_scores():
    index = _index()
    assert search_module.reference_index(index.manifest.generation, index.chunks).matches(
        "article 9 §2 et article 10 §3"
    ) == [7, 1]
    found, _, out = _first(index, "article 9 §2 et article 10 §3", {1: 0.2, 8: 0.6, 9: 0.3})
    assert _positions(index, out) == [7, 1, 8, 9]
    assert out[1] is found[1]
    assert [h.score for h in out] == pytest.approx([0.6 + 2e-3, 0.6 + 1e-3, 0.6, 0.3])


def test_a_reference_on_an_empty_ranking_starts_from_zero():
    index = _index()
    _, _, out = _first(index, "article 10 §2", {})
    assert _positions(index, out) == [6]
    assert out[0].score == pytest.approx(1e-3)


def test_a_broad_reference_keeps_the_three_best_sections_retrieval_also_found():
    index = _index()
    # article 9: five sections match; 0, 1, 3 and 4 were retrieved, 2 was not
    found, _, out = _first(index, "article 9", {3: 0.7, 1: 0.2, 0: 0.4, 4: 0.5, 8: 0.9})
    assert _positions(index, out) == [3, 4, 0, 8, 1]  # by retrieval score; section 1 keeps its place in the rest
    assert [out[i] is found[p] for i, p in enumerate([3, 4, 0])] == [True] * 3
    assert [h.score for h in out] == pytest.approx([0.903, 0.902, 0.901, 0.9, 0.2])


def test_a_broad_reference_does_not_pad_with_sections_retrieval_did_not_find():
    index = _index()
    _, _, out = _first(index, "article 9", {3: 0.2, 1: 0.7, 8: 0.9})
    assert _positions(index, out) == [1, 3, 8]


def test_a_broad_reference_nobody_retrieved_keeps_its_first_three_sections():
    index = _index()
    _, _, out = _first(index, "article 9", {8: 0.9})
    assert _positions(index, out) == [0, 1, 2, 8]
    assert [h.score for h in out] == pytest.approx([0.903, 0.902, 0.901, 0.9])


def test_three_references_are_precise_enough_to_all_go_first():
    index = _index()
    # article 10 has exactly three sections: all go first, in heading order, found or not
    _, _, out = _first(index, "article 10", {6: 0.3, 8: 0.9})
    assert _positions(index, out) == [5, 6, 7, 8]


def test_references_outside_the_filters_are_left_out():
    index = _index()
    mask = np.ones(len(index.chunks), dtype=bool)
    mask[6] = False
    _, _, out = _first(index, "article 10", {8: 0.9}, mask)
    assert _positions(index, out) == [5, 7, 8]


def test_each_index_generation_reads_its_own_references():
    one = _index()
    assert _positions(one, _first(one, "article 10 §2", {9: 0.1})[2]) == [6, 9]
    other = _index(["RGPD > Préambule", "RGPD > Article 11", "RGPD > Article 10 §2"])
    assert _positions(other, _first(other, "article 10 §2", {0: 0.1})[2]) == [2, 0]


@pytest.fixture(scope="module")
def index(built_settings):
    return get_index(built_settings)


def test_a_precise_reference_in_a_search_goes_first_within_the_filters(built_settings, index):
    question = "Que dit l'article 9 du RGPD ?"
    article_9 = [p for p, c in enumerate(index.chunks) if c.section.split(" > ", 1)[-1].startswith("Article 9")]
    assert len(article_9) == 2
    hits = search_chunks(built_settings, question, 4)
    assert [index.chunks.index(h.chunk) for h in hits[:2]] == article_9  # both sections, in heading order
    assert hits[0].score - hits[1].score == pytest.approx(1e-3) and hits[1].score > hits[2].score
    outside = search_chunks(built_settings, question, 4, filters=SearchFilters(domains=["mdr"]))
    assert outside and {h.chunk.domain for h in outside} == {"mdr"}


def test_bm25_ranking_is_every_positive_score_in_decreasing_order(index):
    query = "santé logiciel classe"
    mask = filter_mask(index, SearchFilters(include_repealed=True))
    scores = np.asarray(index.bm25.scores(widen(query)))
    positive = sorted((float(s) for s in scores if s > 0), reverse=True)
    assert any(s <= 1.0 for s in positive)  # weak matches too: every word in common counts
    full = bm25_ranking(index, query, mask, len(index.chunks))
    assert [s for _, s in full] == positive
    assert all(float(scores[p]) == s for p, s in full)
    for n in range(1, len(positive) + 1):  # any n: the n best, best first
        assert [s for _, s in bm25_ranking(index, query, mask, n)] == positive[:n]


def test_bm25_ranking_takes_the_n_best_of_a_large_index():
    """On a few chunks numpy's partition happens to sort everything; on a real index it does not."""
    rng = np.random.default_rng(7)
    scores = rng.random(2000)
    scores[rng.choice(2000, 300, replace=False)] = 0.0  # chunks without a word in common
    large = SimpleNamespace(bm25=SimpleNamespace(scores=lambda tokens: scores))
    mask = np.ones(2000, dtype=bool)
    mask[:100] = False
    allowed = np.where(mask, scores, 0.0)
    best = np.argsort(-allowed, kind="stable")[: int((allowed > 0).sum())].tolist()
    for n in (1, 2, 3, 10, 40, 500, 5000):
        assert [p for p, _ in bm25_ranking(large, "question", mask, n)] == best[:n]
    matching = SimpleNamespace(bm25=SimpleNamespace(scores=lambda tokens: scores + 1.0))  # every chunk matches
    whole = bm25_ranking(matching, "question", np.ones(2000, dtype=bool), 2000)
    assert [s for _, s in whole] == sorted((scores + 1.0).tolist(), reverse=True)


def test_dense_ranking_with_a_single_allowed_chunk_returns_it(built_settings, index):
    mask = np.zeros(len(index.chunks), dtype=bool)
    mask[0] = True
    filters = SearchFilters(include_repealed=True)
    assert [p for p, _ in dense_ranking(index, QUESTION, filters, mask, 5, built_settings)] == [0]


def test_the_callers_settings_reach_the_embedder(built_settings, monkeypatch):
    """Mistral embeddings are one instance per endpoint, named by the settings: the caller's must reach them."""
    seen: list[object] = []
    real = search_module.get_embeddings

    def spy(name, settings=None):
        seen.append(settings)
        return real(name, settings)

    monkeypatch.setattr(search_module, "get_embeddings", spy)
    assert search_chunks(built_settings, QUESTION, 2, SearchMode.dense)
    assert len(seen) == 1 and seen[0] is built_settings


def test_filters_combine_instead_of_replacing_each_other(index):
    def docs(filters: SearchFilters) -> set[str]:
        return {index.chunks[i].doc_id for i in np.flatnonzero(filter_mask(index, filters))}

    assert docs(SearchFilters(domains=["mdr"], kinds=["funding"])) == set()
    assert docs(SearchFilters(domains=["mdr"], on_date=dt.date(2024, 6, 1))) == {"test-mdr-regle-11"}
    in_2024 = docs(SearchFilters(domains=["art51"], on_date=dt.date(2024, 6, 1)))
    assert in_2024 == {"test-art51-appel"}  # the repealed article is still left out on a date
    assert "test-css-ancien-article" in docs(SearchFilters(domains=["art51"], include_repealed=True))


def test_refusals_say_exactly_what_is_wrong(built_settings):
    with pytest.raises(BadSearchRequest) as kind:
        validate_filters(SearchFilters(kinds=["blog"]))
    assert str(kind.value) == f"unknown kind 'blog' (known: {', '.join(KINDS)})"
    with pytest.raises(BadSearchRequest) as empty:
        search_chunks(built_settings, " \n ")
    assert str(empty.value) == "empty query"


def _ids(hits: list[ScoredChunk]) -> list[str]:
    return [h.chunk.chunk_id for h in hits]


def test_a_two_domain_question_merges_its_parts_searched_with_the_same_k_mode_and_filters(built_settings):
    question = (
        "Quelle classe MDR pour un logiciel de surveillance des paramètres vitaux et "
        "quelles exceptions pour traiter des données de santé ?"
    )
    parts = split_parts(question)
    assert len(parts) == 2
    for mode, k, filters, count in [
        (SearchMode.hybrid, 1, SearchFilters(), 1),  # each part's best only: no runner-up to compare
        (SearchMode.hybrid, 3, SearchFilters(), 3),
        (SearchMode.bm25, 4, SearchFilters(domains=["mdr", "rgpd"]), 4),
        (SearchMode.hybrid, 8, SearchFilters(kinds=["fiche"]), 6),  # every fiche section, no art51 text
    ]:
        whole = search_chunks(built_settings, question, k, mode, filters, split=False)
        first, second = (search_chunks(built_settings, p, k, mode, filters, split=False) for p in parts)
        assert first[0].chunk.domain != second[0].chunk.domain
        merged = search_chunks(built_settings, question, k, mode, filters)
        assert _ids(merged) == _ids(_both_parts(first, second, whole)[:k])
        assert len(merged) == count and all(h.chunk.kind in (filters.kinds or ["fiche"]) for h in merged)


def test_a_two_part_question_on_one_domain_is_searched_whole(built_settings):
    question = (
        "Quelle classe pour un logiciel qui surveille des paramètres vitaux et pour un logiciel d'aide à la décision ?"
    )
    parts = split_parts(question)
    assert len(parts) == 2
    first, second = (search_chunks(built_settings, p, 3, split=False) for p in parts)
    assert first[0].chunk.domain == second[0].chunk.domain == "mdr" and first[0] != second[0]
    whole = search_chunks(built_settings, question, 3, split=False)
    assert _ids(whole[:2]) != _ids([first[0], second[0]])  # so that merging the parts would show
    hits = search_chunks(built_settings, question, 3)
    assert _ids(hits) == _ids(whole) and len(hits) == 3


def test_a_two_part_question_whose_part_finds_nothing_is_searched_whole(built_settings):
    question = "Quelle classe MDR pour un logiciel de surveillance et zzzz qqqq wwww ?"
    assert search_chunks(built_settings, split_parts(question)[1], 3, SearchMode.bm25, split=False) == []
    hits = search_chunks(built_settings, question, 3, SearchMode.bm25)
    assert hits and _ids(hits) == _ids(search_chunks(built_settings, question, 3, SearchMode.bm25, split=False))


def test_a_two_part_question_searches_the_index_it_is_given_three_times(built_settings, index):
    spy = SpyStore(index.store)
    question = "Quelle classe MDR pour un logiciel de surveillance et quelles exceptions pour les données de santé ?"
    assert len(split_parts(question)) == 2
    hits = search_chunks(built_settings, question, 3, SearchMode.hybrid, index=dataclasses.replace(index, store=spy))
    assert hits and spy.filters == [None, None, None]  # the whole question, then each part


def test_a_selective_filter_reaches_the_vector_store(built_settings, index):
    queries: list[SearchFilters | None] = []
    real = index.store
    art51 = {c.chunk_id for c in index.chunks if c.domain == "art51"}

    class Crowded:  # as on a large index: the unfiltered nearest chunks hold none of the allowed ones
        def nearest(self, vector, n, filters=None):
            queries.append(filters)
            found = real.nearest(vector, n, filters)
            return found if filters else [(cid, sim) for cid, sim in found if cid not in art51]

    filters = SearchFilters(domains=["art51"])
    crowded = dataclasses.replace(index, store=Crowded())
    hits = search_chunks(built_settings, QUESTION, 3, SearchMode.dense, filters, index=crowded)
    assert queries == [None, filters]
    assert hits and {h.chunk.domain for h in hits} == {"art51"}


def test_both_parts_keeps_each_parts_runners_up_after_the_whole_ranking():
    def scored(chunk_id: str) -> ScoredChunk:
        return ScoredChunk(_chunk(0, "s").model_copy(update={"chunk_id": chunk_id}), 0.0)

    first = [scored("a:1"), scored("a:2")]
    second = [scored("b:1"), scored("b:2"), scored("b:3")]
    merged = _both_parts(first, second, [scored("c:1")])
    assert _ids(merged) == ["a:1", "b:1", "c:1", "a:2", "b:2", "b:3"]


def test_bm25_mode_ranks_only_lexical_hits_and_hybrid_both(built_settings, index):
    everything = SearchFilters(include_repealed=True)
    bm25 = search_chunks(built_settings, QUESTION, len(index.chunks), SearchMode.bm25, everything)
    expected = bm25_ranking(index, QUESTION, np.ones(len(index.chunks), dtype=bool), len(index.chunks))
    assert [index.chunks.index(h.chunk) for h in bm25] == [p for p, _ in expected]
    assert [h.bm25_rank for h in bm25] == list(range(1, len(bm25) + 1))
    dense = search_chunks(built_settings, QUESTION, len(index.chunks), SearchMode.dense, everything)
    assert [h.dense_rank for h in dense] == list(range(1, len(dense) + 1)) and all(h.bm25_rank is None for h in dense)


def test_to_hit_keeps_the_validity_dates(built_settings, index):
    chunk = next(c for c in index.chunks if c.doc_id == "test-art51-appel")
    hit = to_hit(1, ScoredChunk(chunk, 0.12345678))
    assert (hit.valid_from, hit.valid_until) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert hit.score == 0.123457


def test_search_reports_the_elapsed_milliseconds_and_passes_k_and_filters(built_settings, monkeypatch):
    ticks = iter([10.0, 10.1234567])
    monkeypatch.setattr(search_module, "time", SimpleNamespace(perf_counter=lambda: next(ticks)))
    response = search(built_settings, QUESTION, k=2, filters=SearchFilters(domains=["rgpd"]))
    assert response.took_ms == 123.46
    assert len(response.results) == 2 and {h.domain for h in response.results} == {"rgpd"}
