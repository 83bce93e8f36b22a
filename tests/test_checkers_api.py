"""Checkers API: list, evaluate (result or missing facts), profile with staleness, funding navigator, plan exports."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from app.api.main import create_app
from app.settings import Settings

TELEMONITORING = {
    "is_software": True,
    "drives_hardware_device": False,
    "action_beyond_storage": True,
    "individual_patients": True,
    "medical_purpose": True,
    "decision_info": False,
    "monitors_physiology": True,
    "vital_immediate_danger": False,
    "controlled_device_class": "none",
    "contraception": False,
    "adapts_treatment_itself": False,
}


@pytest.fixture
def client(tmp_path):
    return TestClient(create_app(Settings(data_dir=tmp_path, rate_limit="")))


def new_conversation(client: TestClient) -> str:
    """A conversation issued by the server to this client's browser cookie (profiles live in conversations)."""
    response = client.post("/api/conversations")
    assert response.status_code == 201
    return response.json()["conversation_id"]


def test_list_checkers_has_the_eight(client):
    ids = {c["id"] for c in client.get("/api/checkers").json()}
    assert ids == {
        "md-qualification",
        "mdr-class",
        "ivdr-class",
        "hds",
        "aipd",
        "health-research",
        "reimbursement",
        "ai-act",
    }


def test_evaluate_returns_result_with_trail_and_derives_qualification(client):
    r = client.post("/api/checkers/mdr-class/evaluate", json={"profile": TELEMONITORING})
    assert r.status_code == 200
    body = r.json()
    assert [o["id"] for o in body["result"]] == ["r11b_class_iia"]
    sources = [s["source"] for s in body["result"][0]["trail"]]
    assert all(":" in s for s in sources) and body["status"] == "complete"
    # is_medical_device was not given: it comes from the qualification checker's settled result
    assert any(
        s["id"] == "is_medical_device" and s["value"].startswith("oui (déduit du vérificateur md-qualification")
        for s in body["result"][0]["trail"]
    )


def test_evaluate_with_empty_profile_lists_missing_facts(client):
    body = client.post("/api/checkers/hds/evaluate", json={"profile": {}}).json()
    assert body["status"] == "missing" and body["result"] == []
    assert body["missing"][0]["why"] and body["missing"][0]["source"].startswith(("hds-", "rgpd-"))


@pytest.mark.parametrize(
    "path, payload, status, fragment",
    [
        ("/api/checkers/nope/evaluate", {"profile": {}}, 404, "unknown checker"),
        ("/api/checkers/hds/evaluate", {"profile": {"processes_health_data": "yes"}}, 400, "expected true or false"),
        ("/api/checkers/hds/evaluate", {"profile": {"colour": "blue"}}, 400, "unknown profile field"),
        ("/api/checkers/hds/evaluate", {"profile": {}, "extra": 1}, 400, "extra"),
        (
            "/api/checkers/mdr-class/evaluate",
            {"profile": {"monitors_physiology": False, "vital_immediate_danger": True}},
            400,
            "contradictory",
        ),
    ],
)
def test_bad_requests_use_the_error_shape(client, path, payload, status, fragment):
    r = client.post(path, json=payload)
    assert r.status_code == status
    error = r.json()["error"]
    assert error["status"] == status and fragment in error["message"]


def test_profile_put_get_and_staleness(client):
    c1 = new_conversation(client)
    put = client.put(
        "/api/profile",
        json={
            "conversation_id": c1,
            "fields": {
                "processes_health_data": {"value": True},
                "care_context": {"value": True, "source": "extracted"},
            },
        },
    )
    assert put.status_code == 200 and put.json()["to_confirm"] == ["care_context"]
    first = client.post(
        "/api/checkers/hds/evaluate", json={"profile": {"processes_health_data": True}, "conversation_id": c1}
    )
    assert first.status_code == 200
    got = client.get("/api/profile", params={"conversation_id": c1}).json()
    assert got["results"][0]["checker"] == "hds" and got["results"][0]["stale"] is False
    client.put("/api/profile", json={"conversation_id": c1, "fields": {"processes_health_data": {"value": False}}})
    got = client.get("/api/profile", params={"conversation_id": c1}).json()
    assert got["results"][0]["stale"] is True and "processes_health_data" in got["results"][0]["changed_fields"]


def test_profile_bad_update_stores_nothing(client):
    c2 = new_conversation(client)
    bad = client.put(
        "/api/profile",
        json={"conversation_id": c2, "fields": {"hosting_role": {"value": "for_others"}, "trl": {"value": 12}}},
    )
    assert bad.status_code == 400 and "trl" in bad.json()["error"]["message"]
    assert client.get("/api/profile", params={"conversation_id": c2}).json()["profile"]["fields"] == {}


def test_funding_filters_and_checks(client):
    r = client.get("/api/funding", params={"open_now": True, "trl": 4, "today": "2026-11-29"})
    body = r.json()
    assert r.status_code == 200 and body["count"] > 0
    assert all(p["status_today"] == "open" for p in body["programmes"])
    assert all(p["trl_min"] is None or p["trl_min"] <= 4 for p in body["programmes"])
    regional = [p for p in body["programmes"] if p["region"]]
    assert regional and all(p["eligibility"] == "missing_facts" for p in regional)
    assert all(c["source"].startswith(p["id"] + ":") for p in body["programmes"] for c in p["checks"])


@pytest.mark.parametrize("params", [{"trl": 12}, {"amount_min": -5}, {"closing_within_days": -1}])
def test_funding_impossible_range_is_400(client, params):
    r = client.get("/api/funding", params=params)
    assert r.status_code == 400 and r.json()["error"]["code"] == "bad_request"


def test_plan_exports(client):
    p1 = new_conversation(client)
    fields = {k: {"value": v} for k, v in TELEMONITORING.items()}
    fields.update(
        {
            "processes_health_data": {"value": True},
            "anonymised_only": {"value": False},
            "care_context": {"value": True},
            "hosting_role": {"value": "for_others"},
            "host_certified": {"value": False},
            "administers_database": {"value": False},
        }
    )
    assert client.put("/api/profile", json={"conversation_id": p1, "fields": fields}).status_code == 200
    params = {"conversation_id": p1, "today": "2026-11-29", "funding": "fund-bpifrance-bourse-french-tech"}
    plan = client.get("/api/plan", params=params).json()
    ids = [s["id"] for s in plan["steps"]]
    assert {"hds-host", "hds-migrate", "quality-system", "notified-body"} <= set(ids)
    migrate = next(s for s in plan["steps"] if s["id"] == "hds-migrate")
    host = next(s for s in plan["steps"] if s["id"] == "hds-host")
    assert migrate["depends_on"] == ["hds-host"] and migrate["start"] == host["due"]
    md = client.get("/api/plan.md", params=params)
    assert md.status_code == 200 and "Plan d'action" in md.text and "hds-obligation-hebergement" in md.text
    pdf = client.get("/api/plan.pdf", params=params)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    ics = client.get("/api/plan.ics", params=params)
    assert ics.status_code == 200 and b"BEGIN:VEVENT" in ics.content and b"HDS" in ics.content
    assert client.get("/api/plan", params={**params, "funding": "fund-nope"}).status_code == 404


def test_same_value_again_keeps_the_result_fresh(client):
    c3 = new_conversation(client)
    client.put("/api/profile", json={"conversation_id": c3, "fields": {"processes_health_data": {"value": False}}})
    client.post("/api/checkers/hds/evaluate", json={"profile": {}, "conversation_id": c3})
    client.put("/api/profile", json={"conversation_id": c3, "fields": {"processes_health_data": {"value": False}}})
    result = client.get("/api/profile", params={"conversation_id": c3}).json()["results"][0]
    assert result["stale"] is False and result["result"]["result"][0]["id"] == "hds_not_required"


def test_extracted_values_are_not_used_until_confirmed(client):
    c4 = new_conversation(client)
    client.put(
        "/api/profile",
        json={"conversation_id": c4, "fields": {"processes_health_data": {"value": False, "source": "extracted"}}},
    )
    pending = client.post("/api/checkers/hds/evaluate", json={"profile": {}, "conversation_id": c4}).json()
    assert pending["status"] == "missing"
    client.put(
        "/api/profile",
        json={"conversation_id": c4, "fields": {"processes_health_data": {"value": False, "source": "confirmed"}}},
    )
    done = client.post("/api/checkers/hds/evaluate", json={"profile": {}, "conversation_id": c4}).json()
    assert done["status"] == "complete"


def test_a_result_resting_on_a_derived_answer_goes_stale_when_its_inputs_change(client):
    cid = new_conversation(client)
    client.put(
        "/api/profile", json={"conversation_id": cid, "fields": {k: {"value": v} for k, v in TELEMONITORING.items()}}
    )
    evaluation = client.post("/api/checkers/mdr-class/evaluate", json={"profile": {}, "conversation_id": cid}).json()
    # is_medical_device was derived from the qualification checker: the fields behind it are named as used
    assert {"is_medical_device", "medical_purpose", "is_software"} <= set(evaluation["used_fields"])
    assert client.get("/api/profile", params={"conversation_id": cid}).json()["results"][0]["stale"] is False
    client.put("/api/profile", json={"conversation_id": cid, "fields": {"individual_patients": {"value": False}}})
    result = client.get("/api/profile", params={"conversation_id": cid}).json()["results"][0]
    assert (
        result["checker"] == "mdr-class"
        and result["stale"] is True
        and result["changed_fields"] == ["individual_patients"]
    )
