"""The search contract (`navigator search --json`, `GET /api/search`)."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from app.settings import SearchMode


class SearchFilters(BaseModel):
    domains: list[str] = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=list)
    on_date: dt.date | None = Field(default=None, description="Keep only chunks valid on this date")
    include_repealed: bool = Field(default=False, description="Also answer from official articles no longer in force")


class ReferenceLink(BaseModel):
    """The search contract's form of an official reference: a label and a link (no identifier, by contract)."""

    label: str
    url: str


class SearchHit(BaseModel):
    rank: int
    score: float
    chunk_id: str
    doc_id: str
    title: str
    section: str
    domain: str
    kind: str
    text: str
    references: list[ReferenceLink]
    valid_from: dt.date | None
    valid_until: dt.date | None


class SearchResponse(BaseModel):
    query: str
    mode: SearchMode
    took_ms: float
    results: list[SearchHit]
