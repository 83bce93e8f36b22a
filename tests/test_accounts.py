"""Accounts, sessions, roles, CSRF, login rate limit, audit log (storage tests on SQLite and PostgreSQL)."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from app.api.main import create_app
from app.auth.accounts import AccountError, Accounts, AuditLog
from app.auth.passwords import WeakPassword
from app.auth.sessions import CSRF_HEADER, SESSION_COOKIE
from app.records.store import RecordStore, get_store
from app.settings import Settings

PASSWORD = "correct horse battery"


@pytest.fixture
def engine(db_url):
    store = RecordStore(db_url)
    yield store.engine
    store.engine.dispose()


def test_accounts_store_hashes_and_authenticates(engine):
    accounts = Accounts(engine)
    user = accounts.add("Adviser@Example.org", "adviser", PASSWORD)
    assert user.email == "adviser@example.org" and user.role == "adviser"
    with engine.connect() as conn:
        stored = conn.execute(text("select password_hash from users")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.authenticate("adviser@example.org", PASSWORD) == user
    assert accounts.authenticate("adviser@example.org", PASSWORD + "x") is None
    assert accounts.authenticate("nobody@example.org", PASSWORD) is None
    with pytest.raises(AccountError):
        accounts.add("adviser@example.org", "admin", PASSWORD)
    with pytest.raises(AccountError):
        accounts.add("x@example.org", "superuser", PASSWORD)
    with pytest.raises(WeakPassword):
        accounts.add("y@example.org", "adviser", "short")
    accounts.disable("adviser@example.org")
    assert accounts.authenticate("adviser@example.org", PASSWORD) is None


def test_audit_log_is_append_only(engine):
    audit = AuditLog(engine)
    audit.record("cli", "user.add", "user:a@example.org", {"role": "adviser"})
    assert audit.entries()[0]["action"] == "user.add" and audit.entries()[0]["detail"] == {"role": "adviser"}
    for statement in ("update audit_log set actor = 'someone'", "delete from audit_log"):
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text(statement))
    assert audit.entries()[0]["actor"] == "cli"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(data_dir=tmp_path / "data", rate_limit="", login_rate_limit="5/minute")


@pytest.fixture
def accounts(settings) -> Accounts:
    accounts = Accounts(get_store(settings.resolved_database_url).engine)
    accounts.add("admin@example.org", "admin", PASSWORD)
    accounts.add("adviser@example.org", "adviser", PASSWORD)
    return accounts


def login(client: TestClient, email: str, password: str = PASSWORD):
    return client.post("/api/auth/login", json={"email": email, "password": password})


def test_login_sets_a_safe_session_cookie(settings, accounts):
    client = TestClient(create_app(settings))
    wrong = login(client, "admin@example.org", "wrong password!")
    assert (
        wrong.status_code == 401
        and wrong.json()["error"]["code"] == "unauthorized"
        and "set-cookie" not in wrong.headers
    )
    response = login(client, "admin@example.org")
    assert response.status_code == 200 and response.json()["role"] == "admin" and response.json()["csrf_token"]
    cookie = response.headers["set-cookie"]
    assert (
        cookie.startswith(f"{SESSION_COOKIE}=")
        and "HttpOnly" in cookie
        and "SameSite=lax" in cookie
        and "Secure" not in cookie
    )
    assert client.get("/api/auth/me").json()["csrf_token"] == response.json()["csrf_token"]
    https = TestClient(create_app(settings), base_url="https://testserver")
    assert "Secure" in login(https, "admin@example.org").headers["set-cookie"]


def test_roles_and_csrf(settings, accounts):
    app = create_app(settings)
    anonymous, adviser, admin = TestClient(app), TestClient(app), TestClient(app)
    assert anonymous.get("/api/admin/audit").status_code == 401
    assert set(anonymous.get("/api/admin/audit").json()["error"]) == {"status", "code", "message", "request_id"}
    login(adviser, "adviser@example.org")
    assert adviser.get("/api/admin/audit").status_code == 403
    token = login(admin, "admin@example.org").json()["csrf_token"]
    assert admin.get("/api/admin/users").status_code == 200

    store = get_store(settings.resolved_database_url)
    cid = store.open_conversation(None, "b-founder", "question")
    assert admin.delete(f"/api/admin/conversations/{cid}").status_code == 403, "no CSRF token"
    assert admin.delete(f"/api/admin/conversations/{cid}", headers={CSRF_HEADER: "forged"}).status_code == 403
    assert store.conversation(cid, None), "refused calls change nothing"
    assert admin.delete(f"/api/admin/conversations/{cid}", headers={CSRF_HEADER: token}).status_code == 204
    assert admin.delete(f"/api/admin/conversations/{cid}", headers={CSRF_HEADER: token}).status_code == 404
    entries = admin.get("/api/admin/audit").json()
    assert [e["action"] for e in entries[:2]] == ["conversation.erase", "login"] and entries[0][
        "target"
    ] == f"conversation:{cid}"
    assert entries[0]["actor"] == "admin@example.org"


def test_expired_session_and_disabled_account(settings, accounts, monkeypatch):
    from itsdangerous.timed import TimestampSigner

    client = TestClient(create_app(settings))
    real = TimestampSigner.get_timestamp
    monkeypatch.setattr(
        TimestampSigner, "get_timestamp", lambda self: int(time.time()) - settings.session_max_age_s - 60
    )
    login(client, "admin@example.org")
    monkeypatch.setattr(TimestampSigner, "get_timestamp", real)
    response = client.get("/api/admin/users")
    assert response.status_code == 401 and "expired" in response.json()["error"]["message"]

    login(client, "admin@example.org")
    assert client.get("/api/admin/users").status_code == 200
    accounts.disable("admin@example.org")
    assert client.get("/api/admin/users").status_code == 401, "disabling an account ends its sessions"


def test_login_rate_limit(settings, accounts):
    client = TestClient(create_app(settings))
    codes = [login(client, "adviser@example.org", "wrong password!").status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    assert login(client, "adviser@example.org").status_code == 429, "even the right password waits"


def test_users_cli(tmp_path, monkeypatch):
    from app.cli import app
    from app.settings import get_settings

    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    try:
        runner = CliRunner()
        result = runner.invoke(
            app, ["users", "add", "boss@example.org", "--role", "admin", "--password-stdin"], input=PASSWORD + "\n"
        )
        assert result.exit_code == 0, result.output
        assert (
            runner.invoke(
                app, ["users", "add", "boss@example.org", "--password-stdin"], input=PASSWORD + "\n"
            ).exit_code
            == 2
        )
        assert (
            runner.invoke(app, ["users", "add", "weak@example.org", "--password-stdin"], input="short\n").exit_code == 2
        )
        listed = runner.invoke(app, ["users", "list"]).output
        assert listed.split()[:3] == ["boss@example.org", "admin", "active"]
        assert runner.invoke(app, ["users", "disable", "boss@example.org"]).exit_code == 0
        assert runner.invoke(app, ["users", "list"]).output.split()[:3] == ["boss@example.org", "admin", "disabled"]
        accounts = Accounts(get_store(get_settings().resolved_database_url).engine)
        assert accounts.authenticate("boss@example.org", PASSWORD) is None
        actions = [e["action"] for e in AuditLog(accounts.engine).entries()]
        assert actions == ["user.disable", "user.add"]
    finally:
        get_settings.cache_clear()
