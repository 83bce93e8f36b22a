"""End-to-end in real headless Chromium (Debian's), driven by Playwright: the founder's chat as a person uses it."""

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn

from app.api.main import create_app
from tests.fake_mistral import FakeMistral

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed (.ci/run installs it)")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def fake_model():
    with FakeMistral() as fake:
        fake.token_delay_s = 0.02
        yield fake


@pytest.fixture(scope="module")
def server(built_settings, fake_model):
    port = free_port()
    settings = built_settings.model_copy(update={"rate_limit": "", "mistral_server_url": fake_model.url, "mistral_timeout_s": 5})
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not instance.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server)
    yield page
    context.close()


def ask(page, question: str):
    page.get_by_label("Votre question").fill(question)
    page.get_by_role("button", name="Envoyer").click()


def test_ask_stream_open_citation_and_feedback(page, fake_model):
    from playwright.sync_api import expect

    expect(page.get_by_test_id("mode")).to_contain_text("Mistral")
    ask(page, "Quelles exceptions permettent de traiter des données de santé ?")
    answer = page.get_by_test_id("answer").last
    # Tokens arrive one by one before the checked final answer replaces them.
    expect(answer.locator(".answer-text")).not_to_have_text("Recherche dans les sources…", timeout=15_000)
    expect(answer.locator(".badge")).to_contain_text("citations vérifiées", timeout=15_000)
    citation = answer.locator(".answer-text .cite").first
    expect(citation).to_be_visible()
    citation.click()
    panel = page.get_by_test_id("citation-panel")
    expect(panel).to_be_visible()
    highlight = panel.get_by_test_id("highlight")
    expect(highlight).to_be_visible()
    assert "données de santé" in highlight.inner_text()
    expect(panel.locator("#panel-validity")).to_have_text("en vigueur")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-citation.png"), full_page=True)
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    answer.get_by_test_id("thumb-up").click()
    expect(answer.locator(".feedback-status")).to_have_text("Merci pour votre retour")


def test_off_topic_question_is_a_hand_off(page):
    from playwright.sync_api import expect

    ask(page, "Quelle est la meilleure recette de crêpes bretonnes ?")
    answer = page.get_by_test_id("answer").last
    expect(answer.locator(".badge")).to_have_text("Hors de mon périmètre : vers qui se tourner", timeout=15_000)
    expect(answer).to_have_class("answer refused")
    expect(answer.locator(".answer-text")).to_contain_text("G_NIUS")
    expect(page.locator("#alert")).to_be_hidden()
    page.screenshot(path=str(ARTIFACTS / "chat-refusal.png"), full_page=True)


def test_english_interface_and_phone_layout(browser, server):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server)
    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.get_by_label("Your question")).to_be_visible()
    expect(page.locator(".disclaimer")).to_contain_text("not legal or medical advice")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-phone-en.png"))
    context.close()
