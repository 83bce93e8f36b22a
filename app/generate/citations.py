"""Check a generated answer against the passages it was given, sentence by sentence.

- A marker `[n]` that names no given passage is removed and flagged.
- A cited sentence is supported when the passages it cites back it up: enough of its content words (stems) occur
  in them and every number it states occurs in them, or, across languages, its meaning is close enough (e5
  cosine) with the numbers still matching. Thresholds are settings, calibrated on supported/unsupported pairs.
- Sentences stating something without a citation are flagged too. Nothing is silently kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from pydantic import BaseModel

from app.schemas.answers import AnswerCheck, Citation
from app.schemas.chunks import Chunk
from app.schemas.citations import make_citation
from app.text import split_sentences, tokenize

MARKER = re.compile(r"\s?\[(\d{1,3})\]")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n(?=\s*[-*•] )|\n(?=\s*\d+[.)] )")
MIN_WORDS_FOR_CLAIM = 4


class CheckedAnswer(BaseModel):
    text: str
    citations: list[Citation]
    checks: list[AnswerCheck]

    @property
    def unsupported(self) -> list[AnswerCheck]:
        return [c for c in self.checks if c.supported is False]


@dataclass
class SupportPolicy:
    min_lexical: float
    min_semantic: float
    similarity: Callable[[str, Chunk], float] | None = None


# pysbd (the project's one splitter) ends a sentence before the markers written after its full stop (« … heures. [1]
# La CNIL… »): they belong to the sentence before.
LEADING_MARKERS = re.compile(r"^(?:\[\d{1,3}\]\s*)+")


def paragraphs(text: str) -> list[list[str]]:
    """Sentences per paragraph (list items count as paragraphs), each keeping the markers that follow it."""
    result = []
    for paragraph in PARAGRAPH_BREAK.split(text):
        sentences: list[str] = []
        for sentence in split_sentences(paragraph):
            markers = LEADING_MARKERS.match(sentence)
            if markers and sentences:
                sentences[-1] = f"{sentences[-1]} {' '.join(markers.group(0).split())}"
                sentence = sentence[markers.end() :]
            if sentence := " ".join(sentence.split()):
                sentences.append(sentence)
        if sentences:
            result.append(sentences)
    return result


def lexical_support(claim: str, passage: str) -> float:
    terms = set(tokenize([claim])[0])
    if not terms:
        return 1.0
    return len(terms & set(tokenize([passage])[0])) / len(terms)


def numbers_supported(claim: str, passage: str) -> bool:
    found = {n.replace(",", ".") for n in NUMBER.findall(passage)}
    return all(n.replace(",", ".") in found for n in NUMBER.findall(claim))


def best_quote(claim: str, passage: str) -> str:
    """The passage sentence closest to the claim: what the adviser sees highlighted. Always verbatim."""
    sentences = split_sentences(passage) or [passage.strip()]
    return max(sentences, key=lambda s: (lexical_support(claim, s), -abs(len(s) - len(claim))))


@dataclass
class _Ledger:
    checks: list[AnswerCheck] = field(default_factory=list)
    cited_by: dict[int, list[AnswerCheck]] = field(default_factory=dict)
    claims: dict[int, list[str]] = field(default_factory=dict)


def _check_sentence(sentence: str, passages: dict[int, Chunk], policy: SupportPolicy, ledger: _Ledger) -> str:
    """Check one sentence, record it in the ledger, and return it without its invalid markers."""
    markers = list(dict.fromkeys(int(m) for m in MARKER.findall(sentence)))
    valid = [m for m in markers if m in passages]
    removed = [m for m in markers if m not in passages]
    for m in removed:
        sentence = re.sub(rf"\s?\[{m}\]", "", sentence)
    claim = MARKER.sub("", sentence).strip()
    check = AnswerCheck(sentence=sentence, markers=valid, removed_markers=removed)
    issues = [f"marker(s) {', '.join(f'[{m}]' for m in removed)} cite no given passage: removed"] if removed else []
    if valid:
        check.lexical = round(max(lexical_support(claim, passages[m].text) for m in valid), 3)
        numbers_ok = any(numbers_supported(claim, passages[m].text) for m in valid)
        if policy.similarity is not None and check.lexical < policy.min_lexical:
            check.semantic = round(max(policy.similarity(claim, passages[m]) for m in valid), 3)
        close = check.lexical >= policy.min_lexical or (check.semantic or 0.0) >= policy.min_semantic
        check.supported = numbers_ok and close
        if not numbers_ok:
            issues.append("states a number absent from the cited passage")
        elif not close:
            issues.append("not supported by the cited passage")
        for m in valid:
            ledger.cited_by.setdefault(m, []).append(check)
            ledger.claims.setdefault(m, []).append(claim)
    elif len(claim.split()) >= MIN_WORDS_FOR_CLAIM and not removed:
        issues.append("no citation")
    check.issue = "; ".join(issues) or None
    ledger.checks.append(check)
    return sentence


def check_answer(text: str, passages: dict[int, Chunk], policy: SupportPolicy, language: str = "fr") -> CheckedAnswer:
    ledger = _Ledger()
    kept = [[_check_sentence(s, passages, policy, ledger) for s in paragraph] for paragraph in paragraphs(text)]
    citations = []
    for n in sorted(ledger.cited_by):
        citation = make_citation(n, passages[n], best_quote(" ".join(ledger.claims[n]), passages[n].text), language)
        citation.supported = all(c.supported for c in ledger.cited_by[n])
        citations.append(citation)
    return CheckedAnswer(text="\n\n".join(" ".join(p) for p in kept), citations=citations, checks=ledger.checks)
