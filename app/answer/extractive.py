"""Extractive answers: a direct statement first, then the supporting quotes, every word traceable to a source.

This is what the assistant says without a model. Nothing is paraphrased: the opening statement is the sentence of
the best passages, or an asked fact of the best sheet, that answers the question best, chosen by meaning (e5
similarity of the sentence to the question; for a supporting quote, of the sentence read under its sheet's title too)
and by the question's own words (IDF-weighted), preferring the rule
sentence that opens every section of the knowledge base and, when the question asks for a duration, an amount or a
date, a sentence that gives one; a two-part question opens on the best sentence for each part; an opening sentence
is quoted with the next one when that one goes on with a pronoun (« Elle s'envoie à l'ARS… ») and is worth quoting
too; a sheet's advice (« Conseil : … ») opens only when it fits the question clearly better than a rule. A sentence
that starts mid-way (« et la règle 11… »), a list item, a sheet's introduction (« Cette fiche présente… ») when a
rule sentence exists, or a quote already given earlier in the conversation is never chosen. A funding record's
sentences (rendered from data) count a little less than a sheet's, and the one on its calendar opens only a question
on a date or on the call's status.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace

from app.answer.question import asked_clause
from app.corpus.funding import CALENDAR_STATUS, UNCONFIRMED_AMOUNT
from app.index.bm25 import term_coverage
from app.index.sentences import read_in_sheet
from app.ingest.chunk import section_title
from app.lists import Item, list_items, quote_items
from app.retrieve.everyday import widen
from app.retrieve.parts import split_parts
from app.retrieve.search import ScoredChunk, from_funding_record
from app.schemas.answers import Citation
from app.schemas.chunks import SECTION_SEPARATOR
from app.schemas.citations import make_citation
from app.text import SPELLED_NUMBERS, fold, split_sentences, tokenize

# On the tune half (469 questions), 4 -> 5 supporting quotes raised key facts 0.683 -> 0.706 (6: 0.718, at the
# price of longer answers; each quote still has to pass the floors below). Once answers opened on a direct statement,
# the quotes after it became details a founder reads on demand, and the length is now measured: on the tune half (2128
# questions) 5 -> 6 -> 7 quotes gave key facts 0.6316 -> 0.6478 -> 0.6576 for a median answer of 278 -> 318 -> 356
# words. Six keeps most of the gain at a seventh more reading.
MAX_SUPPORTING = 6
# Supporting quotes are taken best first, at most four from one passage (its sentences repeat each other). This
# replaced « the best sentence of each other passage first », which on the 840 questions of the tune half too often
# left out the second sentence of the best passage for a weak one from the fifth: key facts 0.610 -> 0.615 (13
# questions gained a fact, 6 lost one; two per passage: 0.6095; no cap: 0.615). Three became four on 2026-12-05 (tune
# half, 2,281 questions): key facts 0.7236 -> 0.7258 (4 questions gained a fact, 1 lost one; each half of the tune
# questions +0.0022), the same median answer (334 words).
MAX_QUOTES_PER_PASSAGE = 4
# The opening statement is taken from the first three passages, from a lower ranked passage (not a section of the best
# sheets read after them) of one of their sheets or, for a question that asks for a duration, an amount or a date, is
# a sentence of the best sheet (the first passage's) that gives one, wherever its section ranked: « on a combien de
# temps pour prévenir la CNIL ? » opened on the subcontractor's duty, the 72 hours of the same sheet sitting in a
# section read as a sibling. On the tune half (2038 questions): key facts in the opening statement 0.293 -> 0.305 (20
# questions gained one there, 1 lost one), in the whole answer 0.6284 -> 0.6300 (3 gained, none lost). Letting the best
# sheet's section rules open too reached 0.322, but opened « quelle classe MDR et comment être remboursé ? »
# (telemonitoring) on a guide's example app and, for its second part, on apps that stay in class I. The ranked
# passages of the first three's sheets (tune half, 2128 questions): key facts in the opening statement 0.3027 ->
# 0.3207, in the whole answer 0.6321 -> 0.6316 (2 questions gained a fact, 2 lost one); « Dans une expérimentation
# article 51, qui est responsable de traitement RGPD : nous ou le porteur ? » now opens on « le porteur … est en
# général responsable de traitement RGPD et la startup sous-traitante » instead of how a startup takes part. Any of
# the five ranked passages reached 0.3277 and 0.6327, but opened « et pour la classe IIb ? » (after vital parameters)
# on the AI Act's high-risk table, the fourth passage's and another sheet's.
STATEMENT_PASSAGES = 3
# A sentence of the fourth or fifth passage opens when its opening score beats the allowed best by this much (None:
# never): « Qui autorise par arrêté une expérimentation article 51 ? » opened on the end-of-experiment sheet, ranked
# first, the arrêté of the principle's sheet fourth. Not for a part of a two-part question: « …et qui décide de
# l'accorder ? » then opened on a guide's « la qualification décide des obligations ». On the tune half (2,288
# questions): in the opening statement 0.3325 -> 0.3354 (0.45), 0.3391 (0.3: 11 questions gained a fact there, 1 lost
# one), 0.3402 (0.2); key facts 0.6836 -> 0.6840, 0.6847, 0.6843. The sections read after the ranked passages (siblings)
# of the first three passages' sheets may also open when they give the duration, amount or date asked, as the best
# sheet's already did: « Combien de temps peut durer une expérimentation article 51 ? » now opens on « la durée est
# plafonnée à cinq ans », not on the end-of-experiment report's six months; opening statement 0.3391 -> 0.3442 (8
# questions gained a fact there, none lost one), key facts unchanged.
OPENING_MARGIN: float | None = 0.3
MIN_QUOTE_CHARS = 25
# A list item is quoted after its lead-in (« Le contrat doit notamment indiquer : […] les lieux d'hébergement »), and
# the items of one list chosen together take one line, counted as one quote, with at most this many items. On the tune
# half (2128 questions): key facts 0.6574 -> 0.6620 (17 questions gained a fact, 12 lost one), median answer 322 ->
# 326 words. Measured before a list's last item was cut at the end of its paragraph: each item as a quote of its own
# gave 0.6605 against 0.6632 for one line per list (2 items per line: 0.6628, 5: 0.6632), and items compete with
# sentences on equal terms (a penalty of 0.1 on their score: 0.6597, 0.2: 0.6593).
MIN_ITEM_CHARS = 15
MAX_ITEMS_PER_LIST = 3
MAX_QUOTE_CHARS = 600
# Weights of the two signals, swept on the gold set's tuning half (key facts 0.75 -> 0.81 with the five-passage
# composer): the question's own words weigh more than the meaning (spread over [0, 1] among candidates), and the rank
# of the passage counts little, since retrieval already ordered them and facts sit in passages 4-5 too.
# The lexical weight, the bonus for the kind of fact asked and the two supporting floors were later fitted together by
# `eval/fit_quote_weights.py` (tune half, 2128 questions; each half's fit gained on the other half, replayed 0.6388 ->
# 0.6455 and 0.6669 -> 0.6762). With them, `navigator eval answers --split tune`: key facts 0.6494 -> 0.6554 (20
# questions gained a fact, 9 lost one), in the opening statement 0.3220 -> 0.3210, median answer 317 -> 321 words.
WEIGHT_SEMANTIC = 1.0
WEIGHT_LEXICAL = 2.5
# The opening sentence of a section states its rule (answer-first format). 0.1 -> 0.15 with the advice penalty 0.2 ->
# 0.3 on 2026-12-05, after `eval/fit_quote_weights.py` fitted 0.2 and 0.4 on the whole tune half but not on each half
# alone; replayed on the two halves split by id, 0.15 and 0.3 gained on both, in the whole answer (0.7279 -> 0.7309,
# 0.7237 -> 0.7251) and in the opening statement (0.3837 -> 0.3844, 0.3775 -> 0.3783), where 0.2 and 0.4 lost on one.
# `navigator eval answers --split tune` (2,281 questions): key facts 0.7258 -> 0.7280 (10 questions gained a fact, 7
# lost one; each half gained, 0.7279 -> 0.7316 and 0.7237 -> 0.7244), in the opening statement 0.3806 -> 0.3810, the
# same median answer (334 words).
RULE_BONUS = 0.15
# A sentence under a section title that shares a word with the question is in the section on what was asked, and the
# earlier a sentence sits in its passage the likelier it states the rule rather than a detail (answer-first format): the
# supporting quotes are ranked by each too, fitted on the tune half by replaying the composer on each question's
# recorded passages (1,365 answered questions with key facts, split in two by id: each half gained, 0.7163 -> 0.7227 and
# 0.7121 -> 0.7200; the heading's bonus alone at 0.2, or the position's penalty at 0.03 or 0.05, gained on one half
# only). `navigator eval answers --split tune`: key facts 0.7142 -> 0.7217 (24 questions gained a fact, 7 lost one), in
# the opening statement 0.3784 -> 0.3795 (in conversations, what was quoted before changed), median answer 333 -> 334
# words. They do not choose the opening statement: counted for it too (0.3784 -> 0.3813), they took « What are the steps
# to get an Article 51 experiment approved? » off the introduction that lists the four steps and « on doit la
# publier ? » (after a DPIA question) off the sentence on publishing. Rewarding a figure in the sentence, or its length,
# carried more facts only by making answers longer (up to 351 words).
HEADING_BONUS = 0.1
POSITION_PENALTY = 0.02  # per sentence before it in its passage
# Per rank of the passage a sentence comes from; another section of a best sheet (a `sibling`, read after the ranked
# passages) counts as the passage right after them.
PASSAGE_PENALTY = 0.05
# A sheet's introduction sums the sheet up and often names the subject as founders do (« tiers-lieux », « prise en
# charge transitoire »): it is quoted when it fits the question clearly better than the sections' sentences.
# None keeps the former rule (introductions only when no section sentence is available); on the tune half, letting
# them compete raised key facts 0.817 -> 0.843 (same figure for a penalty of 0 to 0.3). Later, on 2128 tune
# questions, 0.3 raised key facts 0.6321 -> 0.6352 (0.2: 0.6340, 0.5: 0.6344) but « What are the steps to get an
# Article 51 experiment approved? » no longer opened on the filing sheet's four steps, which its introduction states.
INTRO_PENALTY: float | None = 0.1
# A sheet's advice (« Conseil : … », « Premier piège : … », « Bonnes pratiques : … ») tells a founder what to do once
# the rule is known; it opened answers to « who evaluates the pilots? » or « quelle formalité CNIL ? » in place of the
# rule. On the tune half this changed 6 openers (4 now on the rule) and no key fact. 0.3 since 2026-12-05 (see
# `RULE_BONUS`).
ADVICE_PENALTY = 0.3
# A sentence that opens on an exception or a contrast (« Exception : les dispositifs de classe I stériles (Is)… »,
# « En revanche… ») qualifies a rule stated before it: quoted after that rule, it opens no answer. « Un DM de classe I,
# il faut un organisme notifié ? » opened on the Is/Im/Ir exception, sharing all its words, and not on the section's
# rule (« Un dispositif de classe I relève de l'auto-déclaration… sans organisme notifié »). Counts against its
# opening score only. On the tune half (2,281 questions) no key fact moved, one answer's length did.
EXCEPTION_PENALTY = 0.3
_EXCEPTION = re.compile(
    r"^(?:Exceptions?|Sauf|Toutefois|Cependant|En revanche|À l'inverse|Inversement|Par exception|Par dérogation"
    r"|However|Except|Unless|By contrast)\b"
)
# A funding record (corpus/funding/*.yaml) is rendered from data into sentences of a fixed shape (« Le dispositif
# « Forfait innovation (…) » s'adresse à : … », « … : financeur, …; programme, … »): they name the scheme in full and
# so opened questions that a sheet answers with its rule (« Le forfait innovation, on peut y prétendre sans étude ? »,
# « Qui décide de l'autorisation d'une expérimentation article 51 ? »: 22 of the tune half's answered questions outside
# the funding domain opened on one, 14 of them without their key fact). Their sentences count this much less. Tune
# half: key facts 0.6125 -> 0.6143; 1.0 gave 0.6156 but took the amount or status opener from funding questions
# (« Combien donne la Bourse French Tech ? » lost its 30 000 €).
RECORD_PENALTY = 0.3
_ADVICE = re.compile(
    r"^(?:Conseils?|(?:Premier|Deuxième|Troisième) piège|Pièges?|Erreurs? fréquentes?|Bonnes? pratiques?)\b[^:]{0,30}:"
)
# A question that asks for a duration, an amount or a date is answered first by a sentence that gives one: « Combien
# de temps pour notifier une violation à la CNIL ? » opens on the 72 hours, not on a fine that shares its words.
ANSWER_KIND_BONUS = 1.0  # fitted with the weights above (0.5 before)
_ASKS = {
    "duration": re.compile(
        r"combien de temps|\b(?:quel(?:le)?s? )?(?:delais?|duree)\b|\bdure(?:nt)? combien|tous les combien|how long"
        r"|\bdeadlines?\b|how often|how soon|within how"
        # as typed in a chat: « ça prend cb de temps », « c'est long ? », « combien de mois »
        r"|\b(?:combien|cb|cmb) de (?:temps|jours|semaines|mois|ans|annees)\b|\bc(?:'est|est)? long\b"
        r"|\bprend (?:du temps|combien|cb)\b|how many (?:days|weeks|months|years)"
    ),
    "amount": re.compile(
        r"combien (?:ca |cela )?(?:coute|coutent|rembourse|paie|paye|touche|finance|rapporte|verse)|\bmontants?\b"
        r"|\bprix\b|\btarifs?\b|\bcouts?\b|\bamendes?\b|\bplafonds?\b|how much|\bcosts?\b|\bamounts?\b|\bfines?\b"
        # « c combien le forfait ? », « cb pour une BFT ? », « ça coûte un bras ? »
        r"|\bc(?:'est|est)? (?:combien|cb)\b|\b(?:combien|cb|cmb) (?:le|la|les|pour)\b|\bcoute\b"
        # « il touche combien ? », « ça rapporte combien », « combien ? », « combien de thunes » (not « combien de
        # temps », a duration, nor « combien de salariés », a count); tune half: key facts 0.6468 -> 0.6481 (« combien ? »
        # after telemonitoring now opens on the forfaits' amounts; no question lost a fact)
        r"|\b(?:combien|cmb)\b(?! *(?:de\b|d'|d |des\b))|\b(?:combien|cb|cmb) d(?:e |')(?:thunes|sous|fric|argent|euros)\b"
        r"|\bbudgets?\b"
        # a threshold (« whats the threshold below which…? », « sous quel seuil ? »)
        r"|\bseuils?\b|\bthresholds?\b"
    ),
    "date": re.compile(r"\b(?:quand|qd|kan)\b|\bquelle date\b|\bwhen\b|\bwhat date\b|\bsince when\b|\buntil when\b"),
    # a point in time, not a delay: « La PECAN est en vigueur depuis quand ? » opened on « tranchée en trois mois »
    "moment": re.compile(
        r"\b(?:depuis|jusqu'?(?:a|au)|a partir de|des) (?:quand|qd)\b|\b(?:since|until|from) when\b"
        r"|\b(?:quelle|what) date\b"
    ),
}
# A question on whether a call is open, closed or comes back (« l'appel i-Nov est-il ouvert ? », « on peut encore
# déposer ? », « is the EIC Accelerator open? », « next round »).
_ASKS_STATUS = re.compile(
    r"\bouvert|\bouverture|\bclos\b|\bclotur|\bferm|date limite|\bdeadline|\bopen\b|\bclos(?:ed|ing|es)\b"
    r"|\bprochain(?:e|es|s)?\b|\bencore\b|\bnext\b|\bstill\b|\ben cours\b|\bstatus\b|\bstatut\b|\bcalendrier\b"
    r"|\bvagues?\b|\bsessions?\b|\beditions?\b|\brounds?\b|\bwaves?\b|\bdeposer\b|\bcandidater\b|\bpostuler\b|\bapply\b"
)
_DATE = re.compile(
    r"\b(?:1er|\d{1,2})\s+(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)"
    # a year, not a text's number: « (UE) 2017/745 », « délibération n° 2018-155 »
    r"(?:\s+\d{4})?\b|(?<![\d/.-])(?:19|20)\d{2}(?![\d/]|-\d)"
)
_GIVES = {
    "duration": re.compile(
        rf"\b(?:\d+|un|une|{SPELLED_NUMBERS})\s+(?:jours?|heures?|mois|ans?|annees?|semaines?|days?|hours?|months?|years?|weeks?)\b"
    ),
    # « € » is folded away: `gives` spells it « eur » first (« 38,30 € », « 5 M€ », « 600 k€ »)
    "amount": re.compile(r"\d[\d\s.,]*\s?(?:[km]?eur\b|euros?\b|millions?\b|milliards?\b)|\d\s?%"),
    "date": _DATE,
    "moment": _DATE,
}


def asked_kinds(question: str) -> list[str]:
    """The kinds of fact a question asks for (a duration, an amount, a date), from its wording."""
    folded = fold(question)
    return [kind for kind, pattern in _ASKS.items() if pattern.search(folded)]


def gives(sentence: str, kinds: Collection[str]) -> bool:
    """Whether the sentence gives one of the kinds of fact asked for. « Quand ? » is answered by a date or by a delay
    (« dans les 72 heures », « au plus tard six mois après la fin »), « depuis quand ? » by a date only."""
    folded = fold(sentence.replace("€", "eur"))
    wanted = {*kinds, "duration"} if "date" in kinds and "moment" not in kinds else set(kinds)
    return any(_GIVES[kind].search(folded) for kind in wanted)


# A question that asks for a duration or an amount also reads the passages ranked just after the first ones when they
# give one: « et le montant ? » after two questions on telemonitoring is searched mostly with the earlier subject,
# whose first passages say since when it is paid for, not how much. On the tune half (840 questions): key facts
# 0.6429 -> 0.6468 (3 questions gained a fact, none lost one; the same with 5 passages; with dates too, or reading
# them whatever they give, 4 gained and 2 lost: a year is in most sentences).
FOLLOWING_PASSAGES = 3
_KINDS_READ_FURTHER = ("duration", "amount")


def giving_passages(question: str, following: Sequence[ScoredChunk], read: Sequence[ScoredChunk]) -> list[ScoredChunk]:
    """Those of the `following` passages, not already `read`, that give the duration or amount `question` asks for,
    marked as read after the first passages (`sibling`); none for a question that asks for neither."""
    kinds = [kind for kind in asked_kinds(question) if kind in _KINDS_READ_FURTHER]
    if not kinds:
        return []
    shown = {hit.chunk.chunk_id for hit in read}
    return [
        replace(hit, sibling=True)
        for hit in following
        if hit.chunk.chunk_id not in shown and gives(hit.chunk.text, kinds)
    ]


# A supporting quote must score at least this share of the opening statement's score. Swept on the tune half once
# quotes were taken best first: 0.6 -> key facts 0.591, 0.5 -> 0.615, 0.45 and 0.4 -> 0.620, 0.3 -> 0.621. Both floors
# were lowered 0.4 -> 0.2 when fitted with the weights above: the six-quote cap now does most of the choosing.
MIN_SUPPORTING_SHARE = 0.2
MIN_SUPPORTING_SEMANTIC = 0.2  # ...and be at least this close in meaning (e5, spread over [0, 1] among candidates)

HEADER = {
    "fr": "Réponse extractive (sans génération) : extraits cités tels quels des sources.",
    "en": "Extractive answer (nothing generated): passages quoted verbatim from the sources, in French.",
}
DETAILS = {"fr": "Ce que disent les sources :", "en": "What the sources say:"}

# Sentences that cannot stand alone: list items, lower-case or connector starts, meta-sentences about the sheet.
_STARTS_LOWER = re.compile(r"^[a-zà-ÿ]")
# « Voir les fiches du domaine… » points elsewhere and states nothing: never an answer. Nor does a funding sheet's
# « La source officielle du dispositif … est la page ci-dessous », whose link the source card already gives.
_META = re.compile(
    r"^(?:(cette fiche|ce document|cette page|la présente fiche|fiche de test|this sheet|this page|voir|see"
    r"|la source officielle du dispositif)\b"
    # an official text's label and place in its code (« Code de la sécurité sociale, article R162-97. », « Emplacement :
    # Section 13 : … »), written by the Légifrance connector above the article: they state nothing (3 tune answers
    # quoted one; key facts 0.6072 -> 0.6081, one question gained a fact)
    r"|emplacement :|code (?:de la|de l'|des|du) [^,.]+, article [^ .]+\.$)",
    re.I,
)
# « Le détail figure dans la fiche PECAN. », « Les montants sont traités dans la fiche sur les forfaits. »: a short
# sentence that sends the reader to another sheet, with no figure of its own.
_POINTER = re.compile(r"\b(?:fiches?|sheets?)\b", re.I)
MAX_POINTER_CHARS = 120
_CONNECTORS = re.compile(r"^(et|mais|ou|donc|or|puis|sinon|and|but|then)\b", re.I)
# A pronoun or a back-reference at the start points to a sentence the reader has not been shown (the same starts the
# knowledge base forbids in a section's opening sentence).
_PRONOUNS = re.compile(
    r"^(c['’]est|il|elle|ils|elles|on|ce|cet|cette|ces|cela|ça|celui|celle|ceux|ainsi|aussi|alors|enfin|toutefois|cependant"
    r"|pourtant|en revanche|en outre|de plus|par ailleurs|dans ce cas|pour cela|en effet|à l['’]inverse|au contraire"
    r"|inversement|de même|néanmoins|pour autant|par contre|de ce fait|par conséquent|dans ce cadre|à ce titre"
    r"|it|they|this|these)\b",
    re.I,
)
# « Adresse : https://… » gives a link, which the source card already carries, and states nothing.
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_INNER_LIST = re.compile(r"\n\s*([-*•–—]|\d+[.)]\s)")
# ...and a lead-in with its items run into one line by the chunker (« Exemples : - un rançongiciel … ; - une fuite … »):
# quotable in support, never the opening statement, which must read as one sentence. With the preposition rule of
# `retrieve/parts.py`, tune half: key facts unchanged (0.6562), in the opening statement 0.3218 -> 0.3225 (6 questions
# gained one there, 5 lost one: their fact sat in the list, as « When must the clinical investigation report be
# submitted? »).
_INLINE_LIST = re.compile(r"[:;]\s[-*•–—]\s")
_LIST_MARKER = re.compile(r"^([-*•–—]|\d+[.)]\s)")
# « 1 cite comme exemple… » is the tail of a cut sentence; « 72 heures suffisent… » is not.
_NUMBER_FRAGMENT = re.compile(
    r"^\d{1,3}\s+(?!(?:jours?|heures?|mois|ans?|années?|semaines?|%|€|euros?|millions?|milliards?|k€|m€)\b)[a-zà-ÿ]"
)

# Semantic similarity of the question to each sentence: scores in [0, 1], one batched call.
SentenceScorer = Callable[[str, list[str]], list[float]]


@dataclass
class Candidate:
    hit_rank: int  # rank of the passage it comes from (0 = best)
    position: int  # position of the sentence in its passage
    text: str
    rule: bool  # the opening sentence of a knowledge-base section (answer-first format)
    intro: bool  # from a sheet's introduction, before its first section
    lexical: float = 0.0
    semantic: float = 0.0  # closeness in meaning to the question, read alone and under its sheet's title
    alone: float = 0.0  # ...read alone: what the opening statement is chosen by (see `SHEET_MEANING`)
    # the sentence before and the space after it, quoted with this one when it opens on a pronoun (« Il passe en classe
    # IIb… »)
    lead: str = ""
    opens: bool = False  # part of the opening statement (one sentence, or one per part of a two-part question)
    gives_asked: bool = False  # gives the kind of fact the question asks for (a duration, an amount, a date)
    penalty_rank: int | None = None  # the rank its passage is penalised as (None: `hit_rank`); set for siblings
    heading: str = ""  # the title of its section (empty in a sheet's introduction)
    sheet: str = ""  # the title of its sheet (the heading its sections sit under)
    heading_shares: bool = False  # that title shares a word with the question
    advice: bool = False  # the sheet's advice rather than its rule (« Conseil : … »)
    exception: bool = False  # opens on an exception to a rule (« Exception : … »): opens no answer
    record: bool = False  # from a funding record rendered from data, not from a sheet
    item: Item | None = None  # a list item, quoted with its lead-in (then `text` is that quote)

    @property
    def quote(self) -> str:
        return f"{self.lead.rstrip()} {self.text}" if self.lead else self.text

    @property
    def evidence(self) -> str:
        """What the citation quotes: the words as they stand in the source (a list item's own words; a lead and its
        sentence with the paragraph break between them)."""
        return self.item.text if self.item else self.lead + self.text

    def in_source(self, text: str) -> bool:
        if self.item:
            return all(piece in text for piece in self.item.verbatim)
        return self.evidence in text

    @property
    def opening_score(self) -> float:
        """The score with the sentence's meaning read alone, an exception to a rule counting less (it opens no
        answer, see `EXCEPTION_PENALTY`), and without what ranks supporting quotes only (see `HEADING_BONUS`)."""
        penalty = EXCEPTION_PENALTY if self.exception else 0.0
        return self._common_score - WEIGHT_SEMANTIC * (self.semantic - self.alone) - penalty

    @property
    def score(self) -> float:
        """What supporting quotes are ranked by: the common score, the section's title and the place in the passage."""
        supporting = (HEADING_BONUS if self.heading_shares else 0.0) - POSITION_PENALTY * self.position
        return self._common_score + supporting

    @property
    def _common_score(self) -> float:
        """What ranks both the opening statement and the supporting quotes."""
        bonus = RULE_BONUS if self.rule else 0.0
        if self.gives_asked:
            bonus += ANSWER_KIND_BONUS
        if self.intro:
            bonus -= INTRO_PENALTY or 0.0
        if self.advice:
            bonus -= ADVICE_PENALTY
        if self.record:
            bonus -= RECORD_PENALTY
        return (
            WEIGHT_SEMANTIC * self.semantic
            + WEIGHT_LEXICAL * self.lexical
            + bonus
            - PASSAGE_PENALTY * (self.hit_rank if self.penalty_rank is None else self.penalty_rank)
        )


def quotable(sentence: str, strict: bool = True) -> bool:
    """A sentence a founder can read on its own: complete, not a list item, not about the sheet itself.

    `strict` also refuses a sentence opening on a pronoun or a back-reference (« Il peut… », « Ces critères… »); it is
    relaxed only when a passage offers nothing else, so that an answerable question is not turned into a refusal."""
    s = sentence.strip()
    if not MIN_QUOTE_CHARS <= len(s) <= MAX_QUOTE_CHARS or len(_URL.sub("", s).strip(" .:;")) < MIN_QUOTE_CHARS:
        return False
    if any(p.match(s) for p in (_LIST_MARKER, _NUMBER_FRAGMENT, _STARTS_LOWER, _CONNECTORS, _META)):
        return False
    if strict and _PRONOUNS.match(s):
        return False
    if len(s) <= MAX_POINTER_CHARS and _POINTER.search(s) and not any(c.isdigit() for c in s):
        return False
    if _INNER_LIST.search(s):  # a lead-in and its list items, split as one sentence: not readable as a quote
        return False
    return s[-1] in ".!?»)…"


def _lead(previous: str, sentence: str, text: str) -> str:
    """`previous` with the space that follows it in `text`, when `sentence` comes right after it, in the same
    paragraph or at the start of the next (« Cette obligation pèse sur le professionnel… » opens a paragraph on the
    duty the one before states); empty otherwise. Across paragraphs, on the tune half (2128 questions): key facts
    0.6620 -> 0.6636 (3 questions gained a fact, none lost one). Such a pair supports an answer but does not open it:
    « Que prévoit l'article 10 §16 du MDR ? » opened on a national insurance duty whose next paragraph « complète
    l'article 10 §16 du MDR »."""
    found = re.search(re.escape(previous) + r"\s+(?=" + re.escape(sentence) + ")", text)
    return found.group(0) if found else ""


def _item_quotable(item: Item, strict: bool) -> bool:
    """A list item is quoted with its lead-in, which must itself read as the start of a sentence; an item with no
    lead-in must read as a sentence of its own (« RIPH 3, recherches non interventionnelles : … »)."""
    if len(item.text) < MIN_ITEM_CHARS or len(item.quote) > MAX_QUOTE_CHARS or _URL.search(item.text):
        return False
    starts = (_LIST_MARKER, _STARTS_LOWER, _CONNECTORS, _META, *((_PRONOUNS,) if strict else ()))
    if item.lead_in:
        return not any(p.match(item.lead_in) for p in starts) and not _URL.search(item.lead_in)
    return len(item.text) >= MIN_QUOTE_CHARS and not any(p.match(item.text) for p in starts)


def _candidates(hits: Sequence[ScoredChunk], exclude: Collection[str], strict: bool = True) -> list[Candidate]:
    found: list[Candidate] = []
    ranked = next((rank for rank, hit in enumerate(hits) if hit.sibling), len(hits))  # passages before the siblings
    for rank, hit in enumerate(hits):
        intro = SECTION_SEPARATOR not in hit.chunk.section
        record = from_funding_record(hit.chunk)
        sentences = [s.strip() for s in split_sentences(hit.chunk.text)]
        items = list_items(sentences)

        # what the passage's candidates share; each sentence or list item fills in the rest
        shared = Candidate(
            rank,
            0,
            "",
            rule=False,
            intro=intro,
            penalty_rank=ranked if hit.sibling else None,
            heading=section_title(hit.chunk.section),
            sheet=hit.chunk.sheet,
            record=record,
        )

        for position, sentence in enumerate(sentences):
            lead = ""
            previous = sentences[position - 1] if position else ""
            if strict and previous not in exclude and _PRONOUNS.match(sentence) and quotable(previous):
                # « Il passe en classe IIb si… » reads well after the sentence that names its subject
                lead = _lead(previous, sentence, hit.chunk.text)
            if quotable(sentence, strict=strict and not lead):  # a pronoun start is fine after its lead
                rule = position == 0 and not intro
                new = [
                    replace(
                        shared,
                        position=position,
                        text=sentence,
                        rule=rule,
                        lead=lead,
                        advice=bool(_ADVICE.match(sentence)),
                        exception=bool(_EXCEPTION.match(sentence)),
                    )
                ]
            else:
                new = [
                    replace(
                        shared,
                        position=position,
                        text=item.quote,
                        item=item,
                        advice=bool(_ADVICE.match(item.lead_in)),
                        exception=bool(_EXCEPTION.match(item.quote)),
                    )
                    for item in items.get(position, ())
                    if _item_quotable(item, strict)
                ]
            found += [c for c in new if c.in_source(hit.chunk.text) and not _quoted(c, sentence, exclude)]
    return found if found or not strict else _candidates(hits, exclude, strict=False)


def _quoted(candidate: Candidate, sentence: str, exclude: Collection[str]) -> bool:
    """Whether the candidate was quoted earlier in the conversation (a list item maybe with others of its list)."""
    if candidate.item:
        return any(candidate.item.text in quote for quote in exclude)
    return candidate.quote in exclude or sentence in exclude


def _lexical(question: str, candidates: list[Candidate], idf: Callable[[list[str]], list[float]] | None) -> None:
    terms = sorted(set(tokenize([widen(question)])[0]))
    if not terms:
        return
    weights = dict(zip(terms, idf(terms))) if idf else dict.fromkeys(terms, 1.0)
    texts, sheets = tokenize([c.text for c in candidates]), tokenize([c.sheet for c in candidates])
    for candidate, tokens, sheet in zip(candidates, texts, sheets):
        own = term_coverage(weights, set(tokens))
        candidate.lexical = (1 - SHEET_WORDS) * own + SHEET_WORDS * term_coverage(weights, {*tokens, *sheet})
    headings = {c.heading for c in candidates}
    shares = {h: not weights.keys().isdisjoint(t) for h, t in zip(headings, tokenize(list(headings)))}
    for candidate in candidates:
        candidate.heading_shares = shares[candidate.heading]


def _on_subject(candidate: Candidate) -> bool:
    """A supporting quote must share a word with the question, or give the duration, amount or date asked for under
    a section title that does. « Is there a cap on fines in the CNIL's simplified sanction procedure? » is answered by
    « Les mesures possibles sont limitées : … amende d'au plus 20 000 €. », which names neither, in the section « la
    procédure de sanction simplifiée ». On the tune half: key facts 0.6339 -> 0.6377 (3 questions gained a fact, none
    lost one)."""
    return candidate.lexical > 0 or (candidate.gives_asked and candidate.heading_shares)


# A sentence is read with the title of its sheet: a sheet's sentences name its subject once, then go on with its
# details. « Pour une étude rétrospective sur dossiers de patients épileptiques, quelle méthodologie de référence CNIL
# utiliser (MR-004 ?) ? » opened on the general formality (« …déclaration de conformité à une méthodologie de
# référence… »); read under its sheet's title, « La MR-004 (…) couvre les recherches n'impliquant pas la personne
# humaine… » opens. The words the question shares with the sentence alone count for the rest, those it shares with
# the sentence and its sheet's title together for this share. On the tune half (2128 questions): key facts 0.6654 ->
# 0.6677 (0.15), 0.6689 (0.3), 0.6700 (0.5), 0.6723 (0.7: 43 questions gained a fact, 28 lost one), 0.6665 (1.0, the
# title's words as the sentence's own); in the opening statement 0.3237 -> 0.3337 at 0.7; median answer 327 -> 331
# words. 0.7 was also the best on each half of the tune questions.
SHEET_WORDS = 0.7


# A question that sets the scene before a colon (« Notre logiciel d'IA est un DM classe IIb : quelles obligations
# l'AI Act ajoute-t-il au MDR ? », « Article 61 du MDR : peut-on s'appuyer sur l'équivalence ? ») asks what follows
# it: the words of that last clause count once more, at this weight. On the tune half (1309 questions): key facts
# 0.6283 -> 0.6299 (2 questions gained a fact, none lost one; 0.6 gave the same total, with a two-domain loss); 14
# openers changed, 9 of them closer to what was asked (« Article 87 §4 : quel délai ? » now opens on the 2, 10 and 15
# days).
ASKED_CLAUSE_WEIGHT = 0.3

# A sentence's meaning is also read under its sheet's title (`read_in_sheet`), at this share: « L'exonération porte sur
# les cotisations patronales… » says what a JEI gives only under its sheet's title. Supporting quotes
# are chosen by that reading; the opening statement by the sentence alone, which keeps the one that answers in its
# own words (read in its sheet, every sentence of the right sheet comes close). On the tune half (2128 questions), the
# reading for both: key facts 0.6728 -> 0.6794 (0.5), 0.6768 (0.7), in the opening statement 0.3356 -> 0.3291 and
# 0.3243; for the supporting quotes only, 0.6732 (0.4), 0.6794 (0.5), 0.6809 (0.6), the opening statement unchanged.
# Under the sheet's and the section's titles: 0.6752 (0.3), 0.6770 (0.5), 0.6718 (1.0); the section's alone: 0.6700.
# 0.5 under the sheet's gained on each half of the tune questions (0.6527 -> 0.6573, 0.6934 -> 0.7020); 0.6 did better
# on one half only (0.6565, 0.7059).
SHEET_MEANING = 0.5


def _scored(
    question: str,
    candidates: list[Candidate],
    scorer: SentenceScorer | None,
    idf: Callable[[list[str]], list[float]] | None,
) -> list[Candidate]:
    """Copies of the candidates scored against `question`: its words (those of its asked clause once more), and its
    meaning spread over [0, 1]."""
    scored = [replace(c) for c in candidates]
    _lexical(question, scored, idf)
    if clause := asked_clause(question):
        asked = [replace(c) for c in scored]
        _lexical(clause, asked, idf)
        for candidate, in_clause in zip(scored, asked):
            candidate.lexical += ASKED_CLAUSE_WEIGHT * in_clause.lexical
    if scorer is not None:
        both = scorer(question, [c.text for c in scored] + [read_in_sheet(c.sheet, c.text) for c in scored])
        alone, in_sheet = both[: len(scored)], both[len(scored) :]
        mixed = [(1 - SHEET_MEANING) * a + SHEET_MEANING * b for a, b in zip(alone, in_sheet)]
        for candidate, a, m in zip(scored, _spread(alone), _spread(mixed)):
            candidate.alone, candidate.semantic = a, m
    return scored


def _spread(similarities: Sequence[float]) -> list[float]:
    """e5 cosines live in a narrow band: spread them over [0, 1] among the candidates."""
    low, high = min(similarities), max(similarities)
    return [(s - low) / (high - low) if high > low else 1.0 for s in similarities]


def _by_score(candidate: Candidate, opening: bool = False) -> tuple[float, int, int]:
    """Best score first (`opening`: the sentence's meaning read alone); ties go to the better passage, then to the
    earlier sentence."""
    return -(candidate.opening_score if opening else candidate.score), candidate.hit_rank, candidate.position


def _best(
    candidates: list[Candidate], giving: Collection[int], leading: Collection[int], any_passage: bool = False
) -> int:
    """Position of the best sentence, taken from the best passages, from the lower ranked passages of their sheets
    (`leading`), or from the sentences of some sheets (their passages' ranks: `giving`) that give the asked duration,
    amount or date (see `STATEMENT_PASSAGES`): a lower passage's sentence that happens to share the question's words
    must not open an answer about another subject. With `any_passage` (a question not split in two parts), a sentence
    of any ranked passage opens when it fits clearly better (`OPENING_MARGIN`)."""
    order = sorted(range(len(candidates)), key=lambda i: _by_score(candidates[i], opening=True))

    def reads_alone(c: Candidate) -> bool:  # one sentence (or one after its lead in the same paragraph)
        return not (c.item or "\n" in c.lead or _INLINE_LIST.search(c.text))

    def may_open(c: Candidate) -> bool:
        return reads_alone(c) and (
            c.hit_rank < STATEMENT_PASSAGES or c.hit_rank in leading or (c.hit_rank in giving and c.gives_asked)
        )

    first = next((i for i in order if may_open(candidates[i])), order[0])
    if any_passage and OPENING_MARGIN is not None:
        ranked = next((i for i in order if reads_alone(candidates[i]) and candidates[i].penalty_rank is None), first)
        if candidates[ranked].opening_score > candidates[first].opening_score + OPENING_MARGIN:
            return ranked
    return first


def _with_sequel(opener: Candidate, worth_quoting: list[Candidate]) -> Candidate:
    """The opener with the sentence that follows it, when that one goes on with a pronoun and is itself worth quoting.

    « Avant tout cahier des charges, les équipes article 51 demandent une lettre d'intention… » answers « comment
    dépose-t-on une lettre d'intention ? » only with its sequel « Elle s'envoie à l'ARS de la région… », which cannot
    be quoted without it."""
    return next(
        (
            c
            for c in worth_quoting
            if c.hit_rank == opener.hit_rank and c.position == opener.position + 1 and c.lead.rstrip() == opener.quote
        ),
        opener,
    )


def _line(candidate: Candidate) -> tuple[int, str] | int:
    """The line a quote takes in the answer: the items of one list share theirs (see `_merged`)."""
    if candidate.item and candidate.item.lead_in:
        return candidate.hit_rank, candidate.item.lead_in
    return id(candidate)


def _without(candidates: list[Candidate], phrase: str) -> list[Candidate]:
    """The candidates that do not carry `phrase` (a funding record's stock sentence), or all of them when every one
    does: an answerable question is not turned into a refusal."""
    return [c for c in candidates if phrase not in c.text] or candidates


def choose(
    question: str,
    hits: Sequence[ScoredChunk],
    scorer: SentenceScorer | None = None,
    idf: Callable[[list[str]], list[float]] | None = None,
    exclude: Collection[str] = (),
) -> list[Candidate]:
    """Sentences to quote, the opening statement first, then the supporting ones in reading order of their passages.

    A two-part question (« classe MDR et remboursement ? ») opens on the best sentence for each part: scored on the
    whole question, the second subject's sentence rarely wins a place."""
    found = _candidates(hits, exclude)
    if not found:
        return []
    candidates = _scored(question, found, scorer, idf)
    kinds = asked_kinds(question)
    for candidate in candidates:
        # A sheet's introduction only sums up what its sections state with their reference, except when a scheme
        # began: « La PECAN est en vigueur depuis quand ? » is answered by its introduction alone (« … ouverte aux
        # dépôts depuis le 1er avril 2023 ») and opened on a Belgian scheme's date. Tune half: key facts 0.6723 ->
        # 0.6729 (one question gained a fact, one lost one), in the opening statement 0.3337 -> 0.3353.
        from_intro = candidate.intro and "moment" not in kinds
        candidate.gives_asked = bool(kinds) and not from_intro and gives(candidate.text, kinds)
    # « Le dispositif … n'a pas de montant confirmé … » says what is not known: it answers a question on the amount,
    # not « c'est quoi le forfait innovation ? », which it opened as its record's first section sentence (9 tune
    # questions opened on one). On the tune half: key facts 0.6077 -> 0.6081 (2 questions gained a fact, 1 lost one).
    if "amount" not in kinds:
        candidates = _without(candidates, UNCONFIRMED_AMOUNT)
    # « Au 29 novembre 2026, date de vérification de la fiche, le dispositif « Forfait innovation (prise en charge
    # dérogatoire conditionnée à une étude) » est … » says whether a call is open: it opened « Peut-on demander le
    # forfait innovation sans étude clinique ? » and « Qui décide d'accorder le forfait innovation ? », its scheme's
    # full name sharing their words. It answers a question on a date or on the call's status only.
    if "date" not in kinds and not _ASKS_STATUS.search(fold(question)):
        candidates = _without(candidates, CALENDAR_STATUS)
    # A sheet's introduction is quoted only when no section sentence is available.
    if INTRO_PENALTY is None and any(not c.intro for c in candidates):
        candidates = [c for c in candidates if not c.intro]
    best_sheet = {rank for rank, hit in enumerate(hits) if hit.chunk.doc_id == hits[0].chunk.doc_id}
    first_sheets = {hit.chunk.doc_id for hit in hits[:STATEMENT_PASSAGES]}
    leading = {rank for rank, hit in enumerate(hits) if not hit.sibling and hit.chunk.doc_id in first_sheets}
    parts = split_parts(question)
    # the opener for the whole question may give the duration, amount or date asked from any of the first passages'
    # sheets, and come from any ranked passage unless the question has two parts; a part's opener keeps to the best
    # sheet's and the first passages (see `OPENING_MARGIN`)
    of_first_sheets = {rank for rank, hit in enumerate(hits) if hit.chunk.doc_id in first_sheets}
    openers = [_best(candidates, of_first_sheets, leading, any_passage=len(parts) != 2)]
    if len(parts) == 2:
        for part in parts:
            best = _best(_scored(part, candidates, scorer, idf), best_sheet, leading)
            if best not in openers:
                openers.append(best)
    statement = candidates[openers[0]]
    floor = MIN_SUPPORTING_SHARE * statement.score
    # Words in common are not enough for a supporting quote: it must also be among the closer ones in meaning.
    closeness = MIN_SUPPORTING_SEMANTIC if scorer is not None else 0.0
    worth_quoting = [c for c in candidates if _on_subject(c) and c.score >= floor and c.semantic >= closeness]
    opening = [_with_sequel(candidates[i], worth_quoting) for i in openers]
    for c in opening:
        c.opens = True
    eligible = [c for c in sorted(worth_quoting, key=_by_score) if c not in opening]
    supporting: list[Candidate] = []
    for c in eligible:  # best first; a sentence already shown as another quote's lead is not quoted again
        shown = [o for o in [*opening, *supporting] if o.hit_rank == c.hit_rank]
        same_list = [o for o in supporting if _line(o) == _line(c)]
        if same_list:  # joins the line of its list's items already chosen
            if len(same_list) < MAX_ITEMS_PER_LIST:
                supporting.append(c)
        elif (
            len({_line(o) for o in supporting}) < MAX_SUPPORTING
            and len({_line(o) for o in shown}) < MAX_QUOTES_PER_PASSAGE
            and not any(c.quote in o.quote or o.quote in c.quote for o in shown)
            and not _repeats(c, [*opening, *supporting])
        ):
            supporting.append(c)
    supporting.sort(key=lambda c: (c.hit_rank, c.position, c.item.number if c.item else 0))
    return [*opening, *supporting]


def _repeats(candidate: Candidate, chosen: list[Candidate]) -> bool:
    """Whether every word of the candidate is already in the quotes chosen before it: « Pour les données de santé, le
    consentement doit en plus être explicite (article 9 §2 a). » after « Le consentement explicite (article 9 §2 a)
    est l'exception la plus utilisée… » and « …pour les données de santé, il faut en plus une exception de l'article
    9. » says nothing new, and its line goes to the next sentence. On the tune half (2128 questions): key facts 0.6634
    -> 0.6654 (4 questions gained a fact, none lost one), same median length; skipping a quote with 90 % of its words
    already said gained 7 and lost 4 (a paraphrase may carry the fact's own wording), 80 % gained 12 and lost 11."""
    texts = [candidate.text, *(c.text for c in chosen)]
    # stems, and numbers, which the tokenizer drops (« 72 heures » is not « 24 heures »)
    mine, *theirs = [{*tokens, *_NUMBER.findall(fold(text))} for text, tokens in zip(texts, tokenize(texts))]
    return bool(mine) and set().union(*theirs).issuperset(mine)


_NUMBER = re.compile(r"\d+")


def _merged(supporting: list[Candidate]) -> list[tuple[Candidate, str]]:
    """The supporting quotes in reading order, with their text; the items of one list chosen together are quoted as
    one, their lead-in once."""
    groups: list[list[Candidate]] = []
    for c in supporting:
        last = groups[-1][-1] if groups else None
        if last and _line(c) == _line(last):
            groups[-1].append(c)
        else:
            groups.append([c])
    return [(g[0], quote_items([c.item for c in g if c.item]) if len(g) > 1 else g[0].quote) for g in groups]


def extractive_answer(
    question: str,
    hits: Sequence[ScoredChunk],
    language: str,
    scorer: SentenceScorer | None = None,
    idf: Callable[[list[str]], list[float]] | None = None,
    exclude: Collection[str] = (),
    next_step: bool = False,
) -> tuple[str, list[Citation]]:
    """The labelled extractive answer and its citations; no citation when nothing can be quoted.

    `next_step`: the founder asked what comes after the quotes already given (« Ok, et ensuite ? »), which another
    sheet may answer."""
    # Quotes given earlier in the conversation are not repeated, unless nothing else can be quoted.
    chosen = choose(question, hits, scorer, idf, exclude)
    if exclude:
        full = choose(question, hits, scorer, idf)
        # …nor when the fresh opening would leave the subject's sheet: better repeat the rule than change subject,
        # unless what comes next was asked for.
        leaves = full and chosen and hits[chosen[0].hit_rank].chunk.doc_id != hits[full[0].hit_rank].chunk.doc_id
        if not chosen or (leaves and not next_step):
            chosen = full
    if not chosen:
        return "", []
    citations: list[Citation] = []
    number: dict[int, int] = {}  # passage rank -> citation number

    def marker(candidate: Candidate, quote: str) -> str:
        if candidate.hit_rank not in number:
            number[candidate.hit_rank] = len(citations) + 1
            citations.append(
                make_citation(number[candidate.hit_rank], hits[candidate.hit_rank].chunk, candidate.evidence, language)
            )
        return f"[{number[candidate.hit_rank]}]"

    opening, supporting = [c for c in chosen if c.opens], [c for c in chosen if not c.opens]
    lines = [HEADER.get(language, HEADER["fr"]), ""]
    lines += [f"« {c.quote} » {marker(c, c.quote)}" for c in opening]
    if supporting:
        lines += ["", DETAILS.get(language, DETAILS["fr"])]
        for candidate, quote in _merged(supporting):
            lines.append(f"« {quote} » {marker(candidate, quote)}")
    return "\n".join(lines).strip(), citations


def quoted_in(answers: Sequence[str]) -> set[str]:
    """Sentences already quoted in earlier answers of the conversation (not to be repeated)."""
    quoted: set[str] = set()
    for text in answers:
        quoted.update(re.findall(r"« (.+?) » \[\d+\]", text))
    return quoted
