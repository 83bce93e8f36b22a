"""Per-client rate limiting and request size limits.

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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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


class LimitsMiddleware:
    """Reject oversized bodies (413) and clients over their rate (429) before any work is done."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, limiter: RateLimiter | None) -> None:
        self.app, self.max_body_bytes, self.limiter = app, max_body_bytes, limiter

    def _too_large(self):
        return error_response(413, f"request body over {self.max_body_bytes} bytes")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            return await self._too_large()(scope, receive, send)
        if self.limiter is not None:
            client = (scope.get("client") or ("unknown", 0))[0]
            if not self.limiter.hit(client):
                retry = self.limiter.retry_after(client)
                response = error_response(
                    429,
                    f"too many requests (limit {self.limiter.rule}); retry in {retry} s",
                    {"Retry-After": str(retry)},
                )
                return await response(scope, receive, send)
        if scope["method"] in ("GET", "HEAD", "OPTIONS", "DELETE"):
            return await self.app(scope, receive, send)

        # Read the (bounded) body here, so that a chunked body or a lying Content-Length over the limit is a 413,
        # not an error in the middle of FastAPI's body parsing (which would turn it into a 400).
        messages: list[Message] = []
        received = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            received += len(message.get("body", b""))
            if received > self.max_body_bytes:
                return await self._too_large()(scope, receive, send)
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)
