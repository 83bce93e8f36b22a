"""Ingestion: stable ids, incremental by content, broken files skipped, the last good index always kept."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.index.generations import current_generation, read_chunks
from app.ingest import pipeline
from app.ingest.pipeline import IngestBusy, ingest
from app.retrieve.index_reader import get_index
from app.retrieve.search import search
from tests import builders
from tests.support import run_cli


def _ids(settings) -> dict[str, str]:
    gen = current_generation(settings.index_root)
    return {c.chunk_id: c.content_hash for c in read_chunks(settings.index_root / gen)}


def test_first_ingest_then_nothing_to_do(own_cache_settings):
    first = ingest(own_cache_settings)
    assert first.errors == [] and first.added == first.chunks > 0 and first.embedded == first.chunks
    again = ingest(own_cache_settings)
    assert again.up_to_date and again.embedded == 0 and again.documents_parsed == 0
    assert again.generation == first.generation


def test_edit_reembeds_only_changed_chunks_and_ids_are_stable(fresh_settings, corpus_copy: Path):
    ingest(fresh_settings)
    before = _ids(fresh_settings)
    path = corpus_copy / "mdr-regle-11.md"
    path.write_text(
        path.read_text().replace(
            "Les autres logiciels relèvent de la classe I.", "Tous les autres logiciels sont en classe I."
        )
    )
    report = ingest(fresh_settings)
    after = _ids(fresh_settings)
    assert set(after) == set(before), "editing a section must not change any chunk id"
    changed = [cid for cid in after if after[cid] != before[cid]]
    assert changed == ["test-mdr-regle-11:surveillance-des-processus-physiologiques"]
    assert (report.updated, report.added, report.removed, report.embedded, report.documents_parsed) == (1, 0, 0, 1, 1)


def test_removed_file_removes_its_chunks(fresh_settings, corpus_copy: Path):
    ingest(fresh_settings)
    (corpus_copy / "art51-appel.md").unlink()
    report = ingest(fresh_settings)
    assert report.removed == 1
    assert not any(cid.startswith("test-art51-appel") for cid in _ids(fresh_settings))


def test_broken_files_are_reported_and_skipped(fresh_settings, corpus_copy: Path):
    (corpus_copy / "binary.md").write_bytes(b"\x00\x01\x02garbage")
    builders.markdown(corpus_copy / "missing.md", "Texte.", id="rgpd-missing-kind", kind=None)
    bad_pdf = corpus_copy / "broken.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4 nothing")
    builders.sidecar(bad_pdf, id="rgpd-broken")
    report = ingest(fresh_settings)
    messages = " | ".join(e.message for e in report.errors)
    assert len(report.errors) == 3
    assert "binary.md" in messages and "missing.md: field 'kind'" in messages and "broken.pdf" in messages
    assert str(corpus_copy) not in messages, "files are named relative to the corpus folder"
    assert report.documents == 4 and report.chunks > 0


def test_the_command_prints_a_skipped_file_s_reason_whole(fresh_settings, corpus_copy: Path):
    """The terminal prints with rich markup: a reason quoting a pattern (« '^[a-z0-9]…' ») must not lose its
    brackets as if they were a style."""
    builders.markdown(corpus_copy / "bad-id.md", "Texte.", id="Bad Id")
    result = run_cli(fresh_settings, "ingest")
    assert result.exit_code == 1 and "1 errors" in result.output  # built without it, and says so
    assert "bad-id.md: field 'id': String should match pattern '^[a-z0-9][a-z0-9-]" in result.output


def test_worker_processes_parse_and_split_exactly_as_one_process(fresh_settings, corpus_copy: Path, monkeypatch):
    """Parsing and sentence splitting go to spawned workers on big batches: same chunks, sentences and errors."""
    from app.ingest import workers

    (corpus_copy / "binary.md").write_bytes(b"\x00\x01\x02garbage")
    builders.markdown(corpus_copy / "missing.md", "Texte.", id="rgpd-missing-kind", kind=None)
    monkeypatch.setattr(pipeline, "MIN_DOCUMENTS", 1)
    monkeypatch.setattr(pipeline, "MIN_TEXTS", 1)
    shared = fresh_settings.data_dir / "embeddings"  # the second build embeds nothing
    pools: list[int] = []
    real_pool = workers.ProcessPoolExecutor
    monkeypatch.setattr(workers, "ProcessPoolExecutor", lambda **kw: pools.append(kw["max_workers"]) or real_pool(**kw))

    def build(n: int, name: str):
        settings = fresh_settings.model_copy(
            update={"ingest_workers": n, "data_dir": fresh_settings.data_dir / name, "shared_cache_dir": shared}
        )
        report = ingest(settings)
        gen = settings.index_root / current_generation(settings.index_root)
        return report, read_chunks(gen), (gen / "sentences.json").read_text()

    one, two = build(1, "one"), build(2, "two")
    assert pools == [2, 2]  # both steps ran in workers for the second build, none for the first
    assert [e.message for e in one[0].errors] == [e.message for e in two[0].errors] and len(one[0].errors) == 2
    assert one[1] == two[1] and one[2] == two[2]


def test_parallel_map_keeps_order_and_runs_elsewhere():
    from app.ingest.workers import parallel_map

    assert parallel_map(abs, [-3, 2, -1], workers=2, minimum=10) == [3, 2, 1]  # small batch: in process
    results = parallel_map(_pid_and, list(range(6)), workers=2, minimum=1)
    assert [x for _, x in results] == list(range(6)) and os.getpid() not in {pid for pid, _ in results}


def _pid_and(x: int) -> tuple[int, int]:
    return os.getpid(), x


def test_a_file_broken_by_an_edit_keeps_its_last_good_version(fresh_settings, corpus_copy: Path):
    ingest(fresh_settings)
    path = corpus_copy / "mdr-regle-11.md"
    path.write_text(path.read_text().replace("domain: mdr", "domain: plomberie"))
    report = ingest(fresh_settings)
    assert report.kept_previous == ["test-mdr-regle-11"]
    assert any(cid.startswith("test-mdr-regle-11:") for cid in _ids(fresh_settings))


def test_interrupted_build_leaves_previous_index_usable(fresh_settings, corpus_copy: Path, monkeypatch):
    first = ingest(fresh_settings)
    path = corpus_copy / "rgpd-sante.md"
    path.write_text(path.read_text() + "\n## Nouvelle section\n\nUne section ajoutée sur la télésurveillance.\n")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("simulated Ctrl-C while writing the new index")

    monkeypatch.setattr(pipeline.BM25Index, "build", crash)
    with pytest.raises(KeyboardInterrupt):
        ingest(fresh_settings)
    assert current_generation(fresh_settings.index_root) == first.generation
    assert search(fresh_settings, "données de santé", k=1).results, "the previous index still answers"
    monkeypatch.undo()
    report = ingest(fresh_settings)
    assert report.added == 1 and current_generation(fresh_settings.index_root) != first.generation
    leftovers = [p.name for p in fresh_settings.index_root.glob("gen-*")]
    assert set(leftovers) <= {report.generation, first.generation}


def test_concurrent_ingestion_is_refused(fresh_settings):
    from filelock import FileLock

    fresh_settings.index_root.mkdir(parents=True)
    with (
        FileLock(str(fresh_settings.index_root / ".ingest.lock")),
        pytest.raises(IngestBusy, match="another ingestion"),
    ):
        ingest(fresh_settings)


def test_ingest_named_paths_keeps_other_documents(fresh_settings, corpus_copy: Path, tmp_path: Path):
    ingest(fresh_settings)
    extra = tmp_path / "extra"
    extra.mkdir()
    builders.markdown(
        extra / "new.md",
        "# Nouveau\n\n## Section\n\nLe forfait innovation finance une étude.",
        id="has-new-doc",
        domain="has",
    )
    report = ingest(fresh_settings, [extra])
    assert report.added >= 1 and report.removed == 0
    assert get_index(fresh_settings).manifest.documents.keys() >= {"has-new-doc", "test-rgpd-sante"}


def test_a_seed_beside_the_corpus_spares_a_fresh_machine_the_embedding(
    own_cache_settings, corpus_copy: Path, tmp_path: Path
):
    from app.index.embeddings import EmbeddingCache, write_seed
    from tests.conftest import make_settings

    first = ingest(own_cache_settings)
    chunks = get_index(own_cache_settings).chunks
    cache = EmbeddingCache(own_cache_settings.cache_dir / "embeddings.sqlite")
    vectors = cache.get_many(get_index(own_cache_settings).manifest.embedder, [c.content_hash for c in chunks])
    cache.close()
    write_seed(corpus_copy / "embeddings", get_index(own_cache_settings).manifest.embedder, vectors)

    fresh_machine = make_settings(tmp_path / "other-data", corpus_copy, shared_cache_dir=None)
    report = ingest(fresh_machine)
    assert first.embedded == len(chunks) and report.embedded == 0 and report.chunks == len(chunks)
    hits = search(fresh_machine, "exceptions au traitement des données de santé").results
    assert hits and hits[0].doc_id == "test-rgpd-sante"


def test_a_script_without_a_main_guard_still_ingests(tmp_path):
    """Spawned workers re-run a calling script that lacks `if __name__ == "__main__"`; the pool then breaks, and the
    work is done in the calling process instead of failing the ingestion."""
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from app.ingest.workers import parallel_map\nprint(parallel_map(abs, [-1, -2, -3], workers=2, minimum=1))\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[1, 2, 3]" and "continuing in one process" in done.stderr
