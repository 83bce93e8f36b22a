"""`mistral-embed` through the mistralai SDK, as an optional embedding backend when a key or endpoint is set.

An index records the embedder that built it; searching it with another one is refused (see index_reader).
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from app.index.mistral_client import mistral_client
from app.settings import Settings


class MistralEmbeddings(Embeddings):
    name = "mistral-embed"

    def __init__(self, settings: Settings) -> None:
        self._client = mistral_client(
            settings.mistral_api_key,
            settings.mistral_server_url,
            settings.mistral_timeout_s,
            settings.mistral_retry_max_elapsed_s,
        )

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        response = self._client.embeddings.create(model=self.name, inputs=list(texts))
        return [list(item.embedding or []) for item in sorted(response.data, key=lambda d: d.index or 0)]

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


def build_mistral_embeddings(settings: Settings | None) -> MistralEmbeddings:
    if settings is None or not settings.generation_configured:
        raise ValueError("the 'mistral' embedder needs MISTRAL_API_KEY or MISTRAL_SERVER_URL")
    return MistralEmbeddings(settings)
