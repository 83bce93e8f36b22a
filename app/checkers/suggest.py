"""From a chat question to the checker worth offering: « mon appli… est-ce un DM ? » → md-qualification, with the
fields the wording already answers. A small, separate function so the answer service can call it without knowing
rule files: `suggest_checkers(question) -> list[Suggestion]`.

Only questions about the founder's own product trigger a suggestion (« mon », « ma », « notre », « my », « our »…);
a general question (« qu'est-ce que la règle 11 ? ») is answered by the chat alone. Prefilled values are marked
`extracted`: the founder confirms them before a checker uses them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from app.checkers.model import RuleFile

OWN_PRODUCT = re.compile(r"\b(mon|ma|mes|notre|nos|my|our|we|nous)\b")


class Suggestion(BaseModel):
    checker: str
    title: str
    prefill: dict[str, Any]  # field -> value, to store with source "extracted"


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"\s+", " ", folded.replace("'", " ").replace("’", " "))


@lru_cache(maxsize=1)
def _rule_files() -> dict[str, RuleFile]:
    """The rule files, read once per process (they ship with the code)."""
    from app.checkers.model import load_all

    return load_all()


def suggest_checkers(question: str, files: dict[str, RuleFile] | None = None) -> list[Suggestion]:
    """Checkers whose patterns match a question about the founder's own product, most specific first."""
    if files is None:
        files = _rule_files()
    text = normalise(question)
    if not OWN_PRODUCT.search(text):
        return []
    found: list[tuple[int, Suggestion]] = []
    for rules in files.values():
        if not rules.suggest:
            continue
        hits = sum(1 for p in rules.suggest.patterns if re.search(p, text))
        if not hits:
            continue
        prefill = {p.field: p.value for p in rules.suggest.prefill if re.search(p.match, text)}
        found.append((hits, Suggestion(checker=rules.id, title=rules.title, prefill=prefill)))
    found.sort(key=lambda pair: -pair[0])
    return [s for _, s in found]
