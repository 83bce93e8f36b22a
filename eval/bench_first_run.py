"""A newcomer's first run: from the README's main command on a fresh clone to the first answer, phase by phase.

    .venv/bin/python eval/bench_first_run.py                  # clones HEAD into a temporary folder; ≈ 3 min
    .venv/bin/python eval/bench_first_run.py --keep           # keep the clone (its .venv, index and log)

The command run is the one in the README's « Set-up » section, read from the README itself so the two cannot
differ; only `NAVIGATOR_PORT` is set, to a free port. Printed: the install (until the `navigator` entry point
exists), the index build and start (until `/readyz` answers 200), the first answer (`POST /api/ask`), and the
total, against the 3-minute target. It prints figures and asserts nothing. Pip's download cache and the npm
package cache of the machine are used as they are: on a machine that never installed the dependencies, the
install also downloads them.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "Mon appli mesure la glycémie : est-ce une donnée de santé ?"
TARGET_S = 180


def main_command(readme: Path) -> str:
    """The first bash block of the README's set-up section: the command a newcomer copies."""
    text = readme.read_text(encoding="utf-8")
    section = text[text.index("## Set-up") :]
    return re.search(r"```bash\n(.+?)\n```", section, re.S).group(1).strip()  # type: ignore[union-attr]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(keep: bool, timeout_s: float) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="first-run-"))
    clone = work / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    command = main_command(clone / "README.md")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NAVIGATOR_", "MISTRAL_", "VIRTUAL_ENV"))}
    env["NAVIGATOR_PORT"] = str(port)
    log = (work / "first-run.log").open("w")
    print(f"$ {command}   (in a fresh clone, port {port}, log {log.name})")
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        ["bash", "-c", command], cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    marks: dict[str, float] = {}
    try:
        entry = clone / ".venv" / "bin" / "navigator"
        base = f"http://127.0.0.1:{port}"
        while time.perf_counter() - t0 < timeout_s and proc.poll() is None:
            now = time.perf_counter() - t0
            if "installed" not in marks and entry.exists():
                marks["installed"] = now
            if "installed" in marks:
                try:
                    if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                        marks["ready"] = time.perf_counter() - t0
                        break
                except httpx.HTTPError:
                    pass
            time.sleep(0.5)
        if "ready" in marks:
            response = httpx.post(f"{base}/api/ask", json={"question": QUESTION}, timeout=60)
            marks["first_answer"] = time.perf_counter() - t0
            body = response.json()
            marks["answer_status"] = response.status_code
            print(f"first answer ({response.status_code}, {body.get('mode')}): {body.get('answer', '')[:160]!r}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        log.close()
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept: {clone}")
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the clone, its index and its log")
    parser.add_argument("--timeout", type=float, default=900, help="give up after this many seconds")
    args = parser.parse_args()
    marks = run(args.keep, args.timeout)
    installed, ready, answer = marks.get("installed"), marks.get("ready"), marks.get("first_answer")
    print(f"install                 {installed:7.1f} s" if installed else "install                 (not finished)")
    if installed and ready:
        print(f"index build and start   {ready - installed:7.1f} s")
    if ready and answer:
        print(f"first answer            {answer - ready:7.1f} s")
        verdict = "within" if answer <= TARGET_S else "over"
        print(f"total to first answer   {answer:7.1f} s  ({verdict} the {TARGET_S} s target)")
    else:
        print("no answer: see the log (run with --keep)")


if __name__ == "__main__":
    main()
