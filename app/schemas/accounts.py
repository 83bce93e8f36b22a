"""Accounts and audit entries as the API shows them."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class LoginRequest(BaseModel):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class Me(BaseModel):
    email: str
    role: str
    csrf_token: str = Field(description="Send it back in the X-CSRF-Token header of every state-changing call")


class UserOut(BaseModel):
    email: str
    role: str
    disabled: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None


class AuditEntry(BaseModel):
    id: int
    at: dt.datetime
    actor: str
    role: str
    action: str
    target: str | None
    detail: dict | None
