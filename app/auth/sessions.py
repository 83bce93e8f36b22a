"""Adviser and admin sessions: a signed, timed cookie (itsdangerous) carrying the account id and a CSRF token.

The cookie is HttpOnly, SameSite=Lax and Secure behind HTTPS; it expires after `NAVIGATOR_SESSION_MAX_AGE_S`. The
account is looked up on every request, so disabling it ends its sessions at once. State-changing calls must echo
the CSRF token in the `X-CSRF-Token` header (read from `/api/auth/me`), which another site cannot do.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from starlette.requests import Request
from starlette.responses import Response

from app.auth.owner import is_https
from app.auth.secret import secret_key
from app.settings import Settings

SESSION_COOKIE = "navigator_session"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True)
class Session:
    user_id: int
    csrf: str


class SessionExpired(Exception):
    pass


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key(settings), salt="adviser-session")


def issue(settings: Settings, request: Request, response: Response, user_id: int) -> Session:
    session = Session(user_id, secrets.token_urlsafe(24))
    response.set_cookie(
        SESSION_COOKIE,
        _serializer(settings).dumps({"uid": user_id, "csrf": session.csrf}),
        max_age=settings.session_max_age_s,
        httponly=True,
        samesite="lax",
        secure=is_https(settings, request),
        path="/",
    )
    return session


def clear(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def read(settings: Settings, request: Request) -> Session | None:
    """The request's session; None without a (valid) cookie; SessionExpired when it is too old."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    try:
        data = _serializer(settings).loads(cookie, max_age=settings.session_max_age_s)
    except SignatureExpired:
        raise SessionExpired() from None
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int) or not isinstance(data.get("csrf"), str):
        return None
    return Session(data["uid"], data["csrf"])


def csrf_ok(session: Session, request: Request) -> bool:
    return hmac.compare_digest(request.headers.get(CSRF_HEADER, ""), session.csrf)


class LoginLimiter:
    """Failed and successful attempts alike count, per client address and per account."""

    def __init__(self, rule: str, storage_uri: str) -> None:
        self.item = parse(rule)
        self.limiter = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def hit(self, client: str, email: str) -> bool:
        by_client = self.limiter.hit(self.item, "login-client", client)
        by_account = self.limiter.hit(self.item, "login-account", email.strip().lower())
        return by_client and by_account
