"""A chunk: the unit that is indexed, retrieved and cited."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class OfficialReference(BaseModel):
    """An official text a document relies on, as carried by its chunks, citations and search hits (the corpus
    declares it as `app.corpus.schema.Reference`, validated; this is the plain form, read back from an index)."""

    label: str
    url: str
    identifier: str | None = None


IN_FORCE_STATUSES = {None, "VIGUEUR"}


SECTION_SEPARATOR = " > "  # between the headings of a chunk's section path


class Chunk(BaseModel):
    chunk_id: str
    doc_id: str
    title: str
    section: str = Field(description="Heading path, e.g. 'RGPD > Article 9 > §2 h'")
    domain: str
    kind: str
    language: str
    text: str = Field(description="The passage itself, as shown and quoted")
    references: list[OfficialReference]
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    status: str | None = None
    verified_on: dt.date | None = None
    to_verify: list[str] = Field(
        default_factory=list, description="Facts of its sheet not confirmed from an official source"
    )
    publisher: str = Field(default="", description="Who wrote the document: our sheets start with 'Navigateur e-santé'")
    page: int | None = None
    source_path: str = ""
    content_hash: str = Field(description="sha256 of what is embedded: decides re-embedding")

    @property
    def url(self) -> str:
        return self.references[0].url if self.references else ""

    @property
    def sheet(self) -> str:
        """The title of the sheet it belongs to, which its section path begins with."""
        return self.section.split(SECTION_SEPARATOR)[0]

    @property
    def in_force(self) -> bool:
        return self.status in IN_FORCE_STATUSES

    def embed_text(self) -> str:
        """What the embedder and BM25 see: the heading path gives a section its context."""
        return f"{self.section}\n{self.text}"
