"""Semantic closeness by e5 cosine: a claim against an indexed passage, or a question against candidate sentences."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from app.index.embeddings import get_embeddings
from app.retrieve.index_reader import LoadedIndex
from app.schemas.chunks import Chunk


def make_similarity(index: LoadedIndex, settings=None) -> Callable[[str, Chunk], float]:
    vectors: dict[str, np.ndarray] = {}
    embeddings = get_embeddings(index.embedder_name, settings)

    def similarity(claim: str, chunk: Chunk) -> float:
        if chunk.chunk_id not in vectors:
            got = index.collection.get(ids=[chunk.chunk_id], include=["embeddings"])
            vectors[chunk.chunk_id] = np.asarray(got["embeddings"][0], dtype=np.float32)
        query = np.asarray(embeddings.embed_query(claim), dtype=np.float32)
        return float(query @ vectors[chunk.chunk_id])

    return similarity


SENTENCE_CACHE_SIZE = 50_000  # ≈ 75 MB of 384-d float32 vectors
_sentence_vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_sentence_lock = threading.Lock()


def make_sentence_scorer(index: LoadedIndex, settings=None) -> Callable[[str, list[str]], list[float]]:
    """Cosine of a question to each sentence, embedding new sentences in one batch.

    The same passages come back for many questions, so sentence vectors are kept in a bounded LRU cache: a warm
    answer embeds only its question.
    """
    name = index.embedder_name
    embeddings = get_embeddings(name, settings)

    def score(question: str, sentences: list[str]) -> list[float]:
        found: dict[str, np.ndarray] = {}
        with _sentence_lock:
            for sentence in dict.fromkeys(sentences):
                if (name, sentence) in _sentence_vectors:
                    _sentence_vectors.move_to_end((name, sentence))
                    found[sentence] = _sentence_vectors[(name, sentence)]
        missing = [s for s in dict.fromkeys(sentences) if s not in found]
        if missing:
            found.update(zip(missing, np.asarray(embeddings.embed_documents(missing), dtype=np.float32)))
            with _sentence_lock:
                for sentence in missing:
                    _sentence_vectors[(name, sentence)] = found[sentence]
                while len(_sentence_vectors) > SENTENCE_CACHE_SIZE:
                    _sentence_vectors.popitem(last=False)
        query = np.asarray(embeddings.embed_query(question), dtype=np.float32)
        return [float(found[s] @ query) for s in sentences]

    return score
