"""The records database under test: SQLite always, PostgreSQL when `NAVIGATOR_TEST_POSTGRES_URL` names a server.

Each PostgreSQL test gets its own schema (dropped afterwards), so tests never see each other's rows.
`tests/conftest.py` makes `db_url` a fixture for every test module.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

POSTGRES_ENV = "NAVIGATOR_TEST_POSTGRES_URL"


def postgres_base_url() -> str | None:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        return None
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.sqlite'}"
        return
    base = postgres_base_url()
    if base is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{POSTGRES_ENV} is not set: .ci/run must start PostgreSQL for CI")
        pytest.skip(f"{POSTGRES_ENV} is not set: no PostgreSQL server to test against (the CI starts one)")
    schema = "test_" + uuid.uuid4().hex[:12]
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    from app.records.store import get_store

    get_store.cache_clear()  # release pooled connections to the schema before dropping it
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()
