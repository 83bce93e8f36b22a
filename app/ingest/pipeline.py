"""`navigator ingest`: parse what changed, reuse what did not, build a new index generation aside, swap.

Incremental by content: a file whose fingerprint is unchanged is not parsed again, and a chunk whose text hash
is in the embedding cache is not embedded again. A file that cannot be parsed is reported and skipped; if an
earlier version of it was indexed, that version is kept, so a bad edit never silently removes knowledge.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from filelock import FileLock, Timeout
from pydantic import BaseModel

from app.corpus.loader import CorpusError, is_funding_record
from app.index.bm25 import BM25Index
from app.index.embeddings import EmbeddingCache, embed_with_cache, embedder_id, embedder_name, get_embeddings
from app.index.generations import (
    DocRecord,
    IndexNotReady,
    Manifest,
    corpus_version,
    current_generation,
    file_digests,
    new_generation_name,
    publish,
    read_chunks,
    read_manifest,
    sweep,
    sweep_leftovers,
    write_chunks,
    write_manifest,
)
from app.index.integrity import check_tables, check_vectors
from app.index.sentences import SentenceTable, has_sentences, read_sentences, splitter_id, write_sentences
from app.index.vector_store import collection_name, create_store, drop_stores, open_store, server_location
from app.ingest.parse import SUPPORTED_SUFFIXES, file_fingerprint
from app.ingest.workers import MIN_DOCUMENTS, MIN_TEXTS, parallel_map, parse_and_chunk, worker_count
from app.safe_text import describe
from app.schemas.chunks import Chunk
from app.settings import Settings
from app.text import split_sentences, tokenizer_fingerprint

log = logging.getLogger(__name__)


def _shown(path: Path, settings: Settings) -> str:
    """A file as the operator knows it, relative to the corpus folder: an absolute path tells where this machine
    keeps its files, which has no place in a report that may be pasted elsewhere."""
    try:
        return str(path.resolve().relative_to(settings.corpus_dir.resolve()))
    except ValueError:
        return path.name


class IngestError(BaseModel):
    path: str
    message: str


class IngestReport(BaseModel):
    generation: str | None
    documents: int
    documents_parsed: int
    chunks: int
    added: int
    updated: int
    removed: int
    unchanged: int
    embedded: int
    errors: list[IngestError]
    sentences: int = 0  # distinct sentences of the chunks, each with a stored vector
    sentences_embedded: int = 0  # of which embedded this run (the others came from the cache or the seed)
    kept_previous: list[str]
    seconds: float
    up_to_date: bool = False
    previous_problems: list[str] = []  # why the generation in use could not be trusted (then rebuilt from sources)
    swept: list[str] = []  # leftover generations removed (killed runs, failed disks, old generations)


class IngestBusy(RuntimeError):
    """Another ingestion holds the index lock."""


@dataclass
class Progress:
    """Hooks for a progress display; silent by default (tests, API)."""

    def phase(self, name: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def done(self) -> None: ...


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest under the given paths (sidecar YAML and README files are metadata, not documents; YAML
    records under a `funding/` folder are documents)."""
    found: list[Path] = []
    for root in paths:
        if root.is_file():
            found.append(root)
            continue
        if not root.exists():
            continue
        for path in sorted(root.rglob("*")):
            document = path.suffix.lower() in SUPPORTED_SUFFIXES and path.name.lower() != "readme.md"
            if path.is_file() and (document or is_funding_record(path)):
                found.append(path)
    return found


@dataclass
class _Previous:
    manifest: Manifest | None = None
    chunks: dict[str, Chunk] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    sentences: dict[str, list[str]] = field(default_factory=dict)  # chunk_id -> its sentences, same splitter

    def doc_chunks(self, doc_id: str) -> list[Chunk]:
        if not self.manifest or doc_id not in self.manifest.documents:
            return []
        return [self.chunks[cid] for cid in self.manifest.documents[doc_id].chunk_ids if cid in self.chunks]

    def doc_by_path(self, path: str) -> DocRecord | None:
        if not self.manifest:
            return None
        return next((d for d in self.manifest.documents.values() if d.path == path), None)


def _load_previous(settings: Settings) -> _Previous:
    """The generation in use, only if it verifies: a damaged one is never reused nor called up to date."""
    try:
        name = current_generation(settings.index_root)
    except IndexNotReady as exc:
        return _Previous(problems=[str(exc)])
    if not name:
        return _Previous()
    gen_dir = settings.index_root / name
    try:
        manifest = read_manifest(gen_dir)
        chunks = read_chunks(gen_dir)
        problems = check_tables(gen_dir, manifest, chunks, BM25Index.load(gen_dir / "bm25").size)
        if not problems:
            store = open_store(settings, gen_dir, manifest.collection, embedder_name(manifest.embedder))
            problems = check_vectors(store, manifest, chunks)
    except Exception as exc:  # unreadable in any way, whatever the engine raises: rebuild from sources
        log.warning("index generation %s cannot be reused", name, exc_info=True)
        return _Previous(problems=[f"generation {name} is unreadable ({describe(exc)})"])
    if problems:
        return _Previous(problems=[f"generation {name} does not verify: {p}" for p in problems])
    return _Previous(manifest, {c.chunk_id: c for c in chunks}, sentences=_previous_sentences(gen_dir, manifest))


def _previous_sentences(gen_dir: Path, manifest: Manifest) -> dict[str, list[str]]:
    """The previous generation's split of each chunk, when the splitter is unchanged: not split again."""
    if manifest.splitter != splitter_id() or not has_sentences(gen_dir):
        return {}
    try:
        store = read_sentences(gen_dir, manifest.dimension)
    except (OSError, ValueError, KeyError):  # the files verified against the manifest; unreadable means split again
        return {}
    return {chunk_id: [store.texts[r] for r in rows] for chunk_id, rows in store.rows.items()}


def default_sources(settings: Settings) -> list[Path]:
    return [settings.corpus_dir, settings.sources_dir]


def ingest(
    settings: Settings,
    paths: list[Path] | None = None,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest `paths` (default: the written corpus and connector sources) into a new index generation.

    With explicit paths, documents elsewhere stay as they are; with none, documents whose files are gone are
    removed. `rebuild` ignores the previous generation (the embedding cache is still used).
    """
    progress = progress or Progress()
    settings.index_root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(settings.index_root / ".ingest.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout as exc:
        raise IngestBusy(f"another ingestion is running (lock {settings.index_root / '.ingest.lock'})") from exc
    try:
        return _ingest_locked(settings, paths, rebuild, progress)
    finally:
        lock.release()


def _ingest_locked(settings: Settings, paths: list[Path] | None, rebuild: bool, progress: Progress) -> IngestReport:
    started = time.perf_counter()
    full_scan = not paths
    swept = sweep_leftovers(settings.index_root)  # killed runs, failed disks: nothing else builds under the lock
    drop_stores(settings, swept)
    before = _load_previous(settings)  # what the index holds now (if it verifies): the baseline of the report
    embedder = embedder_id(settings.embedder)
    reusable = (
        before.manifest and before.manifest.embedder == embedder and before.manifest.chunking == _chunking(settings)
    )
    previous = before if reusable and not rebuild else _Previous()

    files = discover(paths or default_sources(settings))
    errors: list[IngestError] = []
    kept: list[str] = []
    docs: dict[str, DocRecord] = {}
    chunks: list[Chunk] = []
    parsed_count = 0

    progress.phase("Analyse des documents", len(files))
    fingerprints: dict[Path, str | OSError] = {}
    for path in files:
        try:
            fingerprints[path] = file_fingerprint(path)
        except OSError as exc:
            fingerprints[path] = exc
    sizes = (settings.chunk_max_chars, settings.chunk_overlap_chars)
    workers = worker_count(settings.ingest_workers)
    changed = [p for p in files if not _unchanged(previous, p, fingerprints[p])]
    parsed = dict(zip(changed, parallel_map(parse_and_chunk, [(p, *sizes) for p in changed], workers, MIN_DOCUMENTS)))
    for path in files:
        key = str(path)
        try:
            fingerprint = fingerprints[path]
            if isinstance(fingerprint, OSError):
                raise fingerprint
            old = previous.doc_by_path(key)
            if path not in parsed and old and old.doc_id not in docs:
                doc_chunks = previous.doc_chunks(old.doc_id)
                doc_id = old.doc_id
            else:
                result = parsed[path] if path in parsed else parse_and_chunk((path, *sizes))
                parsed_count += 1
                if isinstance(result, str):
                    raise CorpusError(path, result.removeprefix(f"{path}: "))
                doc_id, doc_chunks = result
                if doc_id in docs:
                    raise CorpusError(path, f"field 'id': '{doc_id}' is already used by {docs[doc_id].path}")
            docs[doc_id] = DocRecord(
                doc_id=doc_id, path=key, fingerprint=fingerprint, chunk_ids=[c.chunk_id for c in doc_chunks]
            )
            chunks.extend(doc_chunks)
        except (CorpusError, OSError) as exc:
            reason = str(exc).removeprefix(f"{exc.path}: ") if isinstance(exc, CorpusError) else describe(exc)
            errors.append(IngestError(path=key, message=f"{_shown(path, settings)}: {reason}"))
            old = before.doc_by_path(key)
            if old and old.doc_id not in docs:
                docs[old.doc_id] = old
                chunks.extend(before.doc_chunks(old.doc_id))
                kept.append(old.doc_id)
        progress.advance()
    progress.done()

    # Documents not named this run stay as they were (partial ingestion); a full scan drops vanished files.
    if before.manifest and not full_scan:
        for doc_id, record in before.manifest.documents.items():
            if doc_id not in docs:
                docs[doc_id] = record
                chunks.extend(before.doc_chunks(doc_id))

    old_hashes = {c.chunk_id: c.content_hash for c in before.chunks.values()}
    new_hashes = {c.chunk_id: c.content_hash for c in chunks}
    added = sum(1 for cid in new_hashes if cid not in old_hashes)
    updated = sum(1 for cid, h in new_hashes.items() if cid in old_hashes and old_hashes[cid] != h)
    removed = sum(1 for cid in old_hashes if cid not in new_hashes)
    unchanged = len(new_hashes) - added - updated
    version = corpus_version(chunks)

    def report(
        generation: str | None, embedded: int, up_to_date: bool = False, sentences: int = 0, sentences_embedded: int = 0
    ) -> IngestReport:
        return IngestReport(
            sentences=sentences,
            sentences_embedded=sentences_embedded,
            generation=generation,
            documents=len(docs),
            documents_parsed=parsed_count,
            chunks=len(chunks),
            added=added,
            updated=updated,
            removed=removed,
            unchanged=unchanged,
            embedded=embedded,
            errors=errors,
            kept_previous=kept,
            seconds=round(time.perf_counter() - started, 3),
            up_to_date=up_to_date,
            previous_problems=before.problems,
            swept=swept,
        )

    if (
        previous.manifest
        and previous.manifest.files
        and previous.manifest.corpus_version == version
        and not rebuild
        and _same_layout(previous.manifest, docs)
        and previous.manifest.splitter == splitter_id()
        and previous.manifest.lexical == tokenizer_fingerprint()
    ):
        return report(previous.manifest.generation, 0, up_to_date=True, sentences=previous.manifest.sentences)
    if not chunks:
        raise IndexNotReady(
            "nothing to index: no readable document was found" + (f" ({len(errors)} errors)" if errors else "")
        )

    generation = new_generation_name()
    (settings.index_root / generation).mkdir(parents=True)
    cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite", seed_dir=settings.corpus_dir / "embeddings")
    try:
        texts = [c.embed_text() for c in chunks]
        vectors, embedded = embed_with_cache(
            get_embeddings(settings.embedder, settings),
            embedder,
            texts,
            cache,
            settings.embed_batch_size,
            on_batch=progress.advance,
            on_plan=lambda n: progress.phase("Calcul des embeddings", n),
        )
        progress.done()
        unchanged_text = {
            cid: s
            for cid, s in previous.sentences.items()
            if cid in previous.chunks and previous.chunks[cid].content_hash == new_hashes.get(cid)
        }
        to_split = [c for c in chunks if c.chunk_id not in unchanged_text]
        splits = parallel_map(split_sentences, [c.text for c in to_split], workers, MIN_TEXTS)
        sentences = SentenceTable.build(
            chunks, reuse=unchanged_text | dict(zip((c.chunk_id for c in to_split), splits))
        )
        sentence_vectors, sentences_embedded = embed_with_cache(
            get_embeddings(settings.embedder, settings),
            embedder,
            sentences.texts,
            cache,
            settings.embed_batch_size,
            on_batch=progress.advance,
            on_plan=lambda n: progress.phase("Embeddings des phrases", n),
        )
        progress.done()
    finally:
        cache.close()

    old_generation = before.manifest.generation if before.manifest else None
    try:
        write_generation(settings, generation, chunks, vectors, docs, version, progress, (sentences, sentence_vectors))
    except BaseException:  # full disk, Ctrl-C, engine failure: leave nothing half-written behind
        shutil.rmtree(settings.index_root / generation, ignore_errors=True)
        drop_stores(settings, [generation])
        raise
    publish(settings.index_root, generation)
    # The previous generation stays one cycle for readers that still have it open; older ones go.
    swept += sweep(settings.index_root, keep={generation} | ({old_generation} if old_generation else set()))
    drop_stores(settings, swept)
    return report(generation, embedded, sentences=len(sentences.texts), sentences_embedded=sentences_embedded)


def write_generation(
    settings: Settings,
    generation: str,
    chunks: list[Chunk],
    vectors,
    docs: dict[str, DocRecord],
    version: str,
    progress: Progress | None = None,
    sentences: tuple[SentenceTable, np.ndarray] | None = None,
) -> Manifest:
    """Write a complete, unpublished generation: vectors to Chroma, BM25, the chunk table, the sentence vectors
    (when given), then the manifest last."""
    progress = progress or Progress()
    gen_dir = settings.index_root / generation
    gen_dir.mkdir(parents=True, exist_ok=True)
    progress.phase("Écriture de l'index", len(chunks))
    store = create_store(settings, gen_dir, generation, settings.embedder)
    store.add(chunks, vectors, progress.advance)
    BM25Index.build([c.embed_text() for c in chunks]).save(gen_dir / "bm25")
    write_chunks(gen_dir, chunks)
    splitter = splitter_id() if sentences else ""
    if sentences:
        write_sentences(gen_dir, sentences[0], sentences[1], splitter, int(vectors.shape[1]))
    manifest = Manifest(
        sentences=len(sentences[0].texts) if sentences else 0,
        splitter=splitter,
        lexical=tokenizer_fingerprint(),
        files=file_digests(gen_dir),
        generation=generation,
        created_at=dt.datetime.now(dt.UTC),
        embedder=embedder_id(settings.embedder),
        dimension=int(vectors.shape[1]),
        collection=collection_name(generation),
        chroma_server=server_location(settings),
        corpus_version=version,
        documents=docs,
        chunk_count=len(chunks),
        chunking=_chunking(settings),
    )
    write_manifest(gen_dir, manifest)
    progress.done()
    return manifest


def _unchanged(previous: _Previous, path: Path, fingerprint: str | OSError) -> bool:
    old = previous.doc_by_path(str(path))
    return old is not None and old.fingerprint == fingerprint


def _chunking(settings: Settings) -> str:
    return f"max{settings.chunk_max_chars}-overlap{settings.chunk_overlap_chars}"


def _same_layout(manifest: Manifest, docs: dict[str, DocRecord]) -> bool:
    return {k: v.chunk_ids for k, v in manifest.documents.items()} == {k: v.chunk_ids for k, v in docs.items()}
