"""Open the current index generation once per process, and notice when an ingestion has swapped it."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.index import chroma_store
from app.index.bm25 import BM25Index
from app.index.embeddings import embedder_name
from app.index.generations import IndexNotReady, Manifest, current_generation, read_chunks, read_manifest
from app.safe_text import describe
from app.schemas.chunks import Chunk
from app.settings import Settings


@dataclass
class LoadedIndex:
    manifest: Manifest
    chunks: list[Chunk]  # in BM25 order
    position: dict[str, int]
    bm25: BM25Index
    collection: object
    domain: np.ndarray
    kind: np.ndarray
    in_force: np.ndarray
    valid_from: np.ndarray
    valid_until: np.ndarray

    @property
    def embedder_name(self) -> str:
        return embedder_name(self.manifest.embedder)


def _load(settings: Settings, generation: str) -> LoadedIndex:
    gen_dir: Path = settings.index_root / generation
    try:
        manifest = read_manifest(gen_dir)
        chunks = read_chunks(gen_dir)
        bm25 = BM25Index.load(gen_dir / "bm25")
    except (OSError, ValueError) as exc:
        raise IndexNotReady(f"index generation {generation} is unreadable ({describe(exc)}); run `navigator ingest --rebuild`") from exc
    if manifest.chroma_server and not settings.chroma_host:
        raise IndexNotReady(f"this index lives on the Chroma server {manifest.chroma_server}; set NAVIGATOR_CHROMA_HOST")
    embedder = embedder_name(manifest.embedder)
    if embedder != settings.embedder:
        raise IndexNotReady(
            f"the index was built with {manifest.embedder} but NAVIGATOR_EMBEDDER={settings.embedder}: vectors of two "
            "models cannot be compared; run `navigator ingest --rebuild` or set the embedder back"
        )
    try:  # the client too: an embedded store on a read-only or full disk fails here already
        client = chroma_store.make_client(settings, None if settings.chroma_host else gen_dir / "chroma")
        collection = chroma_store.open_collection(client, manifest.collection, embedder)
    except Exception as exc:
        raise IndexNotReady(f"vector collection {manifest.collection} cannot be opened ({describe(exc)})") from exc
    meta = [chroma_store.chunk_metadata(c) for c in chunks]
    return LoadedIndex(
        manifest=manifest,
        chunks=chunks,
        position={c.chunk_id: i for i, c in enumerate(chunks)},
        bm25=bm25,
        collection=collection,
        domain=np.array([m["domain"] for m in meta]),
        kind=np.array([m["kind"] for m in meta]),
        in_force=np.array([m["in_force"] for m in meta], dtype=bool),
        valid_from=np.array([m["valid_from"] for m in meta], dtype=np.int64),
        valid_until=np.array([m["valid_until"] for m in meta], dtype=np.int64),
    )


_lock = threading.Lock()
_loaded: dict[str, LoadedIndex] = {}


def get_index(settings: Settings) -> LoadedIndex:
    """The current generation; a cheap pointer read per call picks up a swap made by another process."""
    index_root = settings.index_root
    if not index_root.exists():
        raise IndexNotReady("no index in the data directory: run `navigator ingest` first")
    generation = current_generation(index_root)
    if not generation:
        raise IndexNotReady("no index in the data directory (no current generation): run `navigator ingest` first")
    key = f"{index_root.resolve()}::{generation}"
    with _lock:
        if key not in _loaded:
            for old in [k for k in _loaded if k.startswith(f"{index_root.resolve()}::")]:
                del _loaded[old]
            _loaded[key] = _load(settings, generation)
        return _loaded[key]


def clear_cache() -> None:
    with _lock:
        _loaded.clear()
