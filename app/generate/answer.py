"""Write an answer with the model from numbered passages, stream it, and check it against those passages.

The prompt carries the passages (contained, so a passage cannot close its own block), the model's tokens are
streamed except a refusal token being written, and the finished text is checked sentence by sentence
(`app.generate.citations`). What to do with a failure, a refusal or an answer citing nothing (quotes instead,
a refusal text) is the caller's decision (`app.answer.service`): this module only reports what happened.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from app.generate.citations import CheckedAnswer, check_answer
from app.generate.llm import GenerationFailed, model_label
from app.generate.prompts import load_prompt
from app.generate.support import support_policy
from app.retrieve.index_reader import LoadedIndex
from app.retrieve.search import ScoredChunk
from app.schemas.answers import PromptRef, Timings
from app.schemas.citations import validity_label
from app.settings import Settings

REFUSAL_TOKEN = "HORS_PERIMETRE"
LANGUAGE_NAMES = {"fr": "français", "en": "anglais"}


@dataclass
class Generated:
    """What came of one generation: a failure (`failed`, the model's error in words), a refusal, or a checked
    answer."""

    model: str
    prompt: PromptRef
    failed: str | None = None
    refused: bool = False
    checked: CheckedAnswer | None = None


def _contained(text: str) -> str:
    """A passage cannot close its own <passage> block to smuggle instructions outside it."""
    return text.replace("</passage", "<\\/passage").replace("<passage", "<\\passage")


def _attribute(text: str) -> str:
    return text.replace('"', "'")


class GeneratedAnswer:
    """`tokens()` streams what the reader may see while the model writes; `result` is set once it is exhausted."""

    def __init__(
        self,
        settings: Settings,
        model: BaseChatModel,
        question: str,
        hits: list[ScoredChunk],
        language: str,
        index: LoadedIndex,
        timings: Timings,
    ) -> None:
        self.settings, self.model, self.question, self.language = settings, model, question, language
        self.index, self.timings = index, timings
        self.passages = {n: hit.chunk for n, hit in enumerate(hits, start=1)}
        self.result: Generated | None = None

    def _system_prompt(self) -> tuple[str, PromptRef]:
        prompt = load_prompt(self.settings.prompts_dir, "answer")
        system = prompt.render(
            passages=[
                {
                    "n": n,
                    "section": _attribute(c.section),
                    "validity": validity_label(c, language=self.language),
                    "text": _contained(c.text),
                }
                for n, c in self.passages.items()
            ],
            passage_count=len(self.passages),
            language_name=LANGUAGE_NAMES.get(self.language, "français"),
            refusal_token=REFUSAL_TOKEN,
        )
        return system, PromptRef(name=prompt.name, version=prompt.version)

    def tokens(self) -> Iterator[str]:
        system, prompt_ref = self._system_prompt()
        buffer, emitted, model_name = "", 0, model_label(self.model)
        t0 = time.perf_counter()
        try:
            for chunk in self.model.stream([SystemMessage(system), HumanMessage(self.question)]):
                piece = str(chunk.content)
                model_name = chunk.response_metadata.get("model_name") or model_name
                if piece and self.timings.first_token_ms is None:
                    self.timings.first_token_ms = round((time.perf_counter() - t0) * 1000, 2)
                buffer += piece
                if REFUSAL_TOKEN.startswith(buffer.strip()):
                    continue  # could still be the refusal token: never show it half-written
                if len(buffer) > emitted:
                    yield buffer[emitted:]
                    emitted = len(buffer)
        except GenerationFailed as exc:
            self.result = Generated(model_name, prompt_ref, failed=str(exc))
            return
        finally:
            self.timings.generation_ms = round((time.perf_counter() - t0) * 1000, 2)

        if buffer.strip().startswith(REFUSAL_TOKEN):
            self.result = Generated(model_name, prompt_ref, refused=True)
            return
        checked = check_answer(buffer.strip(), self.passages, support_policy(self.index, self.settings), self.language)
        self.result = Generated(model_name, prompt_ref, checked=checked)
