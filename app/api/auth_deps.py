"""Who may call adviser and admin endpoints: 401 without a valid session, 403 with the wrong role or no CSRF token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from app.api.deps import settings_dep
from app.api.errors import ApiError
from app.auth import sessions
from app.auth.accounts import Accounts, AuditLog, User
from app.records.store import get_store
from app.settings import Settings

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def accounts_dep(settings: Annotated[Settings, Depends(settings_dep)]) -> Accounts:
    return Accounts(get_store(settings.resolved_database_url).engine)


def audit_dep(settings: Annotated[Settings, Depends(settings_dep)]) -> AuditLog:
    return AuditLog(get_store(settings.resolved_database_url).engine)


def session_user(
    request: Request,
    settings: Annotated[Settings, Depends(settings_dep)],
    accounts: Annotated[Accounts, Depends(accounts_dep)],
) -> User:
    try:
        session = sessions.read(settings, request)
    except sessions.SessionExpired:
        raise ApiError(401, "session expired: log in again") from None
    user = accounts.by_id(session.user_id) if session else None
    if session is None or user is None or user.disabled:
        raise ApiError(401, "log in first")
    if request.method not in SAFE_METHODS and not sessions.csrf_ok(session, request):
        raise ApiError(403, f"missing or wrong {sessions.CSRF_HEADER} header")
    return user


def require_role(role: str):
    def dependency(user: Annotated[User, Depends(session_user)]) -> User:
        if not user.has_role(role):
            raise ApiError(403, f"this needs the {role} role")
        return user

    return dependency


Adviser = Annotated[User, Depends(require_role("adviser"))]
Admin = Annotated[User, Depends(require_role("admin"))]
