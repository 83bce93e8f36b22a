"""Per-client rate limiting and request size limits.

Rate limits use the `limits` library: in memory per worker by default, or shared by every worker when
`NAVIGATOR_RATE_LIMIT_STORAGE` points at Redis/Memcached (e.g. `redis://localhost:6379`).
"""

from __future__ import annotations

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
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
        import time

        return max(1, int(reset - time.time()))


class LimitsMiddleware:
    """Reject oversized bodies (413) and clients over their rate (429) before any work is done."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, limiter: RateLimiter | None, trust_forwarded: bool = False) -> None:
        self.app, self.max_body_bytes, self.limiter, self.trust_forwarded = app, max_body_bytes, limiter, trust_forwarded

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/api/"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            return await error_response(413, f"request body over {self.max_body_bytes} bytes")(scope, receive, send)
        if self.limiter is not None:
            client = (scope.get("client") or ("unknown", 0))[0]
            forwarded = headers.get(b"x-forwarded-for")
            if forwarded and self.trust_forwarded:  # only behind a proxy we run
                client = forwarded.decode().split(",")[0].strip()
            if not self.limiter.hit(client):
                retry = self.limiter.retry_after(client)
                response = error_response(429, f"too many requests (limit {self.limiter.rule}); retry in {retry} s", {"Retry-After": str(retry)})
                return await response(scope, receive, send)

        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, limited_receive, send)
        except BodyTooLarge:
            await error_response(413, f"request body over {self.max_body_bytes} bytes")(scope, receive, send)


class BodyTooLarge(Exception):
    pass
