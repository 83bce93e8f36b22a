"""`GET /api/search`: the CLI's search contract over HTTP."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.answer.question import check_question
from app.api.deps import settings_dep
from app.api.errors import error_responses
from app.corpus.schema import Domain, Kind
from app.retrieve.search import search
from app.schemas.search import SearchFilters, SearchResponse
from app.settings import SearchMode, Settings

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", response_model=SearchResponse, responses=error_responses(400, 503))
def get_search(
    settings: Annotated[Settings, Depends(settings_dep)],
    q: Annotated[str, Query(min_length=1, description="Question or keywords")],
    k: Annotated[int, Query(ge=1, le=50)] = 5,
    domain: Annotated[list[Domain] | None, Query(description="Keep only these domains (repeatable)")] = None,
    kind: Annotated[list[Kind] | None, Query(description="Keep only these kinds (repeatable)")] = None,
    mode: SearchMode = SearchMode.hybrid,
) -> SearchResponse:
    checked = check_question(q, settings)
    filters = SearchFilters(domains=[d.value for d in domain or []], kinds=[k.value for k in kind or []])
    return search(settings, checked.text, k, mode, filters)
