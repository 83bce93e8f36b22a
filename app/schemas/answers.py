"""The answer contract (`navigator ask --json`, `POST /api/ask`)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field


class Citation(BaseModel):
    n: int
    chunk_id: str
    doc_id: str
    title: str
    section: str
    url: str
    quote: str = Field(description="A span that occurs verbatim in the cited chunk")
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    validity: str = Field(default="", description="Human-readable validity, e.g. 'appel clos le 31/12/2024'")
    supported: bool | None = Field(default=None, description="Generative mode: whether the passage supports the claim")


class Answer(BaseModel):
    question: str
    answer: str
    mode: Literal["extractive", "generative"]
    refused: bool
    citations: list[Citation]
    took_ms: float
    notices: list[str] = Field(default_factory=list, description="What was unusual about the question or the answer")
