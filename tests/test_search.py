"""Retrieval: fusion, modes, filters and the search JSON contract."""

import datetime as dt
import json

import pytest

from app.retrieve.search import BadSearchRequest, rrf_fuse, search
from app.schemas.search import SearchFilters
from app.settings import SearchMode
from tests.support import HIT_KEYS, SEARCH_KEYS, run_cli


def test_rrf_fuse_rewards_agreement_and_weights():
    fused = rrf_fuse([(1.0, [1, 2, 3]), (1.0, [3, 1, 4])], k=60)
    assert fused[1] == pytest.approx(1 / 61 + 1 / 62)
    assert max(fused, key=fused.get) == 1
    assert fused[4] == pytest.approx(1 / 63)
    weighted = rrf_fuse([(2.0, [1, 2]), (1.0, [2, 1])], k=60)
    assert weighted[1] > weighted[2]


@pytest.mark.parametrize("mode", list(SearchMode))
def test_each_mode_finds_the_rule(built_settings, mode):
    response = search(built_settings, "classe d'un logiciel qui surveille des paramètres vitaux", k=3, mode=mode)
    assert response.mode == mode
    assert response.results[0].doc_id == "test-mdr-regle-11"
    assert [h.rank for h in response.results] == list(range(1, len(response.results) + 1))


def test_domain_and_kind_filters(built_settings):
    rgpd = search(built_settings, "classe IIb logiciel", k=5, filters=SearchFilters(domains=["rgpd"]))
    assert rgpd.results and {h.domain for h in rgpd.results} == {"rgpd"}
    funding = search(built_settings, "expérimentations", k=5, filters=SearchFilters(kinds=["funding"]))
    assert {h.kind for h in funding.results} == {"funding"}


def test_validity_on_date(built_settings):
    question = "durée des expérimentations article 51"
    in_2024 = search(built_settings, question, k=5, filters=SearchFilters(on_date=dt.date(2024, 6, 1)))
    assert "test-art51-appel" in {h.doc_id for h in in_2024.results}
    in_2026 = search(built_settings, question, k=5, filters=SearchFilters(on_date=dt.date(2026, 6, 1)))
    assert "test-art51-appel" not in {h.doc_id for h in in_2026.results}


def test_repealed_articles_hidden_by_default(built_settings):
    question = "expérimentations tarifaires abrogées trois ans"
    default = search(built_settings, question, k=10)
    assert "test-css-ancien-article" not in {h.doc_id for h in default.results}
    everything = search(built_settings, question, k=10, filters=SearchFilters(include_repealed=True))
    assert "test-css-ancien-article" in {h.doc_id for h in everything.results}


def test_unknown_domain_is_rejected(built_settings):
    with pytest.raises(BadSearchRequest, match="unknown domain 'cuisine'"):
        search(built_settings, "x", filters=SearchFilters(domains=["cuisine"]))


def test_search_json_contract(built_settings):
    result = run_cli(built_settings, "search", "notification violation données de santé", "-k", "2", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert set(payload) == SEARCH_KEYS and payload["mode"] == "hybrid"
    assert len(payload["results"]) == 2
    for hit in payload["results"]:
        assert set(hit) == HIT_KEYS
        assert hit["references"] and set(hit["references"][0]) == {"label", "url"}


def test_cli_unknown_domain_exits_2(built_settings):
    result = run_cli(built_settings, "search", "données", "--domain", "cuisine")
    assert result.exit_code == 2
    assert "unknown domain 'cuisine'" in result.stderr


def test_cli_missing_index_exits_3(tmp_path):
    from app.settings import Settings

    result = run_cli(Settings(data_dir=tmp_path / "nothing", corpus_dir=tmp_path), "search", "données")
    assert result.exit_code == 3
    assert "run `navigator ingest`" in result.stderr
