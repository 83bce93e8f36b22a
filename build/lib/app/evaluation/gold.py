"""The gold set: founder questions with their relevant documents, key facts, and must-refuse cases.

Stored as versioned JSONL in `eval/gold/` (schema documented in `eval/gold/README.md`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, model_validator


class Relevant(BaseModel):
    doc_id: str
    grade: int = Field(default=2, ge=1, le=3, description="3 answers it exactly, 2 answers it, 1 related context")
    chunk_id: str | None = Field(default=None, description="The section that answers, when one does")


class GoldQuestion(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9-]{2,40}$")
    question: str = Field(min_length=5)
    language: Literal["fr", "en"]
    domain: str
    expect: Literal["answer", "refuse"] = "answer"
    refuse_reason: Literal["off_topic", "medical_advice", "injection"] | None = None
    relevant: list[Relevant] = Field(default_factory=list)
    key_facts: list[str] = Field(default_factory=list, description="Phrases a correct answer must contain")
    notes: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> "GoldQuestion":
        if self.expect == "answer" and not self.relevant:
            raise ValueError("an answerable question needs at least one relevant document")
        if self.expect == "refuse" and (self.relevant or not self.refuse_reason):
            raise ValueError("a must-refuse question has a refuse_reason and no relevant document")
        return self


class GoldError(ValueError):
    pass


def load_gold(path: Path) -> list[GoldQuestion]:
    items, seen = [], set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            item = GoldQuestion.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise GoldError(f"{path}:{number}: field '{'.'.join(map(str, first['loc']))}': {first['msg']}") from exc
        if item.id in seen:
            raise GoldError(f"{path}:{number}: duplicate id '{item.id}'")
        seen.add(item.id)
        items.append(item)
    return items
