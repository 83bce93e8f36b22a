"""`GET /api/search`: the CLI's search contract over HTTP."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.answer.question import check_question
from app.api.deps import settings_dep
from app.api.errors import ErrorResponse
from app.retrieve.search import search
from app.schemas.search import SearchFilters, SearchResponse
from app.settings import SearchMode, Settings

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=SearchResponse, responses={400: {"model": ErrorResponse}, 503: {"model": ErrorResponse}})
def get_search(
    settings: Annotated[Settings, Depends(settings_dep)],
    q: Annotated[str, Query(description="Question or keywords")],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    domain: Annotated[list[str] | None, Query(description="Repeatable")] = None,
    kind: Annotated[list[str] | None, Query(description="Repeatable")] = None,
    mode: SearchMode = SearchMode.hybrid,
) -> SearchResponse:
    checked = check_question(q, settings)
    return search(settings, checked.text, k, mode, SearchFilters(domains=domain or [], kinds=kind or []))
