"""The database schema, one SQLAlchemy `MetaData` shared by the store, the review room and the migrations."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, Integer, MetaData, String, Table, Text, false, func

metadata = MetaData()

conversations = Table(
    "conversations",
    metadata,
    Column("conversation_id", String(64), primary_key=True),
    Column("owner", String(64), index=True),  # the browser (signed cookie) or "local" for the CLI
    Column("title", Text, nullable=False, server_default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

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

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("role", String(16), nullable=False),  # founder | adviser | admin
    Column("password_hash", Text, nullable=False),
    Column("disabled", Boolean, nullable=False, server_default=false()),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_login_at", DateTime(timezone=True)),
)

# Append-only: the migrations add triggers that refuse UPDATE and DELETE on this table.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(254), nullable=False),  # the account's e-mail
    Column("role", String(16), nullable=False),
    Column("action", String(64), nullable=False),  # e.g. login, review.open, verdict.save, conversation.erase
    Column("target", String(128)),  # e.g. answer:<id>, conversation:<id>, user:<email>
    Column("detail", Text),
)
