"""Stored records: redaction before storage, one copy of the question per row, retention, erasure, migrations.

Run against SQLite and, when NAVIGATOR_TEST_POSTGRES_URL is set, against PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from app.records.store import RecordStore, UnknownConversation, retention_cutoff
from app.schemas.answers import AnswerRecord

PERSONAL = "Marie, marie.test@example.org, 06 12 34 56 78, NIR 2 84 12 75 123 456 87 : faut-il un hébergeur HDS ?"


@pytest.fixture
def store(db_url) -> RecordStore:
    store = RecordStore(db_url)
    yield store
    store.engine.dispose()


def make_record(
    conversation_id: str = "conv-0001", question: str = PERSONAL, age_days: int = 0, **extra
) -> AnswerRecord:
    return AnswerRecord(
        answer_id=uuid.uuid4().hex,
        conversation_id=conversation_id,
        created_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=age_days),
        question=question,
        standalone_query=question,
        answer="Oui [1].",
        mode="extractive",
        refused=False,
        **extra,
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


def test_migrations_build_exactly_the_declared_schema(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from app.records.migrations import current
    from app.records.tables import metadata

    assert current(store.engine) == _head()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == [], diff


def test_a_database_from_before_migrations_is_adopted(tmp_path):
    from sqlalchemy import create_engine

    from app.records.migrations import current

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = create_engine(url)
    with old.begin() as conn:  # the tables as the first version created them, without Alembic
        conn.execute(
            text(
                "CREATE TABLE answers (answer_id VARCHAR(64) PRIMARY KEY, conversation_id VARCHAR(64) NOT NULL, "
                "created_at DATETIME NOT NULL, question TEXT NOT NULL, standalone_query TEXT NOT NULL, record TEXT NOT NULL)"
            )
        )
        conn.execute(
            text(
                "CREATE TABLE feedback (id INTEGER PRIMARY KEY, answer_id VARCHAR(64) NOT NULL, rating INTEGER NOT NULL, "
                "comment TEXT, created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text("INSERT INTO answers VALUES ('a1', 'c1', '2026-01-01 00:00:00', 'q', 'q', :record)"),
            {
                "record": '{"answer_id": "a1", "conversation_id": "c1", "created_at": "2026-01-01T00:00:00Z", "question": "q", '
                '"standalone_query": "q", "answer": "", "mode": "extractive", "refused": true}'
            },
        )
        conn.execute(
            text("INSERT INTO feedback (answer_id, rating, comment) VALUES ('a1', -1, 'rappel au 06 12 34 56 78')")
        )
        conn.execute(
            text("INSERT INTO answers VALUES ('a2', 'c2', '2026-01-01 00:00:00', :q, :q, :record)"),
            {
                "q": PERSONAL,
                "record": json.dumps(
                    {
                        "answer_id": "a2",
                        "conversation_id": "c2",
                        "created_at": "2026-01-01T00:00:00Z",
                        "question": PERSONAL,
                        "standalone_query": PERSONAL,
                        "answer": "",
                        "mode": "extractive",
                        "refused": True,
                    }
                ),
            },
        )
    store = RecordStore(url)
    assert current(store.engine) == _head() and store.get_answer("a1").question == "q"
    rows = "\n".join(raw_rows(store))
    assert "marie.test@example.org" not in rows and "2 84 12 75 123 456 87" not in rows, (
        "rows from before redaction are redacted"
    )
    assert rows.count("faut-il un hébergeur HDS") == 2, "and their question is kept once per row (two columns)"
    assert store.feedback_for("a1")[0]["comment"] == "rappel au [téléphone masqué]"
    assert store.delete_conversation("c1") == 1, "an admin can erase a conversation from before owners existed"


def _head() -> str:
    from alembic.script import ScriptDirectory

    from app.records.migrations import alembic_config

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_the_sqlite_file_is_private(tmp_path):
    RecordStore(f"sqlite:///{tmp_path / 'private.sqlite'}")
    assert (tmp_path / "private.sqlite").stat().st_mode & 0o077 == 0


def test_a_new_conversation_opens_without_reading_a_history_it_cannot_have(db_url, tmp_path):
    """A first question costs one statement less; continuing a conversation still reads its turns."""
    from sqlalchemy import event

    from app.records.spool import open_conversation, save_record
    from app.records.store import get_store
    from app.settings import Settings

    settings = Settings(_env_file=None, data_dir=tmp_path, database_url=db_url)
    statements: list[str] = []
    engine = get_store(db_url).engine
    listener = lambda conn, cursor, statement, *args: statements.append(statement.lower())  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        conversation_id, history = open_conversation(settings, None, "b-owner", "Faut-il un hébergeur HDS ?")
        assert history == [] and get_store(db_url).conversation(conversation_id, "b-owner")["owner"] == "b-owner"
        assert not [s for s in statements if s.lstrip().startswith("select") and "from answers" in s]

        save_record(settings, make_record(conversation_id, question="Faut-il un hébergeur HDS ?"))
        statements.clear()
        again, history = open_conversation(settings, conversation_id, "b-owner", "et pour la sauvegarde ?")
        assert again == conversation_id and [r.question for r in history] == ["Faut-il un hébergeur HDS ?"]
        assert [s for s in statements if s.lstrip().startswith("select") and "from answers" in s]
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def test_a_sqlite_records_database_writes_ahead_to_a_log(tmp_path):
    """One log append and one sync per commit instead of a journal file created, synced and deleted."""
    store = RecordStore(f"sqlite:///{tmp_path / 'wal.sqlite'}")
    store.open_conversation(None, "b-owner", "Faut-il un hébergeur HDS ?")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL: a commit survives a power cut
    store.engine.dispose()


def test_stores_opened_at_once_by_several_threads_all_migrate(tmp_path):
    """A worker's first concurrent requests each open the store: Alembic's module-level state allows one at a time."""
    from concurrent.futures import ThreadPoolExecutor

    from app.records.migrations import current

    urls = [f"sqlite:///{tmp_path / f'at-once-{i}.sqlite'}" for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        stores = list(pool.map(RecordStore, urls))
    assert all(current(store.engine) == _head() for store in stores)
    for store in stores:
        store.engine.dispose()
