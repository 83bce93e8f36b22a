"""Precise references in a question go straight to the sections that carry them.

« article 10 §16 », « règle 11 c », « L162-1-23 », « annexe VIII », « MDCG 2019-11 »: a founder who names the rule
wants that rule, and neither embeddings nor BM25 rank « 10 » and « 16 » reliably. References are read the same way
from the question and from every chunk (heading first, then text) and normalised to keys (`art:10§16`,
`code:L162-1-23`, `rule:11c`, `annex:VIII`, `mdcg:2019-11`). Matching sections come first, before fusion.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from app.schemas.chunks import SECTION_SEPARATOR
from app.text import fold

_ARTICLE = re.compile(
    r"\b(?:articles?|art\.?)\s*(\d{1,3}[a-z]?)(?:\s*(?:,\s*)?(?:§|paragraphe|par\.|para\.?|\()\s*(\d{1,2})\)?)?(?:\s*(?:,\s*)?(?:point|pt\.?)?\s*\(?([a-h])\)(?!\w))?"
)
_CODE = re.compile(r"(?<![\w-])([lrd])\.?\s?(\d{3,4}(?:-\d{1,3}){1,3})\b")
_RULE = re.compile(r"\b(?:regle|rule)\s*(\d{1,2})(?:\s*[,.]?\s*(?:point\s*)?\(?([a-d])\)?(?![\w']))?")
_ANNEX = re.compile(r"\b(?:annexe|annex)\s+([ivxl]{1,6})\b")
_MDCG = re.compile(r"\bmdcg\s*(\d{4}-\d{1,2})")
# Keys that name a whole article or rule are frequent; only their most specific form decides on its own.
MAX_TEXT_MATCHES = 3


def reference_keys(text: str) -> set[str]:
    """Normalised reference keys found in a text (a question, a heading, a passage)."""
    folded = fold(text.replace("§", " paragraphe "))  # folding would drop « § »
    keys: set[str] = set()
    for number, paragraph, point in _ARTICLE.findall(folded):
        keys.add(f"art:{number}")
        if paragraph:
            keys.add(f"art:{number}§{paragraph}")
            if point:
                keys.add(f"art:{number}§{paragraph}{point}")
    for prefix, number in _CODE.findall(folded):
        keys.add(f"code:{prefix.upper()}{number}")
    for number, letter in _RULE.findall(folded):
        keys.add(f"rule:{number}")
        if letter:
            keys.add(f"rule:{number}{letter}")
    keys.update(f"annex:{roman.upper()}" for roman in _ANNEX.findall(folded))
    keys.update(f"mdcg:{code}" for code in _MDCG.findall(folded))
    return keys


def _specific(keys: set[str]) -> set[str]:
    """The most precise keys of a question: « article 10 §16 » stands for itself, not for all of article 10."""
    return {k for k in keys if not any(other != k and other.startswith(k) for other in keys)}


@dataclass
class ReferenceIndex:
    in_heading: dict[str, list[int]] = field(default_factory=dict)
    in_text: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, sections: list[str], texts: list[str]) -> ReferenceIndex:
        index = cls()
        for position, (section, text) in enumerate(zip(sections, texts)):
            for key in reference_keys(section.split(SECTION_SEPARATOR, 1)[-1]):
                index.in_heading.setdefault(key, []).append(position)
            for key in reference_keys(text):
                index.in_text.setdefault(key, []).append(position)
        return index

    def matches(self, question: str) -> list[int]:
        """Chunk positions carrying the question's most precise references, headings first; [] when none is precise.

        A key nobody carries backs off to its broader form (« art. 9 §2 h » to « art. 9 §2 », then « art. 9 »).
        """
        found: list[int] = []
        for key in sorted(_specific(reference_keys(question))):
            for candidate in _broader(key):
                heading = self.in_heading.get(candidate, [])
                text = [p for p in self.in_text.get(candidate, []) if p not in heading]
                if len(text) > MAX_TEXT_MATCHES:
                    text = []  # a reference quoted everywhere points nowhere in particular
                if heading or text:
                    found += heading + text
                    break
        return list(dict.fromkeys(found))


def _broader(key: str) -> list[str]:
    """The key, then its broader forms: `art:9§2h`, `art:9§2`, `art:9`; `rule:11c`, `rule:11`."""
    kind, value = key.split(":", 1)
    if kind == "art":
        number, _, rest = value.partition("§")
        forms = [value, f"{number}§{rest.rstrip('abcdefgh')}" if rest else "", number]
    elif kind == "rule":
        forms = [value, value.rstrip("abcd")]
    else:
        forms = [value]
    return [f"{kind}:{f}" for f in dict.fromkeys(forms) if f and not f.endswith("§")]


_cache: dict[str, ReferenceIndex] = {}


def reference_index(generation: str, chunks: Sequence) -> ReferenceIndex:
    """One reference index per index generation, built on first use (a few ms per thousand chunks).

    `chunks` are the generation's chunks (anything with `section` and `text`); they are read only when building."""
    if generation not in _cache:
        _cache.clear()
        _cache[generation] = ReferenceIndex.build([c.section for c in chunks], [c.text for c in chunks])
    return _cache[generation]
