"""Alembic environment: runs on the application's connection when given one, else on the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from app.records.tables import metadata

config = context.config


def _run(connection) -> None:
    if connection.dialect.name == "postgresql":
        # Several workers may start at once: one migrates, the others wait (released at commit).
        connection.execute(text("SELECT pg_advisory_xact_lock(74350001)"))
    context.configure(
        connection=connection, target_metadata=metadata, render_as_batch=connection.dialect.name == "sqlite"
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database to migrate: set sqlalchemy.url or pass a connection")
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
