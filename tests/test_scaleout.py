"""Scale-out seams: Chroma in client/server mode, the optional mistral-embed backend, never mixing embedders."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.index.generations import IndexNotReady
from app.ingest.pipeline import ingest
from app.retrieve.index_reader import clear_cache
from app.retrieve.search import search
from tests.fake_mistral import FakeMistral
from tests.support import free_port

CHROMA = Path(sys.executable).parent / "chroma"


def start_chroma(tmp_path):
    """A `chroma run` server on a free port, once it accepts connections (skips when the CLI is missing)."""
    if not CHROMA.exists():
        pytest.skip("chroma CLI not installed")
    port = free_port()
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "chroma-server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    return process, port


@pytest.fixture
def chroma_server(tmp_path):
    process, port = start_chroma(tmp_path)
    yield port
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


def test_index_on_a_chroma_server(fresh_settings, chroma_server):
    settings = fresh_settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": chroma_server})
    first = ingest(settings)
    assert first.errors == [] and first.chunks > 0
    hits = search(settings, "classe d'un logiciel qui surveille des paramètres vitaux", k=3, mode="dense").results
    assert hits[0].doc_id == "test-mdr-regle-11"
    # A new generation replaces the old collection on the server; the one before it is dropped on the next swap.
    (fresh_settings.corpus_dir / "art51-appel.md").unlink()
    ingest(settings)
    (fresh_settings.corpus_dir / "rgpd-sante.md").unlink()
    third = ingest(settings)
    import chromadb

    names = {c.name for c in chromadb.HttpClient(host="127.0.0.1", port=chroma_server).list_collections()}
    assert f"chunks-{third.generation}" in names and f"chunks-{first.generation}" not in names
    clear_cache()
    embedded = fresh_settings.model_copy(update={"chroma_host": None})
    with pytest.raises(IndexNotReady, match="Chroma server"):
        search(embedded, "données", k=1)


def test_mistral_embed_backend_and_no_mixing(own_cache_settings):
    with FakeMistral() as fake:
        settings = own_cache_settings.model_copy(update={"embedder": "mistral", "mistral_server_url": fake.url})
        report = ingest(settings)
        assert report.errors == [] and report.embedded == report.chunks
        assert any(r.get("model") == "mistral-embed" and r.get("input") for r in fake.requests)
        hits = search(settings, "paramètres vitaux classe logiciel", k=3, mode="dense").results
        assert hits and hits[0].doc_id == "test-mdr-regle-11"
        clear_cache()
        with pytest.raises(IndexNotReady, match="cannot be compared"):
            search(own_cache_settings, "données de santé", k=1)


def test_chroma_server_stopped_mid_service_is_a_503_and_bm25_still_works(fresh_settings, tmp_path):
    from fastapi.testclient import TestClient

    from app.api.main import create_app

    process, port = start_chroma(tmp_path)
    try:
        settings = fresh_settings.model_copy(update={"chroma_host": "127.0.0.1", "chroma_port": port, "rate_limit": ""})
        assert ingest(settings).errors == []
        client = TestClient(create_app(settings))
        assert client.get("/api/search", params={"q": "données de santé"}).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
    down = client.get("/api/search", params={"q": "données de santé"})
    assert down.status_code == 503 and "vector store" in down.json()["error"]["message"]
    assert (
        client.post(
            "/api/ask", json={"question": "Quelles exceptions permettent de traiter des données de santé ?"}
        ).status_code
        == 503
    )
    assert client.get("/api/search", params={"q": "données de santé", "mode": "bm25"}).status_code == 200
    clear_cache()
