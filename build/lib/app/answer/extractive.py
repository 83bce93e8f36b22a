"""Extractive answers: quote the sentences of the best passages that match the question, each with its marker.

This is what the assistant says without a model: nothing is paraphrased, so every word can be traced to a source.
"""

from __future__ import annotations

import math

from app.index.bm25 import tokenize
from app.ingest.offline import split_sentences
from app.retrieve.search import ScoredChunk
from app.schemas.answers import Citation
from app.answer.sources import make_citation

MAX_PASSAGES = 3
SENTENCES_PER_PASSAGE = 2
MAX_QUOTE_CHARS = 600

HEADER = {
    "fr": "Réponse extractive (sans génération) : extraits cités tels quels des sources.",
    "en": "Extractive answer (nothing generated): passages quoted verbatim from the sources, in French.",
}


def best_sentences(question: str, text: str, limit: int, require_overlap: bool = False) -> list[str]:
    """Sentences of `text` sharing the most (stemmed) words with the question, best first.

    With `require_overlap`, a passage sharing no word with the question yields nothing (it is not quoted).
    """
    sentences = [s for s in split_sentences(text) if len(s) <= MAX_QUOTE_CHARS and len(s) > 15]
    if not sentences:
        return [text[:MAX_QUOTE_CHARS].strip()] if text.strip() and not require_overlap else []
    query_terms = set(tokenize([question])[0])
    tokens = tokenize(sentences)
    scored = []
    for i, (sentence, terms) in enumerate(zip(sentences, tokens)):
        overlap = len(query_terms & set(terms))
        scored.append((overlap / math.sqrt(len(terms) + 1), -i, sentence))
    chosen = sorted(scored, reverse=True)[:limit]
    if require_overlap and chosen[0][0] <= 0:
        return []
    # Keep only sentences that share a word with the question; always keep the best one.
    chosen = [c for j, c in enumerate(chosen) if j == 0 or c[0] > 0]
    return [s for _, _, s in chosen]


def extractive_answer(question: str, hits: list[ScoredChunk], language: str) -> tuple[str, list[Citation]]:
    citations: list[Citation] = []
    lines = [HEADER.get(language, HEADER["fr"]), ""]
    for rank, hit in enumerate(hits[:MAX_PASSAGES]):
        # The best passage is always quoted; the next ones only if they share words with the question.
        quotes = best_sentences(question, hit.chunk.text, SENTENCES_PER_PASSAGE, require_overlap=rank > 0)
        if not quotes:
            continue
        n = len(citations) + 1
        quote = _quote(hit.chunk.text, quotes)
        citations.append(make_citation(n, hit.chunk, quote, language))
        lines.append(f"« {quote} » [{n}]")
    return "\n".join(lines).strip(), citations


def _quote(text: str, quotes: list[str]) -> str:
    """The best sentence, extended by the runner-up when the two are adjacent: a quote must stay verbatim."""
    best = quotes[0]
    for other in quotes[1:]:
        for joined in (f"{best} {other}", f"{other} {best}"):
            if joined in text:
                return joined
    return best
