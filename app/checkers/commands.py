"""Command-line entry points of the checkers: `navigator checkers test|list`, `navigator check ID --profile FILE`.

Registered on the main `navigator` application by `app.cli`; kept here so the main CLI module stays small.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.console import Console

from app.commands.output import fail
from app.settings import get_settings

console = Console(stderr=True, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)
checkers_app = typer.Typer(no_args_is_help=True, help="Applicability checkers: rule files and their tests.")


def rule_file_problem(corpus_dir: Path) -> str | None:
    """The first rule-file error against this corpus (cycle, unknown question, missing section), or None."""
    from app.checkers.model import RuleFileError, load_all
    from app.checkers.sections import corpus_sections

    try:
        load_all(sections=corpus_sections(corpus_dir.resolve()))
    except RuleFileError as exc:
        return f"checker rules: {exc}"
    return None


@checkers_app.command("test")
def checkers_test() -> None:
    """Validate every rule file against the corpus sections and run its embedded tests (exit 1 on any failure)."""
    from app.checkers.model import RuleFileError
    from app.checkers.runner import run_all

    try:
        reports = run_all(get_settings().corpus_dir)
    except RuleFileError as exc:
        fail(str(exc), 1)
    failed = 0
    for report in reports:
        mark = "[green]ok[/]" if not report.failures else "[red]FAIL[/]"
        out.print(f"{mark} {report.checker}: {report.passed} passed, {len(report.failures)} failed")
        for failure in report.failures:
            out.print(f"   - {failure}")
        failed += len(report.failures)
    raise typer.Exit(1 if failed else 0)


@checkers_app.command("list")
def checkers_list() -> None:
    """List the checkers."""
    from app.checkers.model import load_all

    for rules in load_all().values():
        out.print(f"{rules.id:22} {rules.title}")


def _read_profile(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        fail(f"cannot read {path}: {exc}", 2)
    if not isinstance(data, dict):
        fail("a profile is a mapping of fields", 2)
    return data


def check(
    checker: Annotated[str, typer.Argument(help="Checker id (see `navigator checkers list`), or `all`")],
    profile: Annotated[Path | None, typer.Option("--profile", help="Profile (YAML or JSON mapping of answers)")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the result as JSON")] = False,
) -> None:
    """Evaluate one checker against a profile: the result with its cited steps, or the missing facts."""
    from app.checkers.engine import ProfileError
    from app.checkers.service import CheckerService, UnknownChecker

    data = _read_profile(profile) if profile else {}
    service = CheckerService.default()
    try:
        from app.checkers.service import checker_input, validate_profile_values

        validate_profile_values(service, data)
        ids = list(service.files) if checker == "all" else [checker]
        evaluations = [service.evaluate(cid, checker_input(data)) for cid in ids]
    except UnknownChecker as exc:
        fail(str(exc), 2)
    except ProfileError as exc:
        fail(str(exc), 2)
    if json_out:
        import json

        out.print_json(
            json.dumps(
                [e.model_dump(mode="json") for e in evaluations]
                if checker == "all"
                else evaluations[0].model_dump(mode="json")
            )
        )
        return
    from app.checkers.render import evaluation_markdown

    out.print("\n\n".join(evaluation_markdown(e) for e in evaluations), markup=False)


def funding(
    open_now: Annotated[bool, typer.Option("--open", help="Only calls open today")] = False,
    trl: Annotated[int | None, typer.Option("--trl", help="Project TRL (1-9)")] = None,
    region: Annotated[str | None, typer.Option("--region", help="Region, e.g. Île-de-France")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="subsidy, loan, repayable_advance, equity, prize, tax_credit, coverage")
    ] = None,
    funder: Annotated[str | None, typer.Option("--funder", help="Part of the funder's name")] = None,
    closing_within_days: Annotated[int | None, typer.Option("--closing-within", help="Closing within N days")] = None,
    profile: Annotated[Path | None, typer.Option("--profile", help="Profile to check conditions against")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Funding navigator: programmes matching the filters, each checked against the profile."""
    from pydantic import ValidationError

    from app.checkers.funding import BadFundingQuery, FundingQuery, cached_records, navigate

    try:
        query = FundingQuery.model_validate(  # validates --kind against the known kinds, like the API
            {
                "open_now": open_now,
                "trl": trl,
                "region": region,
                "kind": kind,
                "funder": funder,
                "closing_within_days": closing_within_days,
            }
        )
        found = navigate(
            cached_records(get_settings().corpus_dir / "funding"), query, _read_profile(profile) if profile else {}
        )
    except (BadFundingQuery, ValidationError) as exc:
        fail(str(exc), 2)
    if json_out:
        import json

        out.print_json(json.dumps([m.model_dump(mode="json") for m in found]))
        return
    labels = {
        "eligible": "éligible (critères vérifiables)",
        "not_eligible": "non éligible",
        "missing_facts": "informations manquantes",
    }
    for m in found:
        close = f", clôture {m.next_close.isoformat()}" if m.next_close else ""
        out.print(f"- {m.title} ({m.funder}) — {m.status_today}{close} — {labels[m.eligibility]}", markup=False)
        for c in m.checks:
            if c.status in ("not_met", "missing"):
                out.print(f"    {c.status}: {c.condition} ({c.detail}) [{c.source}]", markup=False)
    out.print(f"{len(found)} programme(s)")


def plan(
    profile: Annotated[Path, typer.Option("--profile", help="Profile (YAML or JSON mapping of answers)")],
    funding_ids: Annotated[
        list[str] | None, typer.Option("--funding", help="Chosen funding record id (repeatable)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="md, ics or pdf")] = "md",
    output: Annotated[Path | None, typer.Option("--out", help="Write to this file (required for pdf)")] = None,
) -> None:
    """The dated action plan for a profile: every checker, then the chosen funding deadlines."""
    import datetime as dt

    from app.checkers.engine import ProfileError
    from app.checkers.funding import FundingQuery, cached_records, navigate
    from app.checkers.plan import build_plan, plan_ics, plan_markdown, plan_pdf
    from app.checkers.service import CheckerService, checker_input, validate_profile_values

    data = _read_profile(profile)
    service = CheckerService.default()
    try:
        validate_profile_values(service, data)
        evaluations = service.evaluate_all(checker_input(data))
    except ProfileError as exc:
        fail(str(exc), 2)
    today = dt.date.today()
    records = [r for r in cached_records(get_settings().corpus_dir / "funding") if r.id in set(funding_ids or [])]
    result = build_plan(evaluations, navigate(records, FundingQuery(today=today), data), today)
    if fmt == "md":
        text = plan_markdown(result)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            out.print(text, markup=False)
        return
    if fmt not in ("ics", "pdf") or output is None:
        fail("--format ics or pdf needs --out FILE", 2)
    output.write_bytes(plan_ics(result) if fmt == "ics" else plan_pdf(result))
    console.print(f"written: {output}", highlight=False)


def register(app: typer.Typer) -> None:
    """Attach the checker commands to the main CLI."""
    app.add_typer(checkers_app, name="checkers")
    app.command("check")(check)
    app.command("funding")(funding)
    app.command("plan")(plan)
