"""Per-client rate limiting, and the JSON 413 for a declared oversized body.

Request bodies are bounded by FastAPI itself (`FastAPI(max_body_size=...)`, i.e. Starlette's
`RequestBodyLimitMiddleware`, set in `create_app` from `NAVIGATOR_MAX_BODY_BYTES`): it counts the bytes as they are
read, so a chunked body or a lying Content-Length over the limit raises a 413 `HTTPException`, which the handler in
`app/api/errors.py` turns into our JSON error shape. One case it answers itself, in plain text, whatever the
handlers: a Content-Length header already over the limit. That case is checked here first, so that every 413 has
the same JSON shape (and the body is never read).

Rate limits use the `limits` library: in memory per worker by default, or shared by every worker when
`NAVIGATOR_RATE_LIMIT_STORAGE` points at Redis/Memcached (e.g. `redis://localhost:6379`).

The client is the TCP peer. `X-Forwarded-For` is only believed when the peer is one of
`NAVIGATOR_TRUSTED_PROXIES` (uvicorn's `ProxyHeadersMiddleware`, installed by `create_app`, rewrites the client
then); otherwise anyone could pick a fresh address per request and never be limited.
"""

from __future__ import annotations

import time

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.errors import error_response


class RateLimiter:
    def __init__(self, rule: str, storage_uri: str) -> None:
        self.item = parse(rule)
        self.rule = rule
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def hit(self, client: str) -> bool:
        return self.limiter.hit(self.item, "api", client)

    def retry_after(self, client: str) -> int:
        reset, _ = self.limiter.get_window_stats(self.item, "api", client)
        return max(1, int(reset - time.time()))


class DeclaredLengthMiddleware:
    """413 in our JSON shape for a Content-Length over the limit, before Starlette's plain-text one (see above).

    Installed outside FastAPI's body limit (in `create_app`), since that one replaces any response below it."""

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app, self.max_body_bytes = app, max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            length = Headers(scope=scope).get("content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
                response = error_response(413, f"request body over {self.max_body_bytes} bytes")
                return await response(scope, receive, send)
        await self.app(scope, receive, send)


class RateLimitMiddleware:
    """Reject clients over their rate (429, with `Retry-After`) before any work is done."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app, self.limiter = app, limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        client = (scope.get("client") or ("unknown", 0))[0]
        if not self.limiter.hit(client):
            retry = self.limiter.retry_after(client)
            response = error_response(
                429, f"too many requests (limit {self.limiter.rule}); retry in {retry} s", {"Retry-After": str(retry)}
            )
            return await response(scope, receive, send)
        await self.app(scope, receive, send)
