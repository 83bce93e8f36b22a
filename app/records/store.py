"""Answer records, conversations and feedback, through SQLAlchemy: SQLite by default, PostgreSQL when configured
(`NAVIGATOR_DATABASE_URL=postgresql+psycopg://…`), so several stateless API workers can share them."""

from __future__ import annotations

import datetime as dt
import threading
from functools import lru_cache

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text, create_engine, func, insert, select
from sqlalchemy.engine import Engine

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
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        metadata.create_all(self.engine)
        self._lock = threading.Lock()

    def save_answer(self, record: AnswerRecord) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(answers).values(
                    answer_id=record.answer_id,
                    conversation_id=record.conversation_id,
                    created_at=record.created_at,
                    question=record.question,
                    standalone_query=record.standalone_query,
                    record=record.model_dump_json(),
                )
            )

    def get_answer(self, answer_id: str) -> AnswerRecord:
        with self.engine.connect() as conn:
            row = conn.execute(select(answers.c.record).where(answers.c.answer_id == answer_id)).first()
        if row is None:
            raise UnknownAnswer(f"unknown answer id '{answer_id}'")
        return AnswerRecord.model_validate_json(row[0])

    def history(self, conversation_id: str, limit: int = 6) -> list[AnswerRecord]:
        """The conversation's last turns, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(answers.c.record)
                .where(answers.c.conversation_id == conversation_id)
                .order_by(answers.c.created_at.desc())
                .limit(limit)
            ).all()
        return [AnswerRecord.model_validate_json(r[0]) for r in reversed(rows)]

    def add_feedback(self, answer_id: str, rating: int, comment: str | None) -> int:
        self.get_answer(answer_id)  # unknown ids are an error, not silent rows
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(feedback).values(answer_id=answer_id, rating=rating, comment=comment, created_at=dt.datetime.now(dt.timezone.utc))
            )
            return int(result.inserted_primary_key[0])

    def feedback_for(self, answer_id: str) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(feedback).where(feedback.c.answer_id == answer_id).order_by(feedback.c.id)).mappings().all()
        return [dict(r) for r in rows]


@lru_cache(maxsize=8)
def get_store(url: str) -> RecordStore:
    return RecordStore(url)
