"""When is a new question the same as a validated one? A wrong match is worse than none.

Two gates, both required:
- meaning: cosine of the two standalone queries' embeddings (the project's embedder, as queries) at least
  `NAVIGATOR_VALIDATED_MIN_SIMILARITY`. Embeddings alone cannot tell « classe IIa » from « classe IIb » (0.986 with
  e5-small, as close as true paraphrases), so:
- the discriminating terms agree: device classes (I, IIa, IIb, III), numbers (72 h, 15 jours, articles), acronyms
  (CNIL, ANSM, HDS, MDR…) and capitalised names after the first word (France, Bpifrance, États-Unis) must be the
  same set in both questions. Both questions must also be in the same language.
Calibrated on tests/fixtures/validated/pairs.yaml (near misses vs paraphrases).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

CLASS = re.compile(r"^(?:I{1,3}|IV)[ab]?$")
NUMBER = re.compile(r"\d")
WORD = re.compile(r"[\w][\w'’-]*", re.UNICODE)


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).lower()


def discriminating_terms(question: str) -> frozenset[str]:
    terms = set()
    for position, match in enumerate(WORD.finditer(question)):
        word = match.group(0).strip("'’-")
        if not word:
            continue
        if CLASS.match(word) and not (word == "I" and position == 0):
            terms.add("class:" + word.lower())
        elif NUMBER.search(word):
            terms.add("n:" + re.sub(r"\D", "", word))
        elif len(word) >= 2 and word.isupper():
            terms.add("a:" + _fold(word))
        elif position > 0 and word[0].isupper():
            terms.add("p:" + _fold(word))
    return frozenset(terms)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b) or 1.0))


def same_question(
    new_query: str,
    new_language: str,
    new_vector: np.ndarray,
    validated_query: str,
    validated_language: str,
    validated_vector: np.ndarray,
    min_similarity: float,
) -> float | None:
    """The similarity when the two questions are the same question, else None."""
    if new_language != validated_language:
        return None
    if discriminating_terms(new_query) != discriminating_terms(validated_query):
        return None
    similarity = cosine(new_vector, validated_vector)
    return similarity if similarity >= min_similarity else None
