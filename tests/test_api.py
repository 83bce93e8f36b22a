"""HTTP API with FastAPI's test client: contracts, streaming, sources, feedback, probes and errors."""

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from tests.fake_mistral import FakeMistral
from tests.support import ANSWER_KEYS, CITATION_KEYS, HIT_KEYS, QUESTION, SEARCH_KEYS, parse_sse


@pytest.fixture
def client(built_settings):
    return TestClient(create_app(built_settings.model_copy(update={"rate_limit": ""})))


def test_ask_contract(client):
    response = client.post("/api/ask", json={"question": QUESTION})
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= ANSWER_KEYS and body["mode"] == "extractive" and body["answer_id"]
    assert body["citations"] and set(body["citations"][0]) >= CITATION_KEYS


def test_search_contract_and_filters(client):
    body = client.get("/api/search", params={"q": "classe IIb logiciel", "k": 2, "domain": "mdr"}).json()
    assert set(body) == SEARCH_KEYS and len(body["results"]) == 2
    assert all(set(hit) == HIT_KEYS and hit["domain"] == "mdr" for hit in body["results"])


def test_chunk_and_document_open_a_citation(client):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    citation = answer["citations"][0]
    chunk = client.get(f"/api/chunks/{citation['chunk_id']}").json()
    assert citation["quote"] in chunk["text"] and chunk["references"][0]["url"] == citation["url"]
    assert chunk["validity"] == "en vigueur"
    document = client.get(f"/api/documents/{citation['doc_id']}").json()
    assert citation["chunk_id"] in {s["chunk_id"] for s in document["sections"]}


@pytest.mark.parametrize("path", ["/api/chunks/nope:nothing", "/api/documents/unknown-doc"])
def test_unknown_ids_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found" and "unknown" in response.json()["error"]["message"]


def test_feedback_roundtrip(client, built_settings):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    ack = client.post(
        "/api/feedback", json={"answer_id": answer["answer_id"], "rating": "down", "comment": "source trop générale"}
    )
    assert ack.status_code == 201 and ack.json()["rating"] == "down"
    from app.records.store import get_store

    stored = get_store(built_settings.resolved_database_url).feedback_for(answer["answer_id"])
    assert stored[-1]["rating"] == -1 and stored[-1]["comment"] == "source trop générale"
    assert client.post("/api/feedback", json={"answer_id": "nope", "rating": "up"}).status_code == 404
    assert client.post("/api/feedback", json={"answer_id": answer["answer_id"], "rating": "meh"}).status_code == 400


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"question": "   "}, 400),
        ({}, 400),
        ({"question": "données", "domains": ["cuisine"]}, 400),
        ({"question": "données", "conversation_id": "bad id!"}, 400),
        ({"question": "x" * 40_000}, 413),
    ],
)
def test_bad_requests_have_a_stable_error_shape(client, payload, status):
    response = client.post("/api/ask", json=payload)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "request_id"} and error["status"] == status and error["message"]
    assert error["request_id"] == response.headers["X-Request-ID"]


def test_refusal_is_an_answer_not_an_error(client):
    response = client.post("/api/ask", json={"question": "Quelle est la recette des crêpes bretonnes ?"})
    assert response.status_code == 200 and response.json()["refused"] is True


def test_probes(client, tmp_path):
    assert client.get("/healthz").json()["status"] == "ok"
    ready = client.get("/readyz").json()
    assert ready["ready"] and ready["mode"] == "extractive" and ready["index"]["chunks"] > 0
    from app.settings import Settings

    empty = TestClient(create_app(Settings(data_dir=tmp_path / "none", rate_limit="")))
    response = empty.get("/readyz")
    assert response.status_code == 503 and response.json()["ready"] is False
    assert empty.post("/api/ask", json={"question": QUESTION}).status_code == 503


def test_rate_limit(built_settings):
    limited = TestClient(create_app(built_settings.model_copy(update={"rate_limit": "3/minute"})))
    codes = [limited.get("/api/search", params={"q": "données de santé"}).status_code for _ in range(5)]
    assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    response = limited.get("/api/search", params={"q": "données"})
    assert response.json()["error"]["code"] == "rate_limited" and int(response.headers["Retry-After"]) >= 1
    assert limited.get("/healthz").status_code == 200, "probes are never rate limited"


def test_cors_is_off_by_default(client):
    response = client.get("/healthz", headers={"Origin": "https://example.org"})
    assert "access-control-allow-origin" not in response.headers


def test_chat_streams_tokens_then_final(built_settings):
    with FakeMistral() as fake:
        settings = built_settings.model_copy(
            update={"rate_limit": "", "mistral_server_url": fake.url, "mistral_timeout_s": 3}
        )
        client = TestClient(create_app(settings))
        response = client.post("/api/chat", json={"question": QUESTION})
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
        events = parse_sse(response.text)
        names = [name for name, _ in events]
        assert names.count("token") > 3 and names[-1] == "final"
        final = events[-1][1]
        assert final["mode"] == "generative" and final["citations"] and final["model"] == fake.model
        follow = client.post(
            "/api/chat", json={"question": "et pour un logiciel ?", "conversation_id": final["conversation_id"]}
        )
        assert parse_sse(follow.text)[-1][1]["conversation_id"] == final["conversation_id"]
        assert client.get("/readyz").json()["model"]["reachable"] is True


def test_chat_rejects_bad_input_before_streaming(client):
    response = client.post("/api/chat", json={"question": ""})
    assert response.status_code == 400 and response.json()["error"]["code"] == "bad_request"


def test_openapi_documents_the_contracts(client):
    spec = client.get("/openapi.json").json()
    assert {
        "/api/ask",
        "/api/chat",
        "/api/search",
        "/api/feedback",
        "/api/chunks/{chunk_id}",
        "/api/documents/{doc_id}",
    } <= set(spec["paths"])


def test_a_question_about_ones_own_product_is_offered_the_matching_checker(client):
    body = client.post(
        "/api/ask", json={"question": "Mon logiciel d'aide à la décision est-il un dispositif médical de classe IIa ?"}
    ).json()
    offered = {o["checker"] for o in body["checkers"]}
    assert "md-qualification" in offered or "mdr-class" in offered
    streamed = parse_sse(
        client.post(
            "/api/chat", json={"question": "Mon logiciel d'aide à la décision est-il un dispositif médical ?"}
        ).text
    )
    assert next(e for name, e in streamed if name == "final")["checkers"]
    general = client.post(
        "/api/ask", json={"question": "Quelles exceptions permettent de traiter des données de santé ?"}
    ).json()
    medical = client.post("/api/ask", json={"question": "Quelle dose de paracétamol pour mon enfant ?"}).json()
    assert general["checkers"] == [] and medical["refusal_reason"] == "medical_advice" and medical["checkers"] == []


def test_readyz_is_ready_only_once_the_first_answer_would_be_warm(client, built_settings):
    from app.answer import service
    from app.retrieve.index_reader import get_index

    service._warmed.clear()
    assert client.get("/readyz").json()["ready"] is True
    assert get_index(built_settings).manifest.generation in service._warmed
