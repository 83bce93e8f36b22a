"""Run the tests embedded in rule files: each test is a profile and the result the rule file must give for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from app.checkers.engine import ProfileError, evaluate
from app.checkers.model import RULES_DIR, RuleFile, load_all
from app.checkers.sections import corpus_sections


@dataclass
class TestReport:
    checker: str
    passed: int = 0
    failures: list[str] = field(default_factory=list)


def run_rule_tests(rules: RuleFile) -> TestReport:
    """Compare each embedded test's expectations with the engine's result; report every mismatch."""
    report = TestReport(rules.id)
    for test in rules.tests:
        problems = []
        try:
            ev = evaluate(rules, test.profile)
        except ProfileError as exc:
            if test.error and test.error in str(exc):
                report.passed += 1
            else:
                report.failures.append(f"{rules.id} / {test.name}: profile error {exc}")
            continue
        if test.error:
            problems.append(f"expected an error containing {test.error!r}")
        if test.expect is not None and sorted(o.id for o in ev.result) != sorted(test.expect):
            problems.append(f"result {[o.id for o in ev.result]} != expected {test.expect}")
        if test.possible is not None and sorted(o.id for o in ev.possible) != sorted(test.possible):
            problems.append(f"possible {[o.id for o in ev.possible]} != expected {test.possible}")
        if test.next is not None and (not ev.missing or ev.missing[0].question != test.next):
            problems.append(f"next question {ev.missing[0].question if ev.missing else None} != {test.next}")
        if test.status is not None and ev.status != test.status:
            problems.append(f"status {ev.status} != {test.status}")
        if problems:
            report.failures.append(f"{rules.id} / {test.name}: " + "; ".join(problems))
        else:
            report.passed += 1
    return report


def run_all(corpus_dir: Path, rules_dir: Path = RULES_DIR) -> list[TestReport]:
    """Load every rule file against the corpus sections (a missing section fails loading), then run its tests."""
    files = load_all(rules_dir, corpus_sections(corpus_dir.resolve()))
    return [run_rule_tests(rules) for rules in files.values()]
