"""Index integrity: a generation that does not agree with its manifest is never served as ready, never reused by
ingestion, never called up to date; leftovers of killed runs and failed disks are swept."""

from __future__ import annotations

import errno
import shutil

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.index.generations import POINTER, current_generation, read_chunks, read_manifest
from app.ingest import pipeline
from app.ingest.pipeline import ingest
from app.retrieve.index_reader import clear_cache, get_index
from app.retrieve.search import search
from tests.support import generation_dir


def _drop_first_lines(path, n):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[n:]), encoding="utf-8")


def _garble_sqlite(path):
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xa5" * min(8192, len(data) - middle)
    path.write_bytes(bytes(data))


def _damaged_copy_becomes_current(settings, damage) -> str:
    """Copy the good generation under a newer name, damage it, point CURRENT at it (the campaign's loop)."""
    good = generation_dir(settings)
    name = "gen-20990101T000000-x"
    shutil.copytree(good, settings.index_root / name)
    damage(settings.index_root / name)
    (settings.index_root / POINTER).write_text(name + "\n")
    return name


DAMAGES = {
    "chunk table minus its first lines": lambda g: _drop_first_lines(g / "chunks.jsonl", 2),
    "empty chunk table": lambda g: (g / "chunks.jsonl").write_text(""),
    "garbage inside chroma.sqlite3": lambda g: _garble_sqlite(g / "chroma" / "chroma.sqlite3"),
    "BM25 file truncated": lambda g: next((g / "bm25").glob("*.npy")).write_bytes(b"\x93NUMPY"),
}


@pytest.mark.parametrize("damage", list(DAMAGES), ids=list(DAMAGES))
def test_damaged_generation_is_503_with_reason_and_previous_keeps_serving(copied, damage):
    client = TestClient(create_app(copied))
    assert client.get("/readyz").status_code == 200
    good = get_index(copied).manifest.generation
    name = _damaged_copy_becomes_current(copied, DAMAGES[damage])
    ready = client.get("/readyz")
    assert ready.status_code == 503, ready.text
    detail = ready.json()["index"]["detail"]
    assert name in detail and good in detail, detail
    response = client.get("/api/search", params={"q": "données de santé", "k": 2})
    assert response.status_code == 200 and response.json()["results"], "the last good generation keeps serving"


@pytest.mark.parametrize("damage", ["chunk table minus its first lines", "empty chunk table"])
def test_fresh_process_on_a_damaged_generation_falls_back_or_says_not_ready(copied, damage):
    DAMAGES[damage](generation_dir(copied))
    clear_cache()
    client = TestClient(create_app(copied))
    ready = client.get("/readyz")
    assert ready.status_code == 503 and "does not verify" in ready.json()["index"]["detail"]
    assert client.get("/api/search", params={"q": "données"}).status_code == 503, (
        "no other generation: 503, never a 500"
    )


def test_ingest_repairs_a_short_chunk_table_instead_of_losing_documents(copied):
    before = read_manifest(generation_dir(copied))
    _drop_first_lines(generation_dir(copied) / "chunks.jsonl", 2)
    report = ingest(copied)
    assert not report.up_to_date and report.previous_problems, "a damaged generation is never up to date"
    after = read_manifest(generation_dir(copied))
    assert after.chunk_count == before.chunk_count and after.corpus_version == before.corpus_version
    assert {d: r.chunk_ids for d, r in after.documents.items()} == {d: r.chunk_ids for d, r in before.documents.items()}
    assert len(read_chunks(generation_dir(copied))) == before.chunk_count
    assert report.embedded == 0, "vectors come back from the embedding cache"
    clear_cache()
    assert TestClient(create_app(copied)).get("/readyz").status_code == 200


def test_ingest_is_not_up_to_date_when_the_vector_store_is_damaged(copied):
    _garble_sqlite(generation_dir(copied) / "chroma" / "chroma.sqlite3")
    report = ingest(copied)
    assert not report.up_to_date and report.previous_problems
    clear_cache()
    assert search(copied, "données de santé", k=1).results


def test_up_to_date_ingest_sweeps_leftovers_of_killed_runs(copied):
    leftover = copied.index_root / "gen-20000101T000000-dead00"
    (leftover / "chroma").mkdir(parents=True)
    (leftover / "chunks.jsonl").write_text("{}")
    report = ingest(copied)
    assert report.up_to_date and leftover.name in report.swept and not leftover.exists()


def test_disk_full_while_writing_removes_the_partial_generation(copied, corpus_copy, monkeypatch):
    copied = copied.model_copy(update={"corpus_dir": corpus_copy})
    path = corpus_copy / "rgpd-sante.md"
    path.write_text(path.read_text() + "\n## Ajout\n\nUne section ajoutée sur l'hébergement.\n")
    current = current_generation(copied.index_root)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pipeline, "write_chunks", full)
    with pytest.raises(OSError):
        ingest(copied)
    assert current_generation(copied.index_root) == current
    assert [p.name for p in copied.index_root.glob("gen-*")] == [current], "no half-written generation left"


def test_manifest_lists_checksums_of_its_files(copied):
    manifest = read_manifest(generation_dir(copied))
    assert (
        manifest.format_version == 3
        and {"chunks.jsonl", "sentences.json", "sentence_vectors.npy"} <= manifest.files.keys()
    )
    assert any(name.startswith("bm25/") for name in manifest.files)
    assert not any(name.startswith("chroma/") for name in manifest.files)


def test_vector_store_that_cannot_even_start_is_503_not_500(copied, monkeypatch):
    """Campaign F5: on a read-only data directory the embedded Chroma client fails at creation."""
    from app.index import chroma_store

    def readonly(*args, **kwargs):
        raise RuntimeError("attempt to write a readonly database")

    monkeypatch.setattr(chroma_store, "make_client", readonly)
    client = TestClient(create_app(copied), raise_server_exceptions=False)
    ready = client.get("/readyz")
    assert ready.status_code == 503 and "cannot be opened" in ready.json()["index"]["detail"]
    assert client.get("/api/search", params={"q": "données"}).status_code == 503
