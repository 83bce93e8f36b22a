"""The advisers' web pages (`/conseillers/...`): one HTML shell, filled in by plain JS from the review API.

Without a session of the right role, a page redirects to the login page (the API answers 401/403 instead).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.api.auth_deps import accounts_dep
from app.api.deps import settings_dep
from app.auth import sessions
from app.auth.accounts import Accounts
from app.settings import Settings

PAGES_DIR = Path(__file__).resolve().parent.parent.parent / "web" / "advisers"
LOGIN = "/conseillers/connexion"
router = APIRouter(prefix="/conseillers", include_in_schema=False)


def _shell(page: str, **data: str) -> HTMLResponse:
    html = (PAGES_DIR / "page.html").read_text(encoding="utf-8").replace("__PAGE__", page)
    attributes = " ".join(f'data-{k}="{quote(v, safe="")}"' for k, v in data.items())
    return HTMLResponse(html.replace("__DATA__", attributes), headers={"Cache-Control": "no-store"})


def _page(
    request: Request, settings: Settings, accounts: Accounts, page: str, role: str = "adviser", **data: str
) -> Response:
    try:
        session = sessions.read(settings, request)
    except sessions.SessionExpired:
        session = None
    user = accounts.by_id(session.user_id) if session else None
    if user is None or not user.has_role(role):
        return RedirectResponse(f"{LOGIN}?next={quote(request.url.path)}", status_code=303)
    return _shell(page, **data)


SettingsDep = Annotated[Settings, Depends(settings_dep)]
AccountsDep = Annotated[Accounts, Depends(accounts_dep)]


@router.get("/connexion")
def login_page() -> HTMLResponse:
    return _shell("login")


@router.get("/")
def queue_page(request: Request, settings: SettingsDep, accounts: AccountsDep) -> Response:
    return _page(request, settings, accounts, "queue")


@router.get("/revue/{answer_id}")
def review_page(answer_id: str, request: Request, settings: SettingsDep, accounts: AccountsDep) -> Response:
    return _page(request, settings, accounts, "review", answer=answer_id)


@router.get("/valides")
def validated_page(request: Request, settings: SettingsDep, accounts: AccountsDep) -> Response:
    return _page(request, settings, accounts, "validated")


@router.get("/journal")
def audit_page(request: Request, settings: SettingsDep, accounts: AccountsDep) -> Response:
    return _page(request, settings, accounts, "audit", role="admin")
