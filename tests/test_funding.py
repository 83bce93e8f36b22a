"""Funding records: validation, status on a given day, answer-first rendering, corpus integration, EU connector."""

import datetime as dt
import json
import re
from pathlib import Path

import httpx
import pytest
import yaml
from pydantic import ValidationError

from app.corpus.check import check_corpus
from app.corpus.eu_funding import EUFundingError, map_result, search, sync
from app.corpus.funding import CallStatus, FundingRecord, load_funding_record, render_body, render_meta
from app.corpus.loader import CorpusError, iter_corpus_files, load_document

ROOT = Path(__file__).resolve().parent.parent
RECORDS = ROOT / "corpus" / "funding"
FIXTURE = Path(__file__).parent / "fixtures" / "eu_funding" / "search_digital_health.json"
TODAY = dt.date(2026, 11, 29)
# The answer-first rule of CORPUS_FORMAT.md, applied mechanically to the first sentence of each ## section.
FORBIDDEN_STARTS = (
    "Il ",
    "Elle ",
    "Ils ",
    "Elles ",
    "On ",
    "Ce ",
    "Cet ",
    "Cette ",
    "Ces ",
    "Cela ",
    "Ça ",
    "Et ",
    "Mais ",
    "Donc ",
    "Ainsi ",
    "Aussi ",
    "Alors ",
    "Puis ",
    "Enfin ",
    "En outre",
    "De plus",
    "Par ailleurs",
)
REFERENCE_MARK = re.compile(r"\d|article|art\.|annexe|règle|§|L\.|R\.|MDCG|ISO|CSP|RGPD|MDR")


def record(**overrides) -> dict:
    base = {
        "id": "fund-test-aide",
        "title": "Aide de test",
        "funder": "Bpifrance",
        "programme": "Programme de test",
        "kind": "subsidy",
        "beneficiaries": ["startups"],
        "trl_min": 3,
        "trl_max": 6,
        "amount_max": 30000,
        "aid_rate": 0.7,
        "status": "open",
        "eligibility": ["société de moins d'un an"],
        "url": "https://www.bpifrance.fr/catalogue-offres/test",
        "verified_on": "2026-11-29",
    }
    base.update(overrides)
    return base


def first_sentences(body: str) -> list[str]:
    sentences = []
    for section in re.split(r"^## ", body, flags=re.M)[1:]:
        paragraph = section.split("\n\n", 1)[1].strip().split("\n")[0]
        match = re.match(r"(.+?[.!?])(\s|$)", paragraph)
        sentences.append(match.group(1) if match else paragraph)
    return sentences


# --- model validation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"trl_min": 7, "trl_max": 4}, "trl_min (7) is greater than trl_max (4)"),
        ({"amount_min": 50000, "amount_max": 10000}, "amount_min (50000) is greater than amount_max (10000)"),
        ({"windows": [{"opens": "2026-03-01", "closes": "2026-02-01"}]}, "closes (2026-02-01) is before opens"),
        ({"aid_rate": 1.5}, "less than or equal to 1"),
        ({"trl_max": 10}, "less than or equal to 9"),
        ({"kind": "grant"}, "subsidy"),
        ({"status": "closed", "windows": []}, "closed call keeps its past dates"),
        ({"windows": [{}]}, "at least 'opens' or 'closes'"),
    ],
)
def test_inconsistent_records_are_refused(overrides, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        FundingRecord.model_validate(record(**overrides))


def test_unknown_field_is_refused():
    with pytest.raises(ValidationError, match="amount"):
        FundingRecord.model_validate(record(amount=10))


# --- status on a given day -------------------------------------------------------------------------------------


def test_status_on_follows_the_windows():
    call = FundingRecord.model_validate(
        record(
            status="open",
            windows=[
                {"opens": "2026-01-10", "closes": "2026-03-04", "label": "relève 1"},
                {"opens": "2026-05-01", "closes": "2026-07-08", "label": "relève 2"},
            ],
        )
    )
    assert call.status_on(dt.date(2025, 12, 1)) == CallStatus.forthcoming
    assert call.status_on(dt.date(2026, 1, 10)) == CallStatus.open
    assert call.status_on(dt.date(2026, 3, 4)) == CallStatus.open
    assert call.status_on(dt.date(2026, 4, 1)) == CallStatus.forthcoming  # between two cut-offs
    assert call.status_on(dt.date(2026, 7, 9)) == CallStatus.closed
    assert call.last_close == dt.date(2026, 7, 8)


def test_recurring_programme_stays_recurring_after_its_last_published_edition():
    programme = FundingRecord.model_validate(
        record(status="recurring", windows=[{"opens": "2025-12-01", "closes": "2026-02-03"}])
    )
    assert programme.status_on(dt.date(2026, 1, 15)) == CallStatus.open
    assert programme.status_on(TODAY) == CallStatus.recurring
    assert render_meta(programme).valid_until is None  # a past edition does not expire the programme


def test_without_windows_the_declared_status_stands():
    rolling = FundingRecord.model_validate(record(status="open"))
    assert rolling.status_on(TODAY) == CallStatus.open and rolling.last_close is None
    open_ended = FundingRecord.model_validate(record(windows=[{"opens": "2026-01-01"}]))
    assert open_ended.status_on(dt.date(2030, 1, 1)) == CallStatus.open and open_ended.last_close is None


# --- rendering -------------------------------------------------------------------------------------------------


def test_rendering_is_answer_first_and_dated():
    call = FundingRecord.model_validate(
        record(status="closed", windows=[{"opens": "2025-12-01", "closes": "2026-02-03"}])
    )
    body = render_body(call)
    meta = render_meta(call)
    assert (
        "## Montant et taux\n\nLe dispositif « Aide de test » (Bpifrance) finance jusqu'à 30 000 € par projet (subvention), dans la limite de 70 % des dépenses éligibles."
        in body
    )
    assert "- du 1er décembre 2025 au 3 février 2026" in body and "TRL 3 à 6" in body
    assert "la dernière clôture publiée était fixée au 3 février 2026" in body
    assert meta.valid_until == dt.date(2026, 2, 3) and meta.valid_from == dt.date(2025, 12, 1)
    assert meta.domain == "france2030" and meta.kind == "funding"
    assert str(meta.references[0].url) == "https://www.bpifrance.fr/catalogue-offres/test"


def test_the_eligibility_conditions_are_announced_by_a_lead_in_the_answers_quote_them_after():
    """« …la fiche retient 3 conditions d'éligibilité listées ci-dessous. » was quoted alone, announcing a list the
    answer did not give; a lead-in ending with a colon is quoted with the items chosen (app.lists)."""
    from app.text import split_sentences

    body = render_body(
        FundingRecord.model_validate(record(eligibility=["société de moins d'un an", "siège en France"]))
    )
    section = body.split("## Bénéficiaires et conditions d'éligibilité")[1].split("##")[0].strip()
    sentences = split_sentences(section)
    assert sentences[0].endswith("retient 2 conditions d'éligibilité.") and "ci-dessous" not in section, sentences
    assert sentences[1].startswith("Les conditions retenues sont :\n") and "siège en France" in sentences[1]


def test_missing_amount_is_said_not_invented():
    body = render_body(FundingRecord.model_validate(record(amount_max=None, aid_rate=None)))
    assert "n'a pas de montant confirmé par une source officielle au 29 novembre 2026" in body
    assert "€" not in body.split("## Montant et taux")[1].split("##")[0]


def test_the_forfait_innovation_is_not_called_a_grant():
    """It pays for the patients of a study through the health insurance; the record said « (subvention) » while its
    own note said it is not a grant paid to the company."""
    body = load_document(RECORDS / "fund-has-forfait-innovation.yaml").body
    assert "(prise en charge par l'Assurance maladie)" in body and "subvention)" not in body


@pytest.mark.parametrize("path", sorted(RECORDS.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_published_record_renders_answer_first(path):
    doc = load_document(path)
    sentences = first_sentences(doc.body)
    assert len(sentences) == 4
    for sentence in sentences:
        assert 40 <= len(sentence) <= 400, sentence
        assert not sentence.startswith(FORBIDDEN_STARTS) and not sentence.startswith(("-", "*")), sentence
        assert REFERENCE_MARK.search(sentence), sentence
        assert sentence.endswith(".")
    for section in re.split(r"^## ", doc.body, flags=re.M)[1:]:
        assert len(section.split()) < 300


def test_published_records_are_enough_named_by_id_and_consistent_with_their_dates():
    paths = sorted(RECORDS.glob("*.yaml"))
    assert len(paths) >= 40
    for path in paths:
        funding = load_funding_record(path)
        assert funding.id == path.stem
        # the declared status is what the windows say on the day the record was checked
        assert funding.status_on(funding.verified_on) == funding.status, path.name


def test_a_record_s_trl_range_admits_the_minimum_its_eligibility_states():
    """The funding checker filters by `trl_min`: the EIC Accelerator record said « au moins TRL 5 au dépôt » but had
    trl_min 6 (the TRL of the work it pays for), so a TRL 5 project was told it could not apply."""
    stated = re.compile(r"au moins (?:le niveau )?TRL ?(\d)", re.I)
    checked = 0
    for path in sorted(RECORDS.glob("*.yaml")):
        funding = load_funding_record(path)
        for condition in funding.eligibility:
            if m := stated.search(condition):
                checked += 1
                assert funding.trl_min == int(m.group(1)), (path.name, condition, funding.trl_min)
    assert checked >= 1


# --- corpus integration ----------------------------------------------------------------------------------------


def test_malformed_record_names_file_and_field(tmp_path):
    folder = tmp_path / "funding"
    folder.mkdir()
    bad = folder / "fund-bad.yaml"
    bad.write_text(yaml.safe_dump(record(id="fund-bad", trl_max=12), allow_unicode=True), encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        load_document(bad)
    assert str(bad) in str(err.value) and "field 'trl_max'" in str(err.value)
    (folder / "fund-broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="fund-broken.yaml: funding record is not valid YAML"):
        load_document(folder / "fund-broken.yaml")


def test_check_validates_records_with_file_and_field(tmp_path):
    folder = tmp_path / "funding"
    folder.mkdir()
    (folder / "fund-good.yaml").write_text(yaml.safe_dump(record(id="fund-good"), allow_unicode=True), encoding="utf-8")
    (folder / "fund-misnamed.yaml").write_text(
        yaml.safe_dump(record(id="fund-other"), allow_unicode=True), encoding="utf-8"
    )
    (folder / "fund-bad.yaml").write_text(
        yaml.safe_dump(record(id="fund-bad", kind="grant"), allow_unicode=True), encoding="utf-8"
    )
    (tmp_path / "legifrance.yaml").write_text("source: {}\n", encoding="utf-8")  # not a record: ignored
    assert [p.name for p in iter_corpus_files(tmp_path)] == ["fund-bad.yaml", "fund-good.yaml", "fund-misnamed.yaml"]
    report = check_corpus(tmp_path, today=TODAY, minimums={})
    errors = {Path(f.path).name: f.message for f in report.errors}
    assert report.documents == 2 and report.by_domain == {"france2030": 2}
    assert "field 'kind'" in errors["fund-bad.yaml"]
    assert errors["fund-misnamed.yaml"] == "file name should be fund-other.yaml"


def test_records_are_ingested_as_funding_documents():
    from app.ingest.parse import partition_file
    from app.ingest.pipeline import discover

    found = discover([RECORDS])
    assert found and all(p.suffix == ".yaml" for p in found)
    parsed = partition_file(found[0])
    assert parsed.meta.kind == "funding" and any("Montant et taux" in e.text for e in parsed.elements)


# --- EU Funding & Tenders connector ----------------------------------------------------------------------------


def recorded_transport(seen: list[httpx.Request]) -> httpx.MockTransport:
    payload = json.loads(FIXTURE.read_text(encoding="utf-8"))

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=payload)

    return httpx.MockTransport(handler)


def test_search_sends_the_portal_query():
    seen: list[httpx.Request] = []
    with httpx.Client(transport=recorded_transport(seen)) as client:
        results = search(client, "digital health")
    assert len(results) == 5 and len(seen) == 1  # totalResults fits in one page
    request = seen[0]
    assert request.url.params["apiKey"] == "SEDIA" and request.url.params["text"] == "digital health"
    body = request.content.decode()
    assert '"31094501"' in body and '"31094502"' in body and '"31094503"' not in body  # forthcoming + open only
    assert 'name="query"' in body and "multipart/form-data" in request.headers["content-type"]


def test_mapping_of_the_recorded_response():
    results = json.loads(FIXTURE.read_text(encoding="utf-8"))["results"]
    open_topic = map_result(results[0], TODAY)
    assert open_topic.id == "eu-horizon-hlth-2026-01-tool-05"
    assert open_topic.status == CallStatus.open and open_topic.kind.value == "subsidy"
    assert (open_topic.amount_min, open_topic.amount_max) == (4_000_000, 6_000_000)
    assert open_topic.windows[0].opens == dt.date(2026, 9, 17) and open_topic.windows[0].closes == dt.date(2027, 2, 16)
    assert open_topic.programme == "Horizon Europe — Cluster 1 Santé"
    assert "36 000 000 €" in open_topic.notes and "HORIZON-RIA" in open_topic.eligibility[0]
    assert str(open_topic.url).endswith("/topic-details/horizon-hlth-2026-01-tool-05")

    two_stage = map_result(results[2], TODAY)
    assert two_stage.status == CallStatus.forthcoming and two_stage.amount_min is None
    assert [w.label for w in two_stage.windows] == ["étape 1", "étape 2"]
    assert two_stage.status_on(dt.date(2027, 5, 1)) == CallStatus.open  # stage 2 still running

    closed = map_result(results[3], TODAY)
    assert (
        closed.status == CallStatus.closed
        and closed.programme == "EU4Health"
        and closed.last_close == dt.date(2026, 6, 10)
    )

    with pytest.raises(ValueError, match="unknown status code"):
        map_result(results[4], TODAY)


def test_sync_writes_reviewable_records_and_skips_what_it_cannot_map(tmp_path):
    with httpx.Client(transport=recorded_transport([])) as client:
        report = sync(client, "digital health", tmp_path / "eu-funding", today=TODAY)
    assert report.written == [
        "eu-eu4h-2026-pj-04",
        "eu-horizon-hlth-2026-01-tool-05",
        "eu-horizon-hlth-2027-02-care-03",
    ]
    assert len(report.skipped) == 1 and "31094599" in report.skipped[0]
    written = load_funding_record(tmp_path / "eu-funding" / "eu-horizon-hlth-2026-01-tool-05.yaml")
    assert written.amount_max == 6_000_000 and written.to_verify  # a person must review it before publication


def test_http_errors_are_reported_not_raised_raw():
    transport = httpx.MockTransport(lambda request: httpx.Response(503, text="maintenance"))
    with httpx.Client(transport=transport) as client, pytest.raises(EUFundingError, match="503"):
        search(client, "digital health")


# --- gold questions ----------------------------------------------------------------------------------------------


def test_gold_additions_point_to_documents_that_state_their_key_facts():
    from app.corpus.loader import iter_corpus_files
    from app.evaluation.gold import load_gold
    from app.text import fold

    questions = load_gold(ROOT / "eval" / "gold" / "additions" / "funding.jsonl")
    assert len(questions) >= 15 and all(q.id.startswith("fund2-") for q in questions)
    bodies = {}
    for path in iter_corpus_files(ROOT / "corpus"):
        doc = load_document(path)
        bodies[doc.meta.id] = fold(doc.meta.title + "\n" + doc.body)
    for question in questions:
        best = [r.doc_id for r in question.relevant if r.grade == 3]
        assert best and all(doc_id in bodies for doc_id in (r.doc_id for r in question.relevant)), question.id
        for fact in question.key_facts:
            assert any(fold(fact) in bodies[doc_id] for doc_id in best), (question.id, fact)


def test_a_broken_funding_record_is_skipped_by_the_navigator_not_fatal(tmp_path):
    """Ingestion skips a record that is not valid YAML; the funding navigator read every record and raised, so every
    funding search failed with a 500."""
    import shutil

    from app.checkers.funding import load_records

    folder = tmp_path / "funding"
    shutil.copytree(RECORDS, folder)
    (folder / "zz-broken.yaml").write_text("id: [broken\n")
    assert [r.id for r in load_records(folder)] == [r.id for r in load_records(RECORDS)]
