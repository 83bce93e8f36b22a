"""`POST /api/ask` (one JSON answer) and `POST /api/chat` (the same answer streamed as Server-Sent Events)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.sse import EventSourceResponse, ServerSentEvent
from sqlalchemy.exc import SQLAlchemyError

from app import metrics
from app.answer.question import check_question
from app.answer.service import ask, stream_answer
from app.api.deps import owner_dep, settings_dep
from app.api.errors import error_body, error_responses
from app.api.schemas import AskRequest
from app.checkers.engine import ProfileError
from app.checkers.profile import ProfileField, get_profile_store, scope_key
from app.checkers.service import CheckerService, validate_profile_values
from app.checkers.suggest import suggest_checkers
from app.generate.conversation import validate_conversation_id
from app.records.store import get_store
from app.retrieve.index_reader import get_index
from app.retrieve.search import validate_filters
from app.schemas.answers import Answer, CheckerOffer
from app.settings import Settings

router = APIRouter(prefix="/api", tags=["answers"])
log = logging.getLogger("navigator.api")
ERRORS = error_responses(400, 404, 413, 429, 503)


def checked_request(
    body: AskRequest, settings: Annotated[Settings, Depends(settings_dep)], owner: Annotated[str, Depends(owner_dep)]
) -> AskRequest:
    """Validate everything before a stream starts: errors must be JSON with a status, not a broken stream."""
    check_question(body.question, settings)
    validate_filters(body.filters())
    if body.conversation_id:
        validate_conversation_id(body.conversation_id)
        get_store(settings.resolved_database_url).conversation(body.conversation_id, owner)  # 404 unless theirs
    get_index(settings)
    return body


def with_checker_offers(answer: Answer, settings: Settings) -> Answer:
    """« Mon appli… est-ce un DM ? » also gets the matching checker, pre-filled with what the question says.

    Never on a medical hand-off: a personal medical question is not about a product."""
    if answer.refusal_reason == "medical_advice":
        return answer
    offers = [CheckerOffer(**s.model_dump()) for s in suggest_checkers(answer.question)]
    if offers and answer.conversation_id:
        remember_extracted(settings, answer.conversation_id, offers)
    return answer.model_copy(update={"checkers": offers}) if offers else answer


def remember_extracted(settings: Settings, conversation_id: str, offers: list[CheckerOffer]) -> None:
    """What the question says goes into the conversation's profile as `extracted`: shown preselected in the checker,
    used only once the founder confirms it. A guess the profile refuses (it contradicts an answer) is dropped, and a
    failure here never costs the founder the answer."""
    values: dict[str, object] = {}
    for offer in offers:
        for field, value in offer.prefill.items():
            values.setdefault(field, value)
    if not values:
        return
    service = CheckerService.default()
    updates = {field: ProfileField(value=value, source="extracted") for field, value in values.items()}
    try:
        get_profile_store(settings.resolved_database_url).update(
            scope_key(conversation_id), updates, lambda merged: validate_profile_values(service, merged)
        )
    except ProfileError:
        return
    except SQLAlchemyError as exc:
        log.warning("extracted profile values not stored: %s", exc.__class__.__name__)


@router.post("/ask", response_model=Answer, responses=ERRORS, summary="Answer a question with checked citations")
def post_ask(
    body: Annotated[AskRequest, Depends(checked_request)],
    settings: Annotated[Settings, Depends(settings_dep)],
    owner: Annotated[str, Depends(owner_dep)],
) -> Answer:
    answer = ask(
        settings, body.question, body.filters(), body.conversation_id, owner=owner, verified_first=body.verified_first
    )
    metrics.count_answer(answer)
    return with_checker_offers(answer, settings)


@router.post(
    "/chat",
    response_class=EventSourceResponse,
    responses=ERRORS,
    summary="Answer a question, streamed",
    description='Server-Sent Events: `token` events (`{"text"}`) while the model writes, then one `final` event whose '
    "data is the same JSON as `/api/ask` (checked citations included). Errors before the stream are JSON.",
)
def post_chat(
    body: Annotated[AskRequest, Depends(checked_request)],
    settings: Annotated[Settings, Depends(settings_dep)],
    owner: Annotated[str, Depends(owner_dep)],
) -> Iterator[ServerSentEvent]:
    try:
        for event in stream_answer(
            settings,
            body.question,
            body.filters(),
            body.conversation_id,
            owner=owner,
            verified_first=body.verified_first,
        ):
            if event.type == "token":
                yield ServerSentEvent(event="token", data={"text": event.text})
            elif event.answer is not None:
                metrics.count_answer(event.answer)
                yield ServerSentEvent(
                    event="final", data=with_checker_offers(event.answer, settings).model_dump(mode="json")
                )
    except Exception:  # headers are sent: any failure must end the stream with an `error` event
        # The traceback goes to the log with this request's id; the client gets the generic message and that id
        # (never the exception text: it can carry server paths or data).
        log.exception("answer stream failed")
        yield ServerSentEvent(
            event="error", data=error_body(500, "internal error: the answer could not be completed")["error"]
        )
