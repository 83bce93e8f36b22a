"""The startup profile: one per conversation and one per account, every field with its value, origin and date.

Checkers read the profile, never the conversation: a value extracted from the chat is only used once the founder
has confirmed it, and each stored checker result remembers the fields (and their dates) it used, so it is marked
stale as soon as one of them changes. Stored in the records database (`startup_profiles`, `checker_results`,
created by the Alembic migrations like every other table), so erasing a conversation erases its profile too.

Who may set which origin is decided by the API: the founder answers (`asked`) and confirms (`confirmed`), the chat
extracts (`extracted`), only an adviser's session writes `adviser`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, insert, select, text
from sqlalchemy.engine import Connection, Engine

from app.checkers.engine import Evaluation
from app.records.redaction import redact_text
from app.records.store import PROFILE_SCOPE, get_store
from app.records.tables import checker_results as results
from app.records.tables import startup_profiles as profiles
from app.schemas.times import UtcDatetime

FieldSource = Literal["asked", "extracted", "confirmed", "adviser"]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ProfileField(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Any
    source: FieldSource = "asked"
    date: dt.datetime = Field(default_factory=_now)


class StartupProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scope_key: str = ""
    fields: dict[str, ProfileField] = Field(default_factory=dict)
    updated_at: UtcDatetime | None = None

    def answers(self) -> dict[str, Any]:
        """What checkers may use: every field except extracted values the founder has not confirmed yet."""
        return {k: f.value for k, f in self.fields.items() if f.source != "extracted"}

    def to_confirm(self) -> list[str]:
        return sorted(k for k, f in self.fields.items() if f.source == "extracted")

    def merge(self, updates: dict[str, ProfileField]) -> StartupProfile:
        """A new profile with `updates` applied.

        A field whose value and origin do not change keeps its date (its results stay fresh). An extracted value
        never replaces what the founder or an adviser set: the chat's guess does not overrule an answer."""
        fields = dict(self.fields)
        for key, new in updates.items():
            old = fields.get(key)
            if old is not None and old.value == new.value and old.source == new.source:
                continue
            if old is not None and new.source == "extracted" and old.source != "extracted":
                continue
            fields[key] = new
        return StartupProfile(scope_key=self.scope_key, fields=fields, updated_at=_now())


class StoredResult(BaseModel):
    checker: str
    computed_at: UtcDatetime
    stale: bool
    changed_fields: list[str]
    result: Evaluation


def scope_key(conversation_id: str | None = None, account_id: int | str | None = None) -> str:
    if account_id is not None:
        return f"account:{account_id}"
    if conversation_id:
        return PROFILE_SCOPE + conversation_id
    raise ValueError("a profile belongs to a conversation or an account")


class ProfileStore:
    """Profiles and checker results on the records database's engine (whose schema the migrations manage)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, key: str) -> StartupProfile:
        with self.engine.connect() as conn:
            return _read(conn, key)

    def update(
        self, key: str, updates: dict[str, ProfileField], check: Callable[[dict[str, Any]], object]
    ) -> StartupProfile:
        """Merge `updates`, let `check` refuse the merged values as a whole (it raises), then store them, all in one
        transaction: a refused update stores nothing, and on PostgreSQL two workers updating the same profile
        take turns (a transaction-scoped advisory lock on the key) instead of losing one of the updates."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(74350002, hashtext(:key))"), {"key": key})
            merged = _read(conn, key).merge(updates)
            check({k: f.value for k, f in merged.fields.items()})
            return _write(conn, merged)

    def put(self, profile: StartupProfile) -> StartupProfile:
        """Replace the stored profile in one transaction (nothing half-stored)."""
        with self.engine.begin() as conn:
            return _write(conn, profile)

    def save_result(self, profile: StartupProfile, evaluation: Evaluation) -> None:
        used = {f: profile.fields[f].date.isoformat() for f in evaluation.used_fields if f in profile.fields}
        with self.engine.begin() as conn:
            conn.execute(
                delete(results).where(
                    (results.c.scope_key == profile.scope_key) & (results.c.checker == evaluation.checker)
                )
            )
            conn.execute(
                insert(results).values(
                    scope_key=profile.scope_key,
                    checker=evaluation.checker,
                    used=json.dumps(used),
                    result=evaluation.model_dump_json(),
                    computed_at=_now(),
                )
            )

    def results(self, profile: StartupProfile) -> list[StoredResult]:
        """Stored results, each marked stale when a field it used changed (or disappeared) since."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(results).where(results.c.scope_key == profile.scope_key)).all()
        out = []
        for row in rows:
            used = json.loads(row.used)
            changed = sorted(
                f for f, date in used.items() if f not in profile.fields or profile.fields[f].date.isoformat() != date
            )
            evaluation = Evaluation.model_validate_json(row.result)
            # a field the result did not use but now answered can also change it: new answers make it stale too
            new = sorted(
                f for f in profile.answers() if f not in used and any(m.question == f for m in evaluation.missing)
            )
            out.append(
                StoredResult(
                    checker=row.checker,
                    computed_at=row.computed_at,
                    stale=bool(changed or new),
                    changed_fields=changed + new,
                    result=evaluation,
                )
            )
        return sorted(out, key=lambda r: r.checker)


def _read(conn: Connection, key: str) -> StartupProfile:
    row = conn.execute(select(profiles).where(profiles.c.scope_key == key)).first()
    if row is None:
        return StartupProfile(scope_key=key)
    return StartupProfile(scope_key=key, fields=json.loads(row.fields), updated_at=row.updated_at)


def _write(conn: Connection, profile: StartupProfile) -> StartupProfile:
    """Free texts typed by people are redacted first, like answer records (e-mails, phone numbers, NIR, IBAN)."""
    profile = profile.model_copy(update={"fields": {k: _redacted(k, f) for k, f in profile.fields.items()}})
    data = json.dumps({k: f.model_dump(mode="json") for k, f in profile.fields.items()}, ensure_ascii=False)
    now = profile.updated_at or _now()
    conn.execute(delete(profiles).where(profiles.c.scope_key == profile.scope_key))
    conn.execute(insert(profiles).values(scope_key=profile.scope_key, fields=data, updated_at=now))
    return profile.model_copy(update={"updated_at": now})


def _redacted(key: str, field: ProfileField) -> ProfileField:
    from app.checkers.service import LIST_FIELDS, TEXT_FIELDS

    if key not in TEXT_FIELDS | LIST_FIELDS:
        return field
    value = field.value
    if isinstance(value, str):
        value = redact_text(value)
    elif isinstance(value, list):
        value = [redact_text(v) if isinstance(v, str) else v for v in value]
    return field if value == field.value else field.model_copy(update={"value": value})


def get_profile_store(url: str) -> ProfileStore:
    return ProfileStore(get_store(url).engine)
