"""Faults end in a clear error or a fallback, never a lost answer or a silently smaller index:
`kill -9` during ingestion, and a model endpoint too slow to answer. (Damaged generations: test_integrity.py;
read-only, locked and full records databases: test_records_faults.py; PostgreSQL restarted mid-load:
test_engines.py.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.index.generations import current_generation, read_manifest
from app.ingest.pipeline import ingest
from app.retrieve.search import search
from tests.fake_mistral import FakeMistral
from tests.support import QUESTION

NAVIGATOR = Path(sys.executable).parent / "navigator"


@pytest.mark.parametrize("after_s", [0.0, 0.5])
def test_kill_9_during_ingestion_keeps_the_index_and_the_next_run_sweeps(copied, after_s):
    before = current_generation(copied.index_root)
    env = {**os.environ, "NAVIGATOR_DATA_DIR": str(copied.data_dir), "NAVIGATOR_CORPUS_DIR": str(copied.corpus_dir)}
    process = subprocess.Popen(
        [str(NAVIGATOR), "ingest", "--rebuild"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 120
    while time.time() < deadline and len(list(copied.index_root.glob("gen-*"))) < 2 and process.poll() is None:
        time.sleep(0.02)
    time.sleep(after_s)
    killed = process.poll() is None
    if killed:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    if after_s == 0:
        assert killed, "the kill landed while the new generation was being built"
    current = current_generation(copied.index_root)
    assert current == before or (copied.index_root / current / "manifest.json").exists(), (
        "CURRENT never names a half-built generation"
    )
    assert search(copied, "données de santé", k=1).results, "the index in use still answers"
    report = ingest(copied)
    assert not report.previous_problems
    assert [p.name for p in copied.index_root.glob("gen-*") if not (p / "manifest.json").exists()] == [], "no leftover"
    assert read_manifest(copied.index_root / current_generation(copied.index_root)).chunk_count == report.chunks


def test_slow_model_falls_back_to_quotes_and_does_not_slow_probes(built_settings):
    with FakeMistral(scenario="slow", delay_s=3) as fake:
        settings = built_settings.model_copy(
            update={
                "rate_limit": "",
                "mistral_server_url": fake.url,
                "mistral_timeout_s": 1,
                "mistral_retry_max_elapsed_s": 0,
            }
        )
        client = TestClient(create_app(settings))
        started = time.perf_counter()
        response = client.post("/api/ask", json={"question": QUESTION})
        took = time.perf_counter() - started
        body = response.json()
        assert response.status_code == 200 and body["mode"] == "extractive" and body["citations"]
        assert body["record"]["fallback_reason"] and any("modèle" in n for n in body["notices"])
        assert took < 10, f"the answer waited {took:.1f} s for a model that never answers"
        metrics = client.get("/metrics").text
        assert "navigator_answer_fallbacks_total" in metrics and "navigator_answer_fallbacks_total 0.0" not in metrics
        started = time.perf_counter()
        ready = client.get("/readyz")
        assert ready.status_code == 200 and time.perf_counter() - started < 3
