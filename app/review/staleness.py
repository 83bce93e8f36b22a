"""Re-review: a validated answer whose cited passage changed, disappeared or expired — or whose validation is older
than `NAVIGATOR_VALIDATION_MAX_AGE_DAYS` — becomes stale, stops being served and goes back to the queue with a diff
of the changed passage. Run after every ingestion (`navigator ingest` does it) and checked again before serving.
"""

from __future__ import annotations

import datetime as dt
import difflib

from sqlalchemy import update
from sqlalchemy.engine import Engine

from app.auth.accounts import AuditLog
from app.records.tables import reviews
from app.retrieve.index_reader import LoadedIndex
from app.review.passages import chunk_by_id
from app.review.queue import now
from app.review.validated import Validated, freshness_problem, validated_answers
from app.settings import Settings

MAX_DIFF_CHARS = 6000


def passage_diff(index: LoadedIndex, validated: Validated) -> str:
    parts = []
    for chunk_id, old_text in validated.cited_texts.items():
        chunk = chunk_by_id(index, chunk_id)
        new_text = chunk.text if chunk is not None else ""
        if chunk is not None and chunk.content_hash == validated.cited_hashes.get(chunk_id):
            continue
        diff = difflib.unified_diff(
            old_text.splitlines(),
            new_text.splitlines(),
            f"{chunk_id} (validé)",
            f"{chunk_id} (aujourd'hui)",
            lineterm="",
            n=1,
        )
        parts.append("\n".join(diff))
    return "\n".join(p for p in parts if p)[:MAX_DIFF_CHARS]


def stale_reason(
    settings: Settings, index: LoadedIndex, validated: Validated, today: dt.date | None = None
) -> str | None:
    problem = freshness_problem(index, validated, today)
    if problem is None:
        age = (now() - validated.verified_at).days
        if age > settings.validation_max_age_days:
            return f"validation vieille de {age} jours (au-delà de {settings.validation_max_age_days})"
        return None
    diff = passage_diff(index, validated)
    return f"{problem}\n{diff}" if diff else problem


def check_one(settings: Settings, engine: Engine, index: LoadedIndex, validated: Validated) -> str | None:
    """Mark the validated answer stale if it must be; the reason, or None when it is still good."""
    reason = stale_reason(settings, index, validated)
    if reason is None:
        return None
    with engine.begin() as conn:
        marked = conn.execute(
            update(reviews)
            .where(reviews.c.answer_id == validated.answer_id, reviews.c.status.in_(("validated", "corrected")))
            .values(status="stale", stale_reason=reason, updated_at=now())
        ).rowcount
    if marked:
        AuditLog(engine).record(
            "system",
            "review.stale",
            f"answer:{validated.answer_id}",
            {"version": validated.version, "reason": reason.split("\n")[0]},
        )
    return reason


def recheck_all(settings: Settings, engine: Engine, index: LoadedIndex) -> dict[str, str]:
    """Every validated answer checked against the current index; returns the ones that went stale, with why."""
    stale = {}
    for validated in validated_answers(engine):
        reason = check_one(settings, engine, index, validated)
        if reason is not None:
            stale[validated.answer_id] = reason
    return stale
