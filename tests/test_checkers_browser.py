"""The guided checker flow in headless Chromium: one question at a time, « je ne sais pas », summary with sources."""

import threading
import time

import pytest
import uvicorn

from app.api.main import create_app
from app.auth.accounts import Accounts
from app.records.store import get_store
from app.settings import Settings
from tests.browser_support import axe_module, chromium_path, needs_chromium
from tests.support import PASSWORD, free_port

FOUNDER = "founder@example.org"

pytestmark = [pytest.mark.browser, needs_chromium]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    settings = Settings(data_dir=tmp_path_factory.mktemp("checkers-web"), rate_limit="", login_rate_limit="100/minute")
    Accounts(get_store(settings.resolved_database_url).engine).add(FOUNDER, "founder", PASSWORD)
    instance = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.time() + 15
    while not instance.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=5)


def assert_axe_clean(page) -> None:
    """No axe-core violation on the page as it stands (skipped locally when axe-playwright-python is not installed)."""
    axe = axe_module()
    if axe is None:
        pytest.skip("axe-playwright-python not installed")
    results = axe.Axe().run(page)
    violations = results.response["violations"]
    assert violations == [], [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]


def answer_until_summary(page, dont_know: str = "prévention") -> int:
    """Answer each question (the first choice, « je ne sais pas » when the legend has `dont_know`) until the summary
    shows; the number of questions asked."""
    from playwright.sync_api import expect

    asked = 0
    for _ in range(12):
        page.wait_for_function(
            "() => !document.querySelector('#summary').hidden || !document.querySelector('#flow').hidden"
        )
        if page.get_by_test_id("summary").is_visible():
            break
        asked += 1
        legend = page.locator("#question-text").inner_text()
        if dont_know in legend:
            page.get_by_test_id("dont-know").click()
        else:
            page.locator("#question-inputs input").first.check()
            page.get_by_test_id("answer").click()
        # wait for the next question or the summary (a fixed pause raced the server on a loaded machine)
        page.wait_for_function(
            "legend => !document.querySelector('#summary').hidden"
            " || document.querySelector('#question-text').innerText !== legend",
            arg=legend,
            timeout=15000,
        )
    expect(page.get_by_test_id("summary")).to_be_visible()
    return asked


def test_guided_flow_to_summary_with_trail(server):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"{server}/static/checkers.html")
        page.get_by_test_id("checker-select").select_option("hds")
        page.get_by_test_id("start").click()
        expect(page.get_by_test_id("question")).to_be_visible()
        assert_axe_clean(page)
        answer_until_summary(page)  # « je ne sais pas » on the care-context question
        assert_axe_clean(page)
        # without a session, neither account button is offered
        expect(page.get_by_role("button", name="Enregistrer dans mon compte")).to_be_hidden()
        expect(page.get_by_role("button", name="Partir du profil de mon compte")).to_be_hidden()
        summary = page.get_by_test_id("summary").inner_text()
        assert "Qui peut trancher" in summary or "hds-obligation-hebergement" in summary
        page.get_by_test_id("funding-search").click()
        expect(page.get_by_test_id("funding-list").locator("li").first).to_be_visible()
        page.locator(".fund-choice").first.check()
        chosen = page.locator(".fund-choice").first.get_attribute("value")
        assert f"funding={chosen}" in page.get_by_test_id("plan-md").get_attribute("href")
        plan_link = server + page.get_by_test_id("plan-md").get_attribute("href")
        response = page.request.get(plan_link)
        assert response.ok and chosen in response.text()
        # the PDF and calendar links of the same page give a real PDF and a calendar with the dated steps
        pdf = page.request.get(server + page.locator("#plan-pdf").get_attribute("href"))
        assert pdf.ok and pdf.body().startswith(b"%PDF") and pdf.headers["content-type"].startswith("application/pdf")
        ics = page.request.get(server + page.locator("#plan-ics").get_attribute("href"))
        assert ics.ok and ics.text().startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in ics.text()
        # the page's conversation was issued by the server to this browser: its answers are stored there…
        conversation = page.evaluate("localStorage.getItem('navigator-checkers-conversation')")
        stored = page.request.get(f"{server}/api/profile?conversation_id={conversation}").json()
        assert stored["profile"]["fields"] and stored["results"][0]["checker"] == "hds"
        # …and another browser cannot open it, nor its plan
        other = browser.new_context()
        assert other.request.get(f"{server}/api/profile?conversation_id={conversation}").status == 404
        assert other.request.get(plan_link).status == 404
        other.close()
        browser.close()


def test_opened_from_the_chat_the_question_s_guess_is_preselected_and_confirmed(server):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        # the chat's conversation, where « mon logiciel… » left an extracted value to confirm
        conversation = page.request.post(f"{server}/api/conversations").json()["conversation_id"]
        page.request.put(
            f"{server}/api/profile",
            data={"conversation_id": conversation, "fields": {"is_software": {"value": True, "source": "extracted"}}},
        )
        # the page's reading of that conversation is held until « Commencer » is clicked: a quick click used to
        # create a second conversation, where the answers then went instead of to the chat's profile
        held = []
        page.route("**/api/profile?conversation_id=*", lambda route: held.append(route))
        page.goto(f"{server}/static/checkers.html?checker=md-qualification&conversation={conversation}")
        expect(page.get_by_test_id("checker-select")).to_have_value("md-qualification")
        page.get_by_test_id("start").click()
        page.wait_for_timeout(300)  # time enough for the click to create a conversation if the page let it
        assert len(held) == 1, "the page reads the offered conversation"
        held[0].continue_()
        page.unroute("**/api/profile?conversation_id=*")
        expect(page.get_by_test_id("question")).to_be_visible()
        assert page.locator("#question-inputs input[value=true]").is_checked(), "the chat's guess is preselected"
        assert "confirmez" in page.locator("#question-hint").inner_text()
        assert_axe_clean(page)
        first = page.locator("#question-text").inner_text()
        # the answer's own PUT is awaited: the question's text can change while the page is still rendering it, and
        # a profile read then would race the write (seen once on a loaded machine)
        with page.expect_response(lambda r: r.url.endswith("/api/profile") and r.request.method == "PUT") as put:
            page.get_by_test_id("answer").click()
        assert put.value.ok
        expect(page.locator("#question-text")).not_to_have_text(first)  # stored, and the next question asked
        profile = page.request.get(f"{server}/api/profile?conversation_id={conversation}").json()
        assert profile["profile"]["fields"]["is_software"]["source"] == "confirmed" and profile["to_confirm"] == []
        assert page.evaluate("localStorage.getItem('navigator-checkers-conversation')") == conversation
        browser.close()


def test_a_founder_saves_the_profile_to_the_account_and_starts_another_conversation_from_it(server):
    from playwright.sync_api import expect, sync_playwright

    def logged_in_page(browser):
        context = browser.new_context()
        response = context.request.post(f"{server}/api/auth/login", data={"email": FOUNDER, "password": PASSWORD})
        assert response.ok, response.text()
        page = context.new_page()
        page.goto(f"{server}/static/checkers.html")
        page.get_by_test_id("checker-select").select_option("hds")
        return page

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
        page = logged_in_page(browser)
        from_account = page.get_by_role("button", name="Partir du profil de mon compte")
        expect(from_account).to_be_visible()
        assert from_account.bounding_box()["height"] >= 44
        assert_axe_clean(page)
        page.get_by_test_id("start").click()
        asked = answer_until_summary(page)
        assert asked >= 2
        save = page.get_by_role("button", name="Enregistrer dans mon compte")
        expect(save).to_be_visible()
        assert save.bounding_box()["height"] >= 44
        save.click()
        expect(page.locator("#save-account-status")).to_contain_text("Profil enregistré dans votre compte")
        assert page.locator("#save-account-status").get_attribute("aria-live") == "polite"
        assert_axe_clean(page)
        first = page.evaluate("localStorage.getItem('navigator-checkers-conversation')")
        answered = page.request.get(f"{server}/api/profile?conversation_id={first}").json()["profile"]["fields"]
        account = page.request.get(f"{server}/api/profile/account").json()["profile"]["fields"]
        assert account == answered and len(account) == asked

        # another browser, same account: a new conversation starts from the account's answers
        again = logged_in_page(browser)
        assert again.evaluate("localStorage.getItem('navigator-checkers-conversation')") is None
        again.get_by_role("button", name="Partir du profil de mon compte").click()
        expect(again.locator("#from-account-status")).to_contain_text(f"{asked} informations reprises")
        second = again.evaluate("localStorage.getItem('navigator-checkers-conversation')")
        assert second and second != first
        again.get_by_test_id("start").click()
        assert answer_until_summary(again) == 0, "no question asked again"
        assert again.locator("#summary-body").inner_text() == page.locator("#summary-body").inner_text()
        reused = again.request.get(f"{server}/api/profile?conversation_id={second}").json()["profile"]["fields"]
        assert reused == answered, "each answer keeps its origin and date"
        browser.close()
