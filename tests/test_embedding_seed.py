"""The embedding seed shipped beside the corpus (`corpus/embeddings/`) must cover the written corpus.

A stale seed never gives a wrong answer (vectors are keyed by embedder and text hash, so a changed text simply
misses), but it makes every fresh clone and every CI run embed what changed: this test says so and names the fix.
"""

from __future__ import annotations

import numpy as np

from app.index.embeddings import EmbeddingCache, seed_path
from app.retrieve.index_reader import get_index

REFRESH = "refresh the seed: `navigator ingest` then `navigator corpus seed`, and commit corpus/embeddings/"


def test_the_seed_covers_every_chunk_and_sentence_of_the_written_corpus(project_ingest):
    _, report = project_ingest
    assert report.chunks > 500 and report.sentences > 3000  # the real corpus, not the test fixture
    assert report.embedded == 0, f"{report.embedded} chunks were embedded on a fresh machine: {REFRESH}"
    assert report.sentences_embedded == 0, f"{report.sentences_embedded} sentences were embedded: {REFRESH}"


def test_the_seed_is_read_for_the_embedder_in_use(project_settings, tmp_path):
    """The seed file is named after the embedder, and a fresh cache reads the index's vectors from it."""

    index = get_index(project_settings)
    path = seed_path(project_settings.corpus_dir / "embeddings", index.manifest.embedder)
    assert path.exists(), REFRESH
    cache = EmbeddingCache(tmp_path / "cache.sqlite", seed_dir=project_settings.corpus_dir / "embeddings")
    try:
        key = index.chunks[0].content_hash
        got = cache.get_many(index.manifest.embedder, [key])
    finally:
        cache.close()
    assert key in got and np.asarray(got[key]).shape[-1] == 384
