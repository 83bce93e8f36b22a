"""The startup profile: one per conversation (and per account later), every field with its value, origin and date.

Checkers read the profile, never the conversation: a value extracted from the chat is only used once the founder
has confirmed it, and each stored checker result remembers the fields (and their dates) it used, so it is marked
stale as soon as one of them changes. Stored with SQLAlchemy in its own tables and metadata (`startup_profiles`,
`checker_results`), apart from the answer records, so either side can migrate without the other.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Column, DateTime, MetaData, String, Table, Text, create_engine, select
from sqlalchemy.engine import Engine

from app.checkers.engine import Evaluation

FieldSource = Literal["asked", "extracted", "confirmed", "adviser"]
metadata = MetaData()

profiles = Table(
    "startup_profiles",
    metadata,
    Column("scope_key", String(160), primary_key=True),  # "conversation:<id>" or "account:<id>"
    Column("fields", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

results = Table(
    "checker_results",
    metadata,
    Column("scope_key", String(160), primary_key=True),
    Column("checker", String(64), primary_key=True),
    Column("used", Text, nullable=False),  # {field: date of the value used}
    Column("result", Text, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
)


class ProfileField(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Any
    source: FieldSource = "asked"
    date: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.timezone.utc))


class StartupProfile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scope_key: str = ""
    fields: dict[str, ProfileField] = Field(default_factory=dict)
    updated_at: dt.datetime | None = None

    def answers(self) -> dict[str, Any]:
        """What checkers may use: every field except extracted values the founder has not confirmed yet."""
        return {k: f.value for k, f in self.fields.items() if f.source != "extracted"}

    def to_confirm(self) -> list[str]:
        return sorted(k for k, f in self.fields.items() if f.source == "extracted")

    def merge(self, updates: dict[str, ProfileField]) -> "StartupProfile":
        """A new profile with `updates` applied; a field whose value and source do not change keeps its date."""
        fields = dict(self.fields)
        for key, new in updates.items():
            old = fields.get(key)
            if old is not None and old.value == new.value and old.source == new.source:
                continue
            fields[key] = new
        return StartupProfile(scope_key=self.scope_key, fields=fields, updated_at=dt.datetime.now(dt.timezone.utc))


class StoredResult(BaseModel):
    checker: str
    computed_at: dt.datetime
    stale: bool
    changed_fields: list[str]
    result: Evaluation


def scope_key(conversation_id: str | None = None, account_id: str | None = None) -> str:
    if account_id:
        return f"account:{account_id}"
    if conversation_id:
        return f"conversation:{conversation_id}"
    raise ValueError("a profile belongs to a conversation or an account")


class ProfileStore:
    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, pool_pre_ping=True)
        metadata.create_all(self.engine)
        self._lock = threading.Lock()

    def get(self, key: str) -> StartupProfile:
        with self.engine.connect() as conn:
            row = conn.execute(select(profiles).where(profiles.c.scope_key == key)).first()
        if row is None:
            return StartupProfile(scope_key=key)
        return StartupProfile(scope_key=key, fields=json.loads(row.fields), updated_at=row.updated_at)

    def put(self, profile: StartupProfile) -> StartupProfile:
        """Replace the stored profile in one transaction (nothing half-stored)."""
        data = json.dumps({k: f.model_dump(mode="json") for k, f in profile.fields.items()}, ensure_ascii=False)
        now = profile.updated_at or dt.datetime.now(dt.timezone.utc)
        with self._lock, self.engine.begin() as conn:
            conn.execute(profiles.delete().where(profiles.c.scope_key == profile.scope_key))
            conn.execute(profiles.insert().values(scope_key=profile.scope_key, fields=data, updated_at=now))
        return profile.model_copy(update={"updated_at": now})

    def save_result(self, profile: StartupProfile, evaluation: Evaluation) -> None:
        used = {f: profile.fields[f].date.isoformat() for f in evaluation.used_fields if f in profile.fields}
        with self._lock, self.engine.begin() as conn:
            conn.execute(results.delete().where((results.c.scope_key == profile.scope_key)
                                                & (results.c.checker == evaluation.checker)))
            conn.execute(results.insert().values(
                scope_key=profile.scope_key, checker=evaluation.checker, used=json.dumps(used),
                result=evaluation.model_dump_json(), computed_at=dt.datetime.now(dt.timezone.utc)))

    def results(self, profile: StartupProfile) -> list[StoredResult]:
        """Stored results, each marked stale when a field it used changed (or disappeared) since."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(results).where(results.c.scope_key == profile.scope_key)).all()
        out = []
        for row in rows:
            used = json.loads(row.used)
            changed = sorted(f for f, date in used.items()
                             if f not in profile.fields or profile.fields[f].date.isoformat() != date)
            evaluation = Evaluation.model_validate_json(row.result)
            # a field the result did not use but now answered can also change it: new answers make it stale too
            new = sorted(f for f in profile.answers() if f not in used
                         and any(m.question == f for m in evaluation.missing))
            out.append(StoredResult(checker=row.checker, computed_at=row.computed_at, stale=bool(changed or new),
                                    changed_fields=changed + new, result=evaluation))
        return sorted(out, key=lambda r: r.checker)


@lru_cache(maxsize=4)
def get_profile_store(url: str) -> ProfileStore:
    return ProfileStore(url)
