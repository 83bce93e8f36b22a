"""The rule engine and rule-file validation: three-valued logic, missing facts, cycles, missing corpus sections."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.checkers.engine import ProfileError, evaluate
from app.checkers.model import RuleFile, RuleFileError, load_all, load_rule_file
from app.checkers.runner import run_all, run_rule_tests
from app.checkers.sections import corpus_sections, section_slugs

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SRC = "mdr-classification-regle-11:regle-11-tous-les-autres-logiciels-en-classe-i"


def small(**extra) -> dict:
    base = {
        "id": "demo",
        "title": "Démo",
        "summary": "Démo",
        "questions": [
            {
                "id": "a",
                "type": "bool",
                "text": "Question A ?",
                "why": "Parce que A compte.",
                "source": SRC,
                "settled_by": ["G_NIUS"],
            },
            {"id": "b", "type": "bool", "text": "Question B ?", "why": "Parce que B compte.", "source": SRC},
            {"id": "n", "type": "number", "text": "Combien ?", "why": "Parce que le nombre compte.", "source": SRC},
        ],
        "conditions": [{"id": "ca", "text": "A est vrai.", "source": SRC, "when": {"q": "a", "is": True}}],
        "outcomes": [
            {"id": "x", "label": "X", "source": SRC, "when": {"all": [{"ref": "ca"}, {"q": "b", "is": True}]}},
            {"id": "y", "label": "Y", "source": SRC, "when": {"not": {"ref": "ca"}}},
            {"id": "z", "label": "Z", "source": SRC, "when": {"q": "n", "gte": 10}},
        ],
    }
    base.update(extra)
    return base


def test_applicable_outcome_carries_a_cited_trail():
    ev = evaluate(RuleFile.model_validate(small()), {"a": True, "b": True, "n": 3})
    assert [o.id for o in ev.result] == ["x"]
    kinds = [(s.kind, s.id) for s in ev.result[0].trail]
    assert ("condition", "ca") in kinds and ("fact", "b") in kinds and kinds[-1] == ("outcome", "x")
    assert all(s.source == SRC for s in ev.result[0].trail)
    assert ev.status == "complete" and ev.used_fields == ["a", "b", "n"]


def test_missing_facts_ordered_by_outcomes_they_settle():
    ev = evaluate(RuleFile.model_validate(small()), {})
    assert ev.status == "missing"
    # `a` settles y for both answers (and x when false): more than b or n, which settle one outcome each
    assert ev.missing[0].question == "a"
    assert {m.question for m in ev.missing} == {"a", "b", "n"}
    assert ev.missing[0].settles > ev.missing[-1].settles


def test_unknown_answer_lists_possible_outcomes_and_who_settles():
    ev = evaluate(RuleFile.model_validate(small()), {"a": "unknown", "b": True, "n": 1})
    assert ev.status == "undetermined" and not ev.missing
    assert {o.id for o in ev.possible} == {"x", "y"}
    assert ev.unknown[0].question == "a" and ev.unknown[0].settled_by == ["G_NIUS"]


def test_at_least_counts_unknowns_as_possible():
    rules = RuleFile.model_validate(
        small(
            outcomes=[
                {
                    "id": "two",
                    "label": "Deux",
                    "source": SRC,
                    "when": {
                        "at_least": 2,
                        "of": [{"q": "a", "is": True}, {"q": "b", "is": True}, {"q": "n", "gt": 0}],
                    },
                }
            ]
        )
    )
    assert evaluate(rules, {"a": True, "n": 5}).result[0].id == "two"
    assert evaluate(rules, {"a": True, "b": False, "n": 0}).result == []
    assert evaluate(rules, {"a": True, "b": "unknown", "n": 0}).status == "undetermined"


def test_highest_combination_keeps_all_applicable_rules():
    rules = RuleFile.model_validate(
        small(
            combine="highest",
            outcomes=[
                {"id": "low", "label": "Bas", "source": SRC, "rank": 1, "when": {"q": "a", "is": True}},
                {"id": "high", "label": "Haut", "source": SRC, "rank": 3, "when": {"q": "b", "is": True}},
            ],
        )
    )
    ev = evaluate(rules, {"a": True, "b": True})
    assert [o.id for o in ev.result] == ["high"] and {o.id for o in ev.applicable} == {"low", "high"}
    partial = evaluate(rules, {"a": True})
    assert partial.status == "missing" and partial.missing[0].question == "b"


@pytest.mark.parametrize(
    "profile, message",
    [
        ({"a": "yes"}, "expected true or false"),
        ({"n": True}, "expected a number"),
        ({"zzz": 1}, "unknown profile field 'zzz'"),
    ],
)
def test_wrong_profiles_are_refused(profile, message):
    with pytest.raises(ProfileError, match=message):
        evaluate(RuleFile.model_validate(small()), profile)


def test_contradictory_answers_are_refused():
    rules = RuleFile.model_validate(
        small(
            contradictions=[
                {"when": {"all": [{"q": "a", "is": False}, {"q": "b", "is": True}]}, "message": "B suppose A"}
            ]
        )
    )
    with pytest.raises(ProfileError, match="B suppose A"):
        evaluate(rules, {"a": False, "b": True})


@pytest.mark.parametrize(
    "change, message",
    [
        (
            {
                "conditions": [
                    {"id": "c1", "text": "Premier.", "source": SRC, "when": {"ref": "c2"}},
                    {"id": "c2", "text": "Second.", "source": SRC, "when": {"ref": "c1"}},
                    {"id": "ca", "text": "A est vrai.", "source": SRC, "when": {"q": "a", "is": True}},
                ]
            },
            "cycle",
        ),
        (
            {"outcomes": [{"id": "x", "label": "X", "source": SRC, "when": {"q": "nope", "is": True}}]},
            "unknown question 'nope'",
        ),
        ({"outcomes": [{"id": "x", "label": "X", "source": SRC, "when": {"ref": "nope"}}]}, "unknown condition"),
        ({"outcomes": [{"id": "x", "label": "X", "source": SRC, "when": {"q": "a", "is": "maybe"}}]}, "true or false"),
        (
            {"outcomes": [{"id": "x", "label": "X", "source": SRC, "when": {"q": "a", "zz": 1}}]},
            "unknown condition shape",
        ),
    ],
)
def test_invalid_rule_files_are_refused(change, message):
    with pytest.raises(ValueError, match=message):
        RuleFile.model_validate(small(**change))


def test_reference_to_missing_corpus_section_fails_loading(tmp_path):
    data = small()
    data["outcomes"][0]["source"] = "mdr-classification-regle-11:no-such-section"
    (tmp_path / "demo.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RuleFileError, match="no-such-section"):
        load_rule_file(tmp_path / "demo.yaml", corpus_sections(CORPUS))
    with pytest.raises(RuleFileError, match="not a section of the corpus"):
        run_all(CORPUS, tmp_path)


def test_section_slugs_follow_the_chunker():
    body = "# Titre\n\nIntro.\n\n## Règle 11 : classe I\n\ntexte\n\n### Détail\n\nx\n\n## Règle 11 : classe I\n"
    assert section_slugs(body) == ["regle-11-classe-i", "regle-11-classe-i-detail", "regle-11-classe-i-2"]


def test_every_rule_file_passes_its_own_tests_and_cites_existing_sections():
    reports = run_all(CORPUS)
    assert reports, "no rule file found"
    failures = [f for r in reports for f in r.failures]
    assert failures == []
    files = load_all()
    assert all(len(f.tests) >= 10 for f in files.values()), {f.id: len(f.tests) for f in files.values()}


def test_a_wrong_expectation_is_reported():
    files = load_all()
    rules = files["md-qualification"].model_copy(deep=True)
    rules.tests[0].expect = ["not_mdsw"]
    assert run_rule_tests(rules).failures


def test_plan_steps_cite_existing_sections_and_trigger_on_real_outcomes():
    from app.checkers.plan import step_templates

    sections = corpus_sections(CORPUS)
    files = load_all()
    outcomes = {f"{f.id}/{o.id}" for f in files.values() for o in f.outcomes}
    for step in step_templates():
        assert step.source in sections, step.id
        assert set(step.when) <= outcomes, step.id


def test_corpus_check_reports_rules_citing_sections_a_corpus_lacks(tmp_path):
    from app.checkers.commands import rule_file_problem

    assert rule_file_problem(CORPUS) is None
    (tmp_path / "mdr").mkdir()
    (tmp_path / "mdr" / "x.md").write_text(
        (CORPUS / "mdr" / "mdr-classification-regle-11.md").read_text(encoding="utf-8"), encoding="utf-8"
    )
    problem = rule_file_problem(tmp_path)
    assert problem and "not a section of the corpus" in problem


def test_derived_value_waits_until_possible_outcomes_agree():
    from app.checkers.service import derived_value

    values = {"true": ["iia", "iib"], "false": ["i"]}
    assert derived_value(values, {"iia"}, {"iib"}) is True  # IIa now, IIb possible: a notified body either way
    assert derived_value(values, {"iia"}, {"i"}) is None
    assert derived_value(values, set(), {"iia"}) is None
    assert derived_value({"true": ["md"], "false": ["not"]}, {"md", "not"}, set(), prefer="true") is True


def test_triage_example_uses_the_ai_act_dates_of_regulation_2026_1744():
    """Annex III from 2 December 2027 and article 6 §1 devices from 2 August 2028 (not the 2024 dates)."""
    import datetime as dt

    from app.checkers.commands import _read_profile
    from app.checkers.plan import build_plan
    from app.checkers.service import CheckerService, checker_input

    profile = _read_profile(
        Path(__file__).resolve().parent.parent / "app" / "checkers" / "examples" / "ia-tri-urgences.yaml"
    )
    evaluations = CheckerService.default().evaluate_all(checker_input(profile))
    assert {o.id for o in evaluations["ai-act"].applicable} == {"high_risk_from_2028", "high_risk_annex_iii_triage"}
    steps = {s.id: s for s in build_plan(evaluations, [], dt.date(2026, 11, 29)).steps}
    annex_iii = steps["ai-act-annex-iii"]
    assert annex_iii.deadline == dt.date(2027, 12, 2) and not annex_iii.already_applicable and not annex_iii.late
    assert "2 août 2028" in steps["ai-act-high-risk"].title


def test_a_plain_profile_is_checked_once_per_service_with_the_same_verdict(monkeypatch):
    """Every chat answer offering a checker validates one of a few extracted profiles: evaluated once, then known."""
    from app.checkers.service import CheckerService, validate_profile_values

    service = CheckerService.load(CORPUS)
    evaluated: list[dict] = []
    evaluate_all = service.evaluate_all
    monkeypatch.setattr(service, "evaluate_all", lambda profile: evaluated.append(profile) or evaluate_all(profile))
    valid = {"is_medical_device": True, "processes_health_data": True}
    contradictory = {"monitors_physiology": False, "vital_immediate_danger": True}
    for _ in range(3):
        assert validate_profile_values(service, dict(valid)) == valid
        with pytest.raises(ProfileError, match="contradictory|suppose"):
            validate_profile_values(service, dict(contradictory))
    assert evaluated == [valid, contradictory]
    # True and 1 are different answers: 1 is checked (and refused) on its own.
    with pytest.raises(ProfileError):
        validate_profile_values(service, {"is_medical_device": 1, "processes_health_data": True})
    # A profile with a list is checked every time (not remembered).
    listed = {"processes_health_data": True, "functions": ["suivi"]}
    validate_profile_values(service, listed)
    validate_profile_values(service, listed)
    assert evaluated[-2:] == [listed, listed]


def test_a_broken_sheet_does_not_stop_the_checkers_from_loading(tmp_path):
    """Ingestion skips a sheet with invalid front matter or binary content; the checkers' citation check read it and
    raised, and every chat answer offering a checker then failed with a 500 (found by trying it on a running app)."""
    import shutil

    from app.checkers.service import CheckerService

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus, ignore=shutil.ignore_patterns("embeddings"))
    (corpus / "mdr" / "zz-broken.md").write_text("---\ntitle: [broken\n---\n## Une section\n\nTexte.\n")
    (corpus / "hds" / "zz-binary.md").write_bytes(bytes(range(256)))
    assert corpus_sections(corpus) == corpus_sections(CORPUS)
    assert CheckerService.load(corpus).files.keys() == CheckerService.load(CORPUS).files.keys()
