"""Answer records, conversations and feedback, through SQLAlchemy: SQLite by default, PostgreSQL when configured
(`NAVIGATOR_DATABASE_URL=postgresql+psycopg://…`), so several stateless API workers can share them.

Privacy: free text typed by people (questions, standalone queries, titles, comments) is redacted before it is
written (`app.records.redaction`); the question and standalone query are kept once per row, in their columns, not
again inside the JSON record; SQL parameters are never echoed into error messages or logs.

Ownership: a conversation belongs to an owner (a browser's signed cookie, or "local" for the command line). Its id
is issued here, never chosen by a client, and every access checks the owner: an id alone opens nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from contextlib import suppress
from functools import lru_cache

from sqlalchemy import create_engine, delete, event, func, insert, literal, select, update
from sqlalchemy.engine import Engine

from app.records.migrations import upgrade
from app.records.redaction import redact_text
from app.records.tables import (
    answers,
    checker_results,
    conversations,
    feedback,
    handoffs,
    reviews,
    startup_profiles,
    verdicts,
)
from app.schemas.answers import AnswerRecord

LOCAL_OWNER = "local"
PROFILE_SCOPE = "conversation:"  # scope key prefix of a conversation's startup profile (app.checkers.profile)
TITLE_CHARS = 80


class UnknownAnswer(LookupError):
    pass


class UnknownConversation(LookupError):
    """Unknown, or someone else's: the two are indistinguishable on purpose."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class RecordStore:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///") and not url.startswith("sqlite:///file:"):  # URI form: SQLite opens it as given
            from pathlib import Path

            path = Path(url.removeprefix("sqlite:///"))
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():  # records hold what founders typed: readable by the service account only
                path.touch(mode=0o600)
        self.url = url
        self.engine: Engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _write_ahead_log)
        upgrade(self.engine)  # the schema is Alembic's: new and old databases both end on the latest revision

    # Conversations ---------------------------------------------------------------------------------------------

    def open_conversation(self, conversation_id: str | None, owner: str, first_question: str = "") -> str:
        """The owner's existing conversation, or a new one with a server-issued id."""
        if conversation_id:
            self.conversation(conversation_id, owner)
            return conversation_id
        new_id, now = uuid.uuid4().hex, _now()
        title = (redact_text(" ".join(first_question.split())) or "")[:TITLE_CHARS]
        with self.engine.begin() as conn:
            conn.execute(
                insert(conversations).values(
                    conversation_id=new_id, owner=owner, title=title, created_at=now, updated_at=now
                )
            )
        return new_id

    def conversation(self, conversation_id: str, owner: str | None) -> dict:
        """One conversation (`owner=None`: any owner, for admins); UnknownConversation if absent or not theirs."""
        query = select(conversations).where(conversations.c.conversation_id == conversation_id)
        if owner is not None:
            query = query.where(conversations.c.owner == owner)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise UnknownConversation(f"unknown conversation id '{conversation_id}'")
        return dict(row)

    def list_conversations(self, owner: str, limit: int = 100) -> list[dict]:
        turns = func.count(answers.c.answer_id).label("turns")
        query = (
            select(conversations, turns)
            .join(answers, answers.c.conversation_id == conversations.c.conversation_id)
            .where(conversations.c.owner == owner)
            .group_by(*conversations.c)
            .order_by(conversations.c.updated_at.desc())
            .limit(limit)
        )
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(query).mappings().all()]

    def rename_conversation(self, conversation_id: str, owner: str, title: str) -> dict:
        self.conversation(conversation_id, owner)
        with self.engine.begin() as conn:
            conn.execute(
                update(conversations)
                .where(conversations.c.conversation_id == conversation_id)
                .values(title=(redact_text(" ".join(title.split())) or "")[:TITLE_CHARS])
            )
        return self.conversation(conversation_id, owner)

    def delete_conversation(self, conversation_id: str, owner: str | None = None) -> int:
        """Erase a conversation, its answers and their feedback; returns how many answers were erased.

        `owner=None` is the admin's erasure by id. Unknown or foreign ids raise UnknownConversation."""
        with self.engine.begin() as conn:
            query = select(conversations.c.conversation_id).where(conversations.c.conversation_id == conversation_id)
            if owner is not None:
                query = query.where(conversations.c.owner == owner)
            exists = conn.execute(query).first() is not None
            # Records from before conversations had owners have answers but no conversation row.
            orphan = (
                owner is None
                and conn.execute(
                    select(answers.c.answer_id).where(answers.c.conversation_id == conversation_id)
                ).first()
            )
            if not exists and not orphan:
                raise UnknownConversation(f"unknown conversation id '{conversation_id}'")
            ids = select(answers.c.answer_id).where(answers.c.conversation_id == conversation_id)
            conn.execute(delete(feedback).where(feedback.c.answer_id.in_(ids)))
            erase_reviews(conn, ids)
            erased = conn.execute(delete(answers).where(answers.c.conversation_id == conversation_id)).rowcount
            conn.execute(delete(conversations).where(conversations.c.conversation_id == conversation_id))
            key = PROFILE_SCOPE + conversation_id  # the startup profile and checker results go with it
            conn.execute(delete(checker_results).where(checker_results.c.scope_key == key))
            conn.execute(delete(startup_profiles).where(startup_profiles.c.scope_key == key))
        return erased

    def touch_conversation(self, conversation_id: str) -> None:
        """Mark the conversation as used now (a profile edit counts), so retention dates from its last use."""
        with self.engine.begin() as conn:
            conn.execute(
                update(conversations)
                .where(conversations.c.conversation_id == conversation_id)
                .values(updated_at=_now())
            )

    # Answers ---------------------------------------------------------------------------------------------------

    def save_answer(self, record: AnswerRecord, domains: list[str] | None = None) -> AnswerRecord:
        """Store the redacted record and return it: what is kept is exactly what the caller may show as stored.

        `domains` (of the passages the answer rests on) feed the review queue's domain filter."""
        record = redacted_record(record)
        flagged = bool(record.fallback_reason) or any(c.supported is False for c in record.answer_checks)
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
                    mode=record.mode,
                    refused=record.refused,
                    flagged=flagged,
                    domains="," + ",".join(sorted(set(domains or []))) + "," if domains else None,
                )
            )
            conn.execute(
                update(conversations)
                .where(conversations.c.conversation_id == record.conversation_id)
                .values(updated_at=record.created_at)
            )
        return record

    def get_answer(self, answer_id: str) -> AnswerRecord:
        with self.engine.connect() as conn:
            row = conn.execute(select(*_RECORD_COLUMNS).where(answers.c.answer_id == answer_id)).first()
        if row is None:
            raise UnknownAnswer(f"unknown answer id '{answer_id}'")
        return _to_record(row)

    def history(self, conversation_id: str, limit: int | None = 6) -> list[AnswerRecord]:
        """The conversation's last turns, oldest first (all of them with `limit=None`)."""
        query = (
            select(*_RECORD_COLUMNS)
            .where(answers.c.conversation_id == conversation_id)
            .order_by(answers.c.created_at.desc())
        )
        if limit is not None:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [_to_record(r) for r in reversed(rows)]

    # Feedback --------------------------------------------------------------------------------------------------

    def add_feedback(self, answer_id: str, rating: int, comment: str | None) -> int:
        self.get_answer(answer_id)  # unknown ids are an error, not silent rows
        with self.engine.begin() as conn:
            result = conn.execute(
                insert(feedback).values(
                    answer_id=answer_id, rating=rating, comment=redact_text(comment), created_at=_now()
                )
            )
            key = result.inserted_primary_key
            if key is None:  # every supported engine returns it for a single-row insert
                raise RuntimeError("the database did not return the new feedback id")
            return int(key[0])

    def feedback_for(self, answer_id: str) -> list[dict]:
        with self.engine.connect() as conn:
            rows = (
                conn.execute(select(feedback).where(feedback.c.answer_id == answer_id).order_by(feedback.c.id))
                .mappings()
                .all()
            )
        return [dict(r) for r in rows]

    # Retention -------------------------------------------------------------------------------------------------

    def prune(self, older_than: dt.datetime, dry_run: bool = False) -> dict[str, int]:
        """Erase answers created before `older_than` with their feedback, older feedback, and emptied conversations.

        Answers an adviser validated or corrected are kept (their question is redacted): they are served back."""
        old_ids = select(answers.c.answer_id).where(answers.c.created_at < older_than)
        old_feedback = (feedback.c.answer_id.in_(old_ids)) | (feedback.c.created_at < older_than)
        with self.engine.begin() as conn:
            counts = {
                "answers": conn.execute(
                    select(func.count())
                    .select_from(answers)
                    .where(answers.c.created_at < older_than, answers.c.answer_id.not_in(_validated_ids()))
                ).scalar_one(),
                "feedback": conn.execute(select(func.count()).select_from(feedback).where(old_feedback)).scalar_one(),
            }
            if not dry_run:
                conn.execute(delete(feedback).where(old_feedback))
                erase_reviews(conn, old_ids, keep_validated=True)
                conn.execute(
                    delete(answers).where(
                        answers.c.created_at < older_than, answers.c.answer_id.not_in(_validated_ids())
                    )
                )
                live = select(answers.c.conversation_id)
                conn.execute(
                    delete(conversations).where(
                        conversations.c.updated_at < older_than, conversations.c.conversation_id.not_in(live)
                    )
                )
                # profiles and checker results of conversations that no longer exist
                kept = select(literal(PROFILE_SCOPE) + conversations.c.conversation_id)
                for table in (checker_results, startup_profiles):
                    conn.execute(
                        delete(table).where(table.c.scope_key.like(PROFILE_SCOPE + "%"), table.c.scope_key.not_in(kept))
                    )
        return counts


def _write_ahead_log(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    """SQLite records in write-ahead-log mode: a commit appends to one log file and syncs it once, where the default
    rollback journal creates, syncs and deletes a journal file and syncs the database too (every answer commits
    twice: its conversation, then its record); readers no longer wait for a writer, so two workers block each other
    less. Still durable (synchronous stays FULL). The mode is kept in the file; a read-only database keeps its own."""
    with suppress(sqlite3.DatabaseError):  # read-only or locked: the database still serves in the mode it has
        dbapi_connection.execute("PRAGMA journal_mode=WAL")


def _validated_ids():
    return select(reviews.c.answer_id).where(reviews.c.status.in_(("validated", "corrected", "stale")))


def erase_reviews(conn, answer_ids, keep_validated: bool = False) -> None:
    """Hand-offs go with their answers; reviews and verdicts too, unless kept as validated knowledge (retention)."""
    conn.execute(delete(handoffs).where(handoffs.c.answer_id.in_(answer_ids)))
    if keep_validated:
        answer_ids = select(answers.c.answer_id).where(
            answers.c.answer_id.in_(answer_ids), answers.c.answer_id.not_in(_validated_ids())
        )
    conn.execute(delete(verdicts).where(verdicts.c.answer_id.in_(answer_ids)))
    conn.execute(delete(reviews).where(reviews.c.answer_id.in_(answer_ids)))


_RECORD_COLUMNS = (answers.c.record, answers.c.question, answers.c.standalone_query)


def _to_record(row) -> AnswerRecord:
    """The JSON record completed with the question and standalone query from their columns (kept once per row)."""
    data = json.loads(row[0])
    data.update(question=row[1], standalone_query=row[2])
    return AnswerRecord.model_validate(data)


def redacted_record(record: AnswerRecord) -> AnswerRecord:
    return record.model_copy(
        update={"question": redact_text(record.question), "standalone_query": redact_text(record.standalone_query)}
    )


def retention_cutoff(days: int, now: dt.datetime | None = None) -> dt.datetime:
    return (now or _now()) - dt.timedelta(days=days)


@lru_cache(maxsize=8)
def get_store(url: str) -> RecordStore:
    return RecordStore(url)
