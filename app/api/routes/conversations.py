"""A founder's own conversations: list, read, rename, delete (`/api/conversations`).

The owner is the browser's signed cookie; another browser's conversation answers 404, exactly like an unknown id.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.api.deps import owner_dep, store_dep
from app.api.errors import error_responses
from app.records.store import RecordStore
from app.review.handoffs import for_conversation
from app.review.queue import latest_verdicts
from app.schemas.conversations import AdviserReply, ConversationOut, ConversationSummary, RenameRequest, Turn

router = APIRouter(prefix="/api/conversations", tags=["conversations"])
NOT_FOUND = error_responses(404)

Owner = Annotated[str, Depends(owner_dep)]
Store = Annotated[RecordStore, Depends(store_dep)]


def _detail(store: RecordStore, row: dict) -> ConversationOut:
    records = store.history(row["conversation_id"], limit=None)
    verdicts = latest_verdicts(store.engine, [r.answer_id for r in records])
    turns = [Turn(**record.model_dump(), **verdicts.get(record.answer_id, {})) for record in records]
    replies = [AdviserReply(**h) for h in for_conversation(store.engine, row["conversation_id"])]
    return ConversationOut(**row, turns=len(turns), turns_detail=turns, handoffs=replies)


@router.get("", response_model=list[ConversationSummary], summary="This browser's conversations, latest first")
def list_conversations(owner: Owner, store: Store) -> list[ConversationSummary]:
    return [ConversationSummary(**row) for row in store.list_conversations(owner)]


@router.post(
    "",
    response_model=ConversationOut,
    status_code=201,
    summary="Start an empty conversation for this browser",
    description="For pages that need a conversation before any question (the checkers keep their profile in "
    "one). It is listed once it has an answer.",
)
def create_conversation(owner: Owner, store: Store) -> ConversationOut:
    return _detail(store, store.conversation(store.open_conversation(None, owner), owner))


@router.get(
    "/{conversation_id}", response_model=ConversationOut, responses=NOT_FOUND, summary="One conversation with its turns"
)
def get_conversation(conversation_id: str, owner: Owner, store: Store) -> ConversationOut:
    return _detail(store, store.conversation(conversation_id, owner))


@router.patch(
    "/{conversation_id}",
    response_model=ConversationOut,
    responses=error_responses(404, 400),
    summary="Rename",
)
def rename_conversation(conversation_id: str, body: RenameRequest, owner: Owner, store: Store) -> ConversationOut:
    return _detail(store, store.rename_conversation(conversation_id, owner, body.title))


@router.delete(
    "/{conversation_id}",
    status_code=204,
    responses=NOT_FOUND,
    summary="Erase the conversation and everything stored with it",
)
def delete_conversation(conversation_id: str, owner: Owner, store: Store) -> Response:
    store.delete_conversation(conversation_id, owner)
    return Response(status_code=204)
