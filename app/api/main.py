"""The FastAPI application: API under `/api`, probes, and the founders' chat web app at `/`."""

from __future__ import annotations

import logging
import threading
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app import __version__, metrics
from app.answer.service import warm_up
from app.api import docs, errors
from app.api.limits import DeclaredLengthMiddleware, RateLimiter, RateLimitMiddleware
from app.api.metrics_middleware import MetricsMiddleware
from app.api.routes import (
    admin,
    adviser_pages,
    answers,
    auth,
    checkers,
    conversations,
    feedback,
    handoffs,
    health,
    profiles,
    review,
    search,
    sources,
    sso,
)
from app.api.security_headers import SecurityHeadersMiddleware
from app.auth.oidc import oidc_configured
from app.auth.owner import ensure_owner
from app.auth.secret import secret_key
from app.index.generations import IndexNotReady
from app.logs import RequestLogMiddleware, configure_logging
from app.settings import Settings, get_settings

log = logging.getLogger("navigator.api")
WEB_DIR = Path(__file__).resolve().parent.parent / "web"


@asynccontextmanager
async def _warm_up_in_background(app: FastAPI):
    """Start warming up as the worker starts, so that `/readyz` (which waits for it) turns ready quickly."""

    def warm() -> None:
        try:
            warm_up(app.state.settings)
        except IndexNotReady as exc:  # no index yet: /readyz reports it
            log.warning("warm-up skipped: %s", exc)
        except Exception:  # a broken index must not kill the worker: /readyz reports it too
            log.exception("warm-up failed")

    threading.Thread(target=warm, name="warm-up", daemon=True).start()
    yield


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=_warm_up_in_background,
        title="Navigateur e-santé API",
        version=__version__,
        description="Cited answers on the regulation and funding of digital health in France (RGPD, HDS, MDR, HAS, "
        "Article 51, France 2030, G_NIUS). Not legal advice.",
        docs_url=None,
        redoc_url=None,
        max_body_size=settings.max_body_bytes,  # 413 (JSON, via errors.install) for a longer body, chunked or not
    )
    app.state.settings = settings
    errors.install(app)
    for router in (
        answers.router,
        conversations.router,
        search.router,
        sources.router,
        feedback.router,
        health.router,
        handoffs.router,
        auth.router,
        sso.router,
        review.router,
        admin.router,
        adviser_pages.router,
        checkers.router,
        profiles.router,
    ):
        app.include_router(router)
    if settings.rate_limit:
        app.add_middleware(RateLimitMiddleware, limiter=RateLimiter(settings.rate_limit, settings.rate_limit_storage))
    if settings.trusted_proxies:  # outermost: the limiter then sees the client the trusted proxy reports
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Content-Type", "X-Request-ID"],
            expose_headers=["X-Request-ID"],  # a web client can show the id of a failed request
        )

    if oidc_configured(settings):  # Authlib keeps the OIDC state and nonce in a signed, short-lived session cookie
        app.add_middleware(
            SessionMiddleware,
            secret_key=secret_key(settings),
            session_cookie="navigator_oidc",
            max_age=600,
            same_site="lax",
            https_only=False,
        )

    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")
    app.mount("/conseillers-static", StaticFiles(directory=WEB_DIR / "advisers"), name="advisers-static")

    docs.install(app)

    @app.get("/metrics", include_in_schema=False)
    def metrics_endpoint() -> Response:
        body, content_type = metrics.render()
        return Response(body, media_type=content_type)

    app.add_middleware(MetricsMiddleware)
    # Outside Starlette's error middleware too, so that even a 500 carries the headers and the request id, and the
    # request id is set for every log line of the request (the error handler's included).
    stack = app.build_middleware_stack
    app.build_middleware_stack = lambda: RequestLogMiddleware(  # type: ignore[method-assign]
        SecurityHeadersMiddleware(DeclaredLengthMiddleware(stack(), settings.max_body_bytes))
    )

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index(request: Request) -> FileResponse:
        """The chat page, with the browser's owner cookie: its first requests (the conversation list, a question sent
        before that list returns) would otherwise each be given a different owner, and the first answer's
        conversation could not be continued."""
        page = FileResponse(WEB_DIR / "static" / "index.html")
        ensure_owner(settings, request, page)
        return page

    return app


def app_factory() -> FastAPI:
    """Entry point for uvicorn workers (`--factory`): each worker builds its app from the environment."""
    settings = get_settings()
    configure_logging(settings.log_level)
    return create_app(settings)
