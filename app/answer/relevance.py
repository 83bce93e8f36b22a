"""Decide whether retrieved passages can answer at all, from calibrated retrieval signals.

Two signals: the best dense (cosine) similarity, and the share of the question's content words (stems) found in
the best passages, each word weighted by its rarity in the corpus (IDF), so that common words ("prendre",
"système") count little and a word the corpus never uses ("antibiotique") counts most. An off-topic question
still gets nearest neighbours, only weaker ones, and its telling words are missing from them. A strong semantic match alone is enough (English questions on a
French corpus share few stems). The thresholds are settings measured on in-scope and must-refuse questions
(`eval/calibrate.py` prints the distributions): no keyword lists.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from app.index.bm25 import term_coverage
from app.retrieve.everyday import equivalents, found, in_sheet_phrases
from app.retrieve.index_reader import LoadedIndex, get_index
from app.retrieve.search import ScoredChunk, search_chunks
from app.settings import Settings
from app.text import english_function_words, own_words, telling_words, tokenize

PASSAGES_FOR_COVERAGE = 3
FULL_COVERAGE = 0.999  # every content word of the question found (a float sum of IDF shares)
# A word in more than this share of the chunks tells no topic (« patients », « doit », « dispositif »): not counted
# among the question's words of the field (as `max_df` does in text classification).
MAX_FIELD_WORD_SHARE = 0.1
# A follow-up is searched with its anchor's subject, which fills the first places: its own words (« prévenir les
# patients » after a question on notifying the CNIL) are looked for a little further down.
FOLLOW_UP_PASSAGES = 5
# A question typed as keywords (« cnedimts delai ») is two content words or fewer: e5 places such a short text further
# from any passage, so its semantic floor is lower when its words are all found and one of them is the field's.
MAX_KEYWORD_TERMS = 2

PLACES = Path(__file__).with_name("places.yaml")
CIRCUMSTANCES = Path(__file__).with_name("circumstances.yaml")


def _grouped_words(path: Path) -> frozenset[str]:
    groups: dict[str, list[str]] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return frozenset(word for words in groups.values() for word in words)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Place names, which a follow-up may add to the conversation's subject without changing it (see the file)."""
    return _grouped_words(PLACES)


@lru_cache(maxsize=1)
def circumstance_words() -> frozenset[str]:
    """Words of cost, time, size, order, judgement and wording, which a follow-up asks its circumstance with, not
    another subject (see the file)."""
    return _grouped_words(CIRCUMSTANCES)


# A number with its unit stuck to it: hours, days, thousands, millions (« les 72h courent pendant le week-end ? »,
# « et pour 30k ? »)
_QUANTITY = re.compile(r"\d+(?:[.,]\d+)?(?:h|j|k|m|ke|keur|meur)")


def asks_a_circumstance(word: str) -> bool:
    """A folded word of cost, time, size, order, judgement or wording (circumstances.yaml), or a number (« on est 3 »,
    « 72h »): it asks about a subject, it does not name one."""
    return word in circumstance_words() or word.isdigit() or bool(_QUANTITY.fullmatch(word))


@dataclass
class RelevanceSignals:
    dense: float
    coverage: float
    language: str = "fr"
    field_words: int = 0  # the question's words of the field (in enough chunks of the corpus) found in the passages
    terms: int = 0  # the question's content words (stems)
    elsewhere: float = 0.0  # the learned probability that it asks about another field (`scope_model.elsewhere`)

    def _cross_lingual_floor(self, settings: Settings) -> float:
        """The share of its words a question in another language must reach the passages with: less as its meaning
        gets closer to them, never under the fixed floor."""
        closer = self.dense - settings.min_dense_similarity_cross_lingual
        sloped = settings.min_term_coverage_cross_lingual_at_floor - settings.cross_lingual_floor_slope * closer
        return max(settings.min_term_coverage_cross_lingual_floor, sloped)

    def answerable(self, settings: Settings, follow_up: bool = False) -> bool:
        """`follow_up`: the question borrows its subject from the conversation, so its own words may miss the passages
        (« is that accepted in the EU? »); `follow_up_in_scope` judges them."""
        if self.language != "fr":
            # Word overlap means little across languages (the corpus is French): the semantic match decides, unless
            # most of the question's words reach the sheets' French words through the lexicon (« telemonitoring »,
            # « reimbursed »): then a slightly weaker match is enough, as words and meaning agree. But a question
            # none of whose words reaches these passages is about something else, however close e5 places it.
            if not follow_up and self.terms and self.coverage < self._cross_lingual_floor(settings):
                return False
            return self.dense >= settings.min_dense_similarity_cross_lingual or (
                self.dense >= settings.min_dense_similarity_cross_lingual_with_words
                and self.coverage >= settings.min_term_coverage_cross_lingual
            )
        if self.dense >= settings.min_dense_similarity_alone:
            return True  # a close paraphrase needs no shared words
        if self.coverage >= FULL_COVERAGE and self.dense >= settings.min_dense_similarity_full_coverage:
            return True  # every word found: the question is about these passages, however short its wording
        if (
            self.coverage >= FULL_COVERAGE
            and self.terms <= MAX_KEYWORD_TERMS
            and self.field_words
            and self.dense >= settings.min_dense_similarity_keywords
        ):
            return True  # « pecan delai ? », « c koi hds »: two words or fewer, all found, one of them the field's
        if self.dense < settings.min_dense_similarity:
            return False
        # A founder's situation brings words no sheet uses (« radios dentaires », « EHPAD »), which weigh most in the
        # coverage; several of the field's own words found in the passages still show what is asked. Unless its
        # meaning reads as another field's: a start-up's other work shares the field's words (« appli », « données »,
        # « contrat », « startup ») without asking about them (« Notre appli de coaching pour diabétiques est en
        # freemium. On facture le premium 4,99 ou 9,99 par mois ? »); then it takes many more of them.
        needed = (
            settings.min_field_words_found_elsewhere
            if self.elsewhere > settings.max_elsewhere_probability
            else settings.min_field_words_found
        )
        return self.coverage >= settings.min_term_coverage or self.field_words >= needed


def signals(
    question: str,
    hits: list[ScoredChunk],
    index: LoadedIndex,
    language: str = "fr",
    passages: int = PASSAGES_FOR_COVERAGE,
    field_word_chunks: int | None = None,
    elsewhere: float = 0.0,
) -> RelevanceSignals:
    """`field_word_chunks`: how many chunks make a word the field's (settings.min_field_word_chunks); None counts
    no field words. `elsewhere`: see `RelevanceSignals`."""
    if not hits:
        return RelevanceSignals(0.0, 0.0, language)
    dense = max((h.dense_similarity or 0.0 for h in hits), default=0.0)
    # « combien », « did » tell nothing; « prend en charge » is the sheets' « prise en charge »
    terms = sorted(set(tokenize([" ".join(telling_words(in_sheet_phrases(question)))])[0]))
    if not terms:
        return RelevanceSignals(dense, 0.0, language, elsewhere=elsewhere)
    passage_terms: set[str] = set()
    for tokens in tokenize([h.chunk.embed_text() for h in hits[:passages]]):
        passage_terms.update(tokens)
    present = {t for t in terms if found(t, passage_terms)}  # « hacker » is found where the sheets say violation
    field = 0
    if field_word_chunks is not None:
        most = MAX_FIELD_WORD_SHARE * index.bm25.size
        frequency = dict(zip(terms, index.bm25.document_frequency(terms)))
        field = sum(1 for t in present if field_word_chunks <= frequency[t] <= most)
    coverage = term_coverage(dict(zip(terms, index.bm25.idf(terms))), present)
    return RelevanceSignals(dense, coverage, language, field, len(terms), elsewhere)


def is_answerable(
    question: str,
    hits: list[ScoredChunk],
    index: LoadedIndex,
    settings: Settings,
    language: str = "fr",
    follow_up: bool = False,
    elsewhere: float = 0.0,
) -> bool:
    found = signals(
        question, hits, index, language, field_word_chunks=settings.min_field_word_chunks, elsewhere=elsewhere
    )
    return found.answerable(settings, follow_up)


def coverage_alone(text: str, settings: Settings, index: LoadedIndex | None = None) -> float:
    """The coverage of `text` (see `signals`) in the passages a search for it alone returns, whatever the
    conversation and the founder's filters: what the learned scope check weighs against its reading of the meaning."""
    index = index or get_index(settings)
    hits = search_chunks(settings, text, settings.candidates, index=index)[: settings.top_k]
    return signals(text, hits, index).coverage


def field_share(text: str, index: LoadedIndex, min_chunks: int, granted: str = "") -> float:
    """The share of the content words of `text` that are words of the knowledge base: their stem, or one of their
    equivalents in the everyday lexicon (« rater » for « retard »), is in at least `min_chunks` chunks (0 for a text
    of function words only). The words of `granted`, which is part of `text`, count as the field's."""
    terms = sorted(set(tokenize([text])[0]))
    if not terms:
        return 0.0
    given = set(tokenize([granted])[0]) if granted else set()
    table = equivalents()
    stems = [[term, *sorted(table.get(term, ()))] for term in terms if term not in given]
    flat = [stem for group in stems for stem in group]
    frequency = dict(zip(flat, index.bm25.document_frequency(flat)))  # one lookup for every word and equivalent
    found = sum(1 for group in stems if max(frequency[s] for s in group) >= min_chunks)
    return (found + len(terms) - len(stems)) / len(terms)


def speaks_the_field(text: str, index: LoadedIndex, min_chunks: int) -> bool:
    """Every content word of `text` is a word of the knowledge base (see `field_share`)."""
    return field_share(text, index, min_chunks) == 1.0


def follow_up_in_scope(
    follow_up: str,
    hits: list[ScoredChunk],
    index: LoadedIndex,
    settings: Settings,
    language: str,
    similarity,
    of_the_subject: bool = False,
    field_probability: Callable[[], float] = lambda: 0.0,
) -> bool:
    """A follow-up borrows its subject from the conversation, never its answerability.

    In French, the passages found for the rewritten query must also carry the follow-up's *own* words
    (« hébergement » in « et pour l'hébergement ? »), or these words must all be words the knowledge base uses;
    across languages, the follow-up alone must be close in meaning to the passages. « Et la météo à Brest ? » after
    a question on AIPD finds AIPD passages, which say nothing of the weather, in a corpus that never does: refused.
    A follow-up with no word of its own (« et ça ? ») has nothing to check beyond the rewritten query.
    """
    words = [w for w in own_words(follow_up) if w not in place_names()]
    own = " ".join(words)
    if not hits or not tokenize([own])[0]:
        return bool(hits)
    # How much, how long, how many of us, what first (circumstances.yaml, and numbers: « on est 3 », « il y a 5
    # jours ») ask about the conversation's subject, not another: a follow-up of such words alone (« on est tranquilles
    # jusqu'à quand ? ») is judged by its rewritten query; with other words, these need not be in the passages, and
    # count as the field's words.
    asking = " ".join(w for w in words if asks_a_circumstance(w))
    # (spaCy's English stop words too: « which of those is the fastest? » names nothing with « those »)
    empty = english_function_words() if language == "en" else frozenset()
    subject = " ".join(w for w in words if not asks_a_circumstance(w) and w not in empty)
    if not tokenize([subject])[0]:
        return True
    minimum = settings.min_follow_up_coverage
    if any(signals(text, hits, index, language, FOLLOW_UP_PASSAGES).coverage >= minimum for text in {own, subject}):
        return True
    # Words the knowledge base itself uses ask about its field even when these passages lack them (« qui délivre la
    # certification ? », « c'est cumulable ? »); an off-topic follow-up's words (« météo », « crêpes », « Brest ») are
    # not the field's.
    share = field_share(own, index, settings.min_field_word_chunks, granted=asking)
    if share == 1.0:
        return True
    # A follow-up whose subject is a pronoun for the conversation's (`followup.speaks_of_the_subject`) tells a
    # circumstance of it (« et si elle propose des exercices pour la dépression diagnostiquée ? »): half of its words
    # the field's is enough to judge it on its meaning. Not fewer: « Et s'il pleut demain à Brest, on annule le
    # séminaire ? » is as close in meaning (0.82) to hosting passages as a founder's circumstance.
    mostly_the_field = share > 0.5 or (of_the_subject and share >= 0.5)
    if language == "fr" and not mostly_the_field:
        return False  # in French the words decide (e5 cosines are high for any French text)
    best = max(similarity(follow_up, hit.chunk) for hit in hits[:PASSAGES_FOR_COVERAGE])
    # Most of its words in the field and close in meaning to what was found: a founder's own circumstance (« et si
    # l'étude clinique est négative, on perd tout ? ») rather than another subject that shares a common word.
    if mostly_the_field and best >= settings.min_follow_up_similarity_partial:
        return True
    if language == "fr":
        return False
    # Across languages, the meaning: the own words close to the passages, or the message alone read by the learned
    # scope check as a question of the field (« ok and if we're only 3 people? » after a DPO question: 0.993).
    return best >= settings.min_follow_up_similarity or field_probability() >= settings.min_follow_up_field_probability
