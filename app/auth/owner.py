"""A founder is anonymous: their conversations belong to the browser that started them.

The browser holds a random owner id in a signed, HttpOnly cookie (itsdangerous). Conversation ids are issued by the
server and looked up together with the owner, so knowing someone's conversation id opens nothing.
"""

from __future__ import annotations

import secrets

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import Request
from starlette.responses import Response

from app.auth.secret import secret_key
from app.settings import Settings

OWNER_COOKIE = "navigator_owner"
OWNER_MAX_AGE_S = 365 * 24 * 3600


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key(settings), salt="conversation-owner")


def read_owner(settings: Settings, cookie: str | None) -> str | None:
    if not cookie:
        return None
    try:
        owner = _serializer(settings).loads(cookie)
    except BadSignature:
        return None
    return owner if isinstance(owner, str) and owner.startswith("b-") else None


def is_https(settings: Settings, request: Request) -> bool:
    """Secure cookies behind HTTPS. A trusted proxy's X-Forwarded-Proto is already applied to the request's scheme
    (uvicorn's ProxyHeadersMiddleware, installed only for `NAVIGATOR_TRUSTED_PROXIES`); anyone else's is ignored."""
    return request.url.scheme == "https"


def ensure_owner(settings: Settings, request: Request, response: Response) -> str:
    """The browser's owner id; a new one (and its cookie) when it has none or a forged one."""
    owner = read_owner(settings, request.cookies.get(OWNER_COOKIE))
    if owner is None:
        owner = "b-" + secrets.token_urlsafe(24)
        response.set_cookie(
            OWNER_COOKIE,
            _serializer(settings).dumps(owner),
            max_age=OWNER_MAX_AGE_S,
            httponly=True,
            samesite="lax",
            secure=is_https(settings, request),
            path="/",
        )
    return owner
