"""The vector store seam: what the rest of the project needs from a vector database, and the one place that
chooses the engine.

Callers (ingestion, integrity checks, search, citation support) see only `VectorStore` and the functions below;
`app.index.chroma_store` is the one implementation (embedded Chroma or a Chroma server). Another engine (Qdrant,
pgvector…) is a new module with the same methods, named here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from app.schemas.chunks import Chunk
from app.schemas.search import SearchFilters
from app.settings import Settings
from app.text import date_key

NO_DATE_FROM = 0
NO_DATE_UNTIL = 99991231


class VectorStoreError(RuntimeError):
    """The engine failed (server down, store unreadable, read-only disk): the generation cannot serve vectors."""


class VectorStore(Protocol):
    """One index generation's chunk vectors (unit-length, so similarity is the dot product)."""

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray, on_batch: Callable[[int], None] | None = None) -> None:
        """Store one vector per chunk, with the chunk's filter fields (`chunk_metadata`)."""
        ...

    def nearest(self, vector: np.ndarray, n: int, filters: SearchFilters | None = None) -> list[tuple[str, float]]:
        """The `n` nearest chunks as (chunk_id, cosine similarity), best first, among those `filters` allow."""
        ...

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of these chunks (ids the store does not hold are absent from the result)."""
        ...

    def count(self) -> int: ...


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    """Flat filter fields of a chunk; open dates become sentinels (stores cannot filter on None)."""
    return {
        "doc_id": chunk.doc_id,
        "domain": chunk.domain,
        "kind": chunk.kind,
        "in_force": chunk.in_force,
        "valid_from": date_key(chunk.valid_from, NO_DATE_FROM),
        "valid_until": date_key(chunk.valid_until, NO_DATE_UNTIL),
    }


def collection_name(generation: str) -> str:
    return f"chunks-{generation}"


def server_location(settings: Settings) -> str | None:
    """The shared vector server a generation is written to (recorded in its manifest), or None when embedded."""
    from app.index import chroma_store

    return chroma_store.server_location(settings)


def create_store(settings: Settings, gen_dir: Path, generation: str, embedder: str) -> VectorStore:
    """A new, empty store for a generation being built (embedded under `gen_dir`, or on the configured server)."""
    from app.index import chroma_store

    return chroma_store.ChromaStore.create(settings, gen_dir, collection_name(generation), embedder)


def open_store(settings: Settings, gen_dir: Path, collection: str, embedder: str) -> VectorStore:
    """The store of a built generation; VectorStoreError when it cannot be opened."""
    from app.index import chroma_store

    return chroma_store.ChromaStore.open(settings, gen_dir, collection, embedder)


def drop_stores(settings: Settings, generations: Sequence[str]) -> None:
    """Forget the server-side stores of removed generations (embedded ones went with their directory). Never
    raises: a failure is logged, and a later ingestion tries again."""
    from app.index import chroma_store

    chroma_store.drop_collections(settings, [collection_name(g) for g in generations])
