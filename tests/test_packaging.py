"""A regular (non-editable) install works away from the source tree: corpus, prompts, gold set and web assets."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.settings import PROJECT_ROOT, Settings

CHECK = """
import json, app
from app.settings import Settings
from app.generate.prompts import load_prompt
from app.api.main import WEB_DIR
from app.cli import DEFAULT_GOLD
from app.answer.scope_model import load_scope_model
settings = Settings()
load_prompt(settings.prompts_dir, "answer")
load_prompt(settings.prompts_dir, "condense")
print(json.dumps({
    "package": app.__file__,
    "corpus": str(settings.corpus_dir),
    "sheets": len(list(settings.corpus_dir.rglob("*.md"))),
    "legifrance_config": settings.legifrance_config.is_file(),
    "seed": any((settings.corpus_dir / "embeddings").glob("*.npz")),
    "gold": (DEFAULT_GOLD / "questions.jsonl").is_file(),
    "scope_model": load_scope_model() is not None,
    "web": [(WEB_DIR / "static" / "index.html").is_file(), (WEB_DIR / "advisers" / "page.html").is_file()],
}))
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("site")
    # From a clean copy of the sources: a `build/` folder left by an earlier build in the working tree would be
    # reused by setuptools for files it believes unchanged, and the test would install stale code.
    source = tmp_path_factory.mktemp("source") / "navigator"
    shutil.copytree(
        PROJECT_ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv",
            "data",
            "build",
            "*.egg-info",
            "test-artifacts",
            "mutants",
            "runs",
            ".*_cache",
            ".hypothesis",
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            ".",
        ],
        cwd=source,
        check=True,
        capture_output=True,
    )
    return target


def _run(installed: Path, cwd: Path, **env: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("NAVIGATOR_")}
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=cwd,
        env={**clean, "PYTHONPATH": str(installed), **env},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_regular_install_finds_its_data_away_from_the_source_tree(installed, tmp_path):
    found = _run(installed, tmp_path)
    assert Path(found["package"]).is_relative_to(installed)  # the installed copy, not the checkout
    assert Path(found["corpus"]).is_relative_to(installed) and found["sheets"] > 100
    assert found["legifrance_config"] and found["seed"] and found["gold"] and found["web"] == [True, True]
    assert found["scope_model"]  # the learned scope check's weights ship with the package


def test_the_environment_still_overrides_the_packaged_corpus(installed, tmp_path):
    mine = tmp_path / "my-corpus"
    mine.mkdir()
    assert _run(installed, tmp_path, NAVIGATOR_CORPUS_DIR=str(mine))["corpus"] == str(mine)


def test_a_checkout_uses_its_top_level_folders():
    settings = Settings(_env_file=None)
    assert settings.corpus_dir == PROJECT_ROOT / "corpus" and settings.prompts_dir == PROJECT_ROOT / "prompts"
