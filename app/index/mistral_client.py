"""The one way to reach a Mistral endpoint: the hosted API or a self-hosted Mistral-compatible server.

Both the chat model (`app.generate.llm`) and the `mistral-embed` embedder build their SDK client here, so the
endpoint normalisation, the timeout and the retry policy (exponential backoff on 429/5xx and connection errors)
are the same for both; `/readyz` probes the same normalised endpoint.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING

import httpx2
import pydantic
from mistralai.client.errors import MistralError, NoResponseError

if TYPE_CHECKING:
    from mistralai.client import Mistral

HOSTED_API = "https://api.mistral.ai"

# What the SDK raises when the endpoint gives no usable answer (HTTP error after retries, transport failure or
# timeout, malformed body). Anything else (AttributeError, TypeError…) is a bug of ours and must surface as one.
PROVIDER_ERRORS: tuple[type[Exception], ...] = (
    MistralError,
    NoResponseError,
    httpx2.HTTPError,
    json.JSONDecodeError,
    pydantic.ValidationError,
)


def mistral_base_url(server_url: str | None) -> str | None:
    """The SDK wants the server root: « https://host/v1/ » and « https://host » name the same endpoint."""
    return server_url.rstrip("/").removesuffix("/v1") if server_url else None


@lru_cache(maxsize=16)
def mistral_client(
    api_key: str | None, server_url: str | None, timeout_s: float, retry_max_elapsed_s: float
) -> Mistral:
    """One client per endpoint and policy for the process: its HTTP connection pool is reused from answer to
    answer (a new client per answer paid a TLS context, about 40 ms, and a new connection every time)."""
    from mistralai.client import Mistral
    from mistralai.client.utils import BackoffStrategy, RetryConfig

    retry = RetryConfig(
        "backoff",
        BackoffStrategy(
            initial_interval=250,
            max_interval=4000,
            exponent=2.0,
            max_elapsed_time=int(retry_max_elapsed_s * 1000),
            jitter_ms=100,
        ),
        retry_connection_errors=True,
    )
    return Mistral(
        api_key=api_key or None,
        server_url=mistral_base_url(server_url),
        retry_config=retry,
        timeout_ms=int(timeout_s * 1000),
    )
