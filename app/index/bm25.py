"""French lexical search: bm25s over the project's tokenizer (`app.text.tokenize`: Snowball French stems, French
stop words, accents folded). `LexicalIndex` is what the rest of the project uses; `BM25Index` is its bm25s
implementation, the only code that knows bm25s's retriever."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import bm25s
import numpy as np

from app.text import tokenize


def term_coverage(weights: dict[str, float], present: set[str]) -> float:
    """The weighted share of a question's terms (stem -> weight, e.g. IDF) found among `present` terms."""
    total = sum(weights.values())
    return sum(w for term, w in weights.items() if term in present) / total if total else 0.0


class LexicalIndex(Protocol):
    """A generation's lexical index, in chunk-table order."""

    @property
    def size(self) -> int:
        """How many documents (chunks) it holds."""
        ...

    def scores(self, query: str) -> np.ndarray:
        """Score of every chunk for a query, in chunk order (zeros when no term is known)."""
        ...

    def idf(self, terms: list[str]) -> list[float]:
        """Inverse document frequency of tokenized terms (an unknown term gets the highest value)."""
        ...

    def document_frequency(self, terms: list[str]) -> list[int]:
        """How many chunks carry each tokenized term (0 for a term the corpus never uses)."""
        ...

    def save(self, path: Path) -> None: ...


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

    @property
    def size(self) -> int:
        return int(self.retriever.scores["num_docs"])

    def document_frequency(self, terms: list[str]) -> list[int]:
        if not hasattr(self, "_df"):
            self._df = np.diff(self.retriever.scores["indptr"])
        vocab = self.retriever.vocab_dict
        tokens = [vocab.get(term) for term in terms]
        return [int(self._df[t]) if t is not None and t < len(self._df) else 0 for t in tokens]

    def idf(self, terms: list[str]) -> list[float]:
        """Inverse document frequency of stemmed terms; a term absent from the corpus gets the highest value."""
        n = self.retriever.scores["num_docs"]
        return [float(np.log(1 + (n - df + 0.5) / (df + 0.5))) for df in self.document_frequency(terms)]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk, in index order (zeros when no query term is known)."""
        tokens = [t for t in tokenize([query])[0] if t in self.retriever.vocab_dict]
        n = self.retriever.scores["num_docs"]
        if not tokens:
            return np.zeros(n, dtype=np.float32)
        return self.retriever.get_scores(tokens)
