"""The FastAPI application: API under `/api`, probes, and the founders' chat web app at `/`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from app import __version__
from app.api import errors
from app.api.limits import LimitsMiddleware, RateLimiter
from app.api.routes import admin, adviser_pages, answers, auth, conversations, feedback, handoffs, health, review, search, sources
from app.settings import Settings, get_settings

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Navigateur e-santé API",
        version=__version__,
        description="Cited answers on the regulation and funding of digital health in France (RGPD, HDS, MDR, HAS, "
        "Article 51, France 2030, G_NIUS). Not legal advice.",
    )
    app.state.settings = settings
    errors.install(app)
    for router in (answers.router, conversations.router, search.router, sources.router, feedback.router, health.router,
                   handoffs.router, auth.router, review.router, admin.router, adviser_pages.router):
        app.include_router(router)
    limiter = RateLimiter(settings.rate_limit, settings.rate_limit_storage) if settings.rate_limit else None
    app.add_middleware(LimitsMiddleware, max_body_bytes=settings.max_body_bytes, limiter=limiter, trust_forwarded=settings.trust_forwarded_for)
    if settings.cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST", "PATCH", "DELETE"], allow_headers=["Content-Type"])

    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.mount("/conseillers-static", StaticFiles(directory=WEB_DIR / "advisers"), name="advisers-static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(WEB_DIR / "static" / "index.html")

    return app


def app_factory() -> FastAPI:
    """Entry point for uvicorn workers (`--factory`): each worker builds its app from the environment."""
    return create_app()
