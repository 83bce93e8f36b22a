"""Advisers: the review queue, the review screen, verdicts and replies to hand-off requests (`/api/review/...`).

Every call needs an adviser (or admin) session; state-changing calls need the CSRF header; each action is audited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from app.api.auth_deps import Adviser, audit_dep
from app.api.deps import settings_dep, store_dep
from app.api.errors import error_responses
from app.auth.accounts import AuditLog
from app.records.store import RecordStore
from app.retrieve.index_reader import get_index
from app.review import handoffs
from app.review.detail import review_detail
from app.review.queue import queue, take_lock
from app.review.validated import validated_list
from app.review.verdicts import save_verdict
from app.schemas.review import HandoffReply, Lock, QueueFilters, QueueItem, ReviewDetail, VerdictIn, VerdictOut
from app.settings import Settings

router = APIRouter(prefix="/api/review", tags=["review"])
ERRORS = error_responses(400, 401, 403, 404, 409)

Store = Annotated[RecordStore, Depends(store_dep)]
Audit = Annotated[AuditLog, Depends(audit_dep)]
SettingsDep = Annotated[Settings, Depends(settings_dep)]


@router.get(
    "/queue", response_model=list[QueueItem], responses=ERRORS, summary="Stored answers to review, with filters"
)
def review_queue(adviser: Adviser, store: Store, filters: Annotated[QueueFilters, Depends()]) -> list[QueueItem]:
    return queue(store.engine, filters)


@router.get(
    "/validated", responses=ERRORS, summary="Validated, corrected and stale answers, with how often each was served"
)
def validated(adviser: Adviser, store: Store) -> list[dict]:
    return validated_list(store.engine)


@router.get("/handoffs", responses=ERRORS, summary="Open « Demander à un conseiller » requests, oldest first")
def open_requests(adviser: Adviser, store: Store) -> list[dict]:
    return handoffs.open_handoffs(store.engine)


@router.post(
    "/handoffs/{handoff_id}/reply",
    responses=ERRORS,
    summary="Answer a hand-off request (the founder sees it in the conversation)",
)
def reply_handoff(handoff_id: str, body: HandoffReply, adviser: Adviser, store: Store, audit: Audit) -> dict:
    result = handoffs.reply(store.engine, handoff_id, adviser.email, body.reply)
    audit.record(adviser, "handoff.reply", f"handoff:{handoff_id}", {"answer_id": result["answer_id"]})
    return result


@router.get("/{answer_id}", response_model=ReviewDetail, responses=ERRORS, summary="The review screen of one answer")
def get_review(answer_id: str, adviser: Adviser, store: Store, settings: SettingsDep, audit: Audit) -> ReviewDetail:
    detail = review_detail(store, get_index(settings), answer_id)
    audit.record(adviser, "review.view", f"answer:{answer_id}")
    return detail


@router.post(
    "/{answer_id}/open", response_model=Lock, responses=ERRORS, summary="Hold the answer for review for a few minutes"
)
def open_review(answer_id: str, adviser: Adviser, store: Store, settings: SettingsDep, audit: Audit) -> Lock:
    store.get_answer(answer_id)
    lock = take_lock(store.engine, answer_id, adviser.email, settings.review_lock_minutes)
    audit.record(adviser, "review.open", f"answer:{answer_id}")
    return lock


@router.post(
    "/{answer_id}/verdicts",
    response_model=VerdictOut,
    status_code=201,
    responses=ERRORS,
    summary="Save a new verdict version",
)
def post_verdict(
    answer_id: str, body: VerdictIn, adviser: Adviser, store: Store, settings: SettingsDep, audit: Audit
) -> VerdictOut:
    verdict = save_verdict(settings, store, get_index(settings), answer_id, adviser.email, body)
    audit.record(
        adviser,
        "verdict.save",
        f"answer:{answer_id}",
        {"version": verdict.version, "status": verdict.status, "harmful": verdict.harmful},
    )
    return verdict
