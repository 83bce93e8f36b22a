"""The lexical index matches the words questions fold to: ligatures written out, and an index built by another
tokenizer rebuilt rather than served with terms no question reaches any more."""

from __future__ import annotations

import logging

from app.index.bm25 import BM25Index
from app.index.generations import file_digests, read_manifest
from app.ingest.pipeline import ingest
from app.retrieve.index_reader import clear_cache, get_index
from app.text import fold, tokenize, tokenizer_fingerprint
from tests.support import generation_dir


def test_ligatures_fold_as_founders_type_them():
    """Unicode does not decompose « œ »: folding dropped it, so « sœur » read « sur » and « mise en oeuvre », typed
    without the ligature, missed the sheets' « mise en œuvre »."""
    assert fold("Sœur, CŒUR, ex æquo") == "soeur, coeur, ex aequo"
    assert tokenize(["mise en œuvre"]) == tokenize(["mise en oeuvre"])
    assert tokenize(["le cœur"]) != tokenize(["le cur"])


def test_an_index_built_by_another_tokenizer_is_rebuilt_in_memory_and_by_the_next_ingestion(copied, caplog):
    gen_dir = generation_dir(copied)
    # as another tokenizer built it: one that read « santé » differently (as the former folding read « œuvre »)
    BM25Index.build([c.embed_text().replace("santé", "santx") for c in get_index(copied).chunks]).save(gen_dir / "bm25")
    manifest = read_manifest(gen_dir)
    manifest.lexical, manifest.files = "older", file_digests(gen_dir)
    (gen_dir / "manifest.json").write_text(manifest.model_dump_json())
    clear_cache()
    assert BM25Index.load(gen_dir / "bm25").document_frequency(tokenize(["santé"])[0]) == [0]
    with caplog.at_level(logging.WARNING):
        index = get_index(copied)
    assert "built by another tokenizer" in caplog.text
    assert index.bm25.document_frequency(tokenize(["santé"])[0])[0] > 0
    report = ingest(copied)
    assert not report.up_to_date and report.embedded == 0
    assert read_manifest(generation_dir(copied)).lexical == tokenizer_fingerprint()
