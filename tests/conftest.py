"""Shared fixtures: a small real corpus, settings pointing at temporary data, and one shared built index."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.settings import Settings
from tests.databases import db_url  # noqa: F401  (the records database fixture, SQLite and PostgreSQL, for every module)

FIXTURES = Path(__file__).parent / "fixtures"


def make_settings(data_dir: Path, corpus_dir: Path, **overrides) -> Settings:
    return Settings(data_dir=data_dir, corpus_dir=corpus_dir, **overrides)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", target)
    return target


@pytest.fixture
def fresh_settings(tmp_path: Path, corpus_copy: Path) -> Settings:
    return make_settings(tmp_path / "data", corpus_copy)


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory) -> Settings:
    """The fixture corpus ingested once for read-only tests (search, answers, contracts)."""
    from app.ingest.pipeline import ingest

    root = tmp_path_factory.mktemp("built")
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    settings = make_settings(root / "data", corpus)
    report = ingest(settings)
    assert report.errors == [] and report.chunks > 0
    return settings


@pytest.fixture(scope="session")
def project_ingest(tmp_path_factory):
    """The project's own knowledge base ingested once (from its embedding seed): its settings and ingestion report."""
    from app.ingest.pipeline import ingest

    settings = make_settings(tmp_path_factory.mktemp("project") / "data", Path(__file__).parent.parent / "corpus")
    report = ingest(settings)
    assert report.errors == [], report.errors
    return settings, report


@pytest.fixture(scope="session")
def project_settings(project_ingest) -> Settings:
    """The project's own knowledge base, for the gate and real-corpus tests."""
    return project_ingest[0]


@pytest.fixture
def copied(built_settings, tmp_path) -> Settings:
    """A private copy of the built data directory, for tests that damage or rebuild the index."""
    from app.retrieve.index_reader import clear_cache

    shutil.copytree(built_settings.data_dir, tmp_path / "data")
    clear_cache()
    yield built_settings.model_copy(update={"data_dir": tmp_path / "data", "rate_limit": ""})
    clear_cache()
