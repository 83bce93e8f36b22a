"""Calibrate the relevance gate (answer or refuse) on the gold set: prints the signal distributions of answerable
and must-refuse questions and the thresholds that refuse the most must-refuse questions while keeping false
refusals under a budget.

    .venv/bin/python eval/calibrate.py [--gold eval/gold] [--split tune] [--max-false-refusals 0.03]

Only the `tune` half of the gold set is used by default: the `test` half stays out of every tuning decision so the
gate measures quality rather than fit (see eval/gold/README.md). A multi-turn item is judged on the standalone query
the service would search (skipped when that cannot be built here).

Put the chosen values in app/settings.py (or NAVIGATOR_MIN_* variables) and re-run `navigator eval answers`.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.answer.followup import without_opening  # noqa: E402
from app.answer.question import check_question  # noqa: E402
from app.answer.relevance import RelevanceSignals, signals  # noqa: E402
from app.answer.scope_model import elsewhere  # noqa: E402
from app.evaluation.gold import load_gold  # noqa: E402
from app.evaluation.retrieval import retrieval_query  # noqa: E402
from app.retrieve.index_reader import get_index  # noqa: E402
from app.retrieve.search import search_chunks  # noqa: E402
from app.settings import get_settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold", help="gold folder or file")
    parser.add_argument(
        "--split",
        choices=("tune",),
        default="tune",
        help="gold half to calibrate on: only tune (calibrating on test or all would defeat the held-out half)",
    )
    parser.add_argument("--max-false-refusals", type=float, default=0.03)
    args = parser.parse_args()
    settings = get_settings()
    rows: list[tuple[str, bool, RelevanceSignals, str]] = []
    for item in load_gold(args.gold, args.split):
        query = retrieval_query(item)
        if query is None:
            continue
        checked = check_question(query, settings)
        hits = search_chunks(settings, checked.text)
        rows.append(
            (
                item.id,
                item.expect == "answer",
                signals(
                    checked.text,
                    hits,
                    get_index(settings),
                    checked.language,
                    field_word_chunks=settings.min_field_word_chunks,
                    # as the service reads it: a message alone, in French (its weights read this tune half, so it
                    # reads the tune questions more surely than new ones)
                    elsewhere=elsewhere(without_opening(checked.text), settings)
                    if checked.language == "fr" and not item.history
                    else 0.0,
                ),
                item.question,
            )
        )

    for (label, wanted), lang in itertools.product((("answerable", True), ("must refuse", False)), ("fr", "en")):
        dense = np.array([s.dense for _, a, s, _ in rows if a == wanted and s.language == lang])
        coverage = np.array([s.coverage for _, a, s, _ in rows if a == wanted and s.language == lang])
        if not len(dense):
            continue
        label = f"{label} {lang}"
        print(
            f"{label:15} n={len(dense):3}  dense p5/p50/p95 = {np.percentile(dense, 5):.3f}/{np.median(dense):.3f}/{np.percentile(dense, 95):.3f}"
            f"  coverage p5/p50/p95 = {np.percentile(coverage, 5):.2f}/{np.median(coverage):.2f}/{np.percentile(coverage, 95):.2f}"
        )

    answerable = [s for _, a, s, _ in rows if a]
    refuse = [s for _, a, s, _ in rows if not a]
    best = None
    grid = itertools.product(
        np.arange(0.80, 0.90, 0.005),
        np.arange(0.1, 0.75, 0.05),
        np.arange(0.85, 0.95, 0.005),
        np.arange(0.78, 0.90, 0.005),
    )
    for dense_min, coverage_min, alone, cross in grid:
        probe = settings.model_copy(
            update={
                "min_dense_similarity": float(dense_min),
                "min_term_coverage": float(coverage_min),
                "min_dense_similarity_alone": float(alone),
                "min_dense_similarity_cross_lingual": float(cross),
            }
        )
        false_refusals = sum(not s.answerable(probe) for s in answerable) / len(answerable)
        refused = sum(not s.answerable(probe) for s in refuse) / max(1, len(refuse))
        if false_refusals <= args.max_false_refusals and (best is None or (refused, -false_refusals) > best[0]):
            best = (
                (refused, -false_refusals),
                round(float(dense_min), 3),
                round(float(coverage_min), 2),
                round(float(alone), 3),
                round(float(cross), 3),
            )
    current = (
        sum(not s.answerable(settings) for s in refuse) / max(1, len(refuse)),
        sum(not s.answerable(settings) for s in answerable) / len(answerable),
    )
    print(f"current settings: refusal accuracy {current[0]:.3f}, false refusals {current[1]:.3f}")
    if best:
        (refused, neg_false), dense_min, coverage_min, alone, cross = best
        print(
            f"best: min_dense_similarity={dense_min} min_term_coverage={coverage_min} min_dense_similarity_alone={alone} "
            f"min_dense_similarity_cross_lingual={cross}"
            f" -> refusal accuracy {refused:.3f}, false refusals {-neg_false:.3f}"
        )
    print("\nmisjudged with current settings:")
    for qid, answerable_item, s, question in rows:
        if s.answerable(settings) != answerable_item:
            print(
                f"  {'false refusal' if answerable_item else 'answered'}  dense={s.dense:.3f} coverage={s.coverage:.2f}  {qid}: {question[:90]}"
            )


if __name__ == "__main__":
    main()
