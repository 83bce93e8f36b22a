"""Decide whether retrieved passages can answer at all, from calibrated retrieval signals.

Two signals, both independent of corpus size: the best dense (cosine) similarity, and the share of the question's
content words (stems) found in the best passages. An off-topic question still gets nearest neighbours, only
weaker ones, and shares few words with them. A strong semantic match alone is enough (English questions on a
French corpus share few stems). The thresholds are settings measured on in-scope and must-refuse questions
(`eval/calibrate.py` prints the distributions): no keyword lists.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.index.bm25 import tokenize
from app.retrieve.search import ScoredChunk
from app.settings import Settings

PASSAGES_FOR_COVERAGE = 3


@dataclass
class RelevanceSignals:
    dense: float
    coverage: float

    def answerable(self, settings: Settings) -> bool:
        if self.dense >= settings.min_dense_similarity_alone:
            return True
        return self.dense >= settings.min_dense_similarity and self.coverage >= settings.min_term_coverage


def signals(question: str, hits: list[ScoredChunk]) -> RelevanceSignals:
    if not hits:
        return RelevanceSignals(0.0, 0.0)
    dense = max((h.dense_similarity or 0.0 for h in hits), default=0.0)
    terms = set(tokenize([question])[0])
    if not terms:
        return RelevanceSignals(dense, 0.0)
    passage_terms: set[str] = set()
    for tokens in tokenize([h.chunk.embed_text() for h in hits[:PASSAGES_FOR_COVERAGE]]):
        passage_terms.update(tokens)
    return RelevanceSignals(dense, len(terms & passage_terms) / len(terms))


def is_answerable(question: str, hits: list[ScoredChunk], settings: Settings) -> bool:
    return signals(question, hits).answerable(settings)
