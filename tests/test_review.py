"""Advisers' review end to end through the API: queue and filters, lock, review screen, versioned verdicts with a
checked correction, hand-off requests and replies. Storage on SQLite and, when configured, PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.auth.accounts import Accounts
from app.auth.sessions import CSRF_HEADER
from app.records.store import get_store

QUESTION = "Quelles exceptions permettent de traiter des données de santé ?"
PASSWORD = "correct horse battery"


@pytest.fixture
def settings(built_settings, db_url):
    return built_settings.model_copy(
        update={"database_url": db_url, "rate_limit": "", "login_rate_limit": "100/minute"}
    )


@pytest.fixture
def app(settings):
    accounts = Accounts(get_store(settings.resolved_database_url).engine)
    accounts.add("alice@example.org", "adviser", PASSWORD)
    accounts.add("bob@example.org", "adviser", PASSWORD)
    accounts.add("admin@example.org", "admin", PASSWORD)
    return create_app(settings)


def adviser(app, email="alice@example.org") -> TestClient:
    client = TestClient(app)
    token = client.post("/api/auth/login", json={"email": email, "password": PASSWORD}).json()["csrf_token"]
    client.headers[CSRF_HEADER] = token
    return client


def ask(client: TestClient, question: str = QUESTION, conversation_id: str | None = None) -> dict:
    response = client.post("/api/ask", json={"question": question, "conversation_id": conversation_id})
    assert response.status_code == 200
    return response.json()


def test_queue_filters(app):
    founder = TestClient(app)
    answer = ask(founder)
    refused = ask(founder, "Quelle est la recette des crêpes bretonnes ?")
    founder.post("/api/feedback", json={"answer_id": answer["answer_id"], "rating": "down", "comment": "trop vague"})
    alice = adviser(app)

    def ids(**params):
        response = alice.get("/api/review/queue", params=params)
        assert response.status_code == 200, response.text
        return {item["answer_id"] for item in response.json()}

    assert ids() == {answer["answer_id"], refused["answer_id"]}
    assert ids(status="new") == ids() and ids(status="validated") == set()
    assert ids(mode="extractive") == ids() and ids(mode="generative") == set()
    assert ids(thumbs_down=True) == {answer["answer_id"]}
    assert answer["answer_id"] in ids(domain="rgpd") and ids(domain="france2030") <= {refused["answer_id"]}
    assert ids(since="2000-01-01") == ids() and ids(until="2000-01-01") == set()
    assert ids(handoff=True) == set() and ids(flagged=True) == set()
    assert alice.get("/api/review/queue", params={"status": "bogus"}).status_code == 400


def test_only_advisers_reach_the_review(app):
    founder = TestClient(app)
    answer = ask(founder)
    for call in (
        lambda c: c.get("/api/review/queue"),
        lambda c: c.get(f"/api/review/{answer['answer_id']}"),
        lambda c: c.post(f"/api/review/{answer['answer_id']}/open"),
    ):
        response = call(founder)
        assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"
    alice = adviser(app)
    del alice.headers[CSRF_HEADER]
    assert alice.post(f"/api/review/{answer['answer_id']}/open").status_code == 403, "no CSRF token"
    assert alice.get("/api/review/queue").status_code == 200


def test_review_correct_and_version(app, settings):
    founder = TestClient(app)
    answer = ask(founder)
    aid = answer["answer_id"]
    alice, bob = adviser(app), adviser(app, "bob@example.org")

    detail = alice.get(f"/api/review/{aid}").json()
    assert detail["question"] == QUESTION and detail["standalone_query"] == QUESTION and detail["status"] == "new"
    assert detail["sentences"] and detail["citations"] and detail["corpus_version"]
    cited = [p for p in detail["passages"] if p["cited"]]
    assert cited and all(p["text"] and p["validity"] and not p["changed"] for p in cited)
    assert any(not p["cited"] for p in detail["passages"]), "retrieved but not cited passages are shown too"

    verdict = {
        "base_version": 0,
        "status": "validated",
        "sentences": [{"index": 0, "verdict": "correct"}],
        "citations": [{"n": 1, "right_source": True}],
    }
    assert alice.post(f"/api/review/{aid}/verdicts", json=verdict).status_code == 409, "open it first"
    lock = alice.post(f"/api/review/{aid}/open")
    assert lock.status_code == 200 and lock.json()["locked_by"] == "alice@example.org"
    taken = bob.post(f"/api/review/{aid}/open")
    assert taken.status_code == 409 and "alice@example.org" in taken.json()["error"]["message"]
    assert alice.get("/api/review/queue", params={"status": "in_review"}).json()[0]["locked_by"] == "alice@example.org"

    wrong = {**verdict, "citations": [{"n": 1, "right_source": False, "should_cite": "nope:nothing"}]}
    assert alice.post(f"/api/review/{aid}/verdicts", json=wrong).status_code == 400, (
        "the chunk to cite instead must exist"
    )
    passage = cited[0]
    first_sentence = passage["text"].split(". ")[0].rstrip(".") + "."
    unknown = {**verdict, "status": "corrected", "corrected_answer": f"{first_sentence} [99]"}
    response = alice.post(f"/api/review/{aid}/verdicts", json=unknown)
    assert response.status_code == 400 and "[99]" in response.json()["error"]["message"]
    unsupported = {
        **verdict,
        "status": "corrected",
        "corrected_answer": f"Les startups doivent toujours payer une redevance annuelle de 500 euros [{passage['n']}].",
    }
    assert alice.post(f"/api/review/{aid}/verdicts", json=unsupported).status_code == 409, "unsupported: confirm first"

    corrected = {
        **verdict,
        "status": "corrected",
        "corrected_answer": f"{first_sentence} [{passage['n']}]",
        "note": "Réponse précisée ; appelez-nous au 06 12 34 56 78",
    }
    saved = alice.post(f"/api/review/{aid}/verdicts", json=corrected)
    assert saved.status_code == 201, saved.text
    body = saved.json()
    assert (
        body["version"] == 1
        and body["author"] == "alice@example.org"
        and body["corrected_citations"][0]["chunk_id"] == passage["chunk_id"]
    )
    assert body["corrected_citations"][0]["quote"] in passage["text"] and "[téléphone masqué]" in body["note"]
    assert body["cited_hashes"][passage["chunk_id"]]

    assert bob.post(f"/api/review/{aid}/open").status_code == 200, "a saved verdict releases the lock"
    stale = bob.post(f"/api/review/{aid}/verdicts", json={**verdict, "base_version": 0})
    assert stale.status_code == 409 and "version 1" in stale.json()["error"]["message"]
    again = bob.post(f"/api/review/{aid}/verdicts", json={**verdict, "base_version": 1})
    assert again.status_code == 201 and again.json()["version"] == 2

    history = alice.get(f"/api/review/{aid}").json()
    assert [v["version"] for v in history["verdicts"]] == [1, 2] and history["status"] == "validated"
    assert history["verdicts"][0]["corrected_answer"], "earlier versions are kept, not overwritten"

    turn = founder.get(f"/api/conversations/{answer['conversation_id']}").json()["turns_detail"][0]
    assert turn["adviser_status"] == "validated" and turn["adviser_note"] is None, (
        "the founder sees the current verdict"
    )

    admin = adviser(app, "admin@example.org")
    actions = [(e["actor"], e["action"]) for e in admin.get("/api/admin/audit", params={"limit": 50}).json()]
    assert ("alice@example.org", "verdict.save") in actions and ("bob@example.org", "review.open") in actions
    assert alice.get("/api/admin/audit").status_code == 403


def test_handoff_request_reply_and_founder_sees_it(app):
    founder, stranger = TestClient(app), TestClient(app)
    answer = ask(founder)
    request = {
        "answer_id": answer["answer_id"],
        "consent": True,
        "email": "fondatrice@example.org",
        "message": "Pouvez-vous me rappeler au 06 12 34 56 78 ?",
    }
    assert founder.post("/api/handoffs", json={**request, "consent": False}).status_code == 400
    assert founder.post("/api/handoffs", json={**request, "email": "pas-un-mail"}).status_code == 400
    assert stranger.post("/api/handoffs", json=request).status_code == 404, "only the conversation's owner can share it"
    assert founder.post("/api/handoffs", json={**request, "message": "x" * 100_000}).status_code == 413
    created = founder.post("/api/handoffs", json=request)
    assert created.status_code == 201 and created.json()["message"] == "Pouvez-vous me rappeler au [téléphone masqué] ?"

    alice = adviser(app)
    assert {i["answer_id"] for i in alice.get("/api/review/queue", params={"handoff": True}).json()} == {
        answer["answer_id"]
    }
    open_requests = alice.get("/api/review/handoffs").json()
    assert open_requests[0]["contact_email"] == "fondatrice@example.org"
    hid = created.json()["handoff_id"]
    assert (
        alice.post(
            f"/api/review/handoffs/{hid}/reply", json={"reply": "Oui : l'article 9 §2 h s'applique."}
        ).status_code
        == 200
    )
    assert alice.post(f"/api/review/handoffs/{hid}/reply", json={"reply": "bis"}).status_code == 409
    assert alice.post("/api/review/handoffs/nope/reply", json={"reply": "x"}).status_code == 404

    conversation = founder.get(f"/api/conversations/{answer['conversation_id']}").json()
    assert (
        conversation["handoffs"][0]["reply"] == "Oui : l'article 9 §2 h s'applique."
        and conversation["handoffs"][0]["status"] == "answered"
    )
    assert "contact_email" not in conversation["handoffs"][0]
    assert founder.delete(f"/api/conversations/{answer['conversation_id']}").status_code == 204
    assert alice.get("/api/review/handoffs").json() == [], "erasing the conversation erases its hand-offs"


def test_review_passages_show_what_their_sheet_could_not_verify():
    import datetime as dt
    from types import SimpleNamespace

    from app.review.passages import review_passages
    from app.schemas.answers import AnswerRecord, RetrievedChunk
    from app.schemas.chunks import Chunk

    chunk = Chunk(
        chunk_id="has-x:montant",
        doc_id="has-x",
        title="Fiche",
        section="Fiche > Montant",
        domain="has",
        kind="fiche",
        language="fr",
        text="Le forfait est de 50 € par patient et par mois (arrêté du 25 octobre 2023).",
        references=[],
        content_hash="h1",
        to_verify=["montant 2026 de l'arrêté"],
    )
    index = SimpleNamespace(position={chunk.chunk_id: 0}, chunks=[chunk])
    record = AnswerRecord(
        answer_id="a" * 32,
        conversation_id="c" * 32,
        created_at=dt.datetime.now(dt.UTC),
        question="Quel forfait ?",
        standalone_query="Quel forfait ?",
        answer="…",
        mode="extractive",
        refused=False,
        retrieved=[RetrievedChunk(chunk_id=chunk.chunk_id, content_hash="h1", score=1.0)],
    )
    [passage] = review_passages(index, record)
    assert passage.to_verify == ["montant 2026 de l'arrêté"] and not passage.changed
