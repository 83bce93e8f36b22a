"""One entry point for answers, used by the CLI, the API and the evaluation."""

from __future__ import annotations

import time

from app.answer.extractive import extractive_answer
from app.answer.question import check_question
from app.answer.refusal import refusal_text
from app.answer.relevance import is_answerable
from app.retrieve.search import search_chunks
from app.schemas.answers import Answer
from app.schemas.search import SearchFilters
from app.settings import Settings


def ask(settings: Settings, question: str, filters: SearchFilters | None = None) -> Answer:
    started = time.perf_counter()
    checked = check_question(question, settings)
    hits = search_chunks(settings, checked.text, filters=filters)
    if not is_answerable(checked.text, hits, settings):
        text, citations, refused = refusal_text(checked.language), [], True
    else:
        text, citations = extractive_answer(checked.text, hits, checked.language)
        refused = not citations
        if refused:
            text = refusal_text(checked.language)
    return Answer(
        question=checked.original,
        answer=text,
        mode="extractive",
        refused=refused,
        citations=citations,
        took_ms=round((time.perf_counter() - started) * 1000, 2),
        notices=checked.notices,
    )
