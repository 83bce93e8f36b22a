"""The evaluation gate's figures are printed at the end of the run, also when the suite runs in pytest-xdist
workers as .ci/run does (the lines live in each worker's session and must reach the controller)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_gate_s_lines_reach_the_summary_from_xdist_workers(tmp_path):
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import gate_report, pytest_sessionfinish, pytest_terminal_summary, pytest_testnodedown\n"
    )
    (tmp_path / "test_gate.py").write_text(
        "def test_figures(gate_report):\n    gate_report.append('key-fact recall 0.5 (floor 0.4)')\n"
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "evaluation gate figures" in run.stdout and "key-fact recall 0.5 (floor 0.4)" in run.stdout
