"""Log in and out (advisers and admins): `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from app.api.auth_deps import accounts_dep, audit_dep, session_user
from app.api.deps import settings_dep
from app.api.errors import ApiError, error_responses
from app.auth import sessions
from app.auth.accounts import Accounts, AuditLog, User
from app.schemas.accounts import LoginRequest, Me
from app.settings import Settings

router = APIRouter(prefix="/api/auth", tags=["accounts"])
ERRORS = error_responses(401, 403, 429)


def _limiter(request: Request, settings: Settings) -> sessions.LoginLimiter:
    if getattr(request.app.state, "login_limiter", None) is None:
        request.app.state.login_limiter = sessions.LoginLimiter(settings.login_rate_limit, settings.rate_limit_storage)
    return request.app.state.login_limiter


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/login", response_model=Me, responses=ERRORS, summary="Open an adviser or admin session (sets a cookie)")
def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    settings: Annotated[Settings, Depends(settings_dep)],
    accounts: Annotated[Accounts, Depends(accounts_dep)],
    audit: Annotated[AuditLog, Depends(audit_dep)],
) -> Me:
    if not _limiter(request, settings).hit(_client(request), body.email):
        raise ApiError(
            429, f"too many login attempts (limit {settings.login_rate_limit}); wait a minute", {"Retry-After": "60"}
        )
    user = accounts.authenticate(body.email, body.password)
    if user is None:
        raise ApiError(401, "wrong e-mail or password")
    session = sessions.issue(settings, request, response, user.id)
    audit.record(user, "login")
    return Me(email=user.email, role=user.role, csrf_token=session.csrf)


@router.get("/me", response_model=Me, responses=ERRORS, summary="The logged-in account and its CSRF token")
def me(
    user: Annotated[User, Depends(session_user)], request: Request, settings: Annotated[Settings, Depends(settings_dep)]
) -> Me:
    session = sessions.read(settings, request)
    if session is None:  # session_user has just read it; only an expiry in between gets here
        raise ApiError(401, "not logged in")
    return Me(email=user.email, role=user.role, csrf_token=session.csrf)


@router.post("/logout", status_code=204, responses=ERRORS, summary="Close the session")
def logout(user: Annotated[User, Depends(session_user)], audit: Annotated[AuditLog, Depends(audit_dep)]) -> Response:
    audit.record(user, "logout")
    response = Response(status_code=204)
    sessions.clear(response)
    return response
