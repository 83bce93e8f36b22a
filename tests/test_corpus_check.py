"""`navigator corpus check` on the project's corpus, and on broken corpora."""

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from app.corpus.check import check_corpus
from tests import builders

PROJECT_CORPUS = Path(__file__).parent.parent / "corpus"


def test_project_corpus_passes_the_check():
    report = check_corpus(PROJECT_CORPUS)
    assert report.errors == [], "\n".join(f"{f.path}: {f.message}" for f in report.errors)
    assert report.documents >= 80


def test_cli_corpus_check_exits_zero_on_project_corpus():
    from app.cli import app
    from app.settings import get_settings

    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["corpus", "check"], env={"NAVIGATOR_CORPUS_DIR": str(PROJECT_CORPUS)})
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output and "france2030" in result.output


def test_check_finds_every_kind_of_problem(tmp_path: Path):
    today = dt.date(2026, 11, 22)
    builders.markdown(tmp_path / "rgpd-old.md", "Texte.", id="rgpd-old", verified_on="2024-01-01")
    builders.markdown(tmp_path / "france2030-closed.md", "Texte.", id="france2030-closed", domain="france2030",
                      kind="funding", valid_from="2024-01-01", valid_until="2025-06-30", verified_on="2026-11-01")
    builders.markdown(tmp_path / "rgpd-links.md", "Voir [ceci](rgpd-missing.md) et [cela](doc:rgpd-nowhere).", id="rgpd-links")
    builders.markdown(tmp_path / "rgpd-twin.md", "Texte.", id="rgpd-links")
    builders.markdown(tmp_path / "named-wrong.md", "Texte.", id="rgpd-other-name")
    report = check_corpus(tmp_path, max_age_days=365, today=today, minimums={"rgpd+cnil+hds": 10})
    messages = [(Path(f.path).name, f.level, f.message) for f in report.findings]
    text = "\n".join(f"{n} {lvl} {m}" for n, lvl, m in messages)
    assert "rgpd-old.md error verified_on 2024-01-01" in text
    assert "france2030-closed.md warning expired" in text
    assert "broken internal link 'rgpd-missing.md'" in text and "unknown document 'rgpd-nowhere'" in text
    assert "already used" in text and "file name should be rgpd-other-name.md" in text
    assert "coverage: rgpd+cnil+hds has" in text
