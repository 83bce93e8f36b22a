"""The advisers' review: queue items, the review screen, verdicts and hand-off requests."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from app.schemas.answers import AnswerCheck, Citation, PromptRef

Status = Literal["new", "in_review", "validated", "corrected", "rejected", "stale"]
STATUSES: tuple[str, ...] = ("new", "in_review", "validated", "corrected", "rejected", "stale")


class QueueFilters(BaseModel):
    status: Status | None = None
    domain: str | None = None
    mode: Literal["extractive", "generative"] | None = None
    thumbs_down: bool = False
    flagged: bool = Field(default=False, description="An unsupported sentence or a fallback to quotes")
    handoff: bool = False
    since: dt.date | None = None
    until: dt.date | None = None
    limit: int = Field(default=50, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


class QueueItem(BaseModel):
    answer_id: str
    created_at: dt.datetime
    question: str
    mode: str | None
    refused: bool | None
    flagged: bool | None
    domains: list[str]
    status: Status
    version: int
    locked_by: str | None
    thumbs_down: int
    handoffs: int


class Passage(BaseModel):
    """A passage the adviser can check or cite in a correction, numbered [n] for the corrected answer."""

    n: int
    chunk_id: str
    section: str = ""
    url: str = ""
    text: str = ""
    validity: str = ""
    in_force: bool = True
    cited: bool = False
    changed: bool = False  # its content hash differs from the one the answer was built on
    missing: bool = False  # no longer in the index
    to_verify: list[str] = []  # facts of its sheet that could not be confirmed from an official source


class Lock(BaseModel):
    answer_id: str
    locked_by: str
    locked_until: dt.datetime
    version: int


class ReviewDetail(BaseModel):
    answer_id: str
    conversation_id: str
    created_at: dt.datetime
    question: str
    standalone_query: str
    answer: str
    mode: str
    refused: bool
    sentences: list[str]
    answer_checks: list[AnswerCheck]
    citations: list[Citation]
    passages: list[Passage]
    notices: list[str]
    fallback_reason: str | None
    model: str | None
    prompt: PromptRef | None
    corpus_version: str | None
    status: Status
    version: int
    locked_by: str | None
    locked_until: dt.datetime | None
    stale_reason: str | None
    feedback: list[dict]
    handoffs: list[dict]
    verdicts: list[dict]


class SentenceVerdict(BaseModel):
    index: int = Field(ge=0)
    verdict: Literal["correct", "partly", "incorrect"]
    harmful: bool = False


class CitationVerdict(BaseModel):
    n: int = Field(ge=1)
    right_source: bool
    should_cite: str | None = Field(default=None, max_length=300, description="The chunk that should have been cited")


class VerdictIn(BaseModel):
    base_version: int = Field(ge=0, description="The version the adviser saw: a newer one means someone else saved")
    status: Literal["validated", "corrected", "rejected"]
    sentences: list[SentenceVerdict] = []
    citations: list[CitationVerdict] = []
    corrected_answer: str | None = Field(
        default=None, max_length=10_000, description="[n] markers name the review's passages"
    )
    extra_chunks: list[str] = Field(
        default_factory=list, max_length=20, description="More passages to cite, numbered after the retrieved ones"
    )
    confirm_unsupported: bool = False
    note: str | None = Field(default=None, max_length=4000, description="Shown to the founder")

    @model_validator(mode="after")
    def _correction_needs_text(self) -> VerdictIn:
        if self.status == "corrected" and not (self.corrected_answer or "").strip():
            raise ValueError("a corrected verdict needs corrected_answer")
        return self


class VerdictOut(BaseModel):
    answer_id: str
    version: int
    author: str
    created_at: dt.datetime
    status: str
    sentences: list[SentenceVerdict]
    citations: list[CitationVerdict]
    corrected_answer: str | None
    corrected_citations: list[Citation]
    corrected_checks: list[AnswerCheck]
    cited_hashes: dict[str, str]
    harmful: bool
    note: str | None


class HandoffIn(BaseModel):
    answer_id: str = Field(min_length=1, max_length=64)
    consent: bool = Field(description="The founder agrees to share this conversation with an adviser")
    email: str | None = Field(default=None, max_length=254)
    message: str | None = Field(default=None, max_length=4000)


class HandoffOut(BaseModel):
    handoff_id: str
    answer_id: str
    conversation_id: str
    created_at: dt.datetime
    message: str | None
    status: Literal["open", "answered"]
    reply: str | None
    replied_at: dt.datetime | None


class HandoffReply(BaseModel):
    reply: str = Field(min_length=1, max_length=8000)
