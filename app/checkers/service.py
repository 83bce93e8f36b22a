"""One entry point for the API, the CLI and the chat: list checkers, evaluate one against a profile.

Rule files are loaded once and validated against the corpus sections, so a checker that cites a missing section
never serves a result. Profile fields shared by several checkers (same question id) are accepted by all of them;
a field that no checker and no descriptive profile entry knows is refused.
"""

from __future__ import annotations

from functools import lru_cache, partial
from pathlib import Path
from typing import Any

from app.checkers.engine import Evaluation, evaluate
from app.checkers.model import RULES_DIR, RuleFile, load_all
from app.checkers.sections import corpus_sections
from app.settings import get_settings

# Descriptive profile fields: kept in the profile, read by people and by the plan, not by rule files.
DESCRIPTIVE_FIELDS = frozenset(
    {
        "product_name",
        "intended_purpose",
        "functions",
        "users",
        "data_processed",
        "hosting",
        "ce_status",
        "mdr_class_known",
        "modules",
    }
)


class UnknownChecker(LookupError):
    pass


class CheckerService:
    def __init__(self, files: dict[str, RuleFile]):
        self.files = files
        self.fields = frozenset(q.id for rules in files.values() for q in rules.questions)
        # Verdicts on profiles of plain values, per service (its rule files never change once loaded): every chat
        # answer that offers a checker validates one of a few extracted profiles, and each check evaluates every
        # checker (tens of milliseconds).
        self.plain_verdict = lru_cache(maxsize=1024)(partial(_plain_verdict, self))

    @classmethod
    def load(cls, corpus_dir: Path, rules_dir: Path = RULES_DIR) -> CheckerService:
        return cls(load_all(rules_dir, corpus_sections(corpus_dir.resolve())))

    @staticmethod
    @lru_cache(maxsize=1)
    def default() -> CheckerService:
        return CheckerService.load(get_settings().corpus_dir)

    def get(self, checker_id: str) -> RuleFile:
        if checker_id not in self.files:
            raise UnknownChecker(f"unknown checker '{checker_id}' (known: {', '.join(sorted(self.files))})")
        return self.files[checker_id]

    def evaluate(self, checker_id: str, profile: dict[str, Any], _depth: int = 0) -> Evaluation:
        rules = self.get(checker_id)
        filled, through = self._with_derived(rules, profile, _depth)
        evaluation = evaluate(
            rules, filled, ignore=(self.fields | DESCRIPTIVE_FIELDS) - {q.id for q in rules.questions}
        )
        # a derived answer rests on the other checker's fields: they are used too (a change makes the result stale)
        evaluation.used_fields = sorted(set(evaluation.used_fields) | through)
        derived = {d.field: d.checker for d in rules.derived if d.field in filled and profile.get(d.field) is None}
        for outcome in evaluation.result + evaluation.applicable + evaluation.possible:
            for step in outcome.trail:
                if step.kind == "fact" and step.id in derived and "déduit" not in str(step.value):
                    step.value = (
                        f"{'oui' if step.value is True else 'non' if step.value is False else step.value}"
                        f" (déduit du vérificateur {derived[step.id]})"
                    )
        return evaluation

    def _with_derived(self, rules: RuleFile, profile: dict[str, Any], depth: int) -> tuple[dict[str, Any], set[str]]:
        """Fill unanswered derived fields from the other checker's settled result; an unsettled result leaves
        the field unanswered, so the question is asked (or the other checker's questions are). Also returns the
        profile fields those derived answers rest on."""
        if depth > 3:
            return profile, set()
        filled, through = dict(profile), set()
        for derived in rules.derived:
            if filled.get(derived.field) is not None:
                continue
            other = self.evaluate(derived.checker, profile, depth + 1)
            value = derived_value(
                derived.values, {o.id for o in other.applicable}, {o.id for o in other.possible}, derived.prefer
            )
            if value is not None:
                filled[derived.field] = value
                through |= set(other.used_fields)
        return filled, through

    def evaluate_all(self, profile: dict[str, Any]) -> dict[str, Evaluation]:
        return {cid: self.evaluate(cid, profile) for cid in self.files}


def derived_value(
    values: dict[str, list[str]], applicable: set[str], possible: set[str], prefer: str | None = None
) -> Any:
    """The value implied by the other checker, or None while its result could still imply another value: every
    applicable outcome that maps to a value, and every still-possible one, must agree."""
    implied = {raw for raw, ids in values.items() if applicable & set(ids)}
    still = {raw for raw, ids in values.items() if possible & set(ids)}
    if prefer is not None and prefer in implied:
        implied = {prefer}
    if len(implied) != 1 or not still <= implied:
        return None
    (raw,) = implied
    return {"true": True, "false": False}.get(raw, raw)


PLAIN = (str, bool, int, float, type(None))
PlainProfile = tuple[tuple[str, str, Any], ...]  # (field, type name, value): True and 1 are different answers


def validate_profile_values(service: CheckerService, values: dict[str, Any]) -> dict[str, Any]:
    """Type-check every field against the question that defines it (or the funding/descriptive field types), then
    evaluate every checker so contradictory answers are refused before anything is stored. A profile of plain
    values gets the verdict its service already gave it, if any."""
    from app.checkers.engine import ProfileError

    if not all(isinstance(v, PLAIN) for v in values.values()):
        return _validate(service, values)
    refusal = service.plain_verdict(tuple(sorted((k, type(v).__name__, v) for k, v in values.items())))
    if refusal is not None:
        raise ProfileError(refusal)
    return values


def _plain_verdict(service: CheckerService, profile: PlainProfile) -> str | None:
    """Why this profile is refused, or None when it is valid."""
    from app.checkers.engine import ProfileError

    try:
        _validate(service, {field: value for field, _, value in profile})
    except ProfileError as exc:
        return str(exc)
    return None


def _validate(service: CheckerService, values: dict[str, Any]) -> dict[str, Any]:
    from app.checkers.engine import ProfileError, check_answer
    from app.checkers.funding import COMPANY_SIZES, FUNDING_FIELDS

    questions = {q.id: q for rules in service.files.values() for q in rules.questions}
    for key, value in values.items():
        if value is None:
            continue
        if key in questions:
            check_answer(questions[key], value)
        elif key in FUNDING_FIELDS:
            expected = FUNDING_FIELDS[key]
            if value != "unknown" and (not isinstance(value, expected) or isinstance(value, bool)):
                raise ProfileError(f"'{key}': expected {expected.__name__}, got {value!r}")
            if key == "trl" and isinstance(value, int) and not 1 <= value <= 9:
                raise ProfileError(f"'trl': between 1 and 9, got {value}")
            if key == "company_size" and value not in COMPANY_SIZES | {"unknown"}:
                raise ProfileError(f"'company_size': one of {sorted(COMPANY_SIZES)}")
        elif key in DESCRIPTIVE_FIELDS:
            check_descriptive(key, value)
        else:
            raise ProfileError(f"unknown profile field '{key}'")
    service.evaluate_all(checker_input(values))
    return values


# Free-text descriptive fields: one text, or (for the ones that enumerate) a list of texts.
TEXT_FIELDS = frozenset({"product_name", "intended_purpose", "hosting", "ce_status", "mdr_class_known"})
LIST_FIELDS = frozenset({"functions", "users", "data_processed"})
MAX_TEXT = 2000


def check_descriptive(key: str, value: Any) -> None:
    """Descriptive fields are read by people and printed in the plan: text, never numbers or nested objects."""
    from app.checkers.engine import ProfileError

    if key == "modules":
        if not isinstance(value, list) or not all(isinstance(m, dict) for m in value):
            raise ProfileError("'modules' is a list of objects")
        return
    texts = value if key in LIST_FIELDS and isinstance(value, list) else [value]
    kind = "a text or a list of texts" if key in LIST_FIELDS else "a text"
    if not all(isinstance(t, str) for t in texts):
        raise ProfileError(f"'{key}': expected {kind}, got {value!r}")
    if sum(len(t) for t in texts) > MAX_TEXT:
        raise ProfileError(f"'{key}': at most {MAX_TEXT} characters")


def checker_input(values: dict[str, Any]) -> dict[str, Any]:
    """The profile as checkers see it: funding-only fields are not checker answers."""
    from app.checkers.funding import FUNDING_FIELDS

    return {k: v for k, v in values.items() if k not in FUNDING_FIELDS}
