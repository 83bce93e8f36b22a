"""Integration on real engines: `navigator serve --workers 2` against PostgreSQL (records), Redis (rate limits
shared by the workers) and a Chroma server (vectors) — and the same checks on the embedded defaults.

`.ci/run` starts throw-away servers and exports their addresses; run locally without them, the engine half is
skipped (it is required when CI=true).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy

from app.ingest.pipeline import ingest
from tests.conftest import FIXTURES, make_settings
from tests.support import free_port

pytestmark = pytest.mark.engines
NAVIGATOR = Path(sys.executable).parent / "navigator"
ENGINE_VARS = ("NAVIGATOR_TEST_ENGINES_POSTGRES_URL", "NAVIGATOR_TEST_REDIS_URL", "NAVIGATOR_TEST_CHROMA")
LIMIT = 30
QUESTIONS = [
    "Quelles exceptions permettent de traiter des données de santé ?",
    "classe d'un logiciel qui surveille des paramètres vitaux",
    "Qui peut déposer un projet d'expérimentation article 51 ?",
]


def _engines_or_skip() -> dict[str, str]:
    missing = [v for v in ENGINE_VARS if not os.environ.get(v)]
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI run without engines: {', '.join(missing)} unset (.ci/run starts them)")
        pytest.skip(f"no engines started ({', '.join(missing)} unset): run `bash .ci/run tests/test_engines.py`")
    return {v: os.environ[v] for v in ENGINE_VARS}


@pytest.fixture(scope="module", params=["engines", "embedded"])
def server(request, built_settings, tmp_path_factory):
    topology = request.param
    root = tmp_path_factory.mktemp(f"serve-{topology}")
    shutil.copytree(FIXTURES / "corpus", root / "corpus")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NAVIGATOR_", "MISTRAL_"))}
    env.update(
        {
            "NAVIGATOR_DATA_DIR": str(root / "data"),
            "NAVIGATOR_CORPUS_DIR": str(root / "corpus"),
            "NAVIGATOR_SHARED_CACHE_DIR": str(built_settings.cache_dir),
            "NAVIGATOR_RATE_LIMIT": f"{LIMIT}/minute",
        }
    )
    overrides = {"shared_cache_dir": built_settings.cache_dir}
    engines = {}
    if topology == "engines":
        engines = _engines_or_skip()
        host, port = engines["NAVIGATOR_TEST_CHROMA"].split(":")
        env.update(
            {
                "NAVIGATOR_CHROMA_HOST": host,
                "NAVIGATOR_CHROMA_PORT": port,
                # this file's own cluster, which the restart test restarts (.ci/engines.sh)
                "NAVIGATOR_DATABASE_URL": engines["NAVIGATOR_TEST_ENGINES_POSTGRES_URL"],
                "NAVIGATOR_RATE_LIMIT_STORAGE": engines["NAVIGATOR_TEST_REDIS_URL"],
            }
        )
        overrides.update({"chroma_host": host, "chroma_port": int(port)})
    report = ingest(make_settings(root / "data", root / "corpus", **overrides))
    assert report.errors == [] and report.chunks > 0

    port = free_port()
    # The server's log goes to a file, not to a pipe nobody reads (a full pipe would block the server), so that a
    # failing test can show what the server said.
    log_path = root / "serve.log"
    log_file = log_path.open("wb")
    process = subprocess.Popen(
        [str(NAVIGATOR), "serve", "--workers", "2", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"{base}/readyz", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            pytest.fail(f"serve exited: {log_path.read_text(errors='replace')[-2000:]}")
        time.sleep(0.5)
    else:
        pytest.fail("serve --workers 2 never became ready")
    database_url = (
        engines.get("NAVIGATOR_TEST_ENGINES_POSTGRES_URL")
        or f"sqlite:///{(root / 'data' / 'navigator.sqlite').resolve()}"
    )
    yield {
        "topology": topology,
        "base": base,
        "pid": process.pid,
        "database_url": database_url,
        "engines": engines,
        "root": root,
        "log": log_path,
    }
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
    log_file.close()


def _recorded(database_url: str, ids: list[str]) -> set[str]:
    engine = sqlalchemy.create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(sqlalchemy.text("select answer_id from answers")).all()
    finally:
        engine.dispose()
    return {r[0] for r in rows} & set(ids)


def _errors(log_path: Path) -> str:
    """The server's error lines (a record that could not be saved is logged, then spooled)."""
    lines = log_path.read_text(errors="replace").splitlines()
    return "\n".join(line for line in lines if '"ERROR"' in line or "Error" in line)[-4000:]


def _workers(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    workers = []
    for child in map(int, children):
        cmd = Path(f"/proc/{child}/cmdline").read_bytes()
        if b"spawn_main" in cmd:  # not the resource tracker
            workers.append(child)
    return workers


def test_two_workers_answer_and_records_land_in_the_database(server):
    ids = []
    with httpx.Client(base_url=server["base"], timeout=60) as client:
        ready = client.get("/readyz").json()
        assert ready["ready"] and ready["index"]["chunks"] > 0
        for question in QUESTIONS:
            response = client.post("/api/ask", json={"question": question}, headers={"Connection": "close"})
            assert response.status_code == 200, response.text
            ids.append(response.json()["answer_id"])
        hits = client.get("/api/search", params={"q": "classe IIb logiciel", "mode": "dense", "k": 2}).json()["results"]
        assert hits and hits[0]["doc_id"] == "test-mdr-regle-11"
        # /metrics, answered by either worker, adds up both workers' counts.
        from tests.test_reliability import _sample

        for _ in range(4):
            metrics = client.get("/metrics", headers={"Connection": "close"}).text
            assert _sample(metrics, "navigator_answers_total") >= len(QUESTIONS)
    missing = set(ids) - _recorded(server["database_url"], ids)
    assert not missing, f"records not in the database: {missing}; the server said:\n" + _errors(server["log"])
    if server["topology"] == "engines":
        assert server["database_url"].startswith("postgresql")


def test_rate_limit_is_shared_by_the_two_workers(server):
    assert len(_workers(server["pid"])) == 2
    transport = httpx.HTTPTransport(local_address="127.0.0.2")  # a client of its own, whatever ran before
    codes = []
    with httpx.Client(base_url=server["base"], transport=transport, timeout=30) as client:
        for _ in range(LIMIT + 15):
            codes.append(
                client.get(
                    "/api/search", params={"q": "HDS", "mode": "bm25", "k": 1}, headers={"Connection": "close"}
                ).status_code
            )
    passed = codes.count(200)
    if server["topology"] == "engines":
        assert passed == LIMIT and codes.count(429) == 15, "one limit in Redis for both workers"
        import redis

        assert any(redis.Redis.from_url(server["engines"]["NAVIGATOR_TEST_REDIS_URL"]).scan_iter("LIMITS*"))
    else:
        assert LIMIT <= passed <= 2 * LIMIT, "in memory, each worker counts for itself (documented)"


def test_postgresql_restart_mid_load_loses_no_answer(server):
    if server["topology"] != "engines" or not os.environ.get("NAVIGATOR_TEST_PGDATA"):
        pytest.skip("needs the PostgreSQL cluster started by .ci/run")
    pg_ctl = [
        str(Path(os.environ["NAVIGATOR_TEST_PG_BIN"]) / "pg_ctl"),
        "-D",
        os.environ["NAVIGATOR_TEST_PGDATA"],
        "-m",
        "fast",
        "-w",
        "-l",
        str(Path(os.environ["NAVIGATOR_TEST_PGDATA"]) / "log"),
        "restart",
    ]
    if os.geteuid() == 0:
        pg_ctl = ["runuser", "-u", "postgres", "--", *pg_ctl]
    results: list[httpx.Response] = []

    def load():
        with httpx.Client(base_url=server["base"], timeout=60) as client:
            for i in range(12):
                results.append(
                    client.post("/api/ask", json={"question": QUESTIONS[i % 3]}, headers={"Connection": "close"})
                )
                time.sleep(0.1)

    thread = threading.Thread(target=load)
    thread.start()
    time.sleep(0.4)
    assert subprocess.run(pg_ctl, capture_output=True, timeout=60).returncode == 0
    thread.join(timeout=120)
    assert len(results) == 12 and all(r.status_code == 200 for r in results), [r.status_code for r in results]
    ids = [r.json()["answer_id"] for r in results]
    time.sleep(5.5)  # the spool retries at most every 5 s; each later save drains it
    with httpx.Client(base_url=server["base"], timeout=60) as client:
        for _ in range(4):
            client.post("/api/ask", json={"question": QUESTIONS[0]}, headers={"Connection": "close"})
    assert _recorded(server["database_url"], ids) == set(ids), "every answer given during the restart is recorded"
