"""Shared fixtures: a small real corpus, settings pointing at temporary data, and one shared built index."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.settings import Settings, get_settings
from tests.databases import db_url  # noqa: F401  (the records database fixture, SQLite and PostgreSQL, for every module)

FIXTURES = Path(__file__).parent / "fixtures"

# Variables the settings read. The CI sets `NAVIGATOR_TEST_*` on purpose (engine servers started by .ci/engines.sh,
# read by tests/databases.py and tests/test_engines.py): the settings never read them, so they are kept.
SETTINGS_PREFIXES = ("MISTRAL_", "NAVIGATOR_")
KEPT_PREFIX = "NAVIGATOR_TEST_"


def _isolate(mp: pytest.MonkeyPatch) -> None:
    """Settings built by a test come from its own arguments, never from the developer's shell or `.env` file.

    Without this, `MISTRAL_SERVER_URL` in the shell turns extractive tests generative, and a real `MISTRAL_API_KEY`
    would make them call the paid API.
    """
    for name in list(os.environ):
        if name.startswith(SETTINGS_PREFIXES) and not name.startswith(KEPT_PREFIX):
            mp.delenv(name)
    mp.setitem(Settings.model_config, "env_file", None)  # a `.env` in the working directory is not read
    get_settings.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def _hermetic_session() -> Iterator[None]:
    """Session fixtures (the built indexes) are built before any function fixture: isolate them too."""
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp)
        yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _hermetic(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts isolated again (a previous test may have written to `os.environ` directly); a test that
    needs a variable sets it with `monkeypatch.setenv`."""
    _isolate(monkeypatch)
    yield
    get_settings.cache_clear()


def shared_embedding_cache() -> Path:
    """One embedding cache per test process, shared by the indexes its tests build: each text of the fixture corpus
    is embedded once, not once per test that ingests it (67 s of the two workers' time, most of it in test_ingest.py
    and test_legifrance.py). Tests of what an ingestion embeds, or of the cache itself, ask for a private one
    (`shared_cache_dir=None`)."""
    cached = _CACHE.get(os.getpid())
    if cached is None:
        cached = _CACHE[os.getpid()] = Path(tempfile.mkdtemp(prefix="navigator-embeddings-"))
        owner = os.getpid()
        atexit.register(lambda: os.getpid() == owner and shutil.rmtree(cached, ignore_errors=True))
    return cached


_CACHE: dict[int, Path] = {}


def make_settings(data_dir: Path, corpus_dir: Path, **overrides) -> Settings:
    overrides.setdefault("shared_cache_dir", shared_embedding_cache())
    if "MUTANT_UNDER_TEST" in os.environ:
        # Under mutmut each mutant runs in a process forked from the one that ran the suite: an embedding model
        # with a thread pool deadlocks there, one thread does not.
        overrides.setdefault("embed_threads", 1)
    if "PYTEST_XDIST_WORKER_COUNT" in os.environ:
        # Workers share the cores: each embeds with its share of them (as `navigator serve --workers` does), or the
        # thread pools oversubscribe and the embedding-heavy tests run several times slower.
        share = (os.cpu_count() or 1) // int(os.environ["PYTEST_XDIST_WORKER_COUNT"])
        overrides.setdefault("embed_threads", max(1, share))
    return Settings(data_dir=data_dir, corpus_dir=corpus_dir, **overrides)


# The slowest test files, started first. With `--dist loadfile` each file runs whole on one worker; .ci/run hands the
# files out in collection order (`--no-loadscope-reorder`), not by number of tests, which sent the answers gate (one
# test, 34 s) last and kept one worker busy 35 s after the other had finished (309 s against 274 s of tests).
SLOW_FIRST = (
    "test_eval_gate_answers.py",
    "test_browser.py",
    "test_redteam_conversation.py",
    "test_ingest.py",
    "test_engines.py",
    "test_profiles_api.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: n for n, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the others keep their order


GATE_REPORT = pytest.StashKey[list[str]]()


@pytest.fixture
def gate_report(request: pytest.FixtureRequest) -> list[str]:
    """Lines the evaluation gate prints at the end of the run, passed or failed, so CI shows the figures."""
    return request.config.stash.setdefault(GATE_REPORT, [])


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Under pytest-xdist the gate runs in a worker: its lines go back to the controller, which prints the summary
    (without this, .ci/run's two workers printed no figures at all)."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["gate_report"] = list(session.config.stash.get(GATE_REPORT, []))


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    node.config.stash.setdefault(GATE_REPORT, []).extend(getattr(node, "workeroutput", {}).get("gate_report", []))


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    lines = config.stash.get(GATE_REPORT, [])
    if lines:
        terminalreporter.section("evaluation gate figures")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", target)
    return target


@pytest.fixture
def fresh_settings(tmp_path: Path, corpus_copy: Path) -> Settings:
    return make_settings(tmp_path / "data", corpus_copy)


@pytest.fixture
def own_cache_settings(fresh_settings: Settings) -> Settings:
    """`fresh_settings` with an embedding cache of its own, for tests of what an ingestion embeds."""
    return fresh_settings.model_copy(update={"shared_cache_dir": None})


# One build of the fixture corpus per process: mutation testing (mutmut) runs one pytest session per mutant in
# processes forked from the one that ran the suite first, and must not re-embed the corpus every time.
_BUILT: dict[str, Settings] = {}


@pytest.fixture(scope="session")
def built_settings() -> Settings:
    """The fixture corpus ingested once for read-only tests (search, answers, contracts)."""
    from app.ingest.pipeline import ingest

    cached = _BUILT.get("settings")
    if cached is not None and cached.index_root.exists():
        return cached
    root = Path(tempfile.mkdtemp(prefix="navigator-built-"))
    owner = os.getpid()
    atexit.register(lambda: os.getpid() == owner and shutil.rmtree(root, ignore_errors=True))
    corpus = root / "corpus"
    shutil.copytree(FIXTURES / "corpus", corpus)
    settings = make_settings(root / "data", corpus)
    report = ingest(settings)
    assert report.errors == [] and report.chunks > 0
    _BUILT["settings"] = settings
    return settings


@pytest.fixture(scope="session")
def project_ingest(tmp_path_factory):
    """The project's own knowledge base ingested once (from its embedding seed): its settings and ingestion report.

    As the app serves it: the written sheets and the official Légifrance articles that `navigator up` syncs, which
    .ci/run syncs too (`NAVIGATOR_TEST_OFFICIAL_SOURCES`); without them (a plain `pytest`), the written sheets alone.
    The gate's figures are then those `navigator eval answers --split test` gives on the served index, and a test of
    a real question guards what founders get: « ok, who in the company should actually do it? our dev lead? » after a
    DPIA question was read as its follow-up on the written sheets alone, while with the official articles it was
    answered alone, from the PRRC's sheet.

    The gold set's question vectors are read from their seed from then on (`tests/question_vectors.py`).

    Under pytest-xdist the first worker to need it builds it for all of them (the others wait, then copy it): two
    builds side by side took 22 s each on the two cores, one alone about 15 s. Each worker gets its own copy, since
    tests write records beside the index."""
    from filelock import FileLock

    from app.index.embeddings import get_embeddings
    from app.ingest.pipeline import IngestReport, ingest
    from tests.question_vectors import install

    official = os.environ.get("NAVIGATOR_TEST_OFFICIAL_SOURCES")
    if not official and os.environ.get("CI", "").lower() == "true":
        pytest.fail("NAVIGATOR_TEST_OFFICIAL_SOURCES is not set: .ci/run syncs the official articles the app serves")
    project = Path(__file__).parent.parent / "corpus"
    # The run's temporary root: the workers' common parent under xdist, this session's own folder otherwise.
    run_root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_root = run_root.parent
    build = run_root / "project-build"
    with FileLock(str(build) + ".lock"):
        if not (build / "report.json").exists():
            # Its own embedding cache: the report must say what a fresh machine embeds (tests/test_embedding_seed.py).
            built = make_settings(build / "data", project, shared_cache_dir=None)
            if official:
                shutil.copytree(Path(official) / "legifrance", built.sources_dir / "legifrance")
            fresh = ingest(built)
            assert fresh.errors == [], fresh.errors
            (build / "report.json").write_text(fresh.model_dump_json())
    report = IngestReport.model_validate_json((build / "report.json").read_text())
    data = tmp_path_factory.mktemp("project") / "data"
    shutil.copytree(build / "data", data)
    settings = make_settings(data, project, shared_cache_dir=None)
    install(get_embeddings(settings.embedder, settings))
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
