"""Sentence vectors: embedded at ingestion with the generation, looked up (not embedded) by the extractive scorer,
checked with the generation's other files, and shipped in the corpus's embedding seed."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from app.answer.extractive import choose
from app.generate import support
from app.index.embeddings import EmbeddingCache, get_embeddings, write_seed
from app.index.generations import GenerationDamaged, read_manifest
from app.index.sentences import (
    TEXTS_FILE,
    VECTORS_FILE,
    chunk_sentences,
    read_in_sheet,
    read_sentences,
    seed_hashes,
)
from app.ingest.pipeline import ingest
from app.lists import list_items
from app.retrieve.index_reader import _load, clear_cache, get_index
from app.retrieve.search import ScoredChunk
from app.text import _known, split_sentences
from tests.support import generation_dir


def test_ingestion_stores_every_chunk_sentence_with_its_passage_vector(built_settings):
    index = get_index(built_settings)
    store = index.sentences
    assert store is not None and index.manifest.sentences == len(store.texts) > len(index.chunks)
    assert {TEXTS_FILE, VECTORS_FILE} <= index.manifest.files.keys(), "covered by the manifest's checksums"
    embeddings = get_embeddings(index.embedder_name, built_settings)
    for chunk in index.chunks[:3]:
        sentences = split_sentences(chunk.text)
        assert store.sentences_of(chunk.chunk_id) == sentences
        # The e5 « passage: » convention of the scorer: the stored vector is what embed_documents gives.
        fresh = np.asarray(embeddings.embed_documents(sentences[:2]), dtype=np.float32)
        stored = np.vstack([store.vector(s) for s in sentences[:2]])
        assert np.allclose(fresh, stored, atol=1e-4)
    assert store.nbytes == len(store.texts) * index.manifest.dimension * 4


def test_stored_splits_spare_the_composer_a_second_split(built_settings):
    chunk = get_index(built_settings).chunks[0]
    assert _known.get(chunk.text) == tuple(chunk_sentences(chunk))


def test_scorer_embeds_only_the_question_when_sentences_are_stored(built_settings, monkeypatch):
    index = get_index(built_settings)
    embeddings = get_embeddings(index.embedder_name, built_settings)
    sentences = [s for c in index.chunks[:3] for s in split_sentences(c.text)]

    def refuse(texts):
        raise AssertionError(f"passage sentences embedded while answering: {texts[:2]}")

    monkeypatch.setattr(embeddings, "embed_documents", refuse)
    scores = support.make_sentence_scorer(index, built_settings)("données de santé", sentences)
    query = np.asarray(embeddings.embed_query("données de santé"), dtype=np.float32)
    assert scores == pytest.approx([float(index.sentences.vector(s) @ query) for s in sentences])


def test_list_items_quoted_after_their_lead_in_are_stored_too(project_settings, monkeypatch):
    """The composer scores a list item as « lead-in […] item » (`app.lists`): stored at ingestion like a sentence,
    it is not embedded while answering."""
    index = get_index(project_settings)
    listed = [c for c in index.chunks if list_items(split_sentences(c.text))]
    assert listed, "the corpus has lists"
    quotes = [i.quote for c in listed for items in list_items(split_sentences(c.text)).values() for i in items]
    assert all(index.sentences.vector(q) is not None for q in quotes)
    embeddings = get_embeddings(index.embedder_name, project_settings)

    def refuse(texts):
        raise AssertionError(f"list items embedded while answering: {texts[:2]}")

    monkeypatch.setattr(embeddings, "embed_documents", refuse)
    hits = [ScoredChunk(chunk=c, score=1.0) for c in listed[:5]]
    chosen = choose("Quelles obligations ?", hits, support.make_sentence_scorer(index, project_settings))
    assert chosen


def test_sentences_read_under_their_sheet_s_title_are_stored_too(built_settings, monkeypatch):
    """The composer also reads each sentence under its sheet's title (`read_in_sheet`): stored at ingestion, it is not
    embedded while answering."""
    index = get_index(built_settings)
    read = [read_in_sheet(c.sheet, s) for c in index.chunks for s in split_sentences(c.text)]
    assert any(" : " in r for r in read) and all(index.sentences.vector(r) is not None for r in read)
    embeddings = get_embeddings(index.embedder_name, built_settings)

    def refuse(texts):
        raise AssertionError(f"sentences embedded while answering: {texts[:2]}")

    monkeypatch.setattr(embeddings, "embed_documents", refuse)
    hits = [ScoredChunk(chunk=c, score=1.0) for c in index.chunks[:8]]
    assert choose(
        "Quelles obligations pour les données de santé ?", hits, support.make_sentence_scorer(index, built_settings)
    )


def test_a_sentence_missing_from_the_store_is_embedded_and_logged(built_settings, monkeypatch, caplog):
    index = get_index(built_settings)
    embeddings = get_embeddings(index.embedder_name, built_settings)
    stored = index.sentences.texts[0]
    unknown = "Une phrase qui ne figure dans aucun passage du corpus de test, numéro 8731."
    asked: list[list[str]] = []
    original = embeddings.embed_documents
    monkeypatch.setattr(embeddings, "embed_documents", lambda texts: asked.append(list(texts)) or original(texts))
    with caplog.at_level(logging.INFO, logger="navigator.answer"):
        scores = support.make_sentence_scorer(index, built_settings)("hébergement", [stored, unknown])
    assert asked == [[unknown]] and len(scores) == 2
    assert "1 sentence(s) not in the sentence-vector store" in caplog.text


def test_damaged_sentence_vectors_fail_the_integrity_check(copied):
    gen_dir = generation_dir(copied)
    vectors = np.load(gen_dir / VECTORS_FILE)
    vectors[0] = -vectors[0]
    np.save(gen_dir / VECTORS_FILE, vectors)  # same size, different bytes: only the checksum can tell
    with pytest.raises(GenerationDamaged, match="sentence_vectors.npy checksum differs"):
        _load(copied, gen_dir.name)
    report = ingest(copied)
    assert not report.up_to_date and report.previous_problems and report.sentences_embedded == 0
    assert np.array_equal(read_sentences(generation_dir(copied), 384).vectors[0], -vectors[0]), "rebuilt from the cache"


def test_a_generation_without_sentence_vectors_is_served_and_not_up_to_date(copied, caplog):
    """An index built before sentence vectors existed: answers embed on the fly; the next ingestion stores them."""
    gen_dir = generation_dir(copied)
    manifest = read_manifest(gen_dir)
    for name in (TEXTS_FILE, VECTORS_FILE):
        (gen_dir / name).unlink()
        del manifest.files[name]
    manifest.sentences, manifest.splitter = 0, ""
    (gen_dir / "manifest.json").write_text(manifest.model_dump_json())
    with caplog.at_level(logging.WARNING, logger="navigator.index"):
        assert get_index(copied).sentences is None
    assert "has no sentence vectors" in caplog.text
    report = ingest(copied)
    assert not report.up_to_date and report.embedded == 0 and report.sentences > 0 and report.sentences_embedded == 0
    clear_cache()
    assert get_index(copied).sentences is not None


def test_seed_round_trip_carries_sentence_vectors(own_cache_settings, corpus_copy: Path, tmp_path: Path):
    from tests.conftest import make_settings

    first = ingest(own_cache_settings)
    index = get_index(own_cache_settings)
    cache = EmbeddingCache(own_cache_settings.cache_dir / "embeddings.sqlite")
    hashes = seed_hashes(index.chunks, index.sentences)
    vectors = cache.get_many(index.manifest.embedder, hashes)
    cache.close()
    assert len(vectors) == len(set(hashes))
    write_seed(corpus_copy / "embeddings", index.manifest.embedder, vectors)

    fresh_machine = make_settings(tmp_path / "other-data", corpus_copy, shared_cache_dir=None)
    report = ingest(fresh_machine)
    assert first.sentences_embedded == first.sentences > 0
    assert report.embedded == 0 and report.sentences_embedded == 0 and report.sentences == first.sentences
    clear_cache()
    seeded = get_index(fresh_machine).sentences
    sentence = index.sentences.texts[0]
    assert np.allclose(seeded.vector(sentence), index.sentences.vector(sentence), atol=2e-3)  # the seed is float16
