"""Two-part questions (« classe MDR **et** remboursement ? », « délais CNIL et ANSM ? ») are searched part by part.

One query vector for two subjects lands between them, and the second subject is usually lost. A message of two
questions is cut between them; a question is cut at its conjunction when both sides still carry a subject; when one
side is only a name (« … la CNIL et l'ANSM »), it takes the rest of the other side. The caller keeps the split only
when the parts find different domains.

A message that sets the scene before asking (« Notre IA lit des radios thoraciques et signale les nodules au
radiologue. Quelle classe MDR ? ») is cut only in the sentence that asks, as `text.split_sentences` (the project's
one sentence splitter) cuts the message: cutting the scene at its « et » searched « Notre IA lit des radios
thoraciques » alone and opened the answer on the AI Act. A part of the asked sentence that names no topic of its own
(« … et on peut les partager librement ») keeps the scene in front of it; one that does (« Elle tombe sous l'AI Act et
le MDR en même temps ? ») is searched as it is. On the tune half, for the 108 questions this changed: key facts in
the opening statement 0.250 -> 0.270 (2 gained, 1 lost), hit@5 and key facts unchanged; the scene in front of both
parts changed nothing, bare parts lost a question's hit@5.
"""

from __future__ import annotations

import re

from app.text import detect_language, fold, names_a_reference, own_words, split_sentences

_CONJUNCTION = re.compile(r"\s+(?:et|ainsi que|and|as well as)\s+", re.I)
MIN_OWN_WORDS = 2
# A preposition names no subject of its own: « on prévient qui et sous quel délai ? » searched « sous quel délai »
# alone and opened a breach question on the 10 days of a clinical investigation's validation.
_PREPOSITIONS = frozenset({"sous", "avant", "apres", "pendant", "depuis", "under", "within"})
_QUESTION_END = re.compile(r"\?\s+")
# A right side that takes up the left one's subject by a pronoun (« comment y candidater », « comment en bénéficier »,
# « how much does it pay ») and names little else asks one more thing of the same subject: searched alone, « comment
# y candidater » found the Mon espace santé catalogue and opened an Article 51 answer on it. Tune half: 9 questions no
# longer split, the same figures (their parts had found one domain, so the whole question was searched anyway).
_REFERS_BACK = re.compile(
    r"(?:^|\s)(?:y(?! a\b)(?!-a\b)(?! en a\b)|en(?= \w+(?:er|ir|re)\b))\s|\b(?:it|them|they|its)\b"
)
MAX_WORDS_REFERRING_BACK = 2
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9_-]+\b")
# The small words that lead a name (« la CNIL », « à l'ANSM », « to the ANSM »)
_LEADS = r"(?:l['’]|d['’]|la|le|les|du|des|de|au|aux|à|pour|chez|auprès|the|to|for|with|at|a|an)"
_LEADS_START = re.compile(rf"^{_LEADS}(?:\s+|(?<=['’]))", re.I)
_LEADS_END = re.compile(rf"(?:\s+{_LEADS})+$", re.I)


def split_parts(question: str) -> list[str]:
    """[question] or its two parts."""
    text = question.strip().rstrip("?!. ")
    asked = [q.strip() for q in _QUESTION_END.split(text) if q.strip()]
    if len(asked) == 2 and all(len(own_words(q)) >= MIN_OWN_WORDS for q in asked):
        return asked  # two questions in one message (« … la CNIL et l'ANSM ? Combien de temps met chacun ? »)
    sentences = split_sentences(text, detect_language(text))
    if not sentences:
        return [question]  # punctuation only: nothing to split
    *scene, text = sentences
    pieces = _CONJUNCTION.split(text)
    if len(pieces) != 2:
        return [question]
    left, right = pieces
    left_words, right_words = own_words(left), [w for w in own_words(right) if w not in _PREPOSITIONS]
    if len(left_words) < MIN_OWN_WORDS or not right_words:
        return [question]
    if _REFERS_BACK.search(fold(right)) and len(right_words) <= MAX_WORDS_REFERRING_BACK:
        return [question]  # « … l'article 51 et comment y candidater ? » asks one thing of one subject
    if len(right_words) < MIN_OWN_WORDS:
        # « Quels délais pour notifier la CNIL et l'ANSM » → « … notifier la CNIL » + « … notifier l'ANSM »
        cut = fold(left).rfind(left_words[-1])
        head = left[:cut].rstrip() if cut > 0 else left
        if _LEADS_START.match(right):
            head = _LEADS_END.sub("", head)  # « notifier la » + « l'ANSM »: the right side brings its own
        right = f"{head} {right}"
    if scene:
        return [part if _names_a_topic(part) else " ".join([*scene, part]) for part in (left, right)]
    return [left, right]


# A company officer's title is an acronym that names no topic: « … Is that really mandatory for us, and can the CTO take
# the role? » (scope_probes/blind-27, after the DPO's duty told as a scene) searched « can the CTO take the role » alone
# and opened on the role of an Article 51 committee.
_OFFICERS = frozenset({"CEO", "CTO", "COO", "CFO", "CMO", "CPO", "CISO", "RSSI", "DSI", "DRH", "RH", "HR", "PDG", "DG"})


def _names_a_topic(part: str) -> bool:
    """An acronym (MDR, RGPD, AI Act) or a reference (article 51, classe IIb) names what a part asks about."""
    return any(a not in _OFFICERS for a in _ACRONYM.findall(part)) or names_a_reference(part)
