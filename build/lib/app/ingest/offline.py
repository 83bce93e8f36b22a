"""Make `unstructured` work with no network: a blank French spaCy pipeline instead of a downloaded model.

unstructured 0.27 downloads `en_core_web_sm` on first use for sentence splitting; offline that fails and every
HTML/Markdown/DOCX partition fails with it. A rule-based sentencizer is enough for our structured sources.
"""

from __future__ import annotations

from functools import lru_cache

import app.settings  # noqa: F401  (sets the no-telemetry environment before unstructured is imported)


@lru_cache(maxsize=1)
def blank_french_nlp():
    import spacy

    nlp = spacy.blank("fr")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=1)
def patch_unstructured() -> None:
    """Idempotent; call before the first partition in every process."""
    import unstructured.nlp.tokenize as tokenize

    tokenize._get_nlp = blank_french_nlp


def split_sentences(text: str) -> list[str]:
    """Sentences of a passage, using the same rule-based splitter unstructured gets."""
    return [s.text.strip() for s in blank_french_nlp()(text).sents if s.text.strip()]
