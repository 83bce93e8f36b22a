"""The relevance gate (`app.answer.relevance`): answer only when the retrieved passages can answer.

Threshold arithmetic is tested on signals directly, at and just below each threshold; the signals themselves on the
fixture index with real questions (in scope, off-topic, medical) and on hand-made hits.
"""

from __future__ import annotations

import pytest

from app.answer import relevance
from app.answer.relevance import FOLLOW_UP_PASSAGES, RelevanceSignals, follow_up_in_scope, is_answerable, signals
from app.answer.service import ask
from app.retrieve.index_reader import get_index
from app.retrieve.search import ScoredChunk, search_chunks
from app.schemas.chunks import Chunk
from app.settings import Settings
from app.text import tokenize

S = Settings()
EPS = 1e-4


@pytest.mark.parametrize(
    "dense, coverage, language, expected",
    [
        # a strong semantic match alone is enough
        (S.min_dense_similarity_alone, 0.0, "fr", True),
        (S.min_dense_similarity_alone - EPS, 0.0, "fr", False),
        # otherwise a good match and enough of the question's words
        (S.min_dense_similarity, S.min_term_coverage, "fr", True),
        (S.min_dense_similarity - EPS, 0.99, "fr", False),
        # every word found: a slightly weaker match is enough, and no weaker than that
        (S.min_dense_similarity_full_coverage, 1.0, "fr", True),
        (S.min_dense_similarity_full_coverage - EPS, 1.0, "fr", False),
        (S.min_dense_similarity_full_coverage, 0.99, "fr", False),
        (S.min_dense_similarity, S.min_term_coverage - EPS, "fr", False),
        (S.min_dense_similarity_alone - EPS, S.min_term_coverage, "fr", True),
        # across languages the semantic match decides...
        (S.min_dense_similarity_cross_lingual, 0.0, "en", True),
        (S.min_dense_similarity_cross_lingual - EPS, S.min_term_coverage_cross_lingual - EPS, "en", False),
        # ...unless most words reach the sheets' words through the lexicon: a slightly weaker match then suffices
        (S.min_dense_similarity_cross_lingual_with_words, S.min_term_coverage_cross_lingual, "en", True),
        (S.min_dense_similarity_cross_lingual_with_words - EPS, 1.0, "en", False),
        (S.min_dense_similarity - 0.01, 0.99, "fr", False),
        (S.min_dense_similarity - 0.01, 0.0, "en", True),
    ],
)
def test_thresholds_at_and_just_below(dense, coverage, language, expected):
    assert RelevanceSignals(dense, coverage, language).answerable(S) is expected


def test_an_english_question_none_of_whose_words_reaches_the_passages_is_refused_however_close():
    """« Translate "I look forward to our meeting" into Spanish » is 0.83 from the sheets, with none of their words."""
    floor = S.min_term_coverage_cross_lingual_floor
    close = S.min_dense_similarity_cross_lingual + 0.05
    assert 0 < floor < S.min_term_coverage_cross_lingual
    assert not RelevanceSignals(close, floor - EPS, "en", terms=4).answerable(S)
    assert RelevanceSignals(close, floor, "en", terms=4).answerable(S)
    # a follow-up borrows its subject: its own words are judged by follow_up_in_scope (« is that accepted in the EU? »)
    assert RelevanceSignals(close, 0.0, "en", terms=1).answerable(S, follow_up=True)
    assert RelevanceSignals(close, 0.0, "en", terms=0).answerable(S)  # no telling word: nothing to miss
    assert RelevanceSignals(S.min_dense_similarity_alone, 0.0, "fr", terms=4).answerable(S)  # French: its own rules


def test_an_english_question_few_of_whose_words_reach_the_passages_needs_a_closer_match():
    """The cross-lingual floor falls as the match gets closer: at the similarity threshold a question needs
    `min_term_coverage_cross_lingual_at_floor` of its words found, a closer one fewer, never under the fixed floor."""
    at, slope = S.min_term_coverage_cross_lingual_at_floor, S.cross_lingual_floor_slope
    least = S.min_dense_similarity_cross_lingual
    assert S.min_term_coverage_cross_lingual_floor < at < S.min_term_coverage_cross_lingual
    assert RelevanceSignals(least, at, "en", terms=4).answerable(S)
    assert not RelevanceSignals(least, at - EPS, "en", terms=4).answerable(S)
    closer = least + 0.01
    assert RelevanceSignals(closer, at - slope * 0.01 + EPS, "en", terms=4).answerable(S)
    assert not RelevanceSignals(closer, at - slope * 0.01 - EPS, "en", terms=4).answerable(S)
    # far closer: the fixed floor still holds
    assert not RelevanceSignals(least + 0.1, S.min_term_coverage_cross_lingual_floor - EPS, "en", terms=4).answerable(S)
    assert RelevanceSignals(least, at - EPS, "en", terms=4).answerable(S, follow_up=True)  # judged on its own words


@pytest.mark.parametrize(
    "question",
    [
        "We're launching a women's health app — how should we position the brand against Flo and Clue?",
        # (« user interviews » is now a neighbouring field's phrase, refused before the gate: another wording of it)
        "What's the best way to run usability sessions with cardiologists who have zero free time?",
    ],
)
def test_an_english_question_close_in_meaning_but_not_in_words_is_refused(project_settings, question):
    """Each was answered with the sheets' sentences: close enough by meaning alone, with few of its words found."""
    assert ask(project_settings, question).refused
    flat = project_settings.model_copy(
        update={"cross_lingual_floor_slope": 0.0, "min_term_coverage_cross_lingual_at_floor": 0.0}
    )
    assert not ask(flat, question).refused


def test_a_keyword_question_of_the_field_needs_a_weaker_match():
    """« pecan delai ? », « c koi hds »: two content words or fewer, all found, one of them the field's."""
    floor = S.min_dense_similarity_keywords
    assert floor < S.min_dense_similarity_full_coverage
    assert RelevanceSignals(floor, 1.0, "fr", field_words=1, terms=2).answerable(S)
    assert not RelevanceSignals(floor - EPS, 1.0, "fr", field_words=1, terms=2).answerable(S)
    assert not RelevanceSignals(floor, 1.0, "fr", field_words=0, terms=2).answerable(S)  # no word of the field
    assert not RelevanceSignals(floor, 1.0, "fr", field_words=1, terms=3).answerable(S)  # a sentence, not keywords
    assert not RelevanceSignals(floor, 0.99, "fr", field_words=1, terms=2).answerable(S)  # a word not found


def test_thresholds_are_read_from_the_settings():
    signal = RelevanceSignals(0.80, 0.9)
    assert not signal.answerable(S)
    assert signal.answerable(S.model_copy(update={"min_dense_similarity": 0.80}))
    assert signal.answerable(S.model_copy(update={"min_dense_similarity_alone": 0.80}))
    assert not RelevanceSignals(0.80, 0.3).answerable(S.model_copy(update={"min_dense_similarity": 0.80}))
    english = RelevanceSignals(0.80, 0.0, "en")
    assert not english.answerable(S) and english.answerable(
        S.model_copy(update={"min_dense_similarity_cross_lingual": 0.8})
    )


def _gate(settings: Settings, question: str, language: str = "fr") -> tuple[bool, RelevanceSignals]:
    index = get_index(settings)
    hits = search_chunks(settings, question, settings.candidates)
    return is_answerable(question, hits, index, settings, language), signals(question, hits, index, language)


@pytest.mark.parametrize(
    "question",
    [
        "Quelles exceptions permettent de traiter des données de santé ?",
        "Quelle classe MDR pour un logiciel qui surveille des paramètres vitaux ?",
        "Combien de temps durent les expérimentations de l'article 51 ?",
    ],
)
def test_in_scope_questions_pass(built_settings, question):
    answerable, signal = _gate(built_settings, question)
    assert answerable, signal
    assert signal.coverage >= built_settings.min_term_coverage


@pytest.mark.parametrize(
    "question",
    [
        "Quel temps fera-t-il à Brest demain ?",
        "Écris un script Python qui trie une liste",
        "J'ai de la fièvre et mal à la gorge depuis trois jours, quel antibiotique dois-je prendre ?",
        "Quelle est la meilleure recette de crêpes bretonnes ?",
    ],
)
def test_off_topic_and_medical_questions_are_not_answerable(built_settings, question):
    answerable, signal = _gate(built_settings, question)
    assert not answerable, signal
    assert signal.coverage < built_settings.min_term_coverage


def test_the_same_question_flips_when_a_threshold_crosses_its_signal(built_settings):
    """Borderline: an in-scope question sits above the thresholds by a margin; moving one past it refuses."""
    question = "Quelles exceptions permettent de traiter des données de santé ?"
    _, signal = _gate(built_settings, question)
    just_above = built_settings.model_copy(
        update={"min_dense_similarity_alone": 1.0, "min_term_coverage": signal.coverage + EPS}
    )
    assert not is_answerable(
        question, search_chunks(built_settings, question, 40), get_index(built_settings), just_above
    )
    at = built_settings.model_copy(update={"min_dense_similarity_alone": 1.0, "min_term_coverage": signal.coverage})
    assert is_answerable(question, search_chunks(built_settings, question, 40), get_index(built_settings), at)


def _hit(text: str, n: int, dense: float | None = 0.5) -> ScoredChunk:
    chunk = Chunk(
        chunk_id=f"doc:{n}",
        doc_id="doc",
        title="Fiche",
        section="Fiche > Section",
        domain="rgpd",
        kind="fiche",
        language="fr",
        text=text,
        references=[],
        content_hash=str(n),
    )
    return ScoredChunk(chunk, 1.0 / n, dense_similarity=dense)


def test_signals_read_the_best_dense_score_and_the_first_passages_only(built_settings):
    index = get_index(built_settings)
    filler = [_hit("Un texte sans rapport avec la question posée.", n, 0.1) for n in (1, 2, 3)]
    late = _hit("Le consentement explicite autorise le traitement des données.", 4, 0.9)
    question = "consentement explicite"
    top3 = signals(question, [*filler, late], index)
    assert top3.dense == 0.9 and top3.coverage == 0.0  # the 4th passage is not read by default
    top5 = signals(question, [*filler, late], index, passages=FOLLOW_UP_PASSAGES)
    assert top5.coverage == 1.0
    half = signals("consentement hébergeur", [late], index)
    assert 0.0 < half.coverage < 1.0
    assert signals(question, [_hit("texte", 1, None)], index).dense == 0.0


def test_signals_without_hits_or_without_words(built_settings):
    index = get_index(built_settings)
    assert signals("consentement", [], index, "en") == RelevanceSignals(0.0, 0.0, "en")
    # a question of function words only: no coverage, the dense score is kept
    empty = signals("Combien ? Comment ?", [_hit("Le consentement explicite.", 1, 0.7)], index)
    assert empty == RelevanceSignals(0.7, 0.0, "fr")


def test_rare_words_weigh_more_than_common_ones(built_settings):
    index = get_index(built_settings)
    passage = [_hit("Le logiciel est un dispositif médical.", 1)]
    rare_missing = signals("logiciel antibiotique", passage, index).coverage
    assert 0.0 < rare_missing < 0.5  # « antibiotique » never occurs in the corpus: it weighs more than « logiciel »


def _never(text: str, chunk: Chunk) -> float:
    raise AssertionError("in French the words decide: no similarity")


def test_follow_up_borrows_the_subject_never_the_answerability(built_settings):
    index = get_index(built_settings)
    hits = [_hit("L'hébergement des données de santé exige un hébergeur certifié.", 1, 0.9)]
    assert follow_up_in_scope("et pour l'hébergement ?", hits, index, built_settings, "fr", _never)
    assert not follow_up_in_scope("et la météo à Brest ?", hits, index, built_settings, "fr", _never)
    assert follow_up_in_scope("et ça ?", hits, index, built_settings, "fr", _never)  # no word of its own
    assert not follow_up_in_scope("et ça ?", [], index, built_settings, "fr", _never)
    assert not follow_up_in_scope("et pour l'hébergement ?", [], index, built_settings, "fr", _never)


def test_a_follow_up_in_the_words_of_the_field_is_in_scope_even_when_these_passages_lack_them(built_settings):
    """« Et les exceptions à l'interdiction ? » after a question on hosting: the passages found for the rewritten query
    speak of hosting, but the knowledge base uses those words; « la météo à Brest » it never uses."""
    index = get_index(built_settings)
    settings = built_settings.model_copy(update={"min_field_word_chunks": 2})  # the fixture corpus is small
    hits = [_hit("L'hébergement des données de santé exige un hébergeur certifié.", n, 0.9) for n in range(1, 6)]
    field = tokenize(["exceptions interdiction"])[0]
    assert index.bm25.document_frequency(field) == [2, 2]  # words of the fixture corpus...
    assert signals("exceptions interdiction", hits, index, "fr", 5).coverage == 0.0  # ...that these passages lack
    assert follow_up_in_scope("et les exceptions à l'interdiction ?", hits, index, settings, "fr", _never)
    assert not follow_up_in_scope("et les exceptions pour la météo ?", hits, index, settings, "fr", _never)
    assert index.bm25.document_frequency(["meteo"]) == [0]
    # a word in fewer chunks than the setting asks is not the field's
    stricter = built_settings.model_copy(update={"min_field_word_chunks": 3})
    assert not follow_up_in_scope("et les exceptions à l'interdiction ?", hits, index, stricter, "fr", _never)


def test_a_french_follow_up_mostly_in_the_field_words_is_in_scope_when_close_in_meaning(built_settings):
    """« Et les exceptions à l'interdiction de Brest ? »: two words of three are the field's, so its meaning decides
    (a founder's circumstance); with half of them (« exceptions pour la météo »), the words alone refuse it."""
    index = get_index(built_settings)
    settings = built_settings.model_copy(update={"min_field_word_chunks": 2})  # the fixture corpus is small
    hits = [_hit("L'hébergement des données de santé exige un hébergeur certifié.", n, 0.9) for n in range(1, 6)]
    threshold = settings.min_follow_up_similarity_partial

    def similarity(value: float):
        return lambda text, chunk: value

    mostly = "et les exceptions à l'interdiction à Brest ?"
    assert follow_up_in_scope(mostly, hits, index, settings, "fr", similarity(threshold))
    assert not follow_up_in_scope(mostly, hits, index, settings, "fr", similarity(threshold - 0.01))
    assert not follow_up_in_scope("et les exceptions pour la météo ?", hits, index, settings, "fr", _never)
    # Half of them is enough when the follow-up's subject is a pronoun for the conversation's (« et si elle propose des
    # exercices pour la dépression diagnostiquée ? » after a meditation app): « elle » is the app, and its own words
    # tell a circumstance of it. None of them, however close in meaning: still refused.
    half = "exceptions météo"
    assert follow_up_in_scope(half, hits, index, settings, "fr", similarity(threshold), of_the_subject=True)
    assert not follow_up_in_scope(half, hits, index, settings, "fr", similarity(threshold - 0.01), of_the_subject=True)
    assert not follow_up_in_scope("pleut météo Brest", hits, index, settings, "fr", _never, of_the_subject=True)


def test_a_follow_up_asking_how_much_how_long_or_what_first_is_judged_by_its_rewritten_query(built_settings):
    """« on est tranquilles jusqu'à quand ? » after a question on a legacy device's deadline: its words are no sheet's,
    yet they ask a circumstance of the conversation's subject (circumstances.yaml), not another subject."""
    index = get_index(built_settings)
    hits = [_hit("L'hébergement des données de santé exige un hébergeur certifié.", n, 0.9) for n in range(1, 6)]
    assert index.bm25.document_frequency(tokenize(["tranquilles fastest"])[0]) == [0, 0]
    for follow_up in (
        "on est tranquilles jusqu'à quand ?",
        "ok et ça coûte combien en gros, ordre de grandeur ?",
        "et si on est que 3 c'est pas trop petit ?",
    ):
        assert follow_up_in_scope(follow_up, hits, index, built_settings, "fr", _never), follow_up
    assert follow_up_in_scope("which of those is the fastest?", hits, index, built_settings, "en", _never)
    # what they come with still decides, and they never answer without passages
    assert not follow_up_in_scope("et le resto le moins cher de Brest ?", hits, index, built_settings, "fr", _never)
    far = lambda text, chunk: 0.5  # noqa: E731
    assert not follow_up_in_scope("what's the fastest train to Brest?", hits, index, built_settings, "en", far)
    assert not follow_up_in_scope("on est tranquilles jusqu'à quand ?", [], index, built_settings, "fr", _never)


def test_words_granted_to_the_field_count_as_its_own(built_settings):
    index = get_index(built_settings)
    assert relevance.field_share("exceptions tranquilles", index, 1) == 0.5
    assert relevance.field_share("exceptions tranquilles", index, 1, granted="tranquilles") == 1.0


def test_follow_up_across_languages_falls_back_on_meaning(built_settings):
    index = get_index(built_settings)
    hits = [_hit("L'hébergement des données de santé exige un hébergeur certifié.", n, 0.9) for n in range(1, 6)]
    seen: list[tuple[str, str]] = []

    def similarity(value: float):
        def score(text: str, chunk: Chunk) -> float:
            seen.append((text, chunk.chunk_id))
            return value

        return score

    threshold = built_settings.min_follow_up_similarity
    assert follow_up_in_scope("and the weather?", hits, index, built_settings, "en", similarity(threshold))
    # the follow-up alone (not the rewritten query) against the first passages only
    assert seen == [("and the weather?", "doc:1"), ("and the weather?", "doc:2"), ("and the weather?", "doc:3")]
    assert not follow_up_in_scope("and the weather?", hits, index, built_settings, "en", similarity(threshold - EPS))


def test_follow_up_across_languages_read_as_the_field_by_the_learned_check_is_answered(built_settings):
    """« ok and if we're only freelancers? » after a DPO question: its own word is English, the passages French, and
    « freelancers » alone is far from them; the message read alone is a question of the field. French ones: the words
    decide."""
    index = get_index(built_settings)
    hits = [_hit("L'hébergement des données de santé exige un hébergeur certifié.", n, 0.9) for n in range(1, 6)]
    far = lambda text, chunk: built_settings.min_follow_up_similarity - EPS  # noqa: E731
    limit = built_settings.min_follow_up_field_probability
    asked: list[int] = []

    def probability(value: float):
        def read() -> float:
            asked.append(1)
            return value

        return read

    freelancers = "and if we're only freelancers?"
    assert follow_up_in_scope(freelancers, hits, index, built_settings, "en", far, field_probability=probability(limit))
    assert not follow_up_in_scope(
        freelancers, hits, index, built_settings, "en", far, field_probability=probability(limit - EPS)
    )
    assert not follow_up_in_scope(freelancers, hits, index, built_settings, "en", far)  # no learned check: meaning only
    asked.clear()
    assert not follow_up_in_scope(
        "et la météo ?", hits, index, built_settings, "fr", far, field_probability=probability(1.0)
    )
    assert asked == []  # never read for a French follow-up


def test_follow_up_words_are_looked_for_in_the_first_five_passages(built_settings):
    index = get_index(built_settings)
    filler = [_hit("Un texte sans rapport avec la question posée.", n, 0.9) for n in range(1, 4)]
    fourth = [*filler, _hit("L'hébergement des données de santé exige un hébergeur certifié.", 4, 0.9)]
    assert follow_up_in_scope("et pour l'hébergement ?", fourth, index, built_settings, "fr", _never)
    more = [*filler, *[_hit("Encore un texte sans rapport.", n, 0.9) for n in (4, 5)]]
    sixth = [*more, _hit("L'hébergement des données de santé exige un hébergeur certifié.", 6, 0.9)]
    assert not follow_up_in_scope("et pour l'hébergement ?", sixth, index, built_settings, "fr", _never)


def test_follow_up_coverage_threshold_is_inclusive_and_counts_every_own_word(built_settings):
    index = get_index(built_settings)
    hits = [_hit("L'hébergement des données de santé exige un hébergeur certifié.", 1, 0.9)]
    strict = built_settings.model_copy(update={"min_follow_up_coverage": 1.0})
    assert follow_up_in_scope("et pour l'hébergement certifié ?", hits, index, strict, "fr", _never)
    assert not follow_up_in_scope("et pour l'hébergement agréé ?", hits, index, strict, "fr", _never)


def test_signals_keep_the_question_language_on_every_path(built_settings):
    """The language decides which threshold applies (`answerable`): losing it turns an English question French."""
    index = get_index(built_settings)
    hit = [_hit("Le consentement explicite.", 1, 0.83)]
    assert signals("consent", hit, index, "en").language == "en"
    words_only = signals("Combien ? Comment ?", hit, index, "en")  # no content word: the early return
    assert words_only.language == "en" and words_only.answerable(S)  # 0.83 passes the cross-lingual bar only
    assert not signals("Combien ? Comment ?", hit, index).answerable(S)


def test_words_of_the_field_found_in_the_passages_are_counted(built_settings, monkeypatch):
    index = get_index(built_settings)
    hits = [_hit("Le logiciel de diagnostic relève de la classe IIa.", 1, 0.86)]
    question = "logiciel de diagnostic des otites du nourrisson : quelle classe ?"
    assert index.bm25.document_frequency(tokenize(["logiciel diagnostic classe"])[0]) == [2, 2, 2]
    # in the small fixture corpus, two chunks are more than a tenth of them: too common to tell a topic
    assert relevance.MAX_FIELD_WORD_SHARE * index.bm25.size < 2
    assert signals(question, hits, index, field_word_chunks=2).field_words == 0
    monkeypatch.setattr(relevance, "MAX_FIELD_WORD_SHARE", 0.5)
    assert signals(question, hits, index, field_word_chunks=2).field_words == 3  # « otites », « nourrisson »: no
    assert signals(question, hits, index, field_word_chunks=3).field_words == 0  # in two chunks: not enough
    assert signals(question, hits, index).field_words == 0  # not asked for


def test_a_situation_in_words_no_sheet_uses_is_answered_on_the_words_of_the_field(built_settings):
    """« On stocke des radios dentaires dans le cloud pour des cabinets de dentistes, quelles obligations ? »: the
    situation's words weigh most in the coverage and are in no sheet; a few words of the field found are enough,
    provided the meaning is close enough."""
    settings = built_settings
    enough = settings.min_field_words_found
    low = settings.min_term_coverage - 0.2
    assert RelevanceSignals(settings.min_dense_similarity, low, "fr", enough).answerable(settings)
    assert not RelevanceSignals(settings.min_dense_similarity, low, "fr", enough - 1).answerable(settings)
    assert not RelevanceSignals(settings.min_dense_similarity - 0.01, low, "fr", enough + 5).answerable(settings)
    assert not RelevanceSignals(settings.min_dense_similarity_cross_lingual - 0.01, 0.0, "en", 9).answerable(settings)


def test_a_word_is_the_field_s_through_its_everyday_equivalent(built_settings, monkeypatch):
    """« Et si on rate la date limite ? »: « rater » is no word of the sheets, « retard » is."""
    index = get_index(built_settings)
    assert index.bm25.document_frequency(["rat", "except"]) == [0, 2]
    assert not relevance.speaks_the_field("rate", index, 2)
    monkeypatch.setattr(relevance, "equivalents", lambda: {"rat": frozenset({"except"})})
    assert relevance.speaks_the_field("rate", index, 2)
    assert not relevance.speaks_the_field("rate", index, 3)


def test_a_question_read_as_another_field_s_needs_more_words_of_the_field():
    """« Notre appli de coaching pour diabétiques est en freemium : on facture 4,99 ou 9,99 par mois ? » shares
    « appli » and « diabétiques » with the sheets: when the learned check reads it as another field's, two words of
    the field found no longer make it answerable; the coverage and a close match still do."""
    low = S.min_term_coverage - EPS
    few, many = S.min_field_words_found, S.min_field_words_found_elsewhere
    assert few < many
    away, near = S.max_elsewhere_probability + EPS, S.max_elsewhere_probability
    assert RelevanceSignals(S.min_dense_similarity, low, "fr", few, elsewhere=near).answerable(S)
    assert not RelevanceSignals(S.min_dense_similarity, low, "fr", few, elsewhere=away).answerable(S)
    assert not RelevanceSignals(S.min_dense_similarity, low, "fr", many - 1, elsewhere=away).answerable(S)
    assert RelevanceSignals(S.min_dense_similarity, low, "fr", many, elsewhere=away).answerable(S)
    assert RelevanceSignals(S.min_dense_similarity, S.min_term_coverage, "fr", 0, elsewhere=away).answerable(S)
    assert RelevanceSignals(S.min_dense_similarity_alone, 0.0, "fr", 0, elsewhere=1.0).answerable(S)
