"""Is a new question a follow-up of the conversation, and what standalone query does it become?

With a model, the `condense` prompt rewrites a follow-up from the conversation so far; without one, the follow-up
is searched together with the last self-contained question and the previous follow-up.


A follow-up may borrow the conversation's subject, never its answerability: the decision is explicit (a connector
such as « et pour… », a pronoun standing for something said before, or an elliptic question with almost no words
of its own), and a self-contained question is searched and judged on its own, whatever came before. The query a
follow-up becomes is bounded: the last self-contained question, the previous follow-up and this one — never the
ever-growing glue of every earlier turn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_FRENCH

from langchain_core.messages import HumanMessage

from app.generate.llm import GenerationFailed, MistralChatModel
from app.generate.prompts import load_prompt
from app.index.bm25 import fold
from app.schemas.answers import AnswerRecord
from app.settings import Settings

MAX_STANDALONE_CHARS = 600
MAX_CONDENSE_TURNS = 6  # the model rewrites from the recent turns only: a long conversation stays a short prompt
# Words of its own beyond which an anaphoric question is taken as self-contained (« Mon appli mesure la glycémie,
# est-ce une donnée de santé ? » has a pronoun but names its subject).
MAX_OWN_WORDS_WITH_ANAPHORA = 3
MAX_OWN_WORDS_ELLIPTIC = 1

_CONNECTOR = re.compile(
    r"^(et|mais|alors|aussi|puis|ou bien|sinon|idem|meme question|pareil|dans ce cas|and|but|also|or|what about|how about"
    r"|same (question|for)|then|in that case|pour (le|la|les|l'|un|une|des)|for (the|a|an))\b"
)
_ANAPHORA = re.compile(
    r"\b(ca|cela|ceci|celui-ci|celle-ci|ceux-ci|celles-ci|celui-la|celle-la|le meme|la meme|les memes|ce cas|ce delai|cette classe"
    r"|cette regle|cette obligation|ce dispositif|cette procedure|ce texte|cet article|ce produit|cette aide|cet appel|ces conditions"
    r"|it|this|that|these|those|them|they|its|the same)\b"
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_QUESTION_WORDS = {
    "quel", "quelle", "quels", "quelles", "combien", "comment", "pourquoi", "quand", "ou", "qui", "quoi", "est-ce", "faut-il",
    "peut-on", "dois-je", "doit-on", "what", "which", "how", "why", "when", "where", "who", "much", "many", "long", "est",
    "faut", "il", "t", "si", "ca", "cela", "ceci", "celui", "celle", "ceux", "celles", "ci", "la", "about", "et", "and",
}


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset({fold(w) for w in STOPWORDS_FRENCH} | set(STOPWORDS_EN) | _QUESTION_WORDS)


def own_words(text: str) -> list[str]:
    """The words that carry the question's own subject (function and question words removed)."""
    stop = _function_words()
    return [w for w in _WORD.findall(fold(text).replace("’", "'").replace("'", " ")) if w not in stop and len(w) > 1]


def is_follow_up(question: str) -> bool:
    folded = fold(question).replace("’", "'").strip(" ?!.…")
    if _CONNECTOR.match(folded):
        return True
    words = own_words(question)
    if _ANAPHORA.search(folded) and len(words) <= MAX_OWN_WORDS_WITH_ANAPHORA:
        return True
    return len(words) <= MAX_OWN_WORDS_ELLIPTIC


def follow_up_query(question: str, previous_questions: Sequence[str]) -> str:
    """The standalone query of a follow-up without a model: its anchor, the previous follow-up, and itself.

    `previous_questions` are the conversation's earlier questions, oldest first.
    """
    if not previous_questions:
        return question
    # The conversation's first question is always self-contained: there was nothing before it to follow.
    anchor_at = next(i for i in range(len(previous_questions) - 1, -1, -1) if i == 0 or not is_follow_up(previous_questions[i]))
    parts = [previous_questions[anchor_at]]
    if anchor_at < len(previous_questions) - 1:
        parts.append(previous_questions[-1])
    return " ".join([*parts, question])[-MAX_STANDALONE_CHARS:].strip()


def standalone_query(
    question: str, history: list[AnswerRecord], model: MistralChatModel | None, settings: Settings, notices: list[str]
) -> str:
    """The query to search for a follow-up (`history` is empty for a self-contained question)."""
    if not history:
        return question
    if model is not None:
        prompt = load_prompt(settings.prompts_dir, "condense")
        try:
            rendered = prompt.render(history=history[-MAX_CONDENSE_TURNS:], question=question)
            rewritten = model.invoke([HumanMessage(rendered)]).content
        except GenerationFailed as exc:
            notices.append(f"Reformulation de la question impossible ({exc}) : recherche avec la question précédente.")
            rewritten = ""
        rewritten = " ".join(str(rewritten).split())[:MAX_STANDALONE_CHARS]
        if rewritten:
            return rewritten
    return follow_up_query(question, [turn.question for turn in history])
