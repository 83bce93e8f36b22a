"""Redaction of structured personal data before anything is stored.

Founders type their own or their patients' details into questions, comments and hand-off messages; the store must
not become a register of them. We mask what can be recognised reliably: e-mail addresses, phone numbers (French
formats, through Google's `phonenumbers`), French social security numbers (NIR) whose control key is valid and IBANs
whose check digits are valid (both through `python-stdnum`). A number is masked only when it validates, so article
numbers, dates and amounts in questions stay intact. Names and free-text health details are not detected: the page
says so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum.fr import nir as stdnum_nir

PLACEHOLDERS = {
    "email": "[e-mail masqué]",
    "phone": "[téléphone masqué]",
    "nir": "[NIR masqué]",
    "iban": "[IBAN masqué]",
}

EMAIL = re.compile(r"[\w.+-]+(?:@|\s?\(at\)\s?|\s?\[at\]\s?)[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}", re.UNICODE)
# Sex (1-4, 7, 8), then 14 more characters — year, month, department (Corsica 2A/2B), commune, order, key — in any
# grouping with spaces, dots or dashes; a candidate is masked only if its control key is right.
NIR = re.compile(r"(?<![\w])[1-478](?:[ .\-]?[0-9AB]){14}(?![\w])", re.IGNORECASE)
IBAN = re.compile(r"(?<![\w])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]){10,32}", re.IGNORECASE)


@dataclass
class Redacted:
    """The redacted text and how many items of each kind were masked (never the items themselves)."""

    text: str
    counts: Counter = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.counts)


def _valid_nir(candidate: str) -> bool:
    compact = re.sub(r"[ .\-]", "", candidate).upper()
    return len(compact) == 15 and stdnum_nir.is_valid(compact)


def _mask_nir(text: str, counts: Counter) -> str:
    def repl(match: re.Match) -> str:
        if _valid_nir(match.group(0)):
            counts["nir"] += 1
            return PLACEHOLDERS["nir"]
        return match.group(0)

    return NIR.sub(repl, text)


def _mask_iban(text: str, counts: Counter) -> str:
    """An IBAN candidate may run into the next word: try it shorter, at space boundaries, until one validates."""
    out, pos = [], 0
    for match in IBAN.finditer(text):
        if match.start() < pos:
            continue
        candidate = match.group(0)
        cuts = [len(candidate)] + [m.start() for m in re.finditer(" ", candidate)][::-1]
        for cut in cuts:
            piece = candidate[:cut].rstrip()
            if len(piece.replace(" ", "")) >= 14 and stdnum_iban.is_valid(piece):
                out.append(text[pos : match.start()])
                out.append(PLACEHOLDERS["iban"])
                pos = match.start() + len(piece)
                counts["iban"] += 1
                break
    out.append(text[pos:])
    return "".join(out)


def _mask_email(text: str, counts: Counter) -> str:
    def repl(match: re.Match) -> str:
        counts["email"] += 1
        return PLACEHOLDERS["email"]

    return EMAIL.sub(repl, text)


def _mask_phones(text: str, counts: Counter) -> str:
    """Numbers valid in France, written nationally (06 12 34 56 78) or internationally (+33 6 …, 0033 6 …)."""
    spans = [
        (m.start, m.end) for m in phonenumbers.PhoneNumberMatcher(text, "FR", leniency=phonenumbers.Leniency.VALID)
    ]
    for start, end in reversed(spans):
        # "+33 (0)6 …": the matcher may leave the international prefix outside its span.
        prefix = re.search(r"(?:\+|00)\d{2,3}\s?(?:\(0\)\s?)?$", text[:start])
        if prefix:
            start = prefix.start()
        text = text[:start] + PLACEHOLDERS["phone"] + text[end:]
        counts["phone"] += 1
    return text


def redact(text: str | None) -> Redacted:
    """Mask e-mails, IBANs, NIRs then phones (validated numbers first, so a NIR is not half-taken for a phone)."""
    if not text:
        return Redacted(text or "")
    counts: Counter = Counter()
    for step in (_mask_email, _mask_iban, _mask_nir, _mask_phones):
        text = step(text, counts)
    return Redacted(text, counts)


def redact_text(text: str | None) -> str | None:
    return None if text is None else redact(text).text
