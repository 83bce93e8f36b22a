"""Two-part questions (« classe MDR **et** remboursement ? », « délais CNIL et ANSM ? ») are searched part by part.

One query vector for two subjects lands between them, and the second subject is usually lost. A message of two
questions is cut between them; a question is cut at its conjunction when both sides still carry a subject; when one
side is only a name (« … la CNIL et l'ANSM »), it takes the rest of the other side. The caller keeps the split only
when the parts find different domains.
"""

from __future__ import annotations

import re

from app.text import fold, own_words

_CONJUNCTION = re.compile(r"\s+(?:et|ainsi que|and|as well as)\s+", re.I)
MIN_OWN_WORDS = 2
_QUESTION_END = re.compile(r"\?\s+")


def split_parts(question: str) -> list[str]:
    """[question] or its two parts."""
    text = question.strip().rstrip("?!. ")
    asked = [q.strip() for q in _QUESTION_END.split(text) if q.strip()]
    if len(asked) == 2 and all(len(own_words(q)) >= MIN_OWN_WORDS for q in asked):
        return asked  # two questions in one message (« … la CNIL et l'ANSM ? Combien de temps met chacun ? »)
    pieces = _CONJUNCTION.split(text)
    if len(pieces) != 2:
        return [question]
    left, right = pieces
    left_words, right_words = own_words(left), own_words(right)
    if len(left_words) < MIN_OWN_WORDS or not right_words:
        return [question]
    if len(right_words) < MIN_OWN_WORDS:
        # « Quels délais pour notifier la CNIL et l'ANSM » → « … notifier la CNIL » + « … notifier l'ANSM »
        cut = fold(left).rfind(left_words[-1])
        head = left[:cut].rstrip() if cut > 0 else left
        right = f"{head} {right}"
    return [left, right]
