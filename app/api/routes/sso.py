"""`GET /api/auth/oidc/login` → the provider → `GET /api/auth/oidc/callback` → an adviser session (when configured)."""

from __future__ import annotations

from typing import Annotated

from authlib.integrations.base_client import OAuthError
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse

from app.api.auth_deps import accounts_dep, audit_dep
from app.api.deps import settings_dep
from app.api.errors import ApiError, ErrorResponse
from app.auth import oidc, sessions
from app.auth.accounts import AccountError, Accounts, AuditLog
from app.settings import Settings

router = APIRouter(prefix="/api/auth/oidc", tags=["accounts"])


def _configured(settings: Settings) -> None:
    if not oidc.oidc_configured(settings):
        raise ApiError(404, "single sign-on is not configured")


@router.get("", summary="Whether single sign-on is offered (the login page shows its button then)")
def sso_status(settings: Annotated[Settings, Depends(settings_dep)]) -> dict:
    return {"enabled": oidc.oidc_configured(settings)}


@router.get(
    "/login",
    summary="Log in with the organisation's identity provider (OpenID Connect)",
    responses={
        302: {"description": "Redirect to the provider"},
        404: {"model": ErrorResponse, "description": "Single sign-on is not configured"},
    },
)
async def sso_login(request: Request, settings: Annotated[Settings, Depends(settings_dep)]):
    _configured(settings)
    return await oidc.client(settings).authorize_redirect(request, str(request.url_for("sso_callback")))


@router.get("/callback", name="sso_callback", include_in_schema=False)
async def sso_callback(
    request: Request,
    settings: Annotated[Settings, Depends(settings_dep)],
    accounts: Annotated[Accounts, Depends(accounts_dep)],
    audit: Annotated[AuditLog, Depends(audit_dep)],
):
    _configured(settings)
    try:
        token = await oidc.client(settings).authorize_access_token(request)
    except OAuthError as exc:
        raise ApiError(401, f"single sign-on failed ({exc.error})") from None
    email = oidc.verified_email(token.get("userinfo") or {})
    user = None
    if email:
        try:
            user = accounts.get(email)
        except AccountError:  # no account for this address: refused below like a disabled one
            user = None
    if user is None or user.disabled or not user.has_role("adviser"):
        raise ApiError(403, "no active adviser or admin account for this identity: ask an admin (navigator users add)")
    response = RedirectResponse("/conseillers/", status_code=303)
    sessions.issue(settings, request, response, user.id)
    audit.record(user, "login", detail={"method": "oidc"})
    return response
