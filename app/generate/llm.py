"""The chat model: Mistral through the official `mistralai` SDK, behind LangChain's chat-model interface.

`MISTRAL_API_KEY` alone → Mistral's hosted API; `MISTRAL_SERVER_URL` (+ optional key) → a self-hosted
Mistral-compatible endpoint (e.g. vLLM serving an open-weight Mistral model). The SDK retries 429/5xx with
exponential backoff (`app.index.mistral_client`). Callers see only LangChain's `BaseChatModel` and
`GenerationFailed`: this adapter is where the provider's own errors (and only those: a bug of ours is not "the
model failed") are translated, so another provider is another adapter here, nothing elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import httpx2
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

from app.index.mistral_client import PROVIDER_ERRORS, mistral_client
from app.settings import Settings

if TYPE_CHECKING:
    from mistralai.client import Mistral
    from mistralai.client.models import CompletionEvent


class GenerationFailed(RuntimeError):
    """The model could not give an answer (timeout, HTTP error after retries, malformed response)."""


_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def _to_mistral(messages: list[BaseMessage]) -> list[Any]:
    """Role/content dicts, which the SDK accepts as its message TypedDicts (typed Any: roles come from a lookup)."""
    return [{"role": _ROLES.get(m.type, "user"), "content": str(m.content)} for m in messages]


class MistralChatModel(BaseChatModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    model: str
    api_key: str | None = None
    server_url: str | None = None
    timeout_s: float = 30.0
    retry_max_elapsed_s: float = 20.0
    temperature: float = 0.1
    max_tokens: int = 900
    _client: Any = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "mistral-sdk"

    @property
    def client(self) -> Mistral:
        if self._client is None:
            self._client = mistral_client(self.api_key, self.server_url, self.timeout_s, self.retry_max_elapsed_s)
        return self._client

    def _params(self) -> dict:
        return {"model": self.model, "temperature": self.temperature, "max_tokens": self.max_tokens}

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        try:
            response = self.client.chat.complete(messages=_to_mistral(messages), **self._params())
        except PROVIDER_ERRORS as exc:
            raise GenerationFailed(_describe(exc)) from exc
        message = response.choices[0].message if response.choices else None
        content = message.content if message is not None else None
        if not isinstance(content, str):
            raise GenerationFailed("the model returned no text")
        answer = AIMessage(content=content, response_metadata={"model_name": response.model or self.model})
        return ChatResult(generations=[ChatGeneration(message=answer)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for event in self._events(messages):
            data = event.data
            delta = data.choices[0].delta.content if data.choices else None
            text = delta if isinstance(delta, str) else ""
            yield ChatGenerationChunk(
                message=AIMessageChunk(content=text, response_metadata={"model_name": data.model or self.model})
            )

    def _events(self, messages: list[BaseMessage]) -> Iterator[CompletionEvent]:
        """The SDK's stream events; only the provider's failures (while connecting or reading) become
        `GenerationFailed`, never an error in the code that reads the events."""
        try:
            with self.client.chat.stream(messages=_to_mistral(messages), **self._params()) as events:
                yield from events
        except PROVIDER_ERRORS as exc:
            raise GenerationFailed(_describe(exc)) from exc


def _describe(exc: Exception) -> str:
    status = getattr(exc, "status_code", None)
    if isinstance(exc, httpx2.TimeoutException) or "timed out" in str(exc).lower():
        return "the model did not answer in time"
    if status and not 200 <= status < 300:
        return f"the model server answered HTTP {status}"
    if status:  # a success status whose body the SDK could not read
        return "the model server sent a response that could not be read"
    return f"the model call failed ({exc.__class__.__name__})"


def model_label(model: BaseChatModel) -> str:
    """The model's name as recorded with an answer (LangChain chat models call it `model` or `model_name`)."""
    return str(getattr(model, "model", None) or getattr(model, "model_name", None) or model._llm_type)


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured model, or None: then answers are extractive (never a fake generation)."""
    if not settings.generation_configured:
        return None
    return MistralChatModel(
        model=settings.mistral_model,
        api_key=settings.mistral_api_key,
        server_url=settings.mistral_server_url,
        timeout_s=settings.mistral_timeout_s,
        retry_max_elapsed_s=settings.mistral_retry_max_elapsed_s,
    )
