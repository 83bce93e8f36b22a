"""Follow-ups ("et pour la classe IIb ?") become standalone queries before retrieval.

With a model, the `condense` prompt rewrites the question from the conversation so far; without one, a short
follow-up is searched together with the previous standalone query, which keeps its subject.
"""

from __future__ import annotations

import re

from langchain_core.messages import HumanMessage

from app.generate.llm import GenerationFailed, MistralChatModel
from app.generate.prompts import load_prompt
from app.schemas.answers import AnswerRecord
from app.settings import Settings

CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SHORT_FOLLOW_UP_WORDS = 12
MAX_STANDALONE_CHARS = 600


class BadConversation(ValueError):
    pass


def validate_conversation_id(conversation_id: str) -> str:
    if not CONVERSATION_ID.match(conversation_id):
        raise BadConversation("conversation_id must be 8-64 letters, digits, '-' or '_'")
    return conversation_id


def standalone_query(
    question: str, history: list[AnswerRecord], model: MistralChatModel | None, settings: Settings, notices: list[str]
) -> str:
    if not history:
        return question
    if model is not None:
        prompt = load_prompt(settings.prompts_dir, "condense")
        try:
            rewritten = model.invoke([HumanMessage(prompt.render(history=history, question=question))]).content
        except GenerationFailed as exc:
            notices.append(f"Reformulation de la question impossible ({exc}) : recherche sur la question telle quelle.")
            rewritten = ""
        rewritten = " ".join(str(rewritten).split())[:MAX_STANDALONE_CHARS]
        if rewritten:
            return rewritten
    if len(question.split()) <= SHORT_FOLLOW_UP_WORDS:
        return f"{history[-1].standalone_query} {question}"
    return question
