"""Everyday words mapped to the corpus's words (data in `everyday.yaml`), at the level of stems.

Founders write « on s'est fait hacker », « la pub », « la Sécu » where the sheets say violation, publicité,
assurance maladie. BM25 cannot match such words and the answerability gate, which weighs a word the corpus never
uses most, refused the question. Mapping them is the classic synonym filter of a search engine, kept as data.

English questions go through the same French stemmer, and a few of their words then read as another French word of
the sheets (« data » as « date »): in an English question those are replaced by the sheets' words (`english.yaml`).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from app.text import detect_language, fold, tokenize

LEXICON = Path(__file__).with_name("everyday.yaml")
ENGLISH = Path(__file__).with_name("english.yaml")


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, list[str]]:
    """Stem of an everyday word -> the corpus words it stands for, as written."""
    raw: dict[str, list[str]] = yaml.safe_load(LEXICON.read_text(encoding="utf-8")) or {}
    table: dict[str, list[str]] = {}
    for word, meanings in raw.items():
        for stem in tokenize([word])[0]:
            table.setdefault(stem, [])
            table[stem] += [m for m in meanings if m not in table[stem]]
    return table


@lru_cache(maxsize=1)
def equivalents() -> dict[str, frozenset[str]]:
    """Stem of an everyday word -> stems of the corpus words it stands for."""
    table = {
        stem: frozenset(t for tokens in tokenize(words) for t in tokens) - {stem} for stem, words in _lexicon().items()
    }
    return {stem: targets for stem, targets in table.items() if targets}


@lru_cache(maxsize=1)
def _english() -> tuple[re.Pattern[str], dict[str, str]]:
    """A pattern of the English words and phrases to replace (longest first), and the sheets' words for each."""
    raw: dict[str, list[str]] = yaml.safe_load(ENGLISH.read_text(encoding="utf-8")) or {}
    table = {fold(words): " ".join(meanings or []) for words, meanings in raw.items()}
    keys = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)", re.I), table


def in_sheet_words(query: str) -> str:
    """An English query with its words that a French stemmer confuses with another word of the sheets (« data »,
    « tell », « fine ») written in the sheets' words; a French query as it is. On the tune half's 288 English
    questions: key facts 0.552 -> 0.569; « How long do we have to keep health data…? » opens on the retention rule
    instead of a funding record's « date de vérification »."""
    if detect_language(query) != "en":
        return query
    pattern, table = _english()
    return pattern.sub(lambda found: table[fold(found.group())], query)


# A verb the sheets write as a noun: « la Sécu prend en charge quoi ? » is their « prise en charge », whose stem the
# verb's is not. Only the phrase: the verb alone would read « ça prend combien de temps ? » as reimbursement (two
# written probes of other fields were answered when « prend » stood for « prise »).
_TAKES_CHARGE = re.compile(
    r"\b(?:prend|prends|prennent|prendre|prenez|prenons|pris|prise)s?(?:-t)?(?:-(?:il|elle|ils|elles|on))? en charge\b",
    re.I,
)


def in_sheet_phrases(query: str) -> str:
    """`query` with the phrases the sheets word otherwise written as they do."""
    return _TAKES_CHARGE.sub("prise en charge", query)


def widen(query: str) -> str:
    """The query, in the sheets' words when English, with the corpus words of the everyday words it contains
    appended (for lexical search and for choosing the quoted sentence)."""
    query = in_sheet_phrases(in_sheet_words(query))
    lexicon = _lexicon()
    extra: list[str] = []
    for stem in tokenize([query])[0]:
        extra += [w for w in lexicon.get(stem, []) if w not in extra]
    return f"{query} {' '.join(extra)}" if extra else query


def found(stem: str, present: set[str]) -> bool:
    """A question's stem is found in passages that carry it or one of its corpus equivalents."""
    return stem in present or not equivalents().get(stem, frozenset()).isdisjoint(present)
