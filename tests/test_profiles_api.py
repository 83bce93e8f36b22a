"""The startup profile: bound to the conversation's owner, per account when logged in, adviser-set values, checked
as a whole before anything is stored, erased with its conversation, created by the migrations."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from app.api.main import create_app
from app.auth.accounts import Accounts
from app.auth.sessions import CSRF_HEADER
from app.records.store import RecordStore, get_store
from app.settings import Settings

PASSWORD = "correct horse battery"


@pytest.fixture
def settings(tmp_path, db_url) -> Settings:
    """The API on SQLite, and on PostgreSQL when the test server is there."""
    return Settings(data_dir=tmp_path / "data", database_url=db_url, rate_limit="", login_rate_limit="100/minute")


@pytest.fixture
def app(settings):
    return create_app(settings)


@pytest.fixture
def founder(app) -> TestClient:
    return TestClient(app)


@pytest.fixture
def stranger(app) -> TestClient:
    """Another browser: its own owner cookie."""
    return TestClient(app)


@pytest.fixture
def accounts(settings) -> Accounts:
    accounts = Accounts(get_store(settings.resolved_database_url).engine)
    accounts.add("founder@example.org", "founder", PASSWORD)
    accounts.add("other@example.org", "founder", PASSWORD)
    accounts.add("adviser@example.org", "adviser", PASSWORD)
    return accounts


def login(client: TestClient, email: str) -> str:
    response = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()["csrf_token"]


def new_conversation(client: TestClient) -> str:
    response = client.post("/api/conversations")
    assert response.status_code == 201 and response.json()["turns"] == 0
    return response.json()["conversation_id"]


def put(client: TestClient, cid: str, fields: dict):
    return client.put("/api/profile", json={"conversation_id": cid, "fields": fields})


def assert_not_found(response) -> None:
    assert response.status_code == 404, response.text
    assert response.json()["error"]["code"] == "not_found"


# Ownership ----------------------------------------------------------------------------------------------------


def test_the_owner_reads_and_writes_its_conversation_profile(founder):
    cid = new_conversation(founder)
    assert put(founder, cid, {"processes_health_data": {"value": True}}).status_code == 200
    field = founder.get("/api/profile", params={"conversation_id": cid}).json()["profile"]["fields"][
        "processes_health_data"
    ]
    assert field["value"] is True and field["source"] == "asked" and field["date"]


def test_another_browser_gets_404_everywhere_and_changes_nothing(founder, stranger):
    cid = new_conversation(founder)
    put(founder, cid, {"processes_health_data": {"value": True}})
    params = {"conversation_id": cid, "today": "2026-11-29"}
    assert_not_found(stranger.get("/api/profile", params={"conversation_id": cid}))
    assert_not_found(put(stranger, cid, {"processes_health_data": {"value": False}}))
    assert_not_found(stranger.post("/api/checkers/hds/evaluate", json={"profile": {}, "conversation_id": cid}))
    assert_not_found(stranger.get("/api/funding", params=params))
    for path in ("/api/plan", "/api/plan.md", "/api/plan.pdf", "/api/plan.ics"):
        assert_not_found(stranger.get(path, params=params))
    fields = founder.get("/api/profile", params={"conversation_id": cid}).json()["profile"]["fields"]
    assert fields["processes_health_data"]["value"] is True, "the stranger's PUT stored nothing"
    # a foreign id and an unknown id answer the same
    unknown = stranger.get("/api/profile", params={"conversation_id": "0" * 32})
    assert_not_found(unknown)
    assert (
        unknown.json()["error"].keys()
        == stranger.get("/api/profile", params={"conversation_id": cid}).json()["error"].keys()
    )


def test_without_a_cookie_a_known_id_is_404_like_the_chat(app, founder):
    cid = new_conversation(founder)
    bare = TestClient(app)  # no owner cookie: a fresh owner, which owns nothing
    assert_not_found(bare.get("/api/profile", params={"conversation_id": cid}))
    assert_not_found(bare.get(f"/api/conversations/{cid}"))


def test_the_profile_goes_when_the_conversation_is_erased(founder, settings):
    cid = new_conversation(founder)
    put(founder, cid, {"processes_health_data": {"value": False}})
    founder.post("/api/checkers/hds/evaluate", json={"profile": {}, "conversation_id": cid})
    assert founder.delete(f"/api/conversations/{cid}").status_code == 204
    with get_store(settings.resolved_database_url).engine.connect() as conn:
        left = (
            conn.execute(text("select count(*) from startup_profiles")).scalar_one()
            + conn.execute(text("select count(*) from checker_results")).scalar_one()
        )
    assert left == 0
    assert_not_found(founder.get("/api/profile", params={"conversation_id": cid}))


def test_prune_erases_profiles_of_conversations_that_are_gone(tmp_path):
    import datetime as dt

    from app.checkers.profile import ProfileField, ProfileStore, StartupProfile, scope_key

    store = RecordStore(f"sqlite:///{tmp_path / 'r.sqlite'}")
    profiles = ProfileStore(store.engine)
    kept = store.open_conversation(None, "b-x")
    for cid in (kept, "made-up-id-1234"):
        profiles.put(StartupProfile(scope_key=scope_key(cid), fields={"trl": ProfileField(value=4)}))
    store.prune(dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
    assert profiles.get(scope_key(kept)).fields and not profiles.get(scope_key("made-up-id-1234")).fields


# Provenance, confirmation, staleness --------------------------------------------------------------------------


def test_an_extracted_guess_never_overrules_an_answer(founder):
    cid = new_conversation(founder)
    put(founder, cid, {"processes_health_data": {"value": True}})
    body = put(founder, cid, {"processes_health_data": {"value": False, "source": "extracted"}}).json()
    assert body["profile"]["fields"]["processes_health_data"] == {
        **body["profile"]["fields"]["processes_health_data"],
        "value": True,
        "source": "asked",
    }
    assert body["to_confirm"] == []


def test_confirming_an_extracted_value_makes_it_usable_with_a_new_date(founder):
    cid = new_conversation(founder)
    first = put(founder, cid, {"processes_health_data": {"value": False, "source": "extracted"}}).json()
    assert first["to_confirm"] == ["processes_health_data"]
    confirmed = put(founder, cid, {"processes_health_data": {"value": False, "source": "confirmed"}}).json()
    before = first["profile"]["fields"]["processes_health_data"]["date"]
    field = confirmed["profile"]["fields"]["processes_health_data"]
    assert confirmed["to_confirm"] == [] and field["source"] == "confirmed" and field["date"] > before


def test_a_what_if_evaluation_is_answered_but_not_stored_as_the_profile_result(founder):
    cid = new_conversation(founder)
    put(founder, cid, {"processes_health_data": {"value": False}})
    what_if = founder.post(
        "/api/checkers/hds/evaluate", json={"profile": {"processes_health_data": True}, "conversation_id": cid}
    ).json()
    assert what_if["status"] == "missing", "the request's value was used"
    assert founder.get("/api/profile", params={"conversation_id": cid}).json()["results"] == []
    founder.post("/api/checkers/hds/evaluate", json={"profile": {}, "conversation_id": cid})
    results = founder.get("/api/profile", params={"conversation_id": cid}).json()["results"]
    assert results[0]["stale"] is False and "processes_health_data" in results[0]["result"]["used_fields"]


def test_a_founder_cannot_claim_an_adviser_value(founder):
    cid = new_conversation(founder)
    response = put(founder, cid, {"processes_health_data": {"value": True, "source": "adviser"}})
    assert response.status_code == 400 and "source" in response.json()["error"]["message"]


def test_an_adviser_sets_values_marked_adviser_and_audited(app, founder, accounts):
    cid = new_conversation(founder)
    put(founder, cid, {"processes_health_data": {"value": False}})
    founder.post("/api/checkers/hds/evaluate", json={"profile": {}, "conversation_id": cid})
    adviser = TestClient(app)
    assert (
        adviser.put(
            f"/api/review/profiles/{cid}", json={"fields": {"processes_health_data": {"value": True}}}
        ).status_code
        == 401
    )
    token = login(adviser, "adviser@example.org")
    assert (
        adviser.put(
            f"/api/review/profiles/{cid}", json={"fields": {"processes_health_data": {"value": True}}}
        ).status_code
        == 403
    )
    response = adviser.put(
        f"/api/review/profiles/{cid}",
        json={"fields": {"processes_health_data": {"value": True}}},
        headers={CSRF_HEADER: token},
    )
    assert response.status_code == 200
    assert response.json()["profile"]["fields"]["processes_health_data"]["source"] == "adviser"
    assert_not_found(
        adviser.put("/api/review/profiles/unknown-conversation", json={"fields": {}}, headers={CSRF_HEADER: token})
    )
    got = founder.get("/api/profile", params={"conversation_id": cid}).json()
    assert got["results"][0]["stale"] is True and got["results"][0]["changed_fields"] == ["processes_health_data"]
    entries = Accounts(get_store(app.state.settings.resolved_database_url).engine)
    from app.auth.accounts import AuditLog

    audit = AuditLog(entries.engine).entries(action="profile.set")
    assert audit and audit[0]["target"] == f"conversation:{cid}"
    founder_account = TestClient(app)
    founder_token = login(founder_account, "founder@example.org")
    refused = founder_account.put(
        f"/api/review/profiles/{cid}", json={"fields": {}}, headers={CSRF_HEADER: founder_token}
    )
    assert refused.status_code == 403


# Bad input ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields, fragment",
    [
        ({"trl": {"value": "four"}}, "'trl'"),
        ({"intended_purpose": {"value": 42}}, "'intended_purpose': expected a text"),
        ({"users": {"value": ["patients", 3]}}, "'users'"),
        ({"colour": {"value": "blue"}}, "unknown profile field 'colour'"),
        ({"trl": {"value": 4, "when": "now"}}, "when"),
        ({"trl": {"value": 4, "date": "2020-01-01T00:00:00Z"}}, "date"),
    ],
)
def test_a_bad_update_is_refused_whole_with_a_clear_message(founder, fields, fragment):
    cid = new_conversation(founder)
    put(founder, cid, {"company_size": {"value": "small"}})
    response = put(founder, cid, {"processes_health_data": {"value": True}, **fields})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_request" and fragment in error["message"]
    stored = founder.get("/api/profile", params={"conversation_id": cid}).json()["profile"]["fields"]
    assert set(stored) == {"company_size"}, "the valid field of the refused update was not stored either"


# Account profile ----------------------------------------------------------------------------------------------


def test_account_profile_needs_a_session_and_the_csrf_header(app, accounts):
    client = TestClient(app)
    assert client.get("/api/profile/account").status_code == 401
    assert client.put("/api/profile/account", json={"fields": {}}).status_code == 401
    token = login(client, "founder@example.org")
    assert client.get("/api/profile/account").json()["profile"]["fields"] == {}
    assert client.put("/api/profile/account", json={"fields": {"trl": {"value": 5}}}).status_code == 403
    saved = client.put("/api/profile/account", json={"fields": {"trl": {"value": 5}}}, headers={CSRF_HEADER: token})
    assert saved.status_code == 200 and saved.json()["profile"]["fields"]["trl"]["value"] == 5
    bad = client.put("/api/profile/account", json={"fields": {"trl": {"value": 12}}}, headers={CSRF_HEADER: token})
    assert (
        bad.status_code == 400 and client.get("/api/profile/account").json()["profile"]["fields"]["trl"]["value"] == 5
    )
    other = TestClient(app)
    login(other, "other@example.org")
    assert other.get("/api/profile/account").json()["profile"]["fields"] == {}, "each account has its own profile"


def test_save_a_conversation_profile_to_the_account_and_start_another_from_it(app, accounts):
    client = TestClient(app)
    token = login(client, "founder@example.org")
    first = new_conversation(client)
    put(client, first, {"trl": {"value": 4}, "care_context": {"value": True, "source": "extracted"}})
    dated = client.get("/api/profile", params={"conversation_id": first}).json()["profile"]["fields"]["trl"]["date"]
    assert client.post("/api/profile/account/from-conversation", json={"conversation_id": first}).status_code == 403
    saved = client.post(
        "/api/profile/account/from-conversation", json={"conversation_id": first}, headers={CSRF_HEADER: token}
    ).json()
    assert saved["profile"]["fields"]["trl"] == {"value": 4, "source": "asked", "date": dated}, "origin and date kept"
    assert saved["to_confirm"] == ["care_context"], "an unconfirmed value stays to confirm in the account too"
    second = new_conversation(client)
    started = client.post("/api/profile/from-account", json={"conversation_id": second}, headers={CSRF_HEADER: token})
    assert started.status_code == 200 and started.json()["profile"]["fields"]["trl"]["value"] == 4
    # someone else's conversation cannot be saved to (or filled from) one's account
    other = TestClient(app)
    other_token = login(other, "other@example.org")
    assert_not_found(
        other.post(
            "/api/profile/account/from-conversation",
            json={"conversation_id": first},
            headers={CSRF_HEADER: other_token},
        )
    )
    assert_not_found(
        other.post("/api/profile/from-account", json={"conversation_id": first}, headers={CSRF_HEADER: other_token})
    )
    assert TestClient(app).post("/api/profile/from-account", json={"conversation_id": second}).status_code == 401


# Migration ----------------------------------------------------------------------------------------------------


def test_the_migration_creates_the_profile_tables(db_url):
    store = RecordStore(db_url)
    try:
        tables = set(inspect(store.engine).get_table_names())
        assert {"startup_profiles", "checker_results"} <= tables
    finally:
        store.engine.dispose()


def test_profile_tables_created_before_the_migration_are_adopted_with_their_rows(tmp_path):
    from app.records.migrations import current, upgrade

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = create_engine(url)
    upgrade(engine, "0006")
    with engine.begin() as conn:  # as the profile store used to create them, outside the migrations
        conn.execute(
            text(
                "CREATE TABLE startup_profiles (scope_key VARCHAR(160) PRIMARY KEY, fields TEXT NOT NULL, "
                "updated_at DATETIME NOT NULL)"
            )
        )
        conn.execute(
            text(
                "CREATE TABLE checker_results (scope_key VARCHAR(160) NOT NULL, checker VARCHAR(64) NOT NULL, "
                "used TEXT NOT NULL, result TEXT NOT NULL, computed_at DATETIME NOT NULL, PRIMARY KEY (scope_key, checker))"
            )
        )
        conn.execute(text("INSERT INTO startup_profiles VALUES ('account:1', '{}', '2026-11-01 00:00:00')"))
    engine.dispose()
    store = RecordStore(url)
    assert current(store.engine) == "0007"
    with store.engine.connect() as conn:
        assert conn.execute(text("select scope_key from startup_profiles")).scalar_one() == "account:1"


# From the chat ------------------------------------------------------------------------------------------------


def test_what_a_question_says_about_the_product_waits_in_the_profile_for_confirmation(built_settings):
    client = TestClient(create_app(built_settings.model_copy(update={"rate_limit": ""})))
    body = client.post(
        "/api/ask", json={"question": "Mon logiciel d'aide à la décision est-il un dispositif médical ?"}
    ).json()
    prefill = {k: v for offer in body["checkers"] for k, v in offer["prefill"].items()}
    assert prefill.get("is_software") is True
    cid = body["conversation_id"]
    profile = client.get("/api/profile", params={"conversation_id": cid}).json()
    assert profile["to_confirm"] == sorted(prefill)
    assert {k: f["value"] for k, f in profile["profile"]["fields"].items()} == prefill
    pending = client.post(
        "/api/checkers/md-qualification/evaluate", json={"profile": {}, "conversation_id": cid}
    ).json()
    assert "is_software" not in pending["used_fields"] and pending["missing"][0]["question"] == "is_software"
    put(client, cid, {"is_software": {"value": True, "source": "confirmed"}})
    confirmed = client.post(
        "/api/checkers/md-qualification/evaluate", json={"profile": {}, "conversation_id": cid}
    ).json()
    assert "is_software" in confirmed["used_fields"]
    # asked again, the chat does not undo the confirmation
    client.post(
        "/api/ask",
        json={"question": "Mon logiciel d'aide à la décision est-il un dispositif médical ?", "conversation_id": cid},
    )
    assert client.get("/api/profile", params={"conversation_id": cid}).json()["to_confirm"] == []


def test_free_texts_of_the_profile_are_redacted_before_they_are_stored(founder, settings):
    cid = new_conversation(founder)
    body = put(
        founder,
        cid,
        {
            "intended_purpose": {"value": "Suivi à domicile, contact marie.test@example.org"},
            "users": {"value": ["infirmiers", "appeler le 06 12 34 56 78"]},
        },
    ).json()
    fields = body["profile"]["fields"]
    assert (
        "marie.test@example.org" not in fields["intended_purpose"]["value"]
        and "[e-mail masqué]" in fields["intended_purpose"]["value"]
    )
    assert fields["users"]["value"][0] == "infirmiers" and "06 12 34 56 78" not in fields["users"]["value"][1]
    with get_store(settings.resolved_database_url).engine.connect() as conn:
        raw = conn.execute(text("select fields from startup_profiles")).scalar_one()
    assert "marie.test@example.org" not in raw and "06 12 34 56 78" not in raw


def test_concurrent_updates_of_one_profile_are_not_lost_on_postgresql(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("SQLite serves one worker; the lock is PostgreSQL's")
    from concurrent.futures import ThreadPoolExecutor

    from app.checkers.profile import ProfileField, ProfileStore, scope_key

    store = RecordStore(db_url)
    profiles = ProfileStore(store.engine)
    key = scope_key("concurrent-conversation")
    names = [
        "product_name",
        "intended_purpose",
        "hosting",
        "ce_status",
        "mdr_class_known",
        "functions",
        "users",
        "data_processed",
    ]

    def one(name: str) -> None:
        profiles.update(key, {name: ProfileField(value=name)}, lambda values: None)

    try:
        with ThreadPoolExecutor(max_workers=len(names)) as pool:
            list(pool.map(one, names))
        assert set(profiles.get(key).fields) == set(names)
    finally:
        store.engine.dispose()
