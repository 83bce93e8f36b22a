"""`.ci/run` runs the suite on two pytest-xdist workers, each test file on one of them: a file's module fixtures
(servers, browsers, engines) start once, and its tests never run beside each other. `tests/test_engines.py` restarts
PostgreSQL in one test while another of its tests writes to it: spread over two workers, they collided."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RECORDING_TESTS = """
import os, time
def _note(name):
    with open(os.environ["WORKER_LOG"], "a") as log:
        log.write(f"{__name__} {os.environ.get('PYTEST_XDIST_WORKER')}\\n")
    time.sleep(0.01)
""" + "".join(f"\ndef test_{n}():\n    _note({n})\n" for n in range(30))


def test_each_test_file_runs_on_one_worker_with_the_ci_options(tmp_path):
    dist = re.search(r"workers\+=\(--dist (\w+)\)", (ROOT / ".ci" / "run").read_text(encoding="utf-8"))
    assert dist, ".ci/run names its xdist distribution mode"
    for name in ("test_first.py", "test_second.py", "test_third.py"):
        (tmp_path / name).write_text(RECORDING_TESTS, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    log = tmp_path / "workers.log"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--dist", dist.group(1)],
        cwd=tmp_path,
        env={**os.environ, "WORKER_LOG": str(log)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    seen: dict[str, set[str]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        module, worker = line.split()
        seen.setdefault(module, set()).add(worker)
    assert set(seen) == {"test_first", "test_second", "test_third"}
    assert all(len(workers) == 1 for workers in seen.values()), seen
