"""Retrieval internals on the fixture index: filters, each retriever's ranking, fusion arithmetic, two-part questions.

Complements tests/test_search.py (behaviour through `search`): these pin the exact rules, so that a changed
comparison, weight or sort order fails a test.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from app.index.chroma_store import chroma_where
from app.index.vector_store import VectorStoreError
from app.retrieve.index_reader import get_index
from app.retrieve.search import (
    BadSearchRequest,
    ScoredChunk,
    VectorStoreUnavailable,
    _both_parts,
    bm25_ranking,
    dense_ranking,
    filter_mask,
    fuse_rankings,
    one_slot_per_record,
    search,
    search_chunks,
    validate_filters,
)
from app.schemas.chunks import Chunk
from app.schemas.search import SearchFilters
from app.settings import SearchMode
from tests.builders import SpyStore

QUESTION = "classe d'un logiciel qui surveille des paramètres vitaux"


@pytest.fixture(scope="module")
def index(built_settings):
    return get_index(built_settings)


def _docs(index, mask) -> set[str]:
    return {index.chunks[i].doc_id for i in np.flatnonzero(mask)}


def test_unknown_domain_or_kind_is_refused_with_the_known_values():
    with pytest.raises(BadSearchRequest, match=r"unknown domain 'santé' \(known: rgpd, .*mdr"):
        validate_filters(SearchFilters(domains=["rgpd", "santé"]))
    with pytest.raises(BadSearchRequest, match=r"unknown kind 'blog' \(known: .*fiche"):
        validate_filters(SearchFilters(kinds=["blog"]))
    validate_filters(SearchFilters(domains=["rgpd", "mdr"], kinds=["fiche", "law"]))  # known values pass


def test_an_empty_query_is_refused(built_settings):
    with pytest.raises(BadSearchRequest, match="empty query"):
        search_chunks(built_settings, "   ")


def test_filter_mask_domains_kinds_and_repealed(index):
    everything = filter_mask(index, SearchFilters(include_repealed=True))
    assert everything.all()
    in_force = filter_mask(index, SearchFilters())
    assert _docs(index, in_force) == _docs(index, everything) - {"test-css-ancien-article"}
    assert _docs(index, filter_mask(index, SearchFilters(domains=["mdr"]))) == {"test-mdr-regle-11"}
    assert _docs(index, filter_mask(index, SearchFilters(domains=["mdr", "rgpd"]))) == {
        "test-mdr-regle-11",
        "test-rgpd-sante",
    }
    assert _docs(index, filter_mask(index, SearchFilters(kinds=["funding"]))) == {"test-art51-appel"}
    assert _docs(index, filter_mask(index, SearchFilters(domains=["art51"], include_repealed=True))) == {
        "test-art51-appel",
        "test-css-ancien-article",
    }


@pytest.mark.parametrize(
    "day, inside",
    [
        (dt.date(2023, 12, 31), False),
        (dt.date(2024, 1, 1), True),  # first day of validity
        (dt.date(2024, 12, 31), True),  # last day of validity
        (dt.date(2025, 1, 1), False),
    ],
)
def test_validity_bounds_are_inclusive(index, day, inside):
    mask = filter_mask(index, SearchFilters(on_date=day))
    assert ("test-art51-appel" in _docs(index, mask)) is inside
    assert "test-rgpd-sante" in _docs(index, mask)  # no validity bounds: always valid


def test_chroma_where_matches_the_mask_rules():
    assert chroma_where(SearchFilters(include_repealed=True)) is None
    assert chroma_where(SearchFilters()) == {"in_force": True}
    assert chroma_where(SearchFilters(domains=["mdr"], kinds=["law"], on_date=dt.date(2024, 6, 1))) == {
        "$and": [
            {"domain": {"$in": ["mdr"]}},
            {"kind": {"$in": ["law"]}},
            {"in_force": True},
            {"valid_from": {"$lte": 20240601}},
            {"valid_until": {"$gte": 20240601}},
        ]
    }
    assert chroma_where(SearchFilters(domains=["rgpd"], include_repealed=True)) == {"domain": {"$in": ["rgpd"]}}


def test_bm25_ranking_is_sorted_bounded_and_respects_the_mask(index):
    mask = filter_mask(index, SearchFilters())
    ranking = bm25_ranking(index, QUESTION, mask, 40)
    scores = [s for _, s in ranking]
    assert ranking and scores == sorted(scores, reverse=True) and all(s > 0 for s in scores)
    assert index.chunks[ranking[0][0]].doc_id == "test-mdr-regle-11"
    assert len(bm25_ranking(index, QUESTION, mask, 1)) == 1
    assert bm25_ranking(index, QUESTION, np.zeros(len(index.chunks), dtype=bool), 40) == []
    assert bm25_ranking(index, "zzzz qqqq", mask, 40) == []  # no word in common: nothing, not zero-score noise
    rgpd = filter_mask(index, SearchFilters(domains=["rgpd"]))
    assert all(index.chunks[pos].domain == "rgpd" for pos, _ in bm25_ranking(index, QUESTION, rgpd, 40))


def test_dense_ranking_is_sorted_cosine_and_respects_a_selective_filter(built_settings, index):
    everything = np.ones(len(index.chunks), dtype=bool)
    ranking = dense_ranking(index, QUESTION, SearchFilters(include_repealed=True), everything, 40, built_settings)
    sims = [s for _, s in ranking]
    assert len(ranking) == len(index.chunks) and sims == sorted(sims, reverse=True)
    assert all(0.5 < s <= 1.0 for s in sims)  # cosine similarities of e5 vectors, not distances
    assert index.chunks[ranking[0][0]].doc_id == "test-mdr-regle-11"
    assert len(dense_ranking(index, QUESTION, SearchFilters(), everything, 2, built_settings)) == 2
    nothing = np.zeros(len(index.chunks), dtype=bool)
    assert dense_ranking(index, QUESTION, SearchFilters(), nothing, 40, built_settings) == []
    filters = SearchFilters(domains=["art51"])
    mask = filter_mask(index, filters)
    kept = dense_ranking(index, QUESTION, filters, mask, 40, built_settings)
    assert {pos for pos, _ in kept} == set(np.flatnonzero(mask).tolist())  # every allowed chunk, none other
    one = dense_ranking(index, QUESTION, filters, mask, 1, built_settings)
    assert one == kept[:1]


def test_dense_ranking_falls_back_on_the_engine_filter_when_oversampling_is_not_enough(built_settings, index):
    spy = SpyStore(index.store)
    calls = spy.filters
    spied = dataclasses.replace(index, store=spy)
    filters = SearchFilters(domains=["art51"])
    mask = filter_mask(index, filters)
    dense_ranking(spied, "durée des expérimentations de l'article 51", filters, mask, 1, built_settings)
    assert calls == [None]  # the oversampled result held enough art51 chunks
    calls.clear()
    assert len(index.chunks) > 5  # so that an oversampled top 1 (5 chunks) can miss every art51 chunk
    result = dense_ranking(spied, QUESTION, filters, mask, 1, built_settings)  # a question on another domain
    assert calls == [None, filters]
    assert chroma_where(filters) == {"$and": [{"domain": {"$in": ["art51"]}}, {"in_force": True}]}
    assert {index.chunks[p].domain for p, _ in result} == {"art51"}
    calls.clear()
    dense_ranking(
        spied, QUESTION, SearchFilters(include_repealed=True), np.ones(len(index.chunks), bool), 3, built_settings
    )
    assert calls == [None]  # nothing filtered: one query, no oversampling


def test_a_vector_store_failure_is_a_503_kind_of_error(built_settings, index):
    class Down:
        def nearest(self, vector, n, filters=None):
            raise VectorStoreError("connection refused")

    broken = dataclasses.replace(index, store=Down())
    with pytest.raises(VectorStoreUnavailable, match="search with mode=bm25"):
        dense_ranking(broken, QUESTION, SearchFilters(), np.ones(len(index.chunks), bool), 5, built_settings)
    bm25_only = search_chunks(built_settings, QUESTION, 3, SearchMode.bm25, index=broken)
    assert bm25_only and bm25_only[0].chunk.doc_id == "test-mdr-regle-11"  # BM25 still works without vectors


def test_each_mode_scores_with_its_own_signal(built_settings):
    dense = search_chunks(built_settings, QUESTION, 5, SearchMode.dense)
    assert all(h.score == h.dense_similarity and h.bm25_rank is None for h in dense)
    bm25 = search_chunks(built_settings, QUESTION, 5, SearchMode.bm25)
    assert all(h.score == h.bm25_score and h.dense_rank is None for h in bm25)
    for hits in (dense, bm25):
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_hybrid_score_is_the_weighted_reciprocal_rank_fusion(built_settings):
    settings = built_settings.model_copy(update={"weight_dense": 2.0, "weight_bm25": 1.0, "rrf_k": 60})
    hits = search_chunks(settings, QUESTION, 10, SearchMode.hybrid, SearchFilters(include_repealed=True))
    assert hits and all(h.dense_rank is not None for h in hits)
    for h in hits:
        expected = 2.0 / (60 + h.dense_rank) + (1.0 / (60 + h.bm25_rank) if h.bm25_rank else 0.0)
        assert h.score == pytest.approx(expected)
    keys = [(-h.score, h.chunk.chunk_id) for h in hits]
    assert keys == sorted(keys)
    lexical_only = settings.model_copy(update={"weight_dense": 0.0})
    top = search_chunks(lexical_only, QUESTION, 5, SearchMode.hybrid)
    lexical = search_chunks(settings, QUESTION, 5, SearchMode.bm25)
    assert [h.chunk.chunk_id for h in top[: len(lexical)]] == [h.chunk.chunk_id for h in lexical]
    assert all(h.score == 0.0 for h in top[len(lexical) :])  # found by the dense retriever only, weighted 0


def test_k_bounds_the_results_and_defaults_to_the_settings(built_settings):
    assert len(search_chunks(built_settings, QUESTION, 2)) == 2
    few = built_settings.model_copy(update={"top_k": 3})
    assert len(search_chunks(few, QUESTION)) == 3
    # k above the candidate budget: the budget grows with it
    wide = built_settings.model_copy(update={"candidates": 5})
    assert len(search_chunks(wide, QUESTION, 8, SearchMode.dense, SearchFilters(include_repealed=True))) > 5


def _scored(chunk_id: str, domain: str = "rgpd") -> ScoredChunk:
    chunk = Chunk(
        chunk_id=chunk_id,
        doc_id=chunk_id.split(":")[0],
        title="t",
        section="s",
        domain=domain,
        kind="fiche",
        language="fr",
        text="x",
        references=[],
        content_hash="h",
    )
    return ScoredChunk(chunk, 0.0)


def test_both_parts_puts_each_parts_best_first_then_the_whole_ranking():
    first = [_scored("a:1"), _scored("a:2")]
    second = [_scored("b:1", "mdr"), _scored("b:2", "mdr")]
    whole = [_scored("c:1"), _scored("a:1"), _scored("b:1", "mdr")]
    merged = [h.chunk.chunk_id for h in _both_parts(first, second, whole)]
    assert merged == ["a:1", "b:1", "c:1", "a:2", "b:2"]


def test_a_part_s_best_passage_is_one_both_retrievers_agree_on_or_else_one_the_whole_question_finds():
    def ranked(chunk_id: str, dense: int | None, bm25: int | None) -> ScoredChunk:
        hit = _scored(chunk_id)
        hit.dense_rank, hit.bm25_rank = dense, bm25
        return hit

    whole = [_scored("c:1"), _scored("a:1"), _scored("b:1", "mdr")]
    second = [_scored("b:1", "mdr")]
    # found on its meaning alone (BM25 37th), and not by the whole question: passed over for one the whole finds
    stray_first = [ranked("stray:1", 2, 37), ranked("a:1", 5, None)]
    assert [h.chunk.chunk_id for h in _both_parts(stray_first, second, whole)] == ["a:1", "b:1", "c:1", "stray:1"]
    # both retrievers rank it high: it is the part's best, though the whole question missed it
    agreed_first = [ranked("stray:1", 2, 37), ranked("own:1", 1, 3), ranked("a:1", 5, None)]
    assert _both_parts(agreed_first, second, whole)[0].chunk.chunk_id == "own:1"
    # a part none of whose passages qualifies keeps its own first
    assert _both_parts([_scored("stray:1")], second, whole)[0].chunk.chunk_id == "stray:1"


def test_fused_rankings_put_first_what_both_found_and_keep_the_first_ranking_s_signals():
    first = [_scored("a:1"), _scored("a:2"), _scored("c:1")]
    second = [_scored("b:1", "mdr"), _scored("c:1"), _scored("b:2", "mdr")]
    second[1].dense_similarity = 0.5  # the same passage, scored against the other query
    fused = fuse_rankings(first, second, rrf_k=60)
    assert [h.chunk.chunk_id for h in fused] == ["c:1", "a:1", "b:1", "a:2", "b:2"]
    assert fused[0] is first[2]


def test_a_two_domain_question_gets_both_domains_in_its_top(built_settings):
    question = "Quelle classe MDR pour un logiciel de surveillance des paramètres vitaux et quelles exceptions pour traiter des données de santé ?"
    hits = search_chunks(built_settings, question, 2)
    assert {h.chunk.domain for h in hits[:2]} == {"mdr", "rgpd"}


def test_search_response_ranks_and_rounds(built_settings):
    response = search(built_settings, QUESTION, k=3, mode=SearchMode.dense)
    assert [h.rank for h in response.results] == [1, 2, 3]
    raw = search_chunks(built_settings, QUESTION, 3, SearchMode.dense)
    assert [h.score for h in response.results] == [round(h.score, 6) for h in raw]
    assert [h.chunk_id for h in response.results] == [h.chunk.chunk_id for h in raw]
    assert response.took_ms >= 0 and response.query == QUESTION and response.mode == SearchMode.dense
    first = response.results[0]
    assert first.doc_id == "test-mdr-regle-11" and first.references[0].url.startswith("https://eur-lex.europa.eu")
    assert first.text == raw[0].chunk.text and first.title == raw[0].chunk.title


def test_a_section_whose_title_the_question_restates_gets_the_title_bonus():
    from app.retrieve.search import _titles_restated
    from tests.builders import hit

    restated = hit("…", "a:1", "Article 51 > R162-50-2 CSS : le comité technique de l'innovation en santé (CTIS)", 0.0)
    one_word = hit("…", "b:1", "Article 51 > Conseils : préparer la conformité avant un projet technique", 0.0)
    intro = hit("…", "c:1", "Article 51", 0.0)  # a sheet's introduction has no section title
    _titles_restated(
        "Quel est le rôle du comité technique de l'innovation en santé ?", [restated, one_word, intro], 0.5
    )
    assert (restated.score, one_word.score, intro.score) == (0.5, 0.0, 0.0)


def test_the_title_bonus_ranks_the_section_that_answers_higher(project_settings):
    question = "Quel est le rôle du comité technique de l'innovation en santé ?"

    def rank(settings) -> int:
        found = [h.chunk.section for h in search_chunks(settings, question, 20)]
        return next(
            i
            for i, section in enumerate(found)
            if section.endswith("le comité technique de l'innovation en santé (CTIS)")
        )

    assert rank(project_settings) < rank(project_settings.model_copy(update={"weight_title": 0}))


def test_a_funding_record_takes_one_slot_among_the_first_passages_and_its_others_follow_them():
    def record(chunk_id: str) -> ScoredChunk:
        hit = _scored(chunk_id)
        hit.chunk = hit.chunk.model_copy(update={"source_path": f"corpus/funding/{hit.chunk.doc_id}.yaml"})
        return hit

    ranked = [record("fund-x:1"), record("fund-x:2"), _scored("sheet:1"), record("fund-x:3"), _scored("sheet:2")]
    ranked += [record("fund-y:1"), _scored("other:1")]
    order = [h.chunk.chunk_id for h in one_slot_per_record(ranked, window=4)]
    assert order == ["fund-x:1", "sheet:1", "sheet:2", "fund-y:1", "fund-x:2", "fund-x:3", "other:1"]
    # a sheet's sections are not records: they keep their places
    sheets = [_scored("sheet:1"), _scored("sheet:2"), _scored("sheet:3")]
    assert one_slot_per_record(sheets, window=2) == sheets
