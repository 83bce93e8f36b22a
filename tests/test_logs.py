"""Structured logs: JSON lines carrying the request id, generic errors to the client, the details in the log."""

import io
import json
import logging
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.api.routes import answers
from app.logs import configure_logging
from tests.support import QUESTION, parse_sse

SECRET_DETAIL = "database password hunter2 at /srv/secret/path"


@pytest.fixture
def json_logs() -> Iterator[Callable[[], list[dict]]]:
    """The real configuration (as `navigator serve` sets it), writing to a buffer instead of stderr; removed after."""
    root = logging.getLogger()
    level = root.level
    stream = io.StringIO()
    configure_logging("INFO", stream)

    def read() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield read
    for handler in [h for h in root.handlers if h.get_name() == "navigator"]:
        root.removeHandler(handler)
    root.setLevel(level)
    logging.getLogger("uvicorn.access").disabled = False


@pytest.fixture
def client(built_settings):
    return TestClient(create_app(built_settings.model_copy(update={"rate_limit": ""})))


def _boom(*args, **kwargs):
    raise RuntimeError(SECRET_DETAIL)


def test_a_failure_inside_is_generic_for_the_client_and_detailed_in_the_log(client, json_logs, monkeypatch):
    monkeypatch.setattr(answers, "ask", _boom)
    response = client.post("/api/ask?utm=private", json={"question": QUESTION})

    assert response.status_code == 500
    error = response.json()["error"]
    request_id = response.headers["X-Request-ID"]
    assert error["request_id"] == request_id and len(request_id) >= 16
    assert "internal error" in error["message"] and SECRET_DETAIL not in response.text

    lines = [line for line in json_logs() if not line["logger"].startswith("httpx")]  # the test client's own
    mine = [line for line in lines if line.get("request_id") == request_id]
    failure = next(line for line in mine if line["level"] == "ERROR")
    assert "Traceback" in failure["exc_info"] and SECRET_DETAIL in failure["exc_info"]
    access = [line for line in mine if line["logger"] == "navigator.access"]
    assert len(access) == 1
    assert access[0]["status"] == 500 and access[0]["method"] == "POST" and access[0]["path"] == "/api/ask"
    assert isinstance(access[0]["duration_ms"], float)
    # Nothing the founder typed: neither the question nor the query string, in any line of the request.
    assert not any(QUESTION in json.dumps(line, ensure_ascii=False) for line in lines)
    assert not any("utm=private" in json.dumps(line) for line in lines)


def test_a_stream_failure_ends_with_a_generic_error_event_and_a_logged_traceback(client, json_logs, monkeypatch):
    def failing_stream(*args, **kwargs):
        raise RuntimeError(SECRET_DETAIL)
        yield  # a generator, like the real one

    monkeypatch.setattr(answers, "stream_answer", failing_stream)
    response = client.post("/api/chat", json={"question": QUESTION})

    request_id = response.headers["X-Request-ID"]
    (name, data), *_ = parse_sse(response.text)
    assert name == "error" and data["request_id"] == request_id and SECRET_DETAIL not in response.text
    failure = next(line for line in json_logs() if line["level"] == "ERROR")
    assert failure["request_id"] == request_id and SECRET_DETAIL in failure["exc_info"]


def test_a_sane_incoming_request_id_is_kept_and_any_other_replaced(client, json_logs):
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.42"})
    assert kept.headers["X-Request-ID"] == "lb-7f3a.42"
    replaced = client.get("/healthz", headers={"X-Request-ID": "x" * 300})
    assert replaced.headers["X-Request-ID"] != "x" * 300 and len(replaced.headers["X-Request-ID"]) == 32
    access = [line for line in json_logs() if line["logger"] == "navigator.access"]
    assert [line["request_id"] for line in access] == ["lb-7f3a.42", replaced.headers["X-Request-ID"]]


def test_every_line_logged_while_serving_carries_the_request_id(client, json_logs, monkeypatch):
    def noisy(*args, **kwargs):
        logging.getLogger("app.somewhere.deep").warning("something worth knowing")
        raise RuntimeError("then a failure")

    monkeypatch.setattr(answers, "ask", noisy)
    request_id = client.post("/api/ask", json={"question": QUESTION}).headers["X-Request-ID"]
    warning = next(line for line in json_logs() if line["message"] == "something worth knowing")
    assert warning["request_id"] == request_id and warning["logger"] == "app.somewhere.deep"


def test_a_cross_origin_web_client_may_read_the_request_id(built_settings):
    app = create_app(built_settings.model_copy(update={"rate_limit": "", "cors_origins": ["https://app.example"]}))
    response = TestClient(app).get("/healthz", headers={"Origin": "https://app.example"})
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()
