"""Semantic closeness by e5 cosine: a claim against an indexed passage, or a question against candidate sentences."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

from app.generate.citations import SupportPolicy
from app.index.embeddings import get_embeddings
from app.retrieve.index_reader import LoadedIndex
from app.schemas.chunks import Chunk
from app.settings import Settings

log = logging.getLogger("navigator.answer")


def make_similarity(index: LoadedIndex, settings: Settings | None = None) -> Callable[[str, Chunk], float]:
    vectors: dict[str, np.ndarray] = {}
    embeddings = get_embeddings(index.embedder_name, settings)

    def similarity(claim: str, chunk: Chunk) -> float:
        if chunk.chunk_id not in vectors:
            vectors[chunk.chunk_id] = index.store.vectors([chunk.chunk_id])[chunk.chunk_id]
        query = np.asarray(embeddings.embed_query(claim), dtype=np.float32)
        return float(query @ vectors[chunk.chunk_id])

    return similarity


def support_policy(index: LoadedIndex, settings: Settings) -> SupportPolicy:
    """The configured thresholds of the sentence-support check, with the index's passages for its semantic test."""
    return SupportPolicy(settings.min_support_lexical, settings.min_support_semantic, make_similarity(index, settings))


# Sentences missing from the generation's store (an index built by an older version, a splitter changed since) are
# embedded while answering and kept in a bounded LRU cache.
SENTENCE_CACHE_SIZE = 5_000  # ≈ 7.5 MB of 384-d float32 vectors
_sentence_vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
_sentence_lock = threading.Lock()
_embedded_on_the_fly = 0


def make_sentence_scorer(
    index: LoadedIndex, settings: Settings | None = None
) -> Callable[[str, list[str]], list[float]]:
    """Cosine of a question to each sentence. Sentence vectors come from the generation's store (embedded at
    ingestion, `app.index.sentences`): an answer embeds only its question (already embedded, and cached, by the
    search). A sentence the store lacks is embedded on the fly, in one batch, and counted in the log.
    """
    name = index.embedder_name
    embeddings = get_embeddings(name, settings)
    store = index.sentences

    def score(question: str, sentences: list[str]) -> list[float]:
        global _embedded_on_the_fly
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(sentences))
        if store is not None:
            for sentence in unique:
                vector = store.vector(sentence)
                if vector is not None:
                    found[sentence] = vector
        missing = [s for s in unique if s not in found]
        if missing:
            with _sentence_lock:
                for sentence in missing:
                    if (name, sentence) in _sentence_vectors:
                        _sentence_vectors.move_to_end((name, sentence))
                        found[sentence] = _sentence_vectors[(name, sentence)]
            missing = [s for s in missing if s not in found]
        if missing:
            found.update(zip(missing, np.asarray(embeddings.embed_documents(missing), dtype=np.float32)))
            with _sentence_lock:
                for sentence in missing:
                    _sentence_vectors[(name, sentence)] = found[sentence]
                while len(_sentence_vectors) > SENTENCE_CACHE_SIZE:
                    _sentence_vectors.popitem(last=False)
                _embedded_on_the_fly += len(missing)
                total = _embedded_on_the_fly
            log.info(
                "%d sentence(s) not in the sentence-vector store of %s embedded while answering (%d since start)",
                len(missing),
                index.manifest.generation,
                total,
            )
        query = np.asarray(embeddings.embed_query(question), dtype=np.float32)
        return [float(found[s] @ query) for s in sentences]

    return score
