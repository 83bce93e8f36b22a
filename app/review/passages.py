"""The passages of a review: the answer's retrieved chunks, numbered [1]..[N], then any the adviser adds.

The corrected answer cites these numbers, and the same citation checker as generated answers checks it. Each passage
carries whether it changed (content hash) or disappeared since the answer was given, and its validity today.
"""

from __future__ import annotations

from app.retrieve.index_reader import LoadedIndex
from app.schemas.answers import AnswerRecord
from app.schemas.chunks import Chunk
from app.schemas.citations import validity_label
from app.schemas.review import Passage


def chunk_by_id(index: LoadedIndex, chunk_id: str) -> Chunk | None:
    position = index.position.get(chunk_id)
    return None if position is None else index.chunks[position]


def numbered_chunks(
    index: LoadedIndex, record: AnswerRecord, extra: list[str] | None = None
) -> list[tuple[int, str, Chunk | None]]:
    ids = [r.chunk_id for r in record.retrieved]
    cited_not_retrieved = [c.chunk_id for c in record.citations if c.chunk_id not in ids]
    ids += cited_not_retrieved + [c for c in (extra or []) if c not in ids]
    return [(n, chunk_id, chunk_by_id(index, chunk_id)) for n, chunk_id in enumerate(dict.fromkeys(ids), start=1)]


def review_passages(index: LoadedIndex, record: AnswerRecord) -> list[Passage]:
    hashes = {r.chunk_id: r.content_hash for r in record.retrieved}
    cited = {c.chunk_id for c in record.citations}
    passages = []
    for n, chunk_id, chunk in numbered_chunks(index, record):
        if chunk is None:
            passages.append(Passage(n=n, chunk_id=chunk_id, cited=chunk_id in cited, missing=True, in_force=False))
            continue
        passages.append(
            Passage(
                n=n,
                chunk_id=chunk_id,
                section=chunk.section,
                url=chunk.url,
                text=chunk.text,
                validity=validity_label(chunk),
                in_force=chunk.in_force,
                cited=chunk_id in cited,
                to_verify=chunk.to_verify,
                changed=chunk_id in hashes and hashes[chunk_id] != chunk.content_hash,
            )
        )
    return passages
