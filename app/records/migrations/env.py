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
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)
