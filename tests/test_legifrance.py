"""Official articles from the legi-data package: identifiers, états, dates, and only in-force text answered."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from app.corpus.legifrance import SyncError, fetch_code_file, load_config, sync
from app.corpus.loader import load_markdown
from app.ingest.pipeline import ingest
from app.retrieve.search import search
from app.schemas.search import SearchFilters

FIXTURE = Path(__file__).parent / "fixtures" / "legi" / "LEGITEXT000006073189.json"
CONFIG = {
    "source": {
        "package": "@socialgouv/legi-data",
        "code": "LEGITEXT000006073189",
        "code_title": "Code de la sécurité sociale",
    },
    "groups": [
        {"topic": "Article 51", "domain": "art51", "articles": ["L162-31-1"], "ranges": [["R162-50-1", "R162-50-2"]]},
        {"topic": "Télésurveillance", "domain": "has", "ranges": [["L162-48", "L162-58"]]},
    ],
}


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "legifrance.yaml"
    path.write_text(yaml.safe_dump(CONFIG, allow_unicode=True))
    return path


def test_sync_writes_cited_documents(config, tmp_path):
    report = sync(config, tmp_path / "out", FIXTURE, today=dt.date(2026, 11, 22))
    assert report.written == ["css-l162-31-1", "css-l162-48", "css-l162-58", "css-r162-50-1", "css-r162-50-2"]
    doc = load_markdown(tmp_path / "out" / "css-l162-31-1.md")
    assert doc.meta.kind == "law" and doc.meta.domain == "art51" and doc.meta.status == "VIGUEUR"
    assert doc.meta.references[0].identifier == "LEGIARTI000048725803"
    assert str(doc.meta.references[0].url) == "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000048725803"
    assert doc.meta.valid_from == dt.date(2025, 1, 1)
    assert doc.body.lstrip().startswith("# CSS art. L162-31-1 (LEGIARTI000048725803, VIGUEUR, version du 01/01/2025)")
    assert "\n## I\n" in doc.body and "cinq ans" in doc.body


def test_deferred_repeal_past_its_date_is_not_in_force(config, tmp_path):
    report = sync(config, tmp_path / "out", FIXTURE, today=dt.date(2026, 11, 22))
    assert report.not_in_force == ["L162-58"]
    doc = load_markdown(tmp_path / "out" / "css-l162-58.md")
    assert doc.meta.status == "ABROGE" and doc.meta.valid_until == dt.date(2026, 10, 1)
    before = sync(config, tmp_path / "out2", FIXTURE, today=dt.date(2026, 3, 1))
    assert before.not_in_force == []


def test_synced_articles_are_searchable_and_repealed_ones_hidden(tmp_path, fresh_settings):
    # The two articles searched for and their neighbours in the fixture, not the whole télésurveillance range: each
    # synced article is embedded with its sentences (19 s of the suite for the range).
    groups = [
        {"topic": "Article 51", "domain": "art51", "articles": ["L162-31-1"]},
        {"topic": "Télésurveillance", "domain": "has", "articles": ["L162-48", "L162-58"]},
    ]
    config = tmp_path / "legifrance.yaml"
    config.write_text(yaml.safe_dump({**CONFIG, "groups": groups}, allow_unicode=True))
    out = fresh_settings.sources_dir / "legifrance"
    sync(config, out, FIXTURE, today=dt.date(2026, 11, 22))
    report = ingest(fresh_settings)
    assert report.errors == []
    hits = search(fresh_settings, "expérimentations dérogatoires durée cinq ans", k=5).results
    top = next(h for h in hits if h.doc_id == "css-l162-31-1")
    assert top.section.startswith("CSS art. L162-31-1 (LEGIARTI000048725803, VIGUEUR, version du 01/01/2025) > I")
    question = "séances d'accompagnement psychologique psychologue"
    assert "css-l162-58" not in {h.doc_id for h in search(fresh_settings, question, k=10).results}
    shown = search(fresh_settings, question, k=10, filters=SearchFilters(include_repealed=True)).results
    assert "css-l162-58" in {h.doc_id for h in shown}


def test_unknown_article_is_a_clear_error(tmp_path):
    bad = {**CONFIG, "groups": [{"topic": "x", "domain": "has", "articles": ["L999-99"]}]}
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad))
    with pytest.raises(SyncError, match="L999-99 not found"):
        sync(path, tmp_path / "out", FIXTURE)


def test_project_config_lists_the_required_articles():
    config = load_config(Path(__file__).parent.parent / "corpus" / "legifrance.yaml")
    articles = {a for g in config.groups for a in g.articles} | {a for g in config.groups for r in g.ranges for a in r}
    assert {"L162-31-1", "L162-1-23", "L162-48", "L162-57", "L165-1", "L165-1-6", "R162-50-1"} <= articles
    assert "L162-58" not in articles  # psychology sessions (section 12), not télésurveillance
    cited_by_sheets = {
        "L165-2",
        "L165-4-1",
        "R165-1",
        "R165-15",
        "R162-112",
        "R162-121",
        "R161-71-3",
        "L161-37",
        "L162-22-7",
        "L165-11",
        "L162-14-1",
        "L162-1-7",
        "L162-1-8",
        "R165-63",
        "R165-74",
        "R165-89",
        "R165-91",
    }
    assert cited_by_sheets <= articles
    domains = {g.domain for g in config.groups}
    assert domains <= {"has", "art51"}


@pytest.mark.network  # downloads the package from the npm registry: opt-in, `pytest -m network`
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm not installed")
def test_real_sync_from_npm(tmp_path):
    """The real connector: npm pack the official package, then sync every configured article."""
    root = Path(__file__).parent.parent / "corpus" / "legifrance.yaml"
    code_file = fetch_code_file(load_config(root).source, tmp_path / "npm")
    report = sync(root, tmp_path / "legifrance", code_file)
    assert report.articles >= 110
    doc = load_markdown(tmp_path / "legifrance" / "css-l162-31-1.md")
    assert doc.meta.references[0].identifier.startswith("LEGIARTI") and "cinq ans" in doc.body
