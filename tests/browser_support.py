"""Chromium for the browser tests: locally a missing browser (or axe) skips them; with CI=true it fails the run."""

from __future__ import annotations

import os
import shutil
from types import ModuleType

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI", "").lower() == "true"
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not IN_CI, reason="Debian chromium not installed (.ci/run installs it)"
)


def chromium_path() -> str:
    """The browser to launch; in CI (where the mark above does not skip) a missing one fails the test clearly."""
    if CHROMIUM is None:
        pytest.fail("CI=true but Debian chromium is not installed: the browser tests cannot run", pytrace=False)
    return CHROMIUM


def axe_module() -> ModuleType | None:
    """axe-playwright-python when installed; None locally without it; a failure in CI (it is in the test extra)."""
    try:
        import axe_playwright_python.sync_playwright as axe
    except ImportError:
        if IN_CI:
            pytest.fail(
                "CI=true but axe-playwright-python is not installed: accessibility is not checked", pytrace=False
            )
        return None
    return axe
