"""The generic rule engine: a rule file and a profile in; applicable outcomes with cited steps, or missing facts out.

Logic is three-valued (Kleene): a question not answered yet, or answered « je ne sais pas », is neither true nor
false, so an outcome can be applicable, excluded or still possible. When outcomes are still possible, the engine
lists the unanswered questions that feed them, most useful first — the one whose answers settle the most outcomes
on average (the idea behind beta.gouv's Publicodes « variables manquantes »). Questions answered « je ne sais pas »
are not asked again: the result names who can settle them instead.

Maintained rule libraries were considered: json-logic (json-logic-qubit) evaluates two-valued expressions and its
`missing_some` only lists absent variables, not which one would settle a result; rule-engine is a two-valued
expression language (absent symbols get a default value); durable_rules is a forward-chaining event engine. None
gives « je ne sais pas » as a third value, ranked missing facts or a cited trail, so this engine stays small and
generic (no checker-specific code).
"""

from __future__ import annotations

from statistics import mean
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.checkers.model import UNKNOWN, Question, QuestionType, RuleFile

Tri = bool | None


class ProfileError(ValueError):
    """A profile that cannot be evaluated: wrong type, unknown option or field, contradictory answers."""


class Step(BaseModel):
    """One cited step of the reasoning: a fact from the profile, a named condition, or the outcome itself."""

    kind: Literal["fact", "condition", "outcome"]
    id: str
    text: str
    value: Any
    source: str


class OutcomeResult(BaseModel):
    id: str
    label: str
    status: Literal["applies", "possible", "excluded"]
    source: str
    explain: str = ""
    see_also: list[str] = Field(default_factory=list)
    rank: int = 0
    next_steps: list[str] = Field(default_factory=list)
    trail: list[Step] = Field(default_factory=list)


class MissingFact(BaseModel):
    question: str
    text: str
    type: str
    options: dict[str, str] = Field(default_factory=dict)
    why: str
    source: str
    settles: float  # outcomes settled on average by answering it
    hint: str = ""


class UnknownFact(BaseModel):
    question: str
    text: str
    settled_by: list[str]
    source: str


class ModuleResult(BaseModel):
    module: str
    result: list[str]
    possible: list[str]


class Evaluation(BaseModel):
    checker: str
    title: str
    status: Literal["complete", "missing", "undetermined"]
    result: list[OutcomeResult]  # what applies (with `combine: highest`, the highest-ranked)
    applicable: list[OutcomeResult]  # every applicable outcome, e.g. every MDR rule that classifies the product
    possible: list[OutcomeResult]  # still possible: more facts (or an expert) needed
    missing: list[MissingFact]
    unknown: list[UnknownFact]
    used_fields: list[str]
    modules: list[ModuleResult] = Field(default_factory=list)


# --- profile checks ----------------------------------------------------------------------------------------------


def check_answer(question: Question, value: Any) -> Any:
    """The answer if it fits the question's type, else a ProfileError naming the field."""
    if value == UNKNOWN:
        return UNKNOWN
    kind = question.type
    if kind == QuestionType.bool and isinstance(value, bool):
        return value
    if kind == QuestionType.number and isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if kind == QuestionType.enum and isinstance(value, str):
        if value not in question.options:
            raise ProfileError(f"'{question.id}': '{value}' is not one of {sorted(question.options)} (or '{UNKNOWN}')")
        return value
    if kind == QuestionType.multi and isinstance(value, list) and all(isinstance(v, str) for v in value):
        wrong = [v for v in value if v not in question.options]
        if wrong:
            raise ProfileError(f"'{question.id}': {wrong} not among {sorted(question.options)}")
        return list(dict.fromkeys(value))
    expected = {
        "bool": "true or false",
        "number": "a number",
        "enum": "one option (text)",
        "multi": "a list of options",
    }[kind.value]
    raise ProfileError(f"'{question.id}': expected {expected} or '{UNKNOWN}', got {value!r}")


def answers_for(rules: RuleFile, profile: dict[str, Any], ignore: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The profile's answers to this file's questions, type-checked; fields in `ignore` belong to other files."""
    questions = {q.id: q for q in rules.questions}
    out = {}
    for key, value in profile.items():
        if key == "modules" and rules.per_module:
            continue
        if key in questions:
            if value is None:
                continue  # null: not answered yet
            out[key] = check_answer(questions[key], value)
        elif key not in ignore:
            raise ProfileError(f"unknown profile field '{key}'")
    return out


# --- evaluation --------------------------------------------------------------------------------------------------


class _Run:
    """One evaluation of expressions over fixed answers, recording the steps it looked at."""

    def __init__(self, rules: RuleFile, answers: dict[str, Any]):
        self.rules, self.answers = rules, answers
        self.questions = {q.id: q for q in rules.questions}
        self.named = {c.id: c for c in rules.conditions}
        self.cache: dict[str, Tri] = {}
        self.steps: list[Step] = []
        self.missing: set[str] = set()
        self.unknown: set[str] = set()

    def value(self, expr: dict) -> Tri:
        if "all" in expr:
            results: list[Tri] = []
            for item in expr["all"]:
                r = self.value(item)
                if r is False:
                    return False
                results.append(r)
            return None if None in results else True
        if "any" in expr:
            results = []
            for item in expr["any"]:
                r = self.value(item)
                if r is True:
                    return True
                results.append(r)
            return None if None in results else False
        if "not" in expr:
            r = self.value(expr["not"])
            return None if r is None else not r
        if "at_least" in expr:
            results = [self.value(item) for item in expr["of"]]
            yes, unknown = results.count(True), results.count(None)
            if yes >= expr["at_least"]:
                return True
            return None if yes + unknown >= expr["at_least"] else False
        if "ref" in expr:
            return self.condition(expr["ref"])
        return self.leaf(expr)

    def condition(self, cid: str) -> Tri:
        if cid not in self.cache:
            cond = self.named[cid]
            self.cache[cid] = self.value(cond.when)
            self.steps.append(Step(kind="condition", id=cid, text=cond.text, value=self.cache[cid], source=cond.source))
        return self.cache[cid]

    def leaf(self, expr: dict) -> Tri:
        qid = expr["q"]
        question = self.questions[qid]
        if qid not in self.answers:
            self.missing.add(qid)
            return None
        answer = self.answers[qid]
        self._fact(question, answer)
        if answer == UNKNOWN:
            self.unknown.add(qid)
            return None
        (op,) = set(expr) - {"q"}
        target = expr[op]
        if op == "is":
            return answer == target
        if op == "in":
            return answer in target
        if op == "has":
            return target in answer
        if op == "has_any":
            return any(t in answer for t in target)
        return {"gte": answer >= target, "gt": answer > target, "lte": answer <= target, "lt": answer < target}[op]

    def _fact(self, question: Question, answer: Any) -> None:
        if any(s.kind == "fact" and s.id == question.id for s in self.steps):
            return
        self.steps.append(
            Step(
                kind="fact", id=question.id, text=question.text, value=_label(question, answer), source=question.source
            )
        )


def _label(question: Question, answer: Any) -> Any:
    if answer == UNKNOWN:
        return "je ne sais pas"
    if question.type == QuestionType.enum:
        return question.options.get(answer, answer)
    if question.type == QuestionType.multi:
        return [question.options.get(a, a) for a in answer]
    return answer


def _statuses(rules: RuleFile, answers: dict[str, Any]) -> tuple[dict[str, Tri], dict[str, _Run]]:
    values, runs = {}, {}
    for outcome in rules.outcomes:
        run = _Run(rules, answers)
        values[outcome.id] = run.value(outcome.when)
        runs[outcome.id] = run
    return values, runs


def _relevant_open(rules: RuleFile, values: dict[str, Tri]) -> list[str]:
    """Still-possible outcomes that could change the result (with `highest`, only those above the best so far)."""
    open_ = [o for o in rules.outcomes if values[o.id] is None]
    if rules.combine == "highest":
        best = max((o.rank for o in rules.outcomes if values[o.id]), default=None)
        if best is not None:
            open_ = [o for o in open_ if o.rank > best]
    return [o.id for o in open_]


def _candidates(rules: RuleFile, question: Question) -> list[Any]:
    if question.type == QuestionType.bool:
        return [True, False]
    if question.type == QuestionType.enum:
        return list(question.options)
    if question.type == QuestionType.multi:
        return [[]] + [[o] for o in question.options]
    thresholds: set[float] = set()

    def walk(expr: Any) -> None:
        if isinstance(expr, dict):
            if expr.get("q") == question.id:
                for op in ("gte", "gt", "lte", "lt"):
                    if op in expr:
                        thresholds.update({expr[op] - 0.5, expr[op], expr[op] + 0.5})
            for v in expr.values():
                walk(v)
        elif isinstance(expr, list):
            for v in expr:
                walk(v)

    for item in [o.when for o in rules.outcomes] + [c.when for c in rules.conditions]:
        walk(item)
    return sorted(thresholds) or [0]


def _settles(rules: RuleFile, answers: dict[str, Any], question: Question, open_ids: list[str]) -> float:
    counts = []
    for candidate in _candidates(rules, question):
        values, _ = _statuses(rules, {**answers, question.id: candidate})
        counts.append(sum(1 for oid in open_ids if values[oid] is not None))
    return round(mean(counts), 2)


def check_contradictions(rules: RuleFile, answers: dict[str, Any]) -> None:
    for contradiction in rules.contradictions:
        if _Run(rules, answers).value(contradiction.when) is True:
            raise ProfileError(f"contradictory answers: {contradiction.message}")


def _evaluate_answers(rules: RuleFile, answers: dict[str, Any]) -> Evaluation:
    check_contradictions(rules, answers)
    values, runs = _statuses(rules, answers)
    outcomes = []
    for o in rules.outcomes:
        outcome_status: Literal["applies", "possible", "excluded"] = (
            "applies" if values[o.id] else "possible" if values[o.id] is None else "excluded"
        )
        trail = list(runs[o.id].steps)
        trail.append(Step(kind="outcome", id=o.id, text=o.label, value=values[o.id], source=o.source))
        outcomes.append(
            OutcomeResult(
                id=o.id,
                label=o.label,
                status=outcome_status,
                source=o.source,
                explain=o.explain,
                see_also=o.see_also,
                rank=o.rank,
                next_steps=o.next_steps,
                trail=trail,
            )
        )
    applicable = [o for o in outcomes if o.status == "applies"]
    if rules.combine == "highest" and applicable:
        best = max(o.rank for o in applicable)
        result = [o for o in applicable if o.rank == best]
    else:
        result = applicable
    open_ids = _relevant_open(rules, values)
    possible = [o for o in outcomes if o.id in open_ids]
    missing_ids: set[str] = set()
    unknown_ids: set[str] = set()
    for oid in open_ids:
        missing_ids |= runs[oid].missing
        unknown_ids |= runs[oid].unknown
    questions = {q.id: q for q in rules.questions}
    order = {q.id: i for i, q in enumerate(rules.questions)}
    missing = [
        MissingFact(
            question=q.id,
            text=q.text,
            type=q.type.value,
            options=q.options,
            why=q.why,
            source=q.source,
            hint=q.hint,
            settles=_settles(rules, answers, q, open_ids),
        )
        for q in (questions[m] for m in missing_ids)
    ]
    missing.sort(key=lambda m: (-m.settles, order[m.question]))
    unknown = [
        UnknownFact(question=q.id, text=q.text, settled_by=q.settled_by, source=q.source)
        for q in sorted((questions[u] for u in unknown_ids), key=lambda q: order[q.id])
    ]
    status: Literal["complete", "missing", "undetermined"] = (
        "complete" if not open_ids else "missing" if missing else "undetermined"
    )
    used = sorted({s.id for run in runs.values() for s in run.steps if s.kind == "fact"})
    return Evaluation(
        checker=rules.id,
        title=rules.title,
        status=status,
        result=result,
        applicable=applicable,
        possible=possible,
        missing=missing,
        unknown=unknown,
        used_fields=used,
    )


def evaluate(rules: RuleFile, profile: dict[str, Any], ignore: frozenset[str] = frozenset()) -> Evaluation:
    """Evaluate one rule file; with `per_module`, each entry of `profile["modules"]` is evaluated on its own
    (its answers override the product-level ones) and the product takes every module's applicable outcomes."""
    answers = answers_for(rules, profile, ignore)
    modules = profile.get("modules") if rules.per_module else None
    if not modules:
        return _evaluate_answers(rules, answers)
    if not isinstance(modules, list) or not all(
        isinstance(m, dict) and isinstance(m.get("name"), str) for m in modules
    ):
        raise ProfileError("'modules' is a list of objects, each with a 'name' and its own answers")
    evaluations = []
    for module in modules:
        own = {k: v for k, v in module.items() if k != "name"}
        try:
            module_answers = {**answers, **answers_for(rules, own)}
        except ProfileError as exc:
            raise ProfileError(f"module '{module['name']}': {exc}") from exc
        evaluations.append((module["name"], _evaluate_answers(rules, module_answers)))
    merged = _merge_modules(rules, evaluations)
    return merged


def _merge_modules(rules: RuleFile, evaluations: list[tuple[str, Evaluation]]) -> Evaluation:
    """The product's result: an outcome applies if it applies to one module; missing facts are asked per module."""
    by_id: dict[str, OutcomeResult] = {}
    possible: dict[str, OutcomeResult] = {}
    missing: dict[str, MissingFact] = {}
    unknown: dict[str, UnknownFact] = {}
    modules = []
    for name, ev in evaluations:
        modules.append(
            ModuleResult(module=name, result=[o.id for o in ev.result], possible=[o.id for o in ev.possible])
        )
        for o in ev.applicable:
            tagged = o.model_copy(
                update={
                    "trail": [Step(kind="fact", id="module", text="Module évalué", value=name, source=o.source)]
                    + o.trail
                }
            )
            by_id.setdefault(o.id, tagged)
        for o in ev.possible:
            possible.setdefault(o.id, o)
        for m in ev.missing:
            missing.setdefault(m.question, m)
        for u in ev.unknown:
            unknown.setdefault(u.question, u)
    applicable = [by_id[o.id] for o in rules.outcomes if o.id in by_id]
    if rules.combine == "highest" and applicable:
        best = max(o.rank for o in applicable)
        result = [o for o in applicable if o.rank == best]
        possible = {k: v for k, v in possible.items() if v.rank > best}
    else:
        result = applicable
        possible = {k: v for k, v in possible.items() if k not in by_id}
    status: Literal["complete", "missing", "undetermined"] = (
        "complete" if not possible else "missing" if missing else "undetermined"
    )
    used = sorted({f for _, ev in evaluations for f in ev.used_fields})
    return Evaluation(
        checker=rules.id,
        title=rules.title,
        status=status,
        result=result,
        applicable=applicable,
        possible=list(possible.values()),
        missing=sorted(missing.values(), key=lambda m: -m.settles),
        unknown=list(unknown.values()),
        used_fields=used,
        modules=modules,
    )
