"""The gold set: founder questions with their relevant documents, key facts, and must-refuse cases.

Stored as versioned JSONL in `eval/gold/` (schema documented in `eval/gold/README.md`): every `*.jsonl` there and
every `additions/*.jsonl` is part of the set, so several contributors can add questions in their own files without
editing the same one. Ids are unique across all files. Each item carries a `split` (`tune` or `test`, written by
`eval/split_gold.py`) so that thresholds and weights are tuned on one half and gated on the other.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError, model_validator

Split = Literal["tune", "test"]
SPLITS: tuple[Split, ...] = ("tune", "test")
# The hard kinds a question can belong to (several at once), so reports break figures down per kind.
Tag = Literal["colloquial", "english", "two-domain", "precise-reference", "dated", "multi-turn"]
TAGS: tuple[str, ...] = Tag.__args__  # type: ignore[attr-defined]


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
    history: list[str] = Field(default_factory=list, description="Questions asked before, in the same conversation")
    tags: list[Tag] = Field(default_factory=list, description="Hard kinds this question belongs to")
    split: Split | None = Field(default=None, description="tune or test; written once by eval/split_gold.py")
    notes: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> GoldQuestion:
        if self.expect == "answer" and not self.relevant:
            raise ValueError("an answerable question needs at least one relevant document")
        if self.expect == "refuse" and (self.relevant or not self.refuse_reason):
            raise ValueError("a must-refuse question has a refuse_reason and no relevant document")
        if bool(self.history) != ("multi-turn" in self.tags):
            raise ValueError("a question has a history exactly when it is tagged multi-turn")
        if any(len(q.strip()) < 2 for q in self.history):
            raise ValueError("history entries are questions")
        return self


class GoldError(ValueError):
    pass


def gold_files(path: Path) -> list[Path]:
    """The files of a gold set: the file itself, or a folder's `*.jsonl` then its `additions/*.jsonl`, sorted."""
    if path.is_dir():
        return sorted(path.glob("*.jsonl")) + sorted((path / "additions").glob("*.jsonl"))
    return [path]


def _load_file(path: Path) -> list[tuple[GoldQuestion, str]]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        try:
            item = GoldQuestion.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            raise GoldError(f"{path}:{number}: field '{'.'.join(map(str, first['loc']))}': {first['msg']}") from exc
        items.append((item, f"{path}:{number}"))
    return items


def load_gold(path: Path, split: Split | Literal["all"] = "all") -> list[GoldQuestion]:
    """All questions of a gold file or folder, optionally one split only.

    Asking for a split when some question has none is an error rather than a silent drop: new questions must be
    given their split (`eval/split_gold.py`) before a tuning or gate run can use them.
    """
    files = gold_files(path)
    if not files:
        raise GoldError(f"{path}: no gold file (*.jsonl)")
    items: list[GoldQuestion] = []
    seen: dict[str, str] = {}
    for file in files:
        for item, where in _load_file(file):
            if item.id in seen:
                raise GoldError(f"{where}: duplicate id '{item.id}' (first in {seen[item.id]})")
            seen[item.id] = where
            items.append(item)
    if split == "all":
        return items
    unassigned = [item.id for item in items if item.split is None]
    if unassigned:
        raise GoldError(
            f"{len(unassigned)} questions have no split (e.g. {', '.join(unassigned[:3])}): run eval/split_gold.py"
        )
    return [item for item in items if item.split == split]
