"""« Demander à un conseiller »: a founder shares a conversation (with consent) and an adviser replies in it."""

from __future__ import annotations

import re
import uuid

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Engine

from app.records.redaction import redact_text
from app.records.store import RecordStore
from app.records.tables import handoffs
from app.review import ReviewConflict, ReviewError
from app.review.queue import aware, now

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")


class UnknownHandoff(LookupError):
    pass


def request_handoff(
    store: RecordStore, owner: str, answer_id: str, consent: bool, email: str | None, message: str | None
) -> dict:
    """Only the conversation's owner can share it (UnknownConversation otherwise, like any foreign id)."""
    record = store.get_answer(answer_id)
    store.conversation(record.conversation_id, owner)
    if not consent:
        raise ReviewError("sharing the conversation with an adviser needs your consent (consent: true)")
    email = (email or "").strip() or None
    if email is not None and not EMAIL.match(email):
        raise ReviewError("the e-mail address is not valid")
    row = {
        "handoff_id": uuid.uuid4().hex,
        "answer_id": answer_id,
        "conversation_id": record.conversation_id,
        "created_at": now(),
        "message": redact_text((message or "").strip()) or None,
        "contact_email": email,
        "status": "open",
    }
    with store.engine.begin() as conn:
        conn.execute(insert(handoffs).values(**row))
    return {**row, "reply": None, "replied_at": None}


def _rows(engine: Engine, query) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(handoffs.c.created_at)).mappings().all()
    return [{**dict(r), "created_at": aware(r["created_at"]), "replied_at": aware(r["replied_at"])} for r in rows]


def for_conversation(engine: Engine, conversation_id: str) -> list[dict]:
    return _rows(engine, select(handoffs).where(handoffs.c.conversation_id == conversation_id))


def for_answer(engine: Engine, answer_id: str) -> list[dict]:
    return _rows(engine, select(handoffs).where(handoffs.c.answer_id == answer_id))


def open_handoffs(engine: Engine) -> list[dict]:
    return _rows(engine, select(handoffs).where(handoffs.c.status == "open"))


def reply(engine: Engine, handoff_id: str, adviser: str, text: str) -> dict:
    with engine.begin() as conn:
        row = conn.execute(select(handoffs).where(handoffs.c.handoff_id == handoff_id)).mappings().first()
        if row is None:
            raise UnknownHandoff(f"unknown hand-off id '{handoff_id}'")
        answered = conn.execute(
            update(handoffs)
            .where(handoffs.c.handoff_id == handoff_id, handoffs.c.status == "open")
            .values(status="answered", reply=text.strip(), replied_by=adviser, replied_at=now())
        ).rowcount
    if not answered:
        raise ReviewConflict("this request was already answered")
    return for_answer_one(engine, handoff_id)


def for_answer_one(engine: Engine, handoff_id: str) -> dict:
    return _rows(engine, select(handoffs).where(handoffs.c.handoff_id == handoff_id))[0]
