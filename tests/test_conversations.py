"""Conversation ownership: server-issued ids bound to the browser's signed cookie; list, read, rename, delete."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.auth.owner import OWNER_COOKIE
from app.records.store import UnknownConversation, get_store

QUESTION = "Quelles exceptions permettent de traiter des données de santé ? Écrivez-moi à jean@example.org"


@pytest.fixture
def app(built_settings):
    return create_app(built_settings.model_copy(update={"rate_limit": ""}))


def browser(app) -> TestClient:
    return TestClient(app)  # each client has its own cookie jar: another browser


def start(client: TestClient) -> dict:
    response = client.post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 200
    return response.json()


def assert_404(response):
    assert response.status_code == 404
    assert (
        set(response.json()["error"]) == {"status", "code", "message", "request_id"}
        and response.json()["error"]["code"] == "not_found"
    )


def test_first_answer_sets_a_signed_httponly_owner_cookie(app):
    client = browser(app)
    response = client.post("/api/ask", json={"question": QUESTION})
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{OWNER_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie, "plain HTTP in tests: a Secure cookie would never come back"
    again = client.post("/api/ask", json={"question": QUESTION})
    assert "set-cookie" not in again.headers, "an existing owner keeps its cookie"


def test_the_chat_page_gives_the_browser_its_owner_before_any_question(app):
    """The page's first requests run side by side (the conversation list, a question sent at once): without a cookie
    from the page, each was given its own owner and the first answer's conversation could not be continued (seen in
    a browser on a freshly started server: « Cette conversation n'existe plus »)."""
    client = browser(app)
    page = client.get("/")
    assert page.status_code == 200 and OWNER_COOKIE in page.headers.get("set-cookie", "")
    first = client.post("/api/ask", json={"question": QUESTION})
    assert "set-cookie" not in first.headers, "the question is asked as the page's owner"
    follow = client.post(
        "/api/ask", json={"question": "Et pour un prestataire ?", "conversation_id": first.json()["conversation_id"]}
    )
    assert follow.status_code == 200


def test_another_browser_cannot_continue_or_read_a_conversation(app, built_settings):
    alice, mallory = browser(app), browser(app)
    first = start(alice)
    cid = first["conversation_id"]
    stolen = mallory.post("/api/ask", json={"question": "et pour la classe IIb ?", "conversation_id": cid})
    assert_404(stolen)
    assert_404(mallory.post("/api/chat", json={"question": "et pour la classe IIb ?", "conversation_id": cid}))
    assert_404(mallory.get(f"/api/conversations/{cid}"))
    assert_404(mallory.patch(f"/api/conversations/{cid}", json={"title": "pris"}))
    assert_404(mallory.delete(f"/api/conversations/{cid}"))
    assert [r.answer_id for r in get_store(built_settings.resolved_database_url).history(cid)] == [first["answer_id"]]
    follow = alice.post("/api/ask", json={"question": "et pour la classe IIb ?", "conversation_id": cid})
    assert follow.status_code == 200 and follow.json()["conversation_id"] == cid


def test_a_forged_cookie_is_a_new_browser(app):
    alice = browser(app)
    cid = start(alice)["conversation_id"]
    forger = browser(app)
    forger.cookies.set(OWNER_COOKIE, alice.cookies.get(OWNER_COOKIE)[:-3] + "abc")
    assert_404(forger.get(f"/api/conversations/{cid}"))


def test_client_chosen_ids_are_refused(app):
    client = browser(app)
    assert_404(client.post("/api/ask", json={"question": QUESTION, "conversation_id": "user-jean-martin"}))
    assert client.get("/api/conversations").json() == []


def test_list_get_rename_delete(app):
    client = browser(app)
    first = start(client)
    cid = first["conversation_id"]
    client.post("/api/ask", json={"question": "et pour la classe IIb ?", "conversation_id": cid})
    other = start(client)["conversation_id"]
    listed = client.get("/api/conversations").json()
    assert [c["conversation_id"] for c in listed] == [other, cid]
    assert (
        listed[1]["turns"] == 2
        and listed[1]["title"].startswith("Quelles exceptions")
        and "jean@" not in listed[1]["title"]
    )

    detail = client.get(f"/api/conversations/{cid}").json()
    assert (
        next(t["answer_id"] for t in detail["turns_detail"]) == first["answer_id"] and len(detail["turns_detail"]) == 2
    )
    assert "jean@example.org" not in detail["turns_detail"][0]["question"]

    renamed = client.patch(f"/api/conversations/{cid}", json={"title": "Données de santé, appeler le 06 12 34 56 78"})
    assert renamed.status_code == 200 and renamed.json()["title"] == "Données de santé, appeler le [téléphone masqué]"
    assert client.patch(f"/api/conversations/{cid}", json={"title": ""}).status_code == 400

    assert client.delete(f"/api/conversations/{cid}").status_code == 204
    assert_404(client.get(f"/api/conversations/{cid}"))
    assert_404(client.delete(f"/api/conversations/{cid}"))
    assert [c["conversation_id"] for c in client.get("/api/conversations").json()] == [other]


def test_streamed_chat_binds_the_conversation_too(app):
    client = browser(app)
    response = client.post("/api/chat", json={"question": QUESTION})
    assert response.status_code == 200 and OWNER_COOKIE in response.headers.get("set-cookie", "")
    assert len(client.get("/api/conversations").json()) == 1


def test_command_line_conversations_stay_local(built_settings):
    from app.answer.service import ask

    first = ask(built_settings, QUESTION)
    follow = ask(built_settings, "et pour la classe IIb ?", conversation_id=first.conversation_id)
    assert follow.conversation_id == first.conversation_id
    with pytest.raises(UnknownConversation):
        ask(built_settings, "et pour la classe IIb ?", conversation_id=first.conversation_id, owner="b-someone-else")
    with pytest.raises(UnknownConversation):
        ask(built_settings, QUESTION, conversation_id="chosen-by-client")


def test_feedback_only_on_ones_own_answers(app):
    alice, mallory = browser(app), browser(app)
    answer = start(alice)
    assert_404(mallory.post("/api/feedback", json={"answer_id": answer["answer_id"], "rating": "down"}))
    assert alice.post("/api/feedback", json={"answer_id": answer["answer_id"], "rating": "down"}).status_code == 201
