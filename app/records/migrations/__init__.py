"""Alembic migrations of the records database (answers, conversations, feedback, accounts, reviews).

`upgrade(engine)` brings any database to the latest schema; the store calls it on start, so a fresh clone and an
existing deployment both end up on `head`. New revision: `alembic -c app/records/migrations/alembic.ini revision -m "…"`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent


def alembic_config() -> Config:
    config = Config(str(HERE / "alembic.ini"))
    config.set_main_option("script_location", str(HERE))
    return config


# Alembic's command API keeps per-run state in module globals (`alembic.context`, `alembic.op`): two upgrades at once
# in one process (a worker's first requests, each opening the store) break each other (KeyError: 'script').
_one_at_a_time = threading.Lock()


def upgrade(engine: Engine, revision: str = "head") -> None:
    config = alembic_config()
    with _one_at_a_time, engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
