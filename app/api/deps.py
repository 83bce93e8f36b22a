"""Shared dependencies: the settings object of the running app."""

from __future__ import annotations

from fastapi import Request

from app.settings import Settings


def settings_dep(request: Request) -> Settings:
    return request.app.state.settings
