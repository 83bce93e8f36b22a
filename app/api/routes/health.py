"""`GET /healthz` (the process is up) and `GET /readyz` (the index is loaded; the model reachable or not needed).

A configured model that does not answer does not make the worker unready: answers fall back to quotes, and
`/readyz` says so in `model.reachable`. `/readyz` is cheap: the index status comes from the already loaded
generation (a pointer read), and the model is probed in the background at most once per
`NAVIGATOR_READYZ_MODEL_PROBE_S` seconds (see `app/api/model_probe.py`).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from app import __version__
from app.answer.service import warm_up
from app.api.model_probe import ModelProbe
from app.api.schemas import Health, Readiness
from app.index.generations import IndexNotReady
from app.retrieve.index_reader import get_index, index_problem
from app.safe_text import client_message

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def healthz() -> Health:
    return Health(status="ok", version=__version__)


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
async def readyz(request: Request):
    settings = request.app.state.settings
    mode: Literal["extractive", "generative"] = "generative" if settings.generation_configured else "extractive"
    try:
        await run_in_threadpool(warm_up, settings)  # a worker is ready once a first answer would be warm
        manifest = (await run_in_threadpool(get_index, settings)).manifest
        index = {
            "loaded": True,
            "generation": manifest.generation,
            "chunks": manifest.chunk_count,
            "documents": len(manifest.documents),
            "embedder": manifest.embedder,
            "corpus_version": manifest.corpus_version,
        }
    except IndexNotReady as exc:
        body = Readiness(
            ready=False, version=__version__, mode=mode, index={"loaded": False, "detail": client_message(str(exc))}
        )
        return JSONResponse(body.model_dump(), status_code=503)
    problem = index_problem(settings)
    if problem:  # still answering from the last good generation, but the current one is broken: say so
        body = Readiness(ready=False, version=__version__, mode=mode, index=index | {"detail": client_message(problem)})
        return JSONResponse(body.model_dump(), status_code=503)
    model = None
    if settings.generation_configured:
        probe: ModelProbe | None = getattr(request.app.state, "model_probe", None)
        if probe is None:
            probe = request.app.state.model_probe = ModelProbe(settings)
        model = await probe.status()
    return Readiness(ready=True, version=__version__, mode=mode, index=index, model=model)
