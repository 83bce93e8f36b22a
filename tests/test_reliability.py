"""Regressions of the reliability campaign: no 500 in plain text, no leaks in errors, the CLI survives bad bytes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from tests.support import QUESTION, parse_sse

NAVIGATOR = Path(sys.executable).parent / "navigator"
SHAPE = {"status", "code", "message", "request_id"}


@pytest.fixture
def client(built_settings):
    return TestClient(create_app(built_settings.model_copy(update={"rate_limit": ""})), raise_server_exceptions=False)


def _post_raw(client, path: str, raw: str):
    return client.post(path, content=raw.encode(), headers={"Content-Type": "application/json"})


@pytest.mark.parametrize(
    "raw",
    [
        '{"question": "HDS \\ud800 obligatoire ?"}',
        '{"question": "hebergeur HDS ?", "domains": ["\\ud800"]}',
        '{"question": "hebergeur HDS ?", "kinds": ["\\udfff"]}',
        '{"question": "hebergeur HDS ?", "conversation_id": "\\ud800abcdefgh"}',
    ],
)
@pytest.mark.parametrize("path", ["/api/ask", "/api/chat"])
def test_lone_surrogate_is_a_json_400(client, path, raw):
    response = _post_raw(client, path, raw)
    assert response.status_code == 400 and response.headers["content-type"].startswith("application/json")
    assert set(response.json()["error"]) == SHAPE and response.json()["error"]["status"] == 400


def test_lone_surrogate_in_search_query_and_feedback(client):
    assert (
        client.get(
            "/api/search", params={"q": "HDS", "domain": "\ud800".encode("utf-8", "surrogatepass").decode("latin-1")}
        ).status_code
        == 400
    )
    response = _post_raw(client, "/api/feedback", '{"answer_id": "\\ud800", "rating": "up", "comment": "\\udfff"}')
    assert response.status_code in (400, 404) and set(response.json()["error"]) == SHAPE


def test_unexpected_error_is_json_500_without_its_text(client, monkeypatch):
    from app.api.routes import search as search_route

    def boom(*args, **kwargs):
        raise RuntimeError("INSERT INTO answers VALUES ('secret question') at /srv/data/navigator.sqlite")

    monkeypatch.setattr(search_route, "search", boom)
    response = client.get("/api/search", params={"q": "HDS"})
    assert response.status_code == 500 and response.json()["error"]["code"] == "internal_error"
    assert "secret" not in response.text and "INSERT" not in response.text and "/srv" not in response.text


def test_chat_error_event_carries_no_sql_nor_question(client, monkeypatch):
    from app.answer import service

    def boom(settings, query, **kwargs):
        raise RuntimeError(f"(sqlite3.OperationalError) INSERT INTO answers [parameters: ('{query}',)]")

    monkeypatch.setattr(service, "search_chunks", boom)
    response = client.post("/api/chat", json={"question": QUESTION})
    events = parse_sse(response.text)
    assert events[-1][0] == "error"
    error = events[-1][1]
    assert set(error) == SHAPE and error["status"] == 500
    assert "INSERT" not in response.text and "exceptions" not in response.text.lower()


def test_error_messages_hold_no_server_path(tmp_path):
    data = tmp_path / "deep" / "server" / "data"
    empty = TestClient(
        create_app(__import__("app.settings", fromlist=["Settings"]).Settings(data_dir=data, rate_limit=""))
    )
    for response in (empty.get("/readyz"), empty.get("/api/search", params={"q": "HDS"})):
        assert response.status_code == 503
        assert str(tmp_path) not in response.text and "/deep/" not in response.text


def test_corrupted_generation_message_holds_no_path(built_settings, tmp_path):
    import shutil

    from app.index.generations import POINTER, current_generation
    from app.retrieve.index_reader import clear_cache

    data = tmp_path / "data"
    shutil.copytree(built_settings.data_dir, data)
    settings = built_settings.model_copy(update={"data_dir": data, "rate_limit": ""})
    gen = data / "index" / current_generation(settings.index_root)
    (gen / "manifest.json").write_text("{ not json")
    clear_cache()
    response = TestClient(create_app(settings)).get("/readyz")
    assert response.status_code == 503 and str(tmp_path) not in response.text
    assert (data / "index" / POINTER).exists()


def _cli_env(settings) -> dict:
    return {
        **os.environ,
        "NAVIGATOR_DATA_DIR": str(settings.data_dir),
        "NAVIGATOR_CORPUS_DIR": str(settings.corpus_dir),
    }


def test_cli_search_with_invalid_utf8_argument_exits_2(built_settings):
    result = subprocess.run(
        [str(NAVIGATOR), "search", b"h\xe9bergeur HDS"], env=_cli_env(built_settings), capture_output=True, timeout=120
    )
    assert result.returncode == 2, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr and b"invalid characters" in result.stderr


def test_cli_chat_survives_invalid_utf8_input(built_settings):
    result = subprocess.run(
        [str(NAVIGATOR), "chat"],
        input=b"h\xe9bergeur HDS ?\n\n",
        env=_cli_env(built_settings),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    assert b"Traceback" not in result.stderr and b"invalid characters" in result.stderr


# --- Limits -------------------------------------------------------------------------------------------------------


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(built_settings):
    limited = TestClient(create_app(built_settings.model_copy(update={"rate_limit": "3/minute"})))
    codes = [
        limited.get(
            "/api/search", params={"q": "HDS", "mode": "bm25"}, headers={"X-Forwarded-For": f"10.0.0.{i}"}
        ).status_code
        for i in range(6)
    ]
    assert codes == [200, 200, 200, 429, 429, 429], "a client must not escape the limit by inventing addresses"
    behind_proxy = TestClient(
        create_app(built_settings.model_copy(update={"rate_limit": "3/minute", "trusted_proxies": ["testclient"]}))
    )
    codes = [
        behind_proxy.get(
            "/api/search", params={"q": "HDS", "mode": "bm25"}, headers={"X-Forwarded-For": f"198.51.100.{i}"}
        ).status_code
        for i in range(6)
    ]
    assert codes == [200] * 6, "behind a trusted proxy, each forwarded client has its own limit"


def test_serve_does_not_let_uvicorn_trust_forwarded_headers(monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from app.cli import app as cli_app

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    assert CliRunner().invoke(cli_app, ["serve", "--port", "8999"]).exit_code == 0
    assert seen["proxy_headers"] is False and seen["forwarded_allow_ips"] == ""


def test_default_rate_limit_lets_an_office_work():
    from limits import parse

    from app.settings import Settings

    item = parse(Settings(_env_file=None).rate_limit)
    assert item.amount / item.get_expiry() * 60 >= 120


def test_chunked_body_over_the_limit_is_413(client):
    def chunks():
        for _ in range(40):
            yield b"x" * 1024

    response = client.post("/api/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    small = client.post(
        "/api/ask",
        content=iter([b'{"question": ', '"données de santé ?"}'.encode()]),
        headers={"Content-Type": "application/json"},
    )
    assert small.status_code == 200


def test_readyz_probes_a_slow_model_once_for_200_concurrent_calls(built_settings):
    import asyncio
    import socket
    import threading
    import time

    import httpx

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(512)
    accepted: list[socket.socket] = []

    def accept_and_never_answer():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)

    threading.Thread(target=accept_and_never_answer, daemon=True).start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    app = create_app(
        built_settings.model_copy(update={"rate_limit": "", "mistral_server_url": url, "mistral_api_key": "dummy"})
    )

    async def run():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
            started = time.perf_counter()
            probes = await asyncio.gather(*(c.get("/readyz") for _ in range(200)))
            elapsed = time.perf_counter() - started
            again = await c.get("/readyz")
            return probes, elapsed, again

    try:
        probes, elapsed, again = asyncio.run(run())
    finally:
        listener.close()
    assert all(p.status_code == 200 for p in probes)
    assert app.state.model_probe.probes == 1 and len(accepted) <= 1, "one outbound probe, shared by every caller"
    assert elapsed < 6, f"200 probes took {elapsed:.1f} s"
    assert again.json()["model"]["reachable"] in (False, None) and app.state.model_probe.probes == 1


# --- Hardening ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/healthz", "/api/search?q=HDS", "/api/chunks/nope:x", "/docs", "/static/app.js", "/nothing"]
)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    csp = response.headers["content-security-policy"]
    assert (
        "frame-ancestors 'none'" in csp
        and "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert (
        response.headers["x-content-type-options"] == "nosniff" and response.headers["referrer-policy"] == "no-referrer"
    )


def test_security_headers_on_a_500(client, monkeypatch):
    from app.api.routes import search as search_route

    monkeypatch.setattr(search_route, "search", lambda *a, **k: 1 / 0)
    response = client.get("/api/search", params={"q": "HDS"})
    assert response.status_code == 500 and "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_page_has_no_inline_script_and_head_works(client):
    import re

    html = client.get("/").text
    assert all('src="/' in tag for tag in re.findall(r"<script[^>]*>", html)), "every script is a same-origin file"
    assert not re.search(r"<script[^>]*>[^<]*\S[^<]*</script>", html), "no inline script body"
    assert not re.search(r"<[^>]+\son[a-z]+=", html), "no inline event handler"
    assert not re.search(r"\sstyle=", html), "no inline style (the policy forbids it)"
    assert client.head("/").status_code == 200


def test_docs_are_served_locally(client):
    page = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert "SwaggerUIBundle" in client.get("/docs/assets/swagger-ui-bundle.js").text[:200_000]
    assert client.get("/redoc").status_code == 404


# --- Metrics ------------------------------------------------------------------------------------------------------


def _sample(text: str, name: str, **labels) -> float:
    from prometheus_client.parser import text_string_to_metric_families

    total = 0.0
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and all(sample.labels.get(k) == v for k, v in labels.items()):
                total += sample.value
    return total


def test_metrics_count_requests_answers_refusals_and_record_failures(client, monkeypatch):
    before = client.get("/metrics").text
    client.get("/api/search", params={"q": "données de santé"})
    client.get("/api/chunks/nope:nothing")
    client.post("/api/ask", json={"question": QUESTION})
    client.post("/api/ask", json={"question": "Quelle est la recette des crêpes bretonnes ?"})
    from app.records import store as store_module

    def refuse(self, record):
        raise OSError("disk full")

    monkeypatch.setattr(store_module.RecordStore, "save_answer", refuse)
    assert client.post("/api/ask", json={"question": QUESTION}).status_code == 200
    after = client.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    delta = lambda name, **labels: _sample(after.text, name, **labels) - _sample(before, name, **labels)  # noqa: E731
    assert delta("navigator_http_requests_total", route="/api/search", status="200") == 1
    assert delta("navigator_http_requests_total", route="/api/chunks/{chunk_id}", status="404") == 1
    assert delta("navigator_http_request_duration_seconds_count", route="/api/ask") == 3
    assert delta("navigator_answers_total", mode="extractive", refused="false") == 2
    assert delta("navigator_answers_total", mode="extractive", refused="true") == 1
    assert delta("navigator_record_save_failures_total") == 1
    assert "navigator_answer_fallbacks_total" in after.text
