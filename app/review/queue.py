"""The review queue: stored answers with their review status, filters, and the short lock an adviser takes on open.

An adviser who opens an item holds it for `NAVIGATOR_REVIEW_LOCK_MINUTES`; the lock is taken with one conditional
UPDATE, so two advisers opening at once cannot both get it, on SQLite as on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import overload

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from app.records.tables import answers, feedback, handoffs, reviews, verdicts
from app.review import ReviewConflict
from app.schemas.review import Lock, QueueFilters, QueueItem


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@overload
def aware(value: dt.datetime) -> dt.datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives naive datetimes back; every time we store is UTC."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


def _status():
    return func.coalesce(reviews.c.status, "new")


def queue(engine: Engine, filters: QueueFilters) -> list[QueueItem]:
    thumbs_down = (
        select(func.count())
        .select_from(feedback)
        .where(feedback.c.answer_id == answers.c.answer_id, feedback.c.rating < 0)
        .scalar_subquery()
    )
    handoff_count = (
        select(func.count()).select_from(handoffs).where(handoffs.c.answer_id == answers.c.answer_id).scalar_subquery()
    )
    query = (
        select(
            answers.c.answer_id,
            answers.c.created_at,
            answers.c.question,
            answers.c.mode,
            answers.c.refused,
            answers.c.flagged,
            answers.c.domains,
            _status().label("status"),
            func.coalesce(reviews.c.version, 0).label("version"),
            reviews.c.locked_by,
            reviews.c.locked_until,
            thumbs_down.label("thumbs_down"),
            handoff_count.label("handoffs"),
        )
        .select_from(answers.outerjoin(reviews, reviews.c.answer_id == answers.c.answer_id))
        .order_by(handoff_count.desc(), answers.c.created_at.desc())
        .limit(filters.limit)
        .offset(filters.offset)
    )
    if filters.status:
        query = query.where(_status() == filters.status)
    if filters.domain:
        query = query.where(answers.c.domains.like(f"%,{filters.domain},%"))
    if filters.mode:
        query = query.where(answers.c.mode == filters.mode)
    if filters.thumbs_down:
        query = query.where(thumbs_down > 0)
    if filters.flagged:
        query = query.where(answers.c.flagged.is_(True))
    if filters.handoff:
        query = query.where(handoff_count > 0)
    if filters.since:
        query = query.where(answers.c.created_at >= dt.datetime.combine(filters.since, dt.time(), dt.UTC))
    if filters.until:
        query = query.where(
            answers.c.created_at < dt.datetime.combine(filters.until + dt.timedelta(days=1), dt.time(), dt.UTC)
        )
    with engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    moment = now()
    return [
        QueueItem(
            **{
                **dict(r),
                "domains": [d for d in (r["domains"] or "").split(",") if d],
                "locked_by": r["locked_by"] if r["locked_until"] and aware(r["locked_until"]) > moment else None,
            }
        )
        for r in rows
    ]


def review_row(conn: Connection, answer_id: str) -> dict | None:
    row = conn.execute(select(reviews).where(reviews.c.answer_id == answer_id)).mappings().first()
    return None if row is None else {**dict(row), "locked_until": aware(row["locked_until"])}


def take_lock(engine: Engine, answer_id: str, adviser: str, minutes: int) -> Lock:
    """Hold the item for `minutes`; ReviewConflict if another adviser holds it."""
    moment = now()
    until = moment + dt.timedelta(minutes=minutes)
    try:
        with engine.begin() as conn:
            if review_row(conn, answer_id) is None:
                conn.execute(insert(reviews).values(answer_id=answer_id, status="new", version=0, updated_at=moment))
    except IntegrityError:
        pass  # another adviser created it a moment ago: the conditional update below decides
    with engine.begin() as conn:
        free = or_(reviews.c.locked_by.is_(None), reviews.c.locked_by == adviser, reviews.c.locked_until < moment)
        taken = conn.execute(
            update(reviews)
            .where(and_(reviews.c.answer_id == answer_id, free))
            .values(locked_by=adviser, locked_until=until)
        ).rowcount
        row = review_row(conn, answer_id)
        assert row is not None  # created above, and reviews are never deleted while an answer exists
        if not taken:
            raise ReviewConflict(f"{row['locked_by']} is reviewing this answer until {row['locked_until']:%H:%M} UTC")
        if row["status"] == "new":
            conn.execute(
                update(reviews).where(reviews.c.answer_id == answer_id).values(status="in_review", updated_at=moment)
            )
    return Lock(answer_id=answer_id, locked_by=adviser, locked_until=until, version=row["version"])


def release_lock(conn: Connection, answer_id: str) -> None:
    conn.execute(update(reviews).where(reviews.c.answer_id == answer_id).values(locked_by=None, locked_until=None))


def verdict_history(engine: Engine, answer_id: str) -> list[dict]:
    with engine.connect() as conn:
        rows = (
            conn.execute(select(verdicts).where(verdicts.c.answer_id == answer_id).order_by(verdicts.c.version))
            .mappings()
            .all()
        )
    return [
        {
            "version": r["version"],
            "author": r["author"],
            "created_at": aware(r["created_at"]),
            "status": r["status"],
            **json.loads(r["body"]),
        }
        for r in rows
    ]


def latest_verdicts(engine: Engine, answer_ids: list[str]) -> dict[str, dict]:
    """For the founder's view: the current verdict status and note of each reviewed answer."""
    if not answer_ids:
        return {}
    query = (
        select(reviews.c.answer_id, reviews.c.status, verdicts.c.body)
        .join(verdicts, and_(verdicts.c.answer_id == reviews.c.answer_id, verdicts.c.version == reviews.c.version))
        .where(reviews.c.answer_id.in_(answer_ids), reviews.c.status.in_(("validated", "corrected", "rejected")))
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    return {r[0]: {"adviser_status": r[1], "adviser_note": json.loads(r[2]).get("note")} for r in rows}
