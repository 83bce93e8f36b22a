"""Answer records, conversations and feedback, through SQLAlchemy: SQLite by default, PostgreSQL when configured
(`NAVIGATOR_DATABASE_URL=postgresql+psycopg://…`), so several stateless API workers can share them.

Privacy: free text typed by people (questions, standalone queries, comments) is redacted before it is written
(`app.records.redaction`); the question and standalone query are kept once per row, in their columns, not again
inside the JSON record; SQL parameters are never echoed into error messages or logs."""

from __future__ import annotations

import datetime as dt
import json
import threading
from functools import lru_cache

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, delete, func, insert, select
from sqlalchemy.engine import Engine

from app.records.redaction import redact_text
from app.schemas.answers import AnswerRecord

metadata = MetaData()

answers = Table(
    "answers",
    metadata,
    Column("answer_id", String(64), primary_key=True),
    Column("conversation_id", String(64), index=True, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("question", Text, nullable=False),
    Column("standalone_query", Text, nullable=False),
    Column("record", Text, nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("answer_id", String(64), index=True, nullable=False),
    Column("rating", Integer, nullable=False),
    Column("comment", Text),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


class UnknownAnswer(LookupError):
    pass


class RecordStore:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        metadata.create_all(self.engine)
        self._lock = threading.Lock()

    def save_answer(self, record: AnswerRecord) -> AnswerRecord:
        """Store the redacted record and return it: what is kept is exactly what the caller may show as stored."""
        record = redacted_record(record)
        body = record.model_dump_json(exclude={"question", "standalone_query"})
        with self.engine.begin() as conn:
            conn.execute(
                insert(answers).values(
                    answer_id=record.answer_id,
                    conversation_id=record.conversation_id,
                    created_at=record.created_at,
                    question=record.question,
                    standalone_query=record.standalone_query,
                    record=body,
                )
            )
        return record

    def get_answer(self, answer_id: str) -> AnswerRecord:
        with self.engine.connect() as conn:
            row = conn.execute(select(*_RECORD_COLUMNS).where(answers.c.answer_id == answer_id)).first()
        if row is None:
            raise UnknownAnswer(f"unknown answer id '{answer_id}'")
        return _to_record(row)

    def history(self, conversation_id: str, limit: int = 6) -> list[AnswerRecord]:
        """The conversation's last turns, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(*_RECORD_COLUMNS)
                .where(answers.c.conversation_id == conversation_id)
                .order_by(answers.c.created_at.desc())
                .limit(limit)
            ).all()
        return [_to_record(r) for r in reversed(rows)]

    def delete_conversation(self, conversation_id: str) -> int:
        """Erase a conversation's answers and their feedback; returns how many answers were erased."""
        with self.engine.begin() as conn:
            ids = select(answers.c.answer_id).where(answers.c.conversation_id == conversation_id)
            conn.execute(delete(feedback).where(feedback.c.answer_id.in_(ids)))
            return conn.execute(delete(answers).where(answers.c.conversation_id == conversation_id)).rowcount

    def prune(self, older_than: dt.datetime, dry_run: bool = False) -> dict[str, int]:
        """Erase answers created before `older_than` with their feedback, and feedback older than that."""
        old_ids = select(answers.c.answer_id).where(answers.c.created_at < older_than)
        old_feedback = (feedback.c.answer_id.in_(old_ids)) | (feedback.c.created_at < older_than)
        with self.engine.begin() as conn:
            counts = {
                "answers": conn.execute(select(func.count()).select_from(answers).where(answers.c.created_at < older_than)).scalar_one(),
                "feedback": conn.execute(select(func.count()).select_from(feedback).where(old_feedback)).scalar_one(),
            }
            if not dry_run:
                conn.execute(delete(feedback).where(old_feedback))
                conn.execute(delete(answers).where(answers.c.created_at < older_than))
        return counts

    def add_feedback(self, answer_id: str, rating: int, comment: str | None) -> int:
        self.get_answer(answer_id)  # unknown ids are an error, not silent rows
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(feedback).values(answer_id=answer_id, rating=rating, comment=redact_text(comment), created_at=dt.datetime.now(dt.timezone.utc))
            )
            return int(result.inserted_primary_key[0])

    def feedback_for(self, answer_id: str) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(feedback).where(feedback.c.answer_id == answer_id).order_by(feedback.c.id)).mappings().all()
        return [dict(r) for r in rows]


_RECORD_COLUMNS = (answers.c.record, answers.c.question, answers.c.standalone_query)


def _to_record(row) -> AnswerRecord:
    """The JSON record completed with the question and standalone query from their columns (kept once per row)."""
    data = json.loads(row[0])
    data.update(question=row[1], standalone_query=row[2])
    return AnswerRecord.model_validate(data)


def redacted_record(record: AnswerRecord) -> AnswerRecord:
    return record.model_copy(update={"question": redact_text(record.question), "standalone_query": redact_text(record.standalone_query)})


def retention_cutoff(days: int, now: dt.datetime | None = None) -> dt.datetime:
    return (now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=days)


@lru_cache(maxsize=8)
def get_store(url: str) -> RecordStore:
    return RecordStore(url)
