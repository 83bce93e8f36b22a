"""Immutable index generations, swapped atomically.

An ingestion builds a complete new generation (Chroma collection + BM25 + chunk table + manifest) beside the one
in use, then replaces the `CURRENT` pointer with `os.replace`. A crash or Ctrl-C mid-build leaves the previous
generation fully usable; leftovers are swept by the next ingestion.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import shutil
from pathlib import Path

from pydantic import BaseModel, Field

from app.schemas.chunks import Chunk

log = logging.getLogger(__name__)
POINTER = "CURRENT"
# 2: the manifest lists the generation's files with sizes and checksums; 3: sentence vectors (app/index/sentences.py)
FORMAT_VERSION = 3
MANIFEST = "manifest.json"


class DocRecord(BaseModel):
    doc_id: str
    path: str
    fingerprint: str
    chunk_ids: list[str]


class FileDigest(BaseModel):
    size: int
    sha256: str


class Manifest(BaseModel):
    format_version: int = FORMAT_VERSION
    generation: str
    created_at: dt.datetime
    embedder: str
    dimension: int
    collection: str
    chroma_server: str | None = None
    corpus_version: str = Field(description="Hash of every chunk hash: identifies what answers were built from")
    documents: dict[str, DocRecord] = Field(default_factory=dict)
    chunk_count: int = 0
    chunking: str = ""
    sentences: int = Field(default=0, description="Distinct sentences with a stored vector (format 3)")
    splitter: str = Field(default="", description="Fingerprint of the sentence splitter that cut them")
    lexical: str = Field(default="", description="Fingerprint of the tokenizer the BM25 index was built with")
    files: dict[str, FileDigest] = Field(
        default_factory=dict,
        description="Path in the generation → size and sha256 "
        "(our own files; the Chroma store is checked by count and a probe query)",
    )


class IndexNotReady(RuntimeError):
    """No usable index: the message says what to run."""


def new_generation_name() -> str:
    return dt.datetime.now(dt.UTC).strftime("gen-%Y%m%dT%H%M%S-") + secrets.token_hex(3)


def current_generation(index_root: Path) -> str | None:
    pointer = index_root / POINTER
    try:
        name = pointer.read_text().strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise IndexNotReady(f"index pointer {POINTER} cannot be read ({exc.strerror})") from exc
    return name or None


def read_manifest(generation_dir: Path) -> Manifest:
    return Manifest.model_validate_json((generation_dir / MANIFEST).read_text())


class GenerationDamaged(IndexNotReady):
    """The generation's files do not match its manifest (truncated, edited, missing)."""


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checked_files(generation_dir: Path) -> list[Path]:
    """Files the manifest vouches for: everything we write, except the manifest and the Chroma store (which
    Chroma itself rewrites when it opens it)."""
    return sorted(
        p
        for p in generation_dir.rglob("*")
        if p.is_file() and p.name != MANIFEST and "chroma" not in p.relative_to(generation_dir).parts
    )


def file_digests(generation_dir: Path) -> dict[str, FileDigest]:
    return {
        str(p.relative_to(generation_dir)): FileDigest(size=p.stat().st_size, sha256=_sha256(p))
        for p in checked_files(generation_dir)
    }


def verify_files(generation_dir: Path, manifest: Manifest) -> list[str]:
    """What does not match the manifest; empty when every listed file is present, same size and same checksum."""
    problems = []
    if not manifest.files:
        return [f"manifest format {manifest.format_version} lists no file checksums (built by an older version)"]
    for name, expected in manifest.files.items():
        path = generation_dir / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif path.stat().st_size != expected.size:
            problems.append(f"{name} has {path.stat().st_size} bytes, manifest says {expected.size}")
        elif _sha256(path) != expected.sha256:
            problems.append(f"{name} checksum differs from the manifest")
    listed = sum(len(d.chunk_ids) for d in manifest.documents.values())
    if listed != manifest.chunk_count:
        problems.append(f"manifest lists {listed} chunks in its documents but counts {manifest.chunk_count}")
    return problems


def write_chunks(generation_dir: Path, chunks: list[Chunk]) -> None:
    with (generation_dir / "chunks.jsonl").open("w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(chunk.model_dump_json() + "\n")


def read_chunks(generation_dir: Path) -> list[Chunk]:
    with (generation_dir / "chunks.jsonl").open(encoding="utf-8") as fh:
        return [Chunk.model_validate_json(line) for line in fh if line.strip()]


def publish(index_root: Path, generation: str) -> None:
    """Atomically make `generation` the one every reader sees next."""
    tmp = index_root / f".{POINTER}.{secrets.token_hex(4)}"
    tmp.write_text(generation + "\n")
    with tmp.open() as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, index_root / POINTER)


def sweep(index_root: Path, keep: set[str]) -> list[str]:
    """Remove generations other than `keep` (old ones and leftovers of interrupted builds). One that cannot be
    removed (a file still open elsewhere, permissions) is logged and left for the next ingestion; it is not
    reported as removed."""
    removed = []
    for entry in index_root.glob("gen-*"):
        if entry.is_dir() and entry.name not in keep:
            try:
                shutil.rmtree(entry)
            except OSError:
                log.warning("index generation %s could not be removed; tried again next time", entry, exc_info=True)
                continue
            removed.append(entry.name)
    return removed


def complete_generations(index_root: Path) -> list[str]:
    """Generations whose build finished (the manifest is written last), newest first."""
    return sorted((p.name for p in index_root.glob("gen-*") if (p / MANIFEST).is_file()), reverse=True)


def sweep_leftovers(index_root: Path) -> list[str]:
    """Before a build (under the ingestion lock): drop unfinished generations of killed or failed runs, and
    complete ones older than the current generation and the one fallback kept before it."""
    current = current_generation(index_root)
    complete = [g for g in complete_generations(index_root) if g != current]
    fallback = next((g for g in complete if current is None or g < current), None)
    return sweep(index_root, {g for g in (current, fallback) if g})


def write_manifest(generation_dir: Path, manifest: Manifest) -> None:
    (generation_dir / "manifest.json").write_text(manifest.model_dump_json(indent=1))


def corpus_version(chunks: list[Chunk]) -> str:
    import hashlib

    digest = hashlib.sha256()
    for chunk in sorted(chunks, key=lambda c: c.chunk_id):
        digest.update(f"{chunk.chunk_id}={chunk.content_hash}\n".encode())
    return digest.hexdigest()[:16]
