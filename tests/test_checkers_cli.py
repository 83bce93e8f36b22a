"""`navigator checkers test`, `navigator check`, `navigator funding` and `navigator plan` from the command line."""

from pathlib import Path

from typer.testing import CliRunner

from app.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "app" / "checkers" / "examples"
runner = CliRunner()


def test_checkers_test_passes():
    result = runner.invoke(app, ["checkers", "test"])
    assert result.exit_code == 0 and "mdr-class" in result.output and "FAIL" not in result.output


def test_check_one_checker_with_a_profile(tmp_path):
    result = runner.invoke(app, ["check", "mdr-class", "--profile", str(EXAMPLES / "telesurveillance.yaml")])
    assert result.exit_code == 0 and "Classe IIa (règle 11 b" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("decision_info: maybe\n", encoding="utf-8")
    assert runner.invoke(app, ["check", "mdr-class", "--profile", str(bad)]).exit_code == 2
    assert runner.invoke(app, ["check", "nope"]).exit_code == 2


def test_funding_and_plan(tmp_path):
    result = runner.invoke(app, ["funding", "--open", "--trl", "4"])
    assert result.exit_code == 0 and "programme(s)" in result.output
    assert runner.invoke(app, ["funding", "--trl", "11"]).exit_code == 2
    out = tmp_path / "plan.ics"
    plan = runner.invoke(
        app, ["plan", "--profile", str(EXAMPLES / "ia-tri-urgences.yaml"), "--format", "ics", "--out", str(out)]
    )
    assert plan.exit_code == 0 and b"BEGIN:VCALENDAR" in out.read_bytes()


def test_every_sub_command_reports_an_error_the_same_way(tmp_path):
    """« error: … » on stderr and a non-zero status, from the main CLI, the checkers and the records commands; a
    message's own brackets are printed as written, not taken for markup."""
    missing = tmp_path / "[profil].yaml"
    errors = [
        runner.invoke(app, ["check", "mdr-class", "--profile", str(missing)]),
        runner.invoke(app, ["plan", "--profile", str(EXAMPLES / "ia-tri-urgences.yaml"), "--format", "ics"]),
        runner.invoke(app, ["ask", "   "]),
    ]
    for result in errors:
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith("error: "), result.stderr
    assert "[profil].yaml" in errors[0].stderr
    assert "--format ics or pdf needs --out FILE" in errors[1].stderr
