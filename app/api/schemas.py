"""Request and response models of the HTTP API (answers and search reuse the CLI's contracts)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from app.corpus.schema import Domain, Kind
from app.schemas.chunks import OfficialReference
from app.schemas.search import SearchFilters


class AskRequest(BaseModel):
    question: str = Field(
        description="The founder's question, French or English",
        examples=["Mon appli stocke des glycémies : faut-il un hébergeur HDS ?"],
    )
    conversation_id: str | None = Field(
        default=None, description="Continue a conversation (returned by a previous answer)"
    )
    domains: list[Domain] = Field(default_factory=list, description="Restrict to these domains")
    kinds: list[Kind] = Field(default_factory=list, description="Restrict to these kinds")
    verified_first: bool = Field(
        default=True,
        description="Serve an adviser's validated answer to the same question first; false asks for the assistant's own answer",
    )

    def filters(self) -> SearchFilters:
        return SearchFilters(domains=[d.value for d in self.domains], kinds=[k.value for k in self.kinds])


class FeedbackRequest(BaseModel):
    answer_id: str = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=2000)


class FeedbackAck(BaseModel):
    id: int
    answer_id: str
    rating: Literal["up", "down"]


class SourceMeta(BaseModel):
    """What a founder needs to trust a source: where it comes from and whether it is current."""

    doc_id: str
    title: str
    domain: str
    kind: str
    references: list[OfficialReference]
    valid_from: dt.date | None
    valid_until: dt.date | None
    validity: str
    status: str | None = None
    verified_on: dt.date | None = None


class ChunkOut(SourceMeta):
    chunk_id: str
    section: str
    text: str
    page: int | None = None


class DocumentOut(SourceMeta):
    sections: list[ChunkOut]


class Health(BaseModel):
    status: Literal["ok"]
    version: str


class Readiness(BaseModel):
    ready: bool
    version: str
    mode: Literal["extractive", "generative"]
    index: dict
    model: dict | None = None
