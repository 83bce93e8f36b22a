"""Does an index generation agree with itself? Files against the manifest's checksums, counts across the chunk
table, BM25 and the vector store, and one probe query on the vectors.

Parsing each file is not enough: a chunk table missing its last lines, or a vector store that opens but cannot
answer, used to pass the load and fail every query. Both the server (before serving a generation) and the
ingestion (before reusing one, or calling it up to date) run these checks.
"""

from __future__ import annotations

from pathlib import Path

from app.index.generations import Manifest, verify_files
from app.index.vector_store import VectorStore, VectorStoreError
from app.schemas.chunks import Chunk


def check_tables(gen_dir: Path, manifest: Manifest, chunks: list[Chunk], bm25_docs: int | None) -> list[str]:
    problems = verify_files(gen_dir, manifest) if manifest.files else []
    if len(chunks) != manifest.chunk_count:
        problems.append(f"chunk table has {len(chunks)} chunks, manifest says {manifest.chunk_count}")
    if bm25_docs is not None and bm25_docs != len(chunks):
        problems.append(f"BM25 index has {bm25_docs} documents, chunk table {len(chunks)}")
    listed = {cid for d in manifest.documents.values() for cid in d.chunk_ids}
    present = {c.chunk_id for c in chunks}
    if listed != present:
        problems.append(
            f"{len(listed - present)} chunks of the manifest are missing from the chunk table, "
            f"{len(present - listed)} are not in the manifest"
        )
    return problems


def check_vectors(store: VectorStore, manifest: Manifest, chunks: list[Chunk]) -> list[str]:
    try:
        count = store.count()
        if count != manifest.chunk_count:
            return [f"vector store has {count} vectors, manifest says {manifest.chunk_count}"]
        if chunks:
            first = store.vectors([chunks[0].chunk_id]).get(chunks[0].chunk_id)
            if first is None:
                return [f"vector store has no vector for {chunks[0].chunk_id}"]
            store.nearest(first, 1)
    except VectorStoreError as exc:  # any engine failure means the generation cannot serve
        return [f"vector store does not answer ({exc})"]
    return []
