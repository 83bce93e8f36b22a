"""The answer-first rule: every `##` section of a sheet opens with one self-contained sentence stating the rule.

A section is retrieved and quoted on its own, and an extractive answer quotes its opening first. If that opening is
a list item, a question, « Cette procédure est plus lourde. » or carries no reference, it is useless out of
context. The rule is mechanical on purpose so that `navigator corpus check` can enforce it (corpus/README.md).
"""

from __future__ import annotations

import re

from pydantic import BaseModel

from app.text import NUMBER_WORDS, fold, split_sentences

MIN_CHARS = 40
MAX_CHARS = 400
# A first sentence may not start with these: out of context, they point at something the reader does not have.
FORBIDDEN_OPENINGS = (
    "Il",
    "Elle",
    "Ils",
    "Elles",
    "On",
    "Ce",
    "Cet",
    "Cette",
    "Ces",
    "Cela",
    "Ça",
    "Celui",
    "Celle",
    "Ceux",
    "Et",
    "Mais",
    "Donc",
    "Ainsi",
    "Aussi",
    "Alors",
    "Puis",
    "Enfin",
    "Sinon",
    "Toutefois",
    "Cependant",
    "Pourtant",
    "En revanche",
    "En outre",
    "De plus",
    "Par ailleurs",
    "Dans ce cas",
    "Pour cela",
    "Là",
    "Y",
    "En effet",
)
_OPENING = re.compile(r"^(?:" + "|".join(re.escape(w) for w in FORBIDDEN_OPENINGS) + r")(?![\w'’-])")
_LIST_MARKER = re.compile(r"^(?:[-*+•]\s|\d{1,2}[.)](?:\s|$))")
_NOT_PROSE = re.compile(r"^(?:#|\||>|```|!\[|<)")
# A reference is a digit or §, a word naming one (any case), or a code in its official case.
_REFERENCE_MARK = re.compile(r"\d|§|(?<!\w)(?:L\.|R\.)|\b(?:MDCG|ISO|CSP|RGPD|MDR)\b")
_REFERENCE_WORD = re.compile(r"\b(?:articles?|art\.|annexes?|règles?)(?!\w)", re.IGNORECASE)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")


# A heading that promises a duration or an amount (« validation en 10 jours et autorisation en 45 jours », « dossier
# conservé 20 ans ») is answered by the opening sentence, which an extractive answer quotes first. Numbers may be
# written out (« huit ans » for « 8 ans »). Before this rule, « des expérimentations dérogatoires de cinq ans au plus »
# opened on who may authorise them, and « Combien de temps dure une expérimentation article 51 ? » on another sheet's
# eighteen months. Before a unit, « un »/« une » are a number (« en un an »), and « quarante-cinq » is read too.
_NUMBER_WORDS = {**NUMBER_WORDS, "un": "1", "une": "1", "quarante-cinq": "45"}
_UNITS = {
    "jour": "jours", "jours": "jours", "heure": "heures", "heures": "heures", "semaine": "semaines",
    "semaines": "semaines", "mois": "mois", "an": "ans", "ans": "ans", "annee": "ans", "annees": "ans",
    "%": "%", "million": "millions", "millions": "millions", "milliard": "milliards", "milliards": "milliards",
}  # fmt: skip
_WRITTEN = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_FIGURE = re.compile(
    rf"(?<![\w,.-])(\d+(?:[.,]\d+)?|{_WRITTEN})\s*"
    r"(jours?|heures?|semaines?|mois|ans?|annees?|%|millions?|milliards?)(?![\w])"
)


def figures(text: str) -> set[tuple[str, str]]:
    """The durations, shares and large amounts a text states, as (number in digits, unit)."""
    return {
        (_NUMBER_WORDS.get(number, number).replace(",", "."), _UNITS[unit])
        for number, unit in _FIGURE.findall(fold(text))
    }


class Section(BaseModel):
    heading: str
    first_paragraph: str


class Problem(BaseModel):
    section: str
    message: str


def sections(body: str) -> list[Section]:
    """Each `##` section with its first paragraph (its lines up to the first blank line or subheading)."""
    found: list[Section] = []
    heading: str | None = None
    paragraph: list[str] = []
    collecting = False
    in_code = False
    for line in body.splitlines():
        fence = line.strip().startswith("```")
        match = None if in_code or fence else _HEADING.match(line)
        if fence:
            in_code = not in_code
        if match:
            level = len(match.group(1))
            if level <= 2:
                if heading is not None:
                    found.append(Section(heading=heading, first_paragraph="\n".join(paragraph)))
                heading, paragraph, collecting = (match.group(2) if level == 2 else None), [], level == 2
            else:
                collecting = False  # a subheading ends the opening paragraph (or shows there is none)
            continue
        if not collecting:
            continue
        if not line.strip():
            collecting = not paragraph
            continue
        if paragraph and _LIST_MARKER.match(line.strip()):
            collecting = False  # a list glued to the opening text is not part of its first sentence
            continue
        paragraph.append(line.strip())
    if heading is not None:
        found.append(Section(heading=heading, first_paragraph="\n".join(paragraph)))
    return found


def first_sentence(paragraph: str, language: str = "fr") -> str:
    """The first sentence of a paragraph; a list, table or quote gives its first line (it is not a sentence)."""
    if not paragraph or _LIST_MARKER.match(paragraph) or _NOT_PROSE.match(paragraph):
        return paragraph.splitlines()[0] if paragraph else ""
    sentences = split_sentences(paragraph.replace("\n", " "), language)
    return sentences[0] if sentences else ""


def sentence_problem(sentence: str) -> str | None:
    """Why `sentence` cannot open a section, or None if it can."""
    if not sentence:
        return "the section does not open with a paragraph"
    if _LIST_MARKER.match(sentence):
        return f"opens with a list item, not a sentence: « {sentence[:80]} »"
    if _NOT_PROSE.match(sentence):
        return f"opens with a table, quote, heading or code, not a sentence: « {sentence[:80]} »"
    plain = _EMPHASIS.sub("", sentence).strip()
    if not plain.endswith("."):
        kind = "a question" if plain.endswith("?") else "not a full sentence ending with « . »"
        return f"first sentence is {kind}: « {sentence[:80]} »"
    if not MIN_CHARS <= len(plain) <= MAX_CHARS:
        return f"first sentence has {len(plain)} characters ({MIN_CHARS} to {MAX_CHARS} expected): « {sentence[:80]} »"
    opening = _OPENING.match(plain)
    if opening:
        return f"first sentence starts with « {opening.group(0)} », which needs context: « {sentence[:80]} »"
    if not (_REFERENCE_MARK.search(plain) or _REFERENCE_WORD.search(plain)):
        return f"first sentence carries no reference or figure: « {sentence[:80]} »"
    return None


def answer_first_problems(body: str, language: str = "fr") -> list[Problem]:
    """Every `##` section whose opening sentence breaks the answer-first rule, with the reason."""
    problems = []
    for section in sections(body):
        opening = first_sentence(section.first_paragraph, language)
        problem = sentence_problem(opening)
        if not problem and (promised := figures(section.heading) - figures(opening)):
            stated = ", ".join(f"« {number} {unit} »" for number, unit in sorted(promised))
            problem = f"the heading promises {stated}, which the first sentence does not state: « {opening[:80]} »"
        if problem:
            problems.append(Problem(section=section.heading, message=problem))
    return problems
