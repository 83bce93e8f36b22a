"""The answer contract (`navigator ask --json`, `POST /api/ask`) and the record kept for every answer."""

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
    supported: bool | None = Field(default=None, description="Generative mode: whether the passage supports what cites it")


RefusalReason = Literal["out_of_scope", "medical_advice"]


class AnswerCheckOut(BaseModel):
    sentence: str
    markers: list[int]
    removed_markers: list[int] = []
    supported: bool | None = None
    lexical: float | None = None
    semantic: float | None = None
    issue: str | None = None


class RetrievedChunk(BaseModel):
    chunk_id: str
    content_hash: str
    score: float


class PromptRef(BaseModel):
    name: str
    version: int


class Timings(BaseModel):
    retrieval_ms: float = 0.0
    generation_ms: float = 0.0
    first_token_ms: float | None = None
    total_ms: float = 0.0


class AnswerRecord(BaseModel):
    """Everything needed to review, reproduce or evaluate one answer later."""

    answer_id: str
    conversation_id: str
    created_at: dt.datetime
    question: str
    standalone_query: str
    answer: str
    mode: Literal["extractive", "generative"]
    refused: bool
    refusal_reason: RefusalReason | None = None
    follow_up: bool = False
    model: str | None = None
    prompt: PromptRef | None = None
    retrieved: list[RetrievedChunk] = []
    citations: list[Citation] = []
    answer_checks: list[AnswerCheckOut] = []
    notices: list[str] = []
    fallback_reason: str | None = None
    timings: Timings = Timings()
    corpus_version: str | None = None


class Answer(BaseModel):
    question: str
    answer: str
    mode: Literal["extractive", "generative"]
    refused: bool
    refusal_reason: RefusalReason | None = Field(default=None, description="Why the question was not answered: out of scope, or personal medical advice")
    citations: list[Citation]
    took_ms: float
    notices: list[str] = Field(default_factory=list, description="What was unusual about the question or the answer")
    answer_checks: list[AnswerCheckOut] = Field(default_factory=list)
    answer_id: str | None = None
    conversation_id: str | None = None
    model: str | None = None
    record: AnswerRecord | None = None
