"""Founders: « Demander à un conseiller » (`POST /api/handoffs`), on an answer of their own conversation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from app.api.deps import owner_dep, store_dep
from app.api.errors import error_responses
from app.records.store import RecordStore
from app.review.handoffs import request_handoff
from app.schemas.review import HandoffIn, HandoffOut

router = APIRouter(prefix="/api", tags=["conversations"])


@router.post(
    "/handoffs",
    response_model=HandoffOut,
    status_code=201,
    responses=error_responses(400, 404),
    summary="Ask an adviser about an answer (shares the conversation, with consent; optional e-mail for the reply)",
)
def post_handoff(
    body: HandoffIn, owner: Annotated[str, Depends(owner_dep)], store: Annotated[RecordStore, Depends(store_dep)]
) -> HandoffOut:
    return HandoffOut(**request_handoff(store, owner, body.answer_id, body.consent, body.email, body.message))
