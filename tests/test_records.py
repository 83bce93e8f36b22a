"""Stored records: redaction before storage, one copy of the question per row, retention and erasure."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from app.records.store import RecordStore, UnknownConversation, retention_cutoff
from app.schemas.answers import AnswerRecord

PERSONAL = "Marie, marie.test@example.org, 06 12 34 56 78, NIR 2 84 12 75 123 456 87 : faut-il un hébergeur HDS ?"


@pytest.fixture
def store(tmp_path) -> RecordStore:
    return RecordStore(f"sqlite:///{tmp_path / 'records.sqlite'}")


def make_record(conversation_id: str = "conv-0001", question: str = PERSONAL, age_days: int = 0, **extra) -> AnswerRecord:
    return AnswerRecord(
        answer_id=uuid.uuid4().hex, conversation_id=conversation_id,
        created_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=age_days),
        question=question, standalone_query=question, answer="Oui [1].", mode="extractive", refused=False, **extra,
    )


def raw_rows(store: RecordStore) -> list[str]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("select question, standalone_query, record from answers")).all()
    return ["\t".join(r) for r in rows]


def test_personal_data_is_never_written(store):
    returned = store.save_answer(make_record())
    row = raw_rows(store)[0]
    for secret in ("marie.test@example.org", "06 12 34 56 78", "2 84 12 75 123 456 87"):
        assert secret not in row
    assert returned.question == store.get_answer(returned.answer_id).question
    assert "[e-mail masqué]" in returned.question and "HDS" in returned.question


def test_the_question_is_stored_once_per_row(store):
    record = store.save_answer(make_record(question="Quelle classe pour un logiciel de diagnostic ?"))
    row = raw_rows(store)[0]
    assert row.count("Quelle classe pour un logiciel") == 2  # the question column and the standalone-query column
    assert store.history(record.conversation_id)[0].standalone_query == record.standalone_query


def test_feedback_comment_is_redacted(store):
    record = store.save_answer(make_record())
    store.add_feedback(record.answer_id, -1, "rappelez-moi au 07 98 76 54 32")
    assert store.feedback_for(record.answer_id)[0]["comment"] == "rappelez-moi au [téléphone masqué]"


def test_prune_erases_old_records_and_their_feedback(store):
    old = store.save_answer(make_record(age_days=40))
    new = store.save_answer(make_record(age_days=1))
    store.add_feedback(old.answer_id, 1, None)
    store.add_feedback(new.answer_id, 1, None)
    cutoff = retention_cutoff(30)
    assert store.prune(cutoff, dry_run=True) == {"answers": 1, "feedback": 1}
    assert len(raw_rows(store)) == 2, "a dry run erases nothing"
    assert store.prune(cutoff) == {"answers": 1, "feedback": 1}
    assert [r.answer_id for r in store.history("conv-0001")] == [new.answer_id]
    assert store.feedback_for(old.answer_id) == [] and len(store.feedback_for(new.answer_id)) == 1


def test_delete_conversation_erases_its_answers_and_feedback(store):
    mine = store.save_answer(make_record("conv-mine-01"))
    other = store.save_answer(make_record("conv-other-1"))
    store.add_feedback(mine.answer_id, -1, "faux")
    assert store.delete_conversation("conv-mine-01") == 1
    assert store.history("conv-mine-01") == [] and store.feedback_for(mine.answer_id) == []
    assert store.history("conv-other-1")[0].answer_id == other.answer_id
    with pytest.raises(UnknownConversation):
        store.delete_conversation("conv-mine-01")  # deleting twice is an error, erases nothing more


def test_records_cli_prune_and_delete(tmp_path, monkeypatch):
    from app.cli import app
    from app.records.store import get_store
    from app.settings import get_settings

    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        store = get_store(get_settings().resolved_database_url)
        store.save_answer(make_record("conv-cli-old", age_days=10))
        store.save_answer(make_record("conv-cli-new"))
        runner = CliRunner()
        assert runner.invoke(app, ["records", "prune"]).exit_code == 2, "no retention configured: refuse"
        monkeypatch.setenv("NAVIGATOR_RECORDS_RETENTION_DAYS", "5")
        get_settings.cache_clear()
        result = runner.invoke(app, ["records", "prune"])
        assert result.exit_code == 0 and "erased 1 answers" in result.output
        assert runner.invoke(app, ["records", "delete", "conv-cli-new"]).exit_code == 0
        assert store.history("conv-cli-new") == []
        assert runner.invoke(app, ["records", "delete", "conv-cli-new"]).exit_code == 2
    finally:
        get_settings.cache_clear()
