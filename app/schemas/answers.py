"""The answer contract (`navigator ask --json`, `POST /api/ask`) and the record kept for every answer."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from app.schemas.chunks import OfficialReference


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
    in_force: bool = Field(default=True, description="False when the official status says repealed or not in force")
    verified_on: dt.date | None = Field(
        default=None, description="When the cited document was last checked against its official source"
    )
    kind: str = ""
    domain: str = ""
    editorial: bool = Field(
        default=False, description="The quote is from our own summary sheet, not from the official text"
    )
    references: list[OfficialReference] = Field(
        default_factory=list, description="Official texts the document relies on"
    )
    supported: bool | None = Field(
        default=None, description="Generative mode: whether the passage supports what cites it"
    )


# « context »: a message that only describes the founder's situation, kept as the conversation's subject for the
# questions that follow; « acknowledgement »: a message that only thanks. Neither is turned down.
RefusalReason = Literal["out_of_scope", "medical_advice", "harm", "injection", "context", "acknowledgement", "greeting"]


class Referral(BaseModel):
    """Whom to ask instead, when a question belongs to a field next to ours (trademarks, tax, employment…): named on
    its refusal rather than a bare « out of scope » (`app/answer/referrals.yaml`)."""

    field: str = Field(description="The neighbouring field's key, e.g. « tax » or « employment »")
    name: str = Field(description="The field, in the question's language")
    who: str | None = Field(default=None, description="The person or service to ask, in the question's language")
    url: str | None = Field(default=None, description="Their official site")
    ours: str | None = Field(default=None, description="What of that subject the assistant does answer")


class AnswerCheck(BaseModel):
    """How one sentence of a generated answer was checked against the passages it cites."""

    sentence: str
    markers: list[int]
    removed_markers: list[int] = []
    supported: bool | None = None  # None: nothing to check (no valid marker)
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


class Verified(BaseModel):
    """The answer is an adviser's validated answer to the same question, served first."""

    answer_id: str = Field(description="The validated answer")
    version: int = Field(description="Its verdict version")
    verified_on: dt.date
    label: str = Field(description="« Réponse vérifiée par un conseiller le JJ/MM/AAAA »")
    similarity: float
    note: str | None = Field(default=None, description="The adviser's note for founders")


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
    referral: Referral | None = None
    follow_up: bool = False
    model: str | None = None
    prompt: PromptRef | None = None
    retrieved: list[RetrievedChunk] = []
    citations: list[Citation] = []
    answer_checks: list[AnswerCheck] = []
    notices: list[str] = []
    fallback_reason: str | None = None
    timings: Timings = Timings()
    corpus_version: str | None = None
    verified: Verified | None = None


class CheckerOffer(BaseModel):
    """A checker worth running on the founder's own product, with what the question already says (to confirm)."""

    checker: str
    title: str
    prefill: dict[str, object] = Field(default_factory=dict)


class Answer(BaseModel):
    question: str
    answer: str
    mode: Literal["extractive", "generative"]
    refused: bool
    refusal_reason: RefusalReason | None = Field(
        default=None,
        description="Why the question was not answered: out of scope, personal medical advice, a request for help with "
        "an attack, a fraud or hiding what must be reported (harm), an attempt to change the assistant's rules "
        "(injection), a message that only describes the founder's situation (context), or one that only thanks "
        "(acknowledgement)",
    )
    referral: Referral | None = Field(
        default=None, description="For a question of a neighbouring field: which field, and whom to ask instead"
    )
    citations: list[Citation]
    took_ms: float
    notices: list[str] = Field(default_factory=list, description="What was unusual about the question or the answer")
    answer_checks: list[AnswerCheck] = Field(default_factory=list)
    answer_id: str | None = None
    conversation_id: str | None = None
    checkers: list[CheckerOffer] = Field(
        default_factory=list, description="Checkers offered for a question about the founder's own product"
    )
    model: str | None = None
    verified: Verified | None = Field(
        default=None, description="Set when an adviser's validated answer is served first"
    )
    record: AnswerRecord | None = None
