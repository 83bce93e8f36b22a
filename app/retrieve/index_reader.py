"""Open the current index generation once per process, and notice when an ingestion has swapped it."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from app.index.bm25 import BM25Index, LexicalIndex
from app.index.embeddings import embedder_name
from app.index.generations import (
    GenerationDamaged,
    IndexNotReady,
    Manifest,
    complete_generations,
    current_generation,
    read_chunks,
    read_manifest,
)
from app.index.integrity import check_tables, check_vectors
from app.index.sentences import SentenceStore, has_sentences, read_sentences, splitter_id
from app.index.vector_store import VectorStore, VectorStoreError, chunk_metadata, open_store
from app.safe_text import describe
from app.schemas.chunks import Chunk
from app.settings import Settings
from app.text import remember_splits, tokenizer_fingerprint

log = logging.getLogger("navigator.index")


@dataclass
class LoadedIndex:
    manifest: Manifest
    chunks: list[Chunk]  # in BM25 order
    position: dict[str, int]
    bm25: LexicalIndex
    store: VectorStore
    domain: np.ndarray
    kind: np.ndarray
    in_force: np.ndarray
    valid_from: np.ndarray
    valid_until: np.ndarray
    sentences: SentenceStore | None = None  # sentence vectors embedded at ingestion (None: built by an older version)

    @property
    def embedder_name(self) -> str:
        return embedder_name(self.manifest.embedder)

    @cached_property
    def _by_sheet(self) -> dict[str, list[Chunk]]:
        sheets: dict[str, list[Chunk]] = {}
        for chunk in self.chunks:
            sheets.setdefault(chunk.doc_id, []).append(chunk)
        return sheets

    def sections(self, doc_id: str) -> list[Chunk]:
        """A sheet's chunks in index order (the extractive composer reads every section of the best sheets)."""
        return self._by_sheet.get(doc_id, [])


def _load(settings: Settings, generation: str) -> LoadedIndex:
    gen_dir: Path = settings.index_root / generation
    try:
        manifest = read_manifest(gen_dir)
        chunks = read_chunks(gen_dir)
        bm25 = BM25Index.load(gen_dir / "bm25")
        problems = check_tables(gen_dir, manifest, chunks, bm25.size)
    except (OSError, ValueError, KeyError) as exc:
        raise IndexNotReady(
            f"index generation {generation} is unreadable ({describe(exc)}); run `navigator ingest`"
        ) from exc
    if problems:
        raise GenerationDamaged(
            f"index generation {generation} does not verify ({'; '.join(problems[:3])}); run `navigator ingest`"
        )
    if manifest.chroma_server and not settings.chroma_host:
        raise IndexNotReady(
            f"this index lives on the Chroma server {manifest.chroma_server}; set NAVIGATOR_CHROMA_HOST"
        )
    embedder = embedder_name(manifest.embedder)
    if embedder != settings.embedder:
        raise IndexNotReady(
            f"the index was built with {manifest.embedder} but NAVIGATOR_EMBEDDER={settings.embedder}: vectors of two "
            "models cannot be compared; run `navigator ingest --rebuild` or set the embedder back"
        )
    try:
        store = open_store(settings, gen_dir, manifest.collection, embedder)
    except VectorStoreError as exc:
        raise IndexNotReady(f"vector collection {manifest.collection} cannot be opened ({exc})") from exc
    problems = check_vectors(store, manifest, chunks)
    if problems:
        raise GenerationDamaged(
            f"index generation {generation} does not verify ({'; '.join(problems)}); run `navigator ingest`"
        )
    if manifest.lexical != tokenizer_fingerprint():
        # Built by another tokenizer (an older version): its terms are not those questions now fold to (« œuvre » was
        # « uvre »). Rebuilt from the chunks, under a second for the whole knowledge base, until the next ingestion
        # stores one.
        log.warning("index generation %s: lexical index built by another tokenizer, rebuilt in memory", generation)
        bm25 = BM25Index.build([c.embed_text() for c in chunks])
    sentences = _load_sentences(gen_dir, manifest, chunks)
    meta = [chunk_metadata(c) for c in chunks]
    return LoadedIndex(
        sentences=sentences,
        manifest=manifest,
        chunks=chunks,
        position={c.chunk_id: i for i, c in enumerate(chunks)},
        bm25=bm25,
        store=store,
        domain=np.array([m["domain"] for m in meta]),
        kind=np.array([m["kind"] for m in meta]),
        in_force=np.array([m["in_force"] for m in meta], dtype=bool),
        valid_from=np.array([m["valid_from"] for m in meta], dtype=np.int64),
        valid_until=np.array([m["valid_until"] for m in meta], dtype=np.int64),
    )


def _load_sentences(gen_dir: Path, manifest: Manifest, chunks: list[Chunk]) -> SentenceStore | None:
    """The generation's sentence vectors (their files were checked against the manifest with the others). With the
    same splitter, the stored split of each chunk is handed to `app.text`, so the composer does not split again."""
    if not has_sentences(gen_dir):
        log.warning(
            "index generation %s has no sentence vectors (built by an older version): sentences are embedded "
            "while answering; run `navigator ingest` to store them",
            manifest.generation,
        )
        return None
    try:
        store = read_sentences(gen_dir, manifest.dimension)
    except (OSError, ValueError, KeyError) as exc:
        raise GenerationDamaged(
            f"index generation {manifest.generation} does not verify (sentence vectors: "
            f"{describe(exc)}); run `navigator ingest`"
        ) from exc
    if len(store.texts) != manifest.sentences or store.rows.keys() != {c.chunk_id for c in chunks}:
        raise GenerationDamaged(
            f"index generation {manifest.generation} does not verify ({len(store.texts)} sentence "
            f"vectors for {len(store.rows)} chunks, manifest says {manifest.sentences} for "
            f"{len(chunks)}); run `navigator ingest`"
        )
    if store.splitter == splitter_id():
        remember_splits({c.text: store.sentences_of(c.chunk_id) or [] for c in chunks})
    log.info(
        "index generation %s: %d sentence vectors (%.1f MB)", manifest.generation, len(store.texts), store.nbytes / 1e6
    )
    return store


RETRY_FAILED_S = 10.0  # a generation that failed to load is tried again after this long, not on every request


@dataclass
class _RootState:
    """Per index root: the generation being served, and why it is not the current one (if it is not)."""

    serving: LoadedIndex | None = None
    failed: str | None = None
    failed_at: float = 0.0
    error: str | None = None


_lock = threading.Lock()
_states: dict[str, _RootState] = {}


def _load_fallback(settings: Settings, exclude: str) -> LoadedIndex | None:
    """The newest other complete generation that verifies (the previous one is kept one cycle for this)."""
    for name in complete_generations(settings.index_root):
        if name == exclude:
            continue
        try:
            return _load(settings, name)
        except IndexNotReady:
            continue
    return None


def get_index(settings: Settings) -> LoadedIndex:
    """The current generation; a cheap pointer read per call picks up a swap made by another process.

    When the current generation does not load or verify, the last one that did keeps serving (or, in a fresh
    process, the newest earlier generation on disk that verifies), and `index_problem` says why for `/readyz`.
    """
    index_root = settings.index_root
    if not index_root.exists():
        raise IndexNotReady("no index in the data directory: run `navigator ingest` first")
    generation = current_generation(index_root)
    if not generation:
        raise IndexNotReady("no index in the data directory (no current generation): run `navigator ingest` first")
    with _lock:
        state = _states.setdefault(str(index_root.resolve()), _RootState())
        if state.serving is not None and state.serving.manifest.generation == generation:
            return state.serving
        if state.failed == generation and time.monotonic() - state.failed_at < RETRY_FAILED_S:
            if state.serving is not None:
                return state.serving
            raise IndexNotReady(state.error or "index not ready")
        try:
            loaded = _load(settings, generation)
        except IndexNotReady as exc:
            state.failed, state.failed_at, state.error = generation, time.monotonic(), str(exc)
            if state.serving is None:
                state.serving = _load_fallback(settings, exclude=generation)
            if state.serving is None:
                raise
            return state.serving
        state.serving, state.failed, state.error = loaded, None, None
        return loaded


def index_problem(settings: Settings) -> str | None:
    """Why the generation served is not the current one (None when all is well or nothing is loaded yet)."""
    with _lock:
        state = _states.get(str(settings.index_root.resolve()))
    if state is None or state.serving is None or state.error is None:
        return None
    return f"{state.error}; serving the previous generation {state.serving.manifest.generation}"


def clear_cache() -> None:
    with _lock:
        _states.clear()
