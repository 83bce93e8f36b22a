"""Answers are never lost to storage faults: read-only, locked and full records databases."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from app.answer.service import ask
from app.api.main import create_app
from app.records.spool import RecordSpool
from app.records.store import get_store
from tests.support import QUESTION

NAVIGATOR = Path(sys.executable).parent / "navigator"


def _settings(built_settings, tmp_path, url):
    return built_settings.model_copy(
        update={"database_url": url, "records_spool_dir": tmp_path / "spool", "rate_limit": ""}
    )


def _new_db(tmp_path, folder="db") -> Path:
    path = tmp_path / folder / f"records-{uuid.uuid4().hex[:6]}.sqlite"
    get_store(f"sqlite:///{path}")  # creates the schema
    return path


def test_read_only_database_still_answers_and_spools_the_record(built_settings, tmp_path):
    path = _new_db(tmp_path)
    settings = _settings(built_settings, tmp_path, f"sqlite:///file:{path}?mode=ro&uri=true")
    failures = REGISTRY.get_sample_value("navigator_record_save_failures_total") or 0
    response = TestClient(create_app(settings)).post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 200 and response.json()["citations"], response.text
    body = response.json()
    assert (
        any("enregistrée" in n for n in body["notices"])
        and REGISTRY.get_sample_value("navigator_record_save_failures_total") == failures + 1
    )
    assert (tmp_path / "spool" / f"{body['answer_id']}.json").exists()
    # Once the database is writable again, the spooled record lands in it.
    writable = RecordSpool(f"sqlite:///{path}", tmp_path / "spool")
    assert writable.retry_pending(force=True) == 1 and writable.pending() == 0
    assert get_store(f"sqlite:///{path}").get_answer(body["answer_id"]).question == QUESTION


def test_locked_database_answer_is_returned_then_recorded(built_settings, tmp_path):
    path = _new_db(tmp_path)
    # SQLite waits for a lock up to its busy timeout (5 s by default, for each write of the answer) before giving up
    settings = _settings(built_settings, tmp_path, f"sqlite:///{path}?timeout=0.2")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # an analyst's query or a backup holding the write lock
    try:
        first = ask(settings, QUESTION)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert first.citations and first.answer_id
    second = ask(settings, QUESTION)
    store = get_store(f"sqlite:///{path}")
    assert store.get_answer(first.answer_id).answer == first.answer, "the spooled record was saved on the next write"
    assert store.get_answer(second.answer_id)


def test_cli_ask_on_a_read_only_database_exits_0(built_settings, tmp_path):
    path = _new_db(tmp_path)
    env = {
        **os.environ,
        "NAVIGATOR_DATA_DIR": str(built_settings.data_dir),
        "NAVIGATOR_CORPUS_DIR": str(built_settings.corpus_dir),
        "NAVIGATOR_DATABASE_URL": f"sqlite:///file:{path}?mode=ro&uri=true",
        "NAVIGATOR_RECORDS_SPOOL_DIR": str(tmp_path / "spool"),
    }
    result = subprocess.run([str(NAVIGATOR), "ask", QUESTION], env=env, capture_output=True, timeout=120)
    assert result.returncode == 0 and b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    assert len(list((tmp_path / "spool").glob("*.json"))) == 1


def test_unwritable_spool_falls_back_to_a_bounded_memory_queue(tmp_path):
    from app.schemas.answers import AnswerRecord

    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    spool = RecordSpool(f"sqlite:///file:{_new_db(tmp_path)}?mode=ro&uri=true", blocked / "spool", max_memory=2)
    records = [AnswerRecord.model_construct(answer_id=f"a{i}") for i in range(3)]
    for record in records:
        spool._keep(record)
    assert [r.answer_id for r in spool.memory] == ["a1", "a2"] and spool.pending() == 2


@pytest.fixture
def tiny_filesystem(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("a size-limited filesystem needs root (mount -t tmpfs)")
    mount = tmp_path / "tiny"
    mount.mkdir()
    if (
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], capture_output=True).returncode
        != 0
    ):
        pytest.skip("tmpfs cannot be mounted here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_database_disk_still_answers_then_recovers(built_settings, tmp_path, tiny_filesystem):
    path = tiny_filesystem / "records.sqlite"
    get_store(f"sqlite:///{path}")
    filler = tiny_filesystem / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)  # fill the disk to the last block
    try:
        while True:
            os.write(fd, b"\0" * 1024)
    except OSError:
        pass
    finally:
        os.close(fd)
    settings = _settings(built_settings, tmp_path, f"sqlite:///{path}")
    answers = [ask(settings, QUESTION) for _ in range(3)]
    assert all(a.citations for a in answers)
    assert any("enregistrée" in n for a in answers for n in a.notices), "at least one save hit the full disk"
    filler.unlink()
    later = ask(settings, QUESTION)
    store = get_store(f"sqlite:///{path}")
    for answer in answers + [later]:
        assert store.get_answer(answer.answer_id).answer_id == answer.answer_id
