"""Checkers, funding navigator and action plan: `/api/checkers`, `/api/funding`, `/api/plan` (+ `.md`, `.pdf`,
`.ics`); the profile itself is `app.api.routes.profiles`. Errors use the project's JSON shape: unknown checker 404,
bad profile or impossible filter 400 (like every other invalid input of this API). A `conversation_id` opens the
conversation's profile only for the browser that owns the conversation: another one's, or an unknown id, is 404."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import owner_dep, settings_dep
from app.api.errors import ApiError, error_responses
from app.checkers.engine import Evaluation, ProfileError
from app.checkers.funding import BadFundingQuery, FundingQuery, ProgrammeMatch, cached_records, navigate
from app.checkers.plan import Plan, build_plan, plan_ics, plan_markdown, plan_pdf
from app.checkers.profile import StartupProfile, get_profile_store, scope_key
from app.checkers.service import CheckerService, UnknownChecker, checker_input, validate_profile_values
from app.corpus.funding import CallStatus, FundingKind
from app.records.store import get_store
from app.settings import Settings

router = APIRouter(prefix="/api", tags=["checkers"])
ERRORS = error_responses(400, 404)
Owner = Annotated[str, Depends(owner_dep)]


def service_dep() -> CheckerService:
    return CheckerService.default()


def conversation_profile(settings: Settings, conversation_id: str, owner: str) -> StartupProfile:
    """The conversation's profile, for its owner only (UnknownConversation, i.e. 404, otherwise)."""
    url = settings.resolved_database_url
    get_store(url).conversation(conversation_id, owner)
    return get_profile_store(url).get(scope_key(conversation_id))


class CheckerSummary(BaseModel):
    id: str
    title: str
    summary: str
    questions: int


class QuestionOut(BaseModel):
    id: str
    type: str
    text: str
    why: str
    source: str
    options: dict[str, str]
    settled_by: list[str]
    hint: str


class CheckerDetail(CheckerSummary):
    questions_detail: list[QuestionOut]


class EvaluateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: dict[str, Any] = Field(default_factory=dict)
    conversation_id: str | None = Field(default=None, max_length=64)


class FundingOut(BaseModel):
    today: dt.date
    count: int
    programmes: list[ProgrammeMatch]


@router.get("/checkers", response_model=list[CheckerSummary])
def list_checkers(service: Annotated[CheckerService, Depends(service_dep)]) -> list[CheckerSummary]:
    return [
        CheckerSummary(id=r.id, title=r.title, summary=r.summary, questions=len(r.questions))
        for r in service.files.values()
    ]


@router.get("/checkers/{checker_id}", response_model=CheckerDetail, responses=ERRORS)
def get_checker(checker_id: str, service: Annotated[CheckerService, Depends(service_dep)]) -> CheckerDetail:
    try:
        r = service.get(checker_id)
    except UnknownChecker as exc:
        raise ApiError(404, str(exc)) from exc
    return CheckerDetail(
        id=r.id,
        title=r.title,
        summary=r.summary,
        questions=len(r.questions),
        questions_detail=[QuestionOut(**q.model_dump(mode="json")) for q in r.questions],
    )


@router.post("/checkers/{checker_id}/evaluate", response_model=Evaluation, responses=ERRORS)
def evaluate_checker(
    checker_id: str,
    body: EvaluateRequest,
    settings: Annotated[Settings, Depends(settings_dep)],
    service: Annotated[CheckerService, Depends(service_dep)],
    owner: Owner,
) -> Evaluation:
    """The result with its cited steps, or the missing facts under `missing` (most useful first).

    With a `conversation_id`, the conversation's usable fields (confirmed, answered, set by an adviser) fill what the
    request does not say, and the result is stored with the dates of the fields it used, unless the request
    overrode one of them (a what-if is answered, not stored as the profile's result)."""
    stored = None
    values = body.profile
    if body.conversation_id:
        stored = conversation_profile(settings, body.conversation_id, owner)
        values = {**stored.answers(), **body.profile}
    try:
        service.get(checker_id)
        validate_profile_values(service, values)
        evaluation = service.evaluate(checker_id, checker_input(values))
    except UnknownChecker as exc:
        raise ApiError(404, str(exc)) from exc
    except ProfileError as exc:
        raise ApiError(400, str(exc)) from exc
    if stored is not None and not _overrides(stored, body.profile, evaluation.used_fields):
        get_profile_store(settings.resolved_database_url).save_result(stored, evaluation)
    return evaluation


def _overrides(stored: StartupProfile, request: dict[str, Any], used: list[str]) -> bool:
    """Did the request change a value the result used, compared with the profile's usable value?"""
    usable = stored.answers()
    return any(f in request and (f not in usable or usable[f] != request[f]) for f in used)


def _funding_query(
    kind: FundingKind | None,
    funder: str | None,
    region: str | None,
    trl: int | None,
    amount_min: float | None,
    status: CallStatus | None,
    open_now: bool,
    closing_within_days: int | None,
    today: dt.date | None,
) -> FundingQuery:
    return FundingQuery(
        kind=kind,
        funder=funder,
        region=region,
        trl=trl,
        amount_min=amount_min,
        status=status,
        open_now=open_now,
        closing_within_days=closing_within_days,
        today=today or dt.date.today(),
    )


@router.get("/funding", response_model=FundingOut, responses=ERRORS)
def funding(
    settings: Annotated[Settings, Depends(settings_dep)],
    kind: FundingKind | None = None,
    funder: str | None = None,
    region: str | None = None,
    trl: int | None = None,
    amount_min: float | None = None,
    status: CallStatus | None = None,
    open_now: bool = False,
    closing_within_days: int | None = None,
    today: dt.date | None = None,
    conversation_id: str | None = None,
    *,
    owner: Owner,
) -> FundingOut:
    """Programmes matching the filters, each checked against the conversation's profile when one is given."""
    query = _funding_query(kind, funder, region, trl, amount_min, status, open_now, closing_within_days, today)
    profile = {}
    if conversation_id:
        profile = conversation_profile(settings, conversation_id, owner).answers()
    try:
        found = navigate(cached_records(settings.corpus_dir / "funding"), query, profile)
    except BadFundingQuery as exc:
        raise ApiError(400, str(exc)) from exc
    return FundingOut(today=query.today, count=len(found), programmes=found)


def _plan(
    settings: Settings,
    service: CheckerService,
    conversation_id: str,
    funding_ids: str | None,
    today: dt.date | None,
    owner: str,
) -> Plan:
    day = today or dt.date.today()
    profile = conversation_profile(settings, conversation_id, owner).answers()
    try:
        evaluations = service.evaluate_all(checker_input(profile))
    except ProfileError as exc:
        raise ApiError(400, str(exc)) from exc
    wanted = {f for f in (funding_ids or "").split(",") if f}
    records = cached_records(settings.corpus_dir / "funding")
    unknown = wanted - {r.id for r in records}
    if unknown:
        raise ApiError(404, f"unknown funding programme(s): {', '.join(sorted(unknown))}")
    chosen = navigate([r for r in records if r.id in wanted], FundingQuery(today=day), profile)
    return build_plan(evaluations, chosen, day)


@router.get("/plan", response_model=Plan, responses=ERRORS)
def plan(
    settings: Annotated[Settings, Depends(settings_dep)],
    service: Annotated[CheckerService, Depends(service_dep)],
    conversation_id: Annotated[str, Query(min_length=1, max_length=64)],
    funding: str | None = None,
    *,
    owner: Owner,
    today: dt.date | None = None,
) -> Plan:
    return _plan(settings, service, conversation_id, funding, today, owner)


def _file(media_type: str, binary: bool = False) -> dict:
    """An export's 200 response, documented with its real content type (the schema tests check it)."""
    schema = {"type": "string", "format": "binary"} if binary else {"type": "string"}
    return {200: {"description": "The plan", "content": {media_type: {"schema": schema}}}, **ERRORS}


@router.get("/plan.md", response_class=Response, responses=_file("text/markdown"))
def plan_md(
    settings: Annotated[Settings, Depends(settings_dep)],
    service: Annotated[CheckerService, Depends(service_dep)],
    conversation_id: Annotated[str, Query(min_length=1, max_length=64)],
    funding: str | None = None,
    *,
    owner: Owner,
    today: dt.date | None = None,
) -> PlainTextResponse:
    return PlainTextResponse(
        plan_markdown(_plan(settings, service, conversation_id, funding, today, owner)),
        media_type="text/markdown; charset=utf-8",
    )


@router.get("/plan.pdf", response_class=Response, responses=_file("application/pdf", binary=True))
def plan_as_pdf(
    settings: Annotated[Settings, Depends(settings_dep)],
    service: Annotated[CheckerService, Depends(service_dep)],
    conversation_id: Annotated[str, Query(min_length=1, max_length=64)],
    funding: str | None = None,
    *,
    owner: Owner,
    today: dt.date | None = None,
) -> Response:
    return Response(
        plan_pdf(_plan(settings, service, conversation_id, funding, today, owner)),
        media_type="application/pdf",
        headers={"Content-Disposition": "attachment; filename=plan-action.pdf"},
    )


@router.get("/plan.ics", response_class=Response, responses=_file("text/calendar"))
def plan_as_ics(
    settings: Annotated[Settings, Depends(settings_dep)],
    service: Annotated[CheckerService, Depends(service_dep)],
    conversation_id: Annotated[str, Query(min_length=1, max_length=64)],
    funding: str | None = None,
    *,
    owner: Owner,
    today: dt.date | None = None,
) -> Response:
    return Response(
        plan_ics(_plan(settings, service, conversation_id, funding, today, owner)),
        media_type="text/calendar",
        headers={"Content-Disposition": "attachment; filename=plan-action.ics"},
    )
