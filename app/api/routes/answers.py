"""`POST /api/ask` (one JSON answer) and `POST /api/chat` (the same answer streamed as Server-Sent Events)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.sse import EventSourceResponse, ServerSentEvent

from app.answer.question import check_question
from app.answer.service import ask, stream_answer
from app.api.deps import owner_dep, settings_dep
from app.api.errors import ErrorResponse
from app.api.schemas import AskRequest
from app.generate.conversation import validate_conversation_id
from app.records.store import get_store
from app.retrieve.index_reader import get_index
from app.retrieve.search import validate_filters
from app.schemas.answers import Answer
from app.schemas.search import SearchFilters
from app.settings import Settings

router = APIRouter(prefix="/api", tags=["answers"])
ERRORS = {400: {"model": ErrorResponse}, 404: {"model": ErrorResponse}, 413: {"model": ErrorResponse}, 429: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


def checked_request(
    body: AskRequest, settings: Annotated[Settings, Depends(settings_dep)], owner: Annotated[str, Depends(owner_dep)]
) -> AskRequest:
    """Validate everything before a stream starts: errors must be JSON with a status, not a broken stream."""
    check_question(body.question, settings)
    validate_filters(SearchFilters(domains=body.domains, kinds=body.kinds))
    if body.conversation_id:
        validate_conversation_id(body.conversation_id)
        get_store(settings.resolved_database_url).conversation(body.conversation_id, owner)  # 404 unless theirs
    get_index(settings)
    return body


@router.post("/ask", response_model=Answer, responses=ERRORS, summary="Answer a question with checked citations")
def post_ask(
    body: Annotated[AskRequest, Depends(checked_request)], settings: Annotated[Settings, Depends(settings_dep)],
    owner: Annotated[str, Depends(owner_dep)],
) -> Answer:
    filters = SearchFilters(domains=body.domains, kinds=body.kinds)
    return ask(settings, body.question, filters, body.conversation_id, owner=owner, verified_first=body.verified_first)


@router.post(
    "/chat",
    response_class=EventSourceResponse,
    responses=ERRORS,
    summary="Answer a question, streamed",
    description="Server-Sent Events: `token` events (`{\"text\"}`) while the model writes, then one `final` event whose "
    "data is the same JSON as `/api/ask` (checked citations included). Errors before the stream are JSON.",
)
def post_chat(
    body: Annotated[AskRequest, Depends(checked_request)], settings: Annotated[Settings, Depends(settings_dep)],
    owner: Annotated[str, Depends(owner_dep)],
) -> Iterator[ServerSentEvent]:
    filters = SearchFilters(domains=body.domains, kinds=body.kinds)
    try:
        for event in stream_answer(settings, body.question, filters, body.conversation_id, owner=owner, verified_first=body.verified_first):
            if event.type == "token":
                yield ServerSentEvent(event="token", data={"text": event.text})
            else:
                yield ServerSentEvent(event="final", data=event.answer.model_dump(mode="json"))
    except Exception as exc:  # headers are sent: report the failure inside the stream
        yield ServerSentEvent(event="error", data={"status": 500, "code": "internal_error", "message": str(exc)})
