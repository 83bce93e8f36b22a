"""`GET /healthz` (the process is up) and `GET /readyz` (the index is loaded; the model reachable or not needed).

A configured model that does not answer does not make the worker unready: answers fall back to quotes, and
`/readyz` says so in `model.reachable`.
"""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from app import __version__
from app.api.deps import settings_dep
from app.api.schemas import Health, Readiness
from app.index.generations import IndexNotReady
from app.retrieve.index_reader import get_index
from app.settings import Settings

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health(status="ok", version=__version__)


def _model_status(settings: Settings) -> dict | None:
    if not settings.generation_configured:
        return None
    base = (settings.mistral_server_url or "https://api.mistral.ai").rstrip("/").removesuffix("/v1")
    headers = {"Authorization": f"Bearer {settings.mistral_api_key}"} if settings.mistral_api_key else {}
    try:
        response = httpx.get(f"{base}/v1/models", headers=headers, timeout=2.0)
        reachable = response.status_code == 200
        detail = None if reachable else f"HTTP {response.status_code}"
    except httpx.HTTPError as exc:
        reachable, detail = False, exc.__class__.__name__
    return {"name": settings.mistral_model, "endpoint": base, "reachable": reachable, "detail": detail,
            "fallback": None if reachable else "extractive"}


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
def readyz(settings: Annotated[Settings, Depends(settings_dep)]):
    mode = "generative" if settings.generation_configured else "extractive"
    try:
        manifest = get_index(settings).manifest
        index = {"loaded": True, "generation": manifest.generation, "chunks": manifest.chunk_count,
                 "documents": len(manifest.documents), "embedder": manifest.embedder, "corpus_version": manifest.corpus_version}
    except IndexNotReady as exc:
        body = Readiness(ready=False, version=__version__, mode=mode, index={"loaded": False, "detail": str(exc)})
        return JSONResponse(body.model_dump(), status_code=503)
    return Readiness(ready=True, version=__version__, mode=mode, index=index, model=_model_status(settings))
