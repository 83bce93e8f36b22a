"""`POST /api/feedback`: thumbs up/down with an optional comment on a stored answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from app.api.deps import owner_dep, settings_dep
from app.api.errors import error_responses
from app.api.schemas import FeedbackAck, FeedbackRequest
from app.records.store import get_store
from app.settings import Settings

router = APIRouter(prefix="/api", tags=["feedback"])


@router.post(
    "/feedback",
    response_model=FeedbackAck,
    status_code=201,
    responses=error_responses(400, 404),
)
def post_feedback(
    body: FeedbackRequest,
    settings: Annotated[Settings, Depends(settings_dep)],
    owner: Annotated[str, Depends(owner_dep)],
) -> FeedbackAck:
    store = get_store(settings.resolved_database_url)
    store.conversation(
        store.get_answer(body.answer_id).conversation_id, owner
    )  # only on one's own answers (404 otherwise)
    rating = 1 if body.rating == "up" else -1
    feedback_id = store.add_feedback(body.answer_id, rating, body.comment)
    return FeedbackAck(id=feedback_id, answer_id=body.answer_id, rating=body.rating)
