"""Immutable index generations, swapped atomically.

An ingestion builds a complete new generation (Chroma collection + BM25 + chunk table + manifest) beside the one
in use, then replaces the `CURRENT` pointer with `os.replace`. A crash or Ctrl-C mid-build leaves the previous
generation fully usable; leftovers are swept by the next ingestion.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from pathlib import Path

from pydantic import BaseModel, Field

from app.schemas.chunks import Chunk

POINTER = "CURRENT"
FORMAT_VERSION = 1


class DocRecord(BaseModel):
    doc_id: str
    path: str
    fingerprint: str
    chunk_ids: list[str]


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


class IndexNotReady(RuntimeError):
    """No usable index: the message says what to run."""


def new_generation_name() -> str:
    return dt.datetime.now(dt.timezone.utc).strftime("gen-%Y%m%dT%H%M%S-") + secrets.token_hex(3)


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
    return Manifest.model_validate_json((generation_dir / "manifest.json").read_text())


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
    """Remove generations other than `keep` (old ones and leftovers of interrupted builds)."""
    removed = []
    for entry in index_root.glob("gen-*"):
        if entry.is_dir() and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry.name)
    return removed


def write_manifest(generation_dir: Path, manifest: Manifest) -> None:
    (generation_dir / "manifest.json").write_text(manifest.model_dump_json(indent=1))


def corpus_version(chunks: list[Chunk]) -> str:
    import hashlib

    digest = hashlib.sha256()
    for chunk in sorted(chunks, key=lambda c: c.chunk_id):
        digest.update(f"{chunk.chunk_id}={chunk.content_hash}\n".encode())
    return digest.hexdigest()[:16]
