"""The chat model: Mistral through the official `mistralai` SDK, behind LangChain's chat-model interface.

`MISTRAL_API_KEY` alone → Mistral's hosted API; `MISTRAL_SERVER_URL` (+ optional key) → a self-hosted
Mistral-compatible endpoint (e.g. vLLM serving an open-weight Mistral model). The SDK retries 429/5xx with
exponential backoff; timeouts and failures surface as `GenerationFailed` so callers can fall back to quotes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import ConfigDict, PrivateAttr

from app.settings import Settings


class GenerationFailed(RuntimeError):
    """The model could not give an answer (timeout, HTTP error after retries, malformed response)."""


_ROLES = {"system": "system", "human": "user", "ai": "assistant"}


def _to_mistral(messages: list[BaseMessage]) -> list[dict]:
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
    def client(self):
        if self._client is None:
            from mistralai.client import Mistral
            from mistralai.client.utils import BackoffStrategy, RetryConfig

            retry = RetryConfig(
                "backoff",
                BackoffStrategy(
                    initial_interval=250,
                    max_interval=4000,
                    exponent=2.0,
                    max_elapsed_time=int(self.retry_max_elapsed_s * 1000),
                    jitter_ms=100,
                ),
                retry_connection_errors=True,
            )
            self._client = Mistral(
                api_key=self.api_key or None,
                server_url=self.server_url.rstrip("/").removesuffix("/v1") if self.server_url else None,
                retry_config=retry,
                timeout_ms=int(self.timeout_s * 1000),
            )
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
            content = response.choices[0].message.content if response.choices else None
        except Exception as exc:  # the SDK raises several error types; all mean "no usable answer"
            raise GenerationFailed(_describe(exc)) from exc
        if not isinstance(content, str):
            raise GenerationFailed("the model returned no text")
        message = AIMessage(content=content, response_metadata={"model_name": response.model or self.model})
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        try:
            with self.client.chat.stream(messages=_to_mistral(messages), **self._params()) as events:
                for event in events:
                    data = event.data
                    delta = data.choices[0].delta.content if data.choices else None
                    text = delta if isinstance(delta, str) else ""
                    yield ChatGenerationChunk(
                        message=AIMessageChunk(content=text, response_metadata={"model_name": data.model or self.model})
                    )
        except GeneratorExit:
            raise
        except Exception as exc:
            raise GenerationFailed(_describe(exc)) from exc


def _describe(exc: Exception) -> str:
    status = getattr(exc, "status_code", None)
    name = exc.__class__.__name__
    if "Timeout" in name or "timed out" in str(exc).lower():
        return "the model did not answer in time"
    if status:
        return f"the model server answered HTTP {status}"
    return f"the model call failed ({name})"


def build_chat_model(settings: Settings) -> MistralChatModel | None:
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
