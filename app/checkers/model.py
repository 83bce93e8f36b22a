"""Rule files as typed data: questions, named conditions, outcomes and embedded tests, validated with pydantic.

A rule file is the whole checker: no checker has Python of its own. Validation refuses what would make a result
unexplainable or wrong — an unknown question in a condition, a cycle between named conditions, an option that does
not exist, a citation of a corpus section that does not exist — with a message naming the file and the place.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

ID = r"^[a-z0-9][a-z0-9_-]*$"
SOURCE = re.compile(r"^[a-z0-9][a-z0-9-]*:[a-z0-9][a-z0-9-]*$")
UNKNOWN = "unknown"  # « je ne sais pas »: valid for every question, never an option name


class RuleFileError(ValueError):
    """A rule file that cannot be used; the message names the file and what is wrong."""


class QuestionType(str, Enum):
    bool = "bool"
    enum = "enum"
    number = "number"
    multi = "multi"


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID)
    type: QuestionType
    text: str = Field(min_length=5)
    why: str = Field(min_length=10)  # « pourquoi on vous le demande »
    source: str  # doc_id:section-slug
    options: dict[str, str] = Field(default_factory=dict)  # value -> French label (enum, multi)
    settled_by: list[str] = Field(default_factory=list)  # who can settle a « je ne sais pas »
    hint: str = ""

    @model_validator(mode="after")
    def _options(self) -> Question:
        if self.type in (QuestionType.enum, QuestionType.multi) and len(self.options) < 2:
            raise ValueError(f"question '{self.id}': {self.type.value} needs at least two options")
        if self.type in (QuestionType.bool, QuestionType.number) and self.options:
            raise ValueError(f"question '{self.id}': {self.type.value} takes no options")
        if UNKNOWN in self.options:
            raise ValueError(f"question '{self.id}': '{UNKNOWN}' is reserved for « je ne sais pas »")
        return self


class NamedCondition(BaseModel):
    """A reusable step of the reasoning: it appears in the trail with its text and its source."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID)
    text: str = Field(min_length=5)
    source: str
    when: Any


class Outcome(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID)
    label: str = Field(min_length=1)
    when: Any
    source: str
    explain: str = ""
    see_also: list[str] = Field(default_factory=list)  # further cited sections (e.g. the conformity route)
    rank: int = 0  # with `combine: highest`, the applicable outcome of highest rank is the result
    next_steps: list[str] = Field(default_factory=list)


class Derived(BaseModel):
    """A field filled from another checker's result when the profile does not answer it (e.g. « is it a medical
    device » from the qualification checker): `values` maps each answer to the outcome ids that imply it."""

    model_config = ConfigDict(extra="forbid")

    field: str
    checker: str = Field(pattern=ID)
    values: dict[str, list[str]]
    prefer: str | None = None  # when outcomes imply several values (modules of one product), this one wins


class Prefill(BaseModel):
    model_config = ConfigDict(extra="forbid")

    match: str  # regular expression on the founder's normalised question
    field: str
    value: Any


class Suggest(BaseModel):
    """When the chat offers this checker: patterns on a question about the founder's own product, and the fields
    the question's wording already answers (proposed as « extracted », to be confirmed)."""

    model_config = ConfigDict(extra="forbid")

    patterns: list[str] = Field(min_length=1)
    prefill: list[Prefill] = Field(default_factory=list)

    @model_validator(mode="after")
    def _compiles(self) -> Suggest:
        for pattern in self.patterns + [p.match for p in self.prefill]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"suggest: invalid pattern {pattern!r} ({exc})") from exc
        return self


class Contradiction(BaseModel):
    model_config = ConfigDict(extra="forbid")

    when: Any
    message: str = Field(min_length=5)


class RuleTest(BaseModel):
    """Profile in, expected result out: the applicable outcomes (`expect`) or the first missing fact (`next`)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    origin: str = ""  # where the example comes from (e.g. MDCG 2019-11 annex 1)
    profile: dict[str, Any]
    expect: list[str] | None = None  # outcome ids in the result (order-free)
    possible: list[str] | None = None  # outcome ids still possible (order-free)
    next: str | None = None  # the most useful missing question
    status: Literal["complete", "missing", "undetermined"] | None = None
    error: str | None = None  # substring of the expected profile error (contradiction, wrong type)


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=ID)
    title: str
    summary: str
    combine: Literal["all", "highest"] = "all"
    per_module: bool = False  # the profile may describe several modules; each is evaluated on its own
    questions: list[Question] = Field(min_length=1)
    conditions: list[NamedCondition] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(min_length=1)
    contradictions: list[Contradiction] = Field(default_factory=list)
    derived: list[Derived] = Field(default_factory=list)
    suggest: Suggest | None = None
    tests: list[RuleTest] = Field(default_factory=list)
    _questions: dict[str, Question] = PrivateAttr(default_factory=dict)
    _conditions: dict[str, NamedCondition] = PrivateAttr(default_factory=dict)

    def question(self, qid: str) -> Question:
        return self._questions[qid]

    @model_validator(mode="after")
    def _structure(self) -> RuleFile:
        for kind, items in (("question", self.questions), ("condition", self.conditions), ("outcome", self.outcomes)):
            ids = [i.id for i in items]
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {kind} id(s): {', '.join(dupes)}")
        self._questions = {q.id: q for q in self.questions}
        named = {c.id: c for c in self.conditions}
        self._conditions = named
        for place, expr in (
            [(f"condition '{c.id}'", c.when) for c in self.conditions]
            + [(f"outcome '{o.id}'", o.when) for o in self.outcomes]
            + [(f"contradiction {i + 1}", c.when) for i, c in enumerate(self.contradictions)]
        ):
            check_expression(expr, self._questions, named, place)
        _check_cycles(named)
        if self.suggest:
            for p in self.suggest.prefill:
                if p.field not in self._questions:
                    raise ValueError(f"suggest: prefill names unknown question '{p.field}'")
        outcome_ids = {o.id for o in self.outcomes}
        for test in self.tests:
            for listed in (test.expect or []) + (test.possible or []):
                if listed not in outcome_ids:
                    raise ValueError(f"test '{test.name}': unknown outcome '{listed}'")
            if test.next and test.next not in self._questions:
                raise ValueError(f"test '{test.name}': unknown question '{test.next}'")
        return self

    def citations(self) -> list[tuple[str, str]]:
        """(place, source) of every citation in the file."""
        found = [(f"question '{q.id}'", q.source) for q in self.questions]
        found += [(f"condition '{c.id}'", c.source) for c in self.conditions]
        found += [(f"outcome '{o.id}'", o.source) for o in self.outcomes]
        found += [(f"outcome '{o.id}' (see also)", s) for o in self.outcomes for s in o.see_also]
        return found


COMPARATORS = {"is", "in", "has", "has_any", "gte", "gt", "lte", "lt"}


def check_expression(expr: Any, questions: dict[str, Question], named: dict[str, NamedCondition], place: str) -> None:
    """Refuse a condition that names an unknown question, condition or option, or has an unknown shape."""
    if not isinstance(expr, dict) or not expr:
        raise ValueError(
            f"{place}: a condition is a mapping such as {{q: ..., is: ...}} or {{all: [...]}}, got {expr!r}"
        )
    keys = set(expr)
    if keys <= {"all"} or keys <= {"any"}:
        ((op, items),) = expr.items()
        if not isinstance(items, list) or not items:
            raise ValueError(f"{place}: '{op}' takes a non-empty list")
        for item in items:
            check_expression(item, questions, named, place)
        return
    if keys == {"not"}:
        check_expression(expr["not"], questions, named, place)
        return
    if keys == {"at_least", "of"}:
        if (
            not isinstance(expr["at_least"], int)
            or not isinstance(expr["of"], list)
            or expr["at_least"] > len(expr["of"])
        ):
            raise ValueError(f"{place}: 'at_least: N, of: [...]' needs N ≤ the number of conditions")
        for item in expr["of"]:
            check_expression(item, questions, named, place)
        return
    if keys == {"ref"}:
        if expr["ref"] not in named:
            raise ValueError(f"{place}: unknown condition '{expr['ref']}'")
        return
    if "q" in keys and len(keys) == 2 and (keys - {"q"}) <= COMPARATORS:
        qid = expr["q"]
        if qid not in questions:
            raise ValueError(f"{place}: unknown question '{qid}'")
        question = questions[qid]
        (op,) = keys - {"q"}
        value = expr[op]
        kind = question.type
        if op in {"gte", "gt", "lte", "lt"}:
            if kind != QuestionType.number or not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ValueError(f"{place}: '{op}' compares a number question with a number ('{qid}')")
            return
        if op == "is":
            if kind == QuestionType.bool and not isinstance(value, bool):
                raise ValueError(f"{place}: '{qid}' is a yes/no question, compare it with true or false")
            if kind == QuestionType.enum and value not in question.options:
                raise ValueError(f"{place}: '{value}' is not an option of '{qid}'")
            if kind == QuestionType.multi:
                raise ValueError(f"{place}: use 'has' or 'has_any' with the multiple-choice question '{qid}'")
            return
        values = value if isinstance(value, list) else [value]
        if (op == "in" and kind != QuestionType.enum) or (op in {"has", "has_any"} and kind != QuestionType.multi):
            raise ValueError(f"{place}: '{op}' does not apply to the {kind.value} question '{qid}'")
        unknown = [v for v in values if v not in question.options]
        if unknown:
            raise ValueError(f"{place}: {unknown} not option(s) of '{qid}'")
        return
    raise ValueError(f"{place}: unknown condition shape with keys {sorted(keys)}")


def referenced(expr: Any) -> set[str]:
    """Named conditions referenced by an expression."""
    if isinstance(expr, dict):
        if "ref" in expr:
            return {expr["ref"]}
        out: set[str] = set()
        for key in ("all", "any", "of"):
            for item in expr.get(key, []) or []:
                out |= referenced(item)
        if "not" in expr:
            out |= referenced(expr["not"])
        return out
    return set()


def _check_cycles(named: dict[str, NamedCondition]) -> None:
    state: dict[str, int] = {}

    def visit(cid: str, path: list[str]) -> None:
        if state.get(cid) == 2:
            return
        if state.get(cid) == 1:
            cycle = path[path.index(cid) :] + [cid]
            raise ValueError(f"cycle between conditions: {' → '.join(cycle)}")
        state[cid] = 1
        for nxt in sorted(referenced(named[cid].when)):
            visit(nxt, path + [cid])
        state[cid] = 2

    for cid in named:
        visit(cid, [])


def load_rule_file(path: Path, sections: frozenset[str] | None = None) -> RuleFile:
    """Read and validate one rule file; with `sections`, every citation must name an existing corpus section."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise RuleFileError(f"{path.name}: not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise RuleFileError(f"{path.name}: a rule file is a mapping")
    try:
        rules = RuleFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        msg = first["msg"].removeprefix("Value error, ")
        raise RuleFileError(f"{path.name}: {where + ': ' if where else ''}{msg}") from exc
    if rules.id != path.stem:
        raise RuleFileError(f"{path.name}: id '{rules.id}' differs from the file name")
    for place, source in rules.citations():
        if not SOURCE.match(source):
            raise RuleFileError(f"{path.name}: {place}: source '{source}' is not 'doc_id:section-slug'")
        if sections is not None and source not in sections:
            raise RuleFileError(f"{path.name}: {place}: cites '{source}', which is not a section of the corpus")
    return rules


RULES_DIR = Path(__file__).resolve().parent / "rules"


def load_all(rules_dir: Path = RULES_DIR, sections: frozenset[str] | None = None) -> dict[str, RuleFile]:
    """Every rule file, by id; the first invalid file stops loading with its message."""
    files = {}
    for path in sorted(rules_dir.glob("*.yaml")):
        rules = load_rule_file(path, sections)
        files[rules.id] = rules
    _check_shared_questions(files)
    for rules in files.values():
        for d in rules.derived:
            source = files.get(d.checker)
            if source is None or d.field not in rules._questions:
                raise RuleFileError(f"{rules.id}.yaml: derived field '{d.field}' from unknown checker or question")
            unknown = [o for ids in d.values.values() for o in ids if o not in {x.id for x in source.outcomes}]
            if unknown:
                raise RuleFileError(
                    f"{rules.id}.yaml: derived '{d.field}' names unknown outcomes of {d.checker}: {unknown}"
                )
    return files


def _check_shared_questions(files: dict[str, RuleFile]) -> None:
    """A question id is a profile field: two files using it must agree on its type and options."""
    seen: dict[str, tuple[str, Question]] = {}
    for fid, rules in files.items():
        for q in rules.questions:
            if q.id in seen:
                other_file, other = seen[q.id]
                if other.type != q.type or set(other.options) != set(q.options):
                    raise RuleFileError(
                        f"{fid}.yaml: question '{q.id}' differs in type or options from {other_file}.yaml"
                    )
            else:
                seen[q.id] = (fid, q)
