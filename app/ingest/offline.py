"""Make `unstructured` work with no network: a blank spaCy pipeline instead of a downloaded model.

unstructured 0.27 downloads `en_core_web_sm` on first use for sentence splitting; offline that fails and every
HTML/Markdown/DOCX partition fails with it. A rule-based sentencizer is enough for our structured sources.
The language-neutral pipeline (`xx`) rather than French: building the French one compiles its tokenizer
exceptions, about 4 s in every ingesting process, and both give the same chunks of the whole corpus (only
unstructured's element heuristics read these tokens; our own sentences are split by `app.text`).
"""

from __future__ import annotations

from functools import lru_cache

import app.settings  # noqa: F401  (sets the no-telemetry environment before unstructured is imported)


@lru_cache(maxsize=1)
def blank_nlp():
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


@lru_cache(maxsize=1)
def patch_unstructured() -> None:
    """Idempotent; call before the first partition in every process."""
    import unstructured.nlp.tokenize as tokenize

    tokenize._get_nlp = blank_nlp
