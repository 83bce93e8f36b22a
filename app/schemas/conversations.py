"""What a founder sees of their own conversations (`/api/conversations`)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from app.schemas.answers import Citation, Referral, RefusalReason
from app.schemas.times import UtcDatetime


class ConversationSummary(BaseModel):
    conversation_id: str
    title: str
    created_at: UtcDatetime
    updated_at: UtcDatetime
    turns: int


class Turn(BaseModel):
    """One question and its answer, as stored (personal data in the question is masked)."""

    answer_id: str
    created_at: dt.datetime
    question: str
    answer: str
    mode: Literal["extractive", "generative"]
    refused: bool
    refusal_reason: RefusalReason | None = None
    referral: Referral | None = None
    citations: list[Citation] = []
    notices: list[str] = []
    adviser_status: str | None = Field(
        default=None, description="validated / corrected / rejected once an adviser reviewed it"
    )
    adviser_note: str | None = Field(default=None, description="The adviser's note for the founder")


class AdviserReply(BaseModel):
    handoff_id: str
    answer_id: str
    created_at: dt.datetime
    status: Literal["open", "answered"]
    reply: str | None
    replied_at: dt.datetime | None


class ConversationOut(ConversationSummary):
    turns_detail: list[Turn] = Field(default_factory=list, description="Oldest first")
    handoffs: list[AdviserReply] = Field(
        default_factory=list, description="« Demander à un conseiller » requests and the advisers' replies"
    )


class RenameRequest(BaseModel):
    title: str = Field(min_length=1, max_length=200)
