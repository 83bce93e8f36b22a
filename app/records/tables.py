"""The database schema, one SQLAlchemy `MetaData` shared by the store, the review room and the migrations."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    func,
)

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
    # Denormalised from the record for the review queue's filters.
    Column("mode", String(16)),
    Column("refused", Boolean),
    Column("flagged", Boolean),  # an unsupported sentence or a fallback to quotes
    Column("domains", String(200)),  # ",rgpd,mdr," (domains of the cited, else retrieved, passages)
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

# Review of stored answers by advisers. One row per reviewed answer (absent: status "new").
reviews = Table(
    "reviews",
    metadata,
    Column("answer_id", String(64), primary_key=True),
    Column("status", String(16), nullable=False),  # new | in_review | validated | corrected | rejected | stale
    Column("version", Integer, nullable=False, server_default="0"),  # latest verdict version
    Column("locked_by", String(254)),
    Column("locked_until", DateTime(timezone=True)),
    Column("stale_reason", Text),  # why a validated answer stopped being served (with the passage diff)
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# Verdicts are versioned: a new verdict is a new row, never an update.
verdicts = Table(
    "verdicts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("answer_id", String(64), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("author", String(254), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),  # validated | corrected | rejected
    Column(
        "body", Text, nullable=False
    ),  # JSON: sentences, citations, corrected answer and its checked citations, note
    UniqueConstraint("answer_id", "version", name="uq_verdicts_answer_version"),
)

# "Demander à un conseiller": a founder's request, with consent, and the adviser's reply.
handoffs = Table(
    "handoffs",
    metadata,
    Column("handoff_id", String(64), primary_key=True),
    Column("answer_id", String(64), nullable=False, index=True),
    Column("conversation_id", String(64), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("message", Text),  # redacted
    Column("contact_email", String(254)),  # given on purpose, with consent, to receive the reply
    Column("status", String(16), nullable=False),  # open | answered
    Column("reply", Text),
    Column("replied_by", String(254)),
    Column("replied_at", DateTime(timezone=True)),
)

# Every time a validated answer is served to a founder, against the validated answer and its verdict version.
validated_servings = Table(
    "validated_servings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("validated_answer_id", String(64), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("served_answer_id", String(64), nullable=False),
    Column("served_at", DateTime(timezone=True), nullable=False),
    Column("similarity", Float, nullable=False),
)

# The startup profile of a conversation ("conversation:<id>") or an account ("account:<user id>"): every field with
# its value, origin and date, as JSON (`app.checkers.profile`).
startup_profiles = Table(
    "startup_profiles",
    metadata,
    Column("scope_key", String(160), primary_key=True),
    Column("fields", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# The last result of each checker for a profile, with the date of every profile field it used (for staleness).
checker_results = Table(
    "checker_results",
    metadata,
    Column("scope_key", String(160), primary_key=True),
    Column("checker", String(64), primary_key=True),
    Column("used", Text, nullable=False),  # {field: date of the value used}
    Column("result", Text, nullable=False),
    Column("computed_at", DateTime(timezone=True), nullable=False),
)
