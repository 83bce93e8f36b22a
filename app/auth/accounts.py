"""Accounts of advisers and admins (and founders who want one), and the append-only audit log of their actions."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from app.auth.passwords import hash_password, verify_password
from app.records.tables import audit_log, users

Role = Literal["founder", "adviser", "admin"]
ROLES: tuple[str, ...] = ("founder", "adviser", "admin")
RANK = {"founder": 0, "adviser": 1, "admin": 2}  # an admin may do what an adviser may


class AccountError(ValueError):
    pass


@dataclass(frozen=True)
class User:
    id: int
    email: str
    role: str
    disabled: bool

    def has_role(self, role: str) -> bool:
        return not self.disabled and RANK.get(self.role, -1) >= RANK[role]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _normal(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or len(email) > 254 or email.startswith("@") or email.endswith("@"):
        raise AccountError(f"not an e-mail address: '{email}'")
    return email


class Accounts:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, email: str, role: str, password: str) -> User:
        if role not in ROLES:
            raise AccountError(f"unknown role '{role}' (one of {', '.join(ROLES)})")
        email = _normal(email)
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    insert(users).values(
                        email=email, role=role, password_hash=hash_password(password), created_at=_now()
                    )
                )
        except IntegrityError:
            raise AccountError(f"an account '{email}' already exists") from None
        return self.get(email)

    def get(self, email: str) -> User:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.email == email.strip().lower())).mappings().first()
        if row is None:
            raise AccountError(f"no account '{email}'")
        return User(row["id"], row["email"], row["role"], bool(row["disabled"]))

    def by_id(self, user_id: int) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
        return None if row is None else User(row["id"], row["email"], row["role"], bool(row["disabled"]))

    def list(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(
                    users.c.email, users.c.role, users.c.disabled, users.c.created_at, users.c.last_login_at
                ).order_by(users.c.email)
            )
            return [dict(r) for r in rows.mappings().all()]

    def disable(self, email: str) -> User:
        user = self.get(email)
        with self.engine.begin() as conn:
            conn.execute(update(users).where(users.c.id == user.id).values(disabled=True))
        return self.get(email)

    def authenticate(self, email: str, password: str) -> User | None:
        """The active account with this password, or None (unknown, wrong password and disabled look the same)."""
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.email == email.strip().lower())).mappings().first()
        if not verify_password(password, row["password_hash"] if row else None) or row is None or row["disabled"]:
            return None
        with self.engine.begin() as conn:
            conn.execute(update(users).where(users.c.id == row["id"]).values(last_login_at=_now()))
        return User(row["id"], row["email"], row["role"], False)

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(users)).scalar_one()


class AuditLog:
    """Who did what, when, on which record. Rows are only ever inserted (the database refuses updates and deletes)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, actor: User | str, action: str, target: str | None = None, detail: dict | None = None) -> None:
        email, role = (actor.email, actor.role) if isinstance(actor, User) else (actor, "system")
        with self.engine.begin() as conn:
            conn.execute(
                insert(audit_log).values(
                    at=_now(),
                    actor=email,
                    role=role,
                    action=action,
                    target=target,
                    detail=json.dumps(detail, ensure_ascii=False) if detail else None,
                )
            )

    def entries(self, limit: int = 200, actor: str | None = None, action: str | None = None) -> list[dict]:
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if actor:
            query = query.where(audit_log.c.actor == actor.strip().lower())
        if action:
            query = query.where(audit_log.c.action == action)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [{**dict(r), "detail": json.loads(r["detail"]) if r["detail"] else None} for r in rows]
