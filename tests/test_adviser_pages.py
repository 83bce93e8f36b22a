"""Advisers' web pages: redirects without a session, and the review flow in headless Chromium (Playwright)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.auth.accounts import Accounts
from app.records.store import get_store
from tests.browser_support import axe_module, chromium_path, needs_chromium
from tests.support import PASSWORD, QUESTION, free_port

PARAPHRASE = "Quelles sont les exceptions qui permettent de traiter des données de santé ?"


def assert_accessible(page, name: str) -> None:
    """axe-core (through axe-playwright-python, when installed): no critical or serious violation."""
    axe = axe_module()
    if axe is None:
        return
    Axe = axe.Axe
    violations = Axe().run(page).response["violations"]
    bad = [(v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("critical", "serious")]
    assert bad == [], f"{name}: {bad}"


@pytest.fixture
def accounts_settings(fresh_settings):
    """Accounts only: the pages themselves need no index."""
    settings = fresh_settings.model_copy(update={"rate_limit": "", "login_rate_limit": "100/minute"})
    accounts = Accounts(get_store(settings.resolved_database_url).engine)
    accounts.add("alice@example.org", "adviser", PASSWORD)
    accounts.add("admin@example.org", "admin", PASSWORD)
    return settings


@pytest.fixture
def settings(accounts_settings):
    from app.ingest.pipeline import ingest

    assert ingest(accounts_settings).errors == []
    return accounts_settings


@pytest.mark.parametrize(
    "path", ["/conseillers/", "/conseillers/valides", "/conseillers/revue/abc", "/conseillers/journal"]
)
def test_pages_redirect_to_login_without_a_session(accounts_settings, path):
    client = TestClient(create_app(accounts_settings), follow_redirects=False)
    response = client.get(path)
    assert response.status_code == 303 and response.headers["location"].startswith("/conseillers/connexion?next=")
    assert client.get("/conseillers/connexion").status_code == 200


def test_pages_need_the_right_role(accounts_settings):
    client = TestClient(create_app(accounts_settings), follow_redirects=False)
    client.post("/api/auth/login", json={"email": "alice@example.org", "password": PASSWORD})
    page = client.get("/conseillers/")
    assert page.status_code == 200 and 'data-page="queue"' in page.text and page.headers["cache-control"] == "no-store"
    assert client.get("/conseillers/journal").status_code == 303, "the audit log is for admins"
    client.post("/api/auth/login", json={"email": "admin@example.org", "password": PASSWORD})
    assert client.get("/conseillers/journal").status_code == 200
    assert client.get("/conseillers-static/advisers.js").status_code == 200


@pytest.mark.browser
@needs_chromium
def test_login_correct_serve_and_stale_in_the_browser(settings):
    from playwright.sync_api import expect, sync_playwright

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    founder = TestClient(create_app(settings))
    first = founder.post("/api/ask", json={"question": QUESTION}).json()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu", "--no-first-run"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/conseillers/")
            expect(page).to_have_url(f"{base}/conseillers/connexion?next=/conseillers/")
            expect(page.get_by_role("button", name="Se connecter")).to_be_visible()
            assert_accessible(page, "login")
            page.get_by_label("Adresse e-mail").fill("alice@example.org")
            page.get_by_label("Mot de passe").fill("wrong password!")
            page.get_by_role("button", name="Se connecter").click()
            expect(page.locator("#status")).to_contain_text("wrong e-mail or password")
            page.get_by_label("Mot de passe").fill(PASSWORD)
            page.get_by_role("button", name="Se connecter").click()
            expect(page.get_by_test_id("queue")).to_be_visible()
            assert_accessible(page, "queue")

            # Reviewing one answer: open it from the queue (1), choose "corrigée" (2), save (3); the text is typed.
            clicks = 0
            page.get_by_role("link", name=QUESTION).click()
            clicks += 1
            expect(page.locator("#status")).to_contain_text("Vous tenez cette réponse")
            page.get_by_role("radio", name="corrigée").check()
            clicks += 1
            passage = page.locator("details summary").first.inner_text()
            n = passage.split("]")[0].strip("[")
            cited = (
                founder.get(f"/api/chunks/{first['citations'][0]['chunk_id']}")
                .json()["text"]
                .split(". ")[0]
                .rstrip(".")
            )
            page.get_by_label("Réponse corrigée").fill(f"{cited}. [{n}]" if cited else "")
            page.get_by_label("Note pour le fondateur").fill("Vérifié avec l'article 9.")
            page.get_by_role("button", name="Enregistrer le verdict").click()
            clicks += 1
            expect(page.locator("#status")).to_contain_text("Verdict enregistré (version 1)")
            assert_accessible(page, "review")
            assert clicks == 3
            Path("test-artifacts").mkdir(exist_ok=True)
            page.screenshot(path="test-artifacts/adviser-review.png", full_page=True)

            served = TestClient(create_app(settings)).post("/api/ask", json={"question": PARAPHRASE}).json()
            assert served["verified"]["answer_id"] == first["answer_id"] and served["answer"].startswith(cited)

            page.get_by_role("link", name="Réponses validées").click()
            row = page.get_by_test_id("validated").locator("tbody tr").first
            expect(row.locator(".badge")).to_have_text("corrigée")
            expect(row.locator("td").last).to_have_text("1")
            assert_accessible(page, "validated answers")

            source = next(p for p in Path(settings.corpus_dir).glob("*.md") if cited in p.read_text(encoding="utf-8"))
            source.write_text(source.read_text(encoding="utf-8").replace(cited, cited + " (modifié)"), encoding="utf-8")
            from app.commands.review import recheck
            from app.ingest.pipeline import ingest

            ingest(settings)
            assert list(recheck(settings)) == [first["answer_id"]]
            page.reload()
            expect(page.get_by_test_id("validated").locator("tbody tr").first.locator(".badge")).to_have_text("périmée")
            assert (
                TestClient(create_app(settings)).post("/api/ask", json={"question": PARAPHRASE}).json()["verified"]
                is None
            )
            page.get_by_role("button", name="EN", exact=True).click()
            expect(page.get_by_role("heading", name="Validated answers")).to_be_visible()
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=5)
