"""French lexical search: bm25s with the Snowball French stemmer, French stop words, accents folded."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_FRENCH


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'impôt' and 'impot' meet."""
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


@lru_cache(maxsize=1)
def _stopwords() -> list[str]:
    return sorted({fold(w) for w in STOPWORDS_FRENCH})


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


def tokenize(texts: list[str]) -> list[list[str]]:
    """Token lists (stems) for texts; the same function serves indexing, queries and sentence scoring."""
    return bm25s.tokenize(
        [fold(t) for t in texts],
        stopwords=_stopwords(),
        stemmer=_stemmer(),
        return_ids=False,
        show_progress=False,
    )


def term_coverage(weights: dict[str, float], present: set[str]) -> float:
    """The weighted share of a question's terms (stem -> weight, e.g. IDF) found among `present` terms."""
    total = sum(weights.values())
    return sum(w for term, w in weights.items() if term in present) / total if total else 0.0


class BM25Index:
    def __init__(self, retriever: bm25s.BM25) -> None:
        self.retriever = retriever

    @classmethod
    def build(cls, texts: list[str]) -> BM25Index:
        retriever = bm25s.BM25()
        retriever.index(tokenize(texts), show_progress=False)
        return cls(retriever)

    def save(self, path: Path) -> None:
        self.retriever.save(str(path))

    @classmethod
    def load(cls, path: Path) -> BM25Index:
        return cls(bm25s.BM25.load(str(path)))

    def idf(self, terms: list[str]) -> list[float]:
        """Inverse document frequency of stemmed terms; a term absent from the corpus gets the highest value."""
        if not hasattr(self, "_df"):
            self._df = np.diff(self.retriever.scores["indptr"])
        n = self.retriever.scores["num_docs"]
        vocab = self.retriever.vocab_dict
        out = []
        for term in terms:
            token = vocab.get(term)
            df = int(self._df[token]) if token is not None and token < len(self._df) else 0
            out.append(float(np.log(1 + (n - df + 0.5) / (df + 0.5))))
        return out

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk, in index order (zeros when no query term is known)."""
        tokens = [t for t in tokenize([query])[0] if t in self.retriever.vocab_dict]
        n = self.retriever.scores["num_docs"]
        if not tokens:
            return np.zeros(n, dtype=np.float32)
        return self.retriever.get_scores(tokens)
