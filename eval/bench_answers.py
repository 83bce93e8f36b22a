"""Warm extractive answer latency on questions the process has not seen: p50/p95 of the whole answer and of the
sentence scoring inside it.

    .venv/bin/navigator ingest                             # the index to answer from (embedded corpus)
    .venv/bin/python eval/bench_answers.py                 # ≈ 1-2 min on 2 cores; prints figures, asserts nothing
    .venv/bin/python eval/bench_answers.py --profile 5     # also cProfile the first 5 timed questions
    .venv/bin/python eval/bench_answers.py --without-store # the same without stored sentence vectors (before)

The process warms up on the gold set's `tune` half (model, index and caches loaded, as a served worker is), then
times the single-turn answerable questions of the `test` half, each asked once: their passages' sentences may
never have been scored before, which is the case a cache cannot help. Answers are recorded in a throw-away
database, not in the data directory's.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import app.answer.service as service
import app.text as text
from app.answer.service import ask
from app.evaluation.gold import load_gold
from app.retrieve.index_reader import get_index
from app.settings import Settings

GOLD = Path(__file__).resolve().parent / "gold"


def _figures(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50_ms": round(float(np.percentile(values, 50)), 1),
        "p95_ms": round(float(np.percentile(values, 95)), 1),
        "max_ms": round(max(values), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warm-up", type=int, default=40, help="tune-half questions asked before timing")
    parser.add_argument("--limit", type=int, default=0, help="time only the first N new questions (0: all)")
    parser.add_argument("--profile", type=int, default=0, help="cProfile this many timed questions (printed)")
    parser.add_argument(
        "--without-store",
        action="store_true",
        help="ignore the generation's sentence vectors and stored splits (the path before they existed), "
        "to compare both paths on the same machine under the same load",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-answers-"))
    settings = Settings(database_url=f"sqlite:///{work / 'records.sqlite'}").model_copy(
        update={"mistral_api_key": None, "mistral_server_url": None}
    )
    scoring: list[float] = []
    original = service.make_sentence_scorer

    def timed_scorer(index, settings=None):  # the scorer as the composer sees it, timed around each call
        score = original(index, settings)

        def timed(question: str, sentences: list[str]) -> list[float]:
            t0 = time.perf_counter()
            try:
                return score(question, sentences)
            finally:
                scoring.append((time.perf_counter() - t0) * 1000)

        return timed

    service.make_sentence_scorer = timed_scorer
    single = [q for q in load_gold(GOLD) if not q.history and q.expect == "answer"]
    warm = [q for q in single if q.split == "tune"][: args.warm_up]
    timed = [q for q in single if q.split == "test"][: args.limit or None]
    if args.without_store:
        get_index(settings).sentences = None
        text._known.clear()

    t0 = time.perf_counter()
    service.warm_up(settings)
    for item in warm:
        ask(settings, item.question)
    warm_s = time.perf_counter() - t0

    totals: list[float] = []
    answer_scoring: list[float] = []
    profiler = cProfile.Profile()
    for number, item in enumerate(timed):
        scoring.clear()
        profiling = number < args.profile
        if profiling:
            profiler.enable()
        t0 = time.perf_counter()
        answer = ask(settings, item.question)
        elapsed = (time.perf_counter() - t0) * 1000
        if profiling:
            profiler.disable()
        if answer.refused:
            continue
        totals.append(elapsed)
        answer_scoring.append(sum(scoring))

    store = get_index(settings).sentences
    print(
        json.dumps(
            {
                "sentence_store": {"sentences": len(store.texts), "vectors_mb": round(store.nbytes / 1e6, 1)}
                if store
                else None,
                "warm_up": {"questions": len(warm), "seconds": round(warm_s, 1)},
                "answers_extractive_new_questions": _figures(totals),
                "sentence_scoring_in_those_answers": _figures(answer_scoring),
            },
            indent=1,
        )
    )
    if args.profile:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
        print(out.getvalue())


if __name__ == "__main__":
    main()
