"""Semantic support between a claim and a passage: e5 cosine of the claim (as a query) and the indexed vector."""

from __future__ import annotations

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
