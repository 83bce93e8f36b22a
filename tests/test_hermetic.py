"""The suite is hermetic: the developer's shell and a `.env` in the working directory do not reach the settings.

Proved in a child pytest run started with a hostile environment (a Mistral server and key, a data directory) and a
`.env` in its working directory; a control run shows the same environment does change `Settings()` outside the
test fixtures, so the isolation is what makes the difference.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from app.settings import Settings, get_settings

HERE = Path(__file__).resolve()
HOSTILE = {
    "MISTRAL_SERVER_URL": "http://127.0.0.1:9/never",
    "MISTRAL_API_KEY": "sk-not-a-real-key",
    "MISTRAL_MODEL": "mistral-hostile",
    "NAVIGATOR_TOP_K": "17",
    "NAVIGATOR_TEST_POSTGRES_URL": "postgresql://kept@127.0.0.1:9/kept",  # a CI engine variable: must survive
    "HERMETIC_PROBE": "1",
}
DOTENV = "MISTRAL_SERVER_URL=http://127.0.0.1:9/dotenv\nNAVIGATOR_MIN_SUPPORT_LEXICAL=0.01\nNAVIGATOR_RATE_LIMIT=\n"


def _defaults(settings: Settings) -> None:
    assert settings.mistral_server_url is None and settings.mistral_api_key is None
    assert settings.mistral_model == "mistral-small-latest"
    assert settings.top_k == 5 and settings.min_support_lexical == 0.5 and settings.rate_limit == "120/minute"
    assert not settings.generation_configured


def test_settings_inside_a_test_are_the_defaults():
    """Runs in the normal suite and, with HERMETIC_PROBE set, inside the hostile child run below."""
    _defaults(Settings())
    _defaults(get_settings())
    assert not [
        k for k in os.environ if k.startswith(("MISTRAL_", "NAVIGATOR_")) and not k.startswith("NAVIGATOR_TEST_")
    ]
    if os.environ.get("HERMETIC_PROBE"):
        assert (Path.cwd() / ".env").exists(), "the probe runs next to a .env file"
        assert os.environ["NAVIGATOR_TEST_POSTGRES_URL"] == HOSTILE["NAVIGATOR_TEST_POSTGRES_URL"]


def test_hostile_shell_and_dotenv_do_not_reach_tests(tmp_path):
    (tmp_path / ".env").write_text(DOTENV, encoding="utf-8")
    env = {**os.environ, **HOSTILE}
    control = subprocess.run(
        [
            sys.executable,
            "-c",
            "from app.settings import Settings; s = Settings(); print(s.mistral_server_url, s.top_k)",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert control.stdout.split() == [HOSTILE["MISTRAL_SERVER_URL"], "17"], control.stderr  # it would leak
    env.pop("MISTRAL_SERVER_URL")
    control = subprocess.run(
        [sys.executable, "-c", "from app.settings import Settings; print(Settings().mistral_server_url)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert control.stdout.strip() == "http://127.0.0.1:9/dotenv", control.stderr  # and so would the .env
    env["MISTRAL_SERVER_URL"] = HOSTILE["MISTRAL_SERVER_URL"]
    probe = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            f"--rootdir={HERE.parent.parent}",
            f"{HERE}::test_settings_inside_a_test_are_the_defaults",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stdout + probe.stderr
    assert "1 passed" in probe.stdout
