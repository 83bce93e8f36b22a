"""`GET /api/documents/{doc_id}` and `GET /api/chunks/{chunk_id}`: open what a citation points to."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from app.api.deps import settings_dep
from app.api.errors import ApiError, error_responses
from app.api.schemas import ChunkOut, DocumentOut
from app.retrieve.index_reader import get_index
from app.schemas.chunks import Chunk
from app.schemas.citations import validity_label
from app.settings import Settings

router = APIRouter(prefix="/api", tags=["sources"])
NOT_FOUND = error_responses(404, 503)


def chunk_out(chunk: Chunk) -> ChunkOut:
    return ChunkOut(
        **chunk.model_dump(include=set(ChunkOut.model_fields) - {"validity"}), validity=validity_label(chunk)
    )


@router.get("/chunks/{chunk_id}", response_model=ChunkOut, responses=NOT_FOUND)
def get_chunk(chunk_id: str, settings: Annotated[Settings, Depends(settings_dep)]) -> ChunkOut:
    index = get_index(settings)
    position = index.position.get(chunk_id)
    if position is None:
        raise ApiError(404, f"unknown chunk id '{chunk_id}'")
    return chunk_out(index.chunks[position])


@router.get("/documents/{doc_id}", response_model=DocumentOut, responses=NOT_FOUND)
def get_document(doc_id: str, settings: Annotated[Settings, Depends(settings_dep)]) -> DocumentOut:
    index = get_index(settings)
    record = index.manifest.documents.get(doc_id)
    if record is None:
        raise ApiError(404, f"unknown document id '{doc_id}'")
    sections = [chunk_out(index.chunks[index.position[cid]]) for cid in record.chunk_ids if cid in index.position]
    if not sections:
        raise ApiError(404, f"document '{doc_id}' has no indexed text")
    first = index.chunks[index.position[record.chunk_ids[0]]]
    return DocumentOut(
        doc_id=doc_id,
        title=first.title,
        domain=first.domain,
        kind=first.kind,
        references=first.references,
        valid_from=first.valid_from,
        valid_until=first.valid_until,
        validity=validity_label(first),
        status=first.status,
        verified_on=first.verified_on,
        sections=sections,
    )
