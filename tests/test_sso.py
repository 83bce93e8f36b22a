"""Optional single sign-on (OpenID Connect through Authlib) against a local fake provider."""

from __future__ import annotations

import httpx
import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.auth.accounts import Accounts, AuditLog
from app.records.store import get_store
from app.settings import Settings
from tests.fake_oidc import FakeOIDC


@pytest.fixture
def provider():
    with FakeOIDC() as fake:
        yield fake


@pytest.fixture
def settings(tmp_path, provider) -> Settings:
    settings = Settings(
        data_dir=tmp_path / "data",
        rate_limit="",
        oidc_issuer=provider.url,
        oidc_client_id="navigator",
        oidc_client_secret="s3cret",
    )
    accounts = Accounts(get_store(settings.resolved_database_url).engine)
    accounts.add("alice@example.org", "adviser", "a long local password")
    accounts.add("founder@example.org", "founder", "a long local password")
    return settings


def sign_in(client: TestClient):
    start = client.get("/api/auth/oidc/login", follow_redirects=False)
    assert start.status_code in (302, 307) and start.headers["location"].startswith("http://127.0.0.1")
    back = httpx.get(start.headers["location"], follow_redirects=False)
    assert back.status_code == 302
    return client.get(back.headers["location"].replace("http://testserver", ""), follow_redirects=False)


def test_sso_opens_a_session_for_an_existing_adviser(settings):
    client = TestClient(create_app(settings))
    response = sign_in(client)
    assert response.status_code == 303 and response.headers["location"] == "/conseillers/"
    assert client.get("/api/auth/me").json()["email"] == "alice@example.org"
    entry = AuditLog(get_store(settings.resolved_database_url).engine).entries()[0]
    assert entry["action"] == "login" and entry["detail"] == {"method": "oidc"}


@pytest.mark.parametrize(
    "email, verified", [("stranger@example.org", True), ("founder@example.org", True), ("alice@example.org", False)]
)
def test_sso_never_grants_what_the_local_account_does_not(settings, provider, email, verified):
    provider.email, provider.email_verified = email, verified
    client = TestClient(create_app(settings))
    response = sign_in(client)
    assert response.status_code == 403 and response.json()["error"]["code"] == "forbidden"
    assert client.get("/api/auth/me").status_code == 401


def test_a_forged_callback_is_refused(settings):
    client = TestClient(create_app(settings))
    client.get("/api/auth/oidc/login", follow_redirects=False)
    response = client.get("/api/auth/oidc/callback?code=made-up&state=made-up", follow_redirects=False)
    assert response.status_code == 401 and client.get("/api/auth/me").status_code == 401


def test_sso_is_off_unless_configured(tmp_path, settings):
    client = TestClient(create_app(Settings(data_dir=tmp_path / "other", rate_limit="")))
    assert client.get("/api/auth/oidc/login", follow_redirects=False).status_code == 404
    assert client.get("/api/auth/oidc").json() == {"enabled": False}
    assert TestClient(create_app(settings)).get("/api/auth/oidc").json() == {"enabled": True}
