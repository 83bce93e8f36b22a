"""Shared dependencies: the settings object of the running app, and who is calling."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response

from app.auth.owner import ensure_owner
from app.records.store import RecordStore, get_store
from app.settings import Settings


def settings_dep(request: Request) -> Settings:
    return request.app.state.settings


def owner_dep(request: Request, response: Response, settings: Annotated[Settings, Depends(settings_dep)]) -> str:
    """The founder's browser (signed cookie, set on first use)."""
    return ensure_owner(settings, request, response)


def store_dep(settings: Annotated[Settings, Depends(settings_dep)]) -> RecordStore:
    return get_store(settings.resolved_database_url)
