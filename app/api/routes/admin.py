"""Admins: the audit log, the accounts, erasure of a conversation by id (`/api/admin/...`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from app.api.auth_deps import Admin, accounts_dep, audit_dep
from app.api.deps import store_dep
from app.api.errors import error_responses
from app.auth.accounts import Accounts, AuditLog
from app.records.store import RecordStore
from app.schemas.accounts import AuditEntry, UserOut

router = APIRouter(prefix="/api/admin", tags=["admin"])
ERRORS = error_responses(401, 403)


@router.get(
    "/audit",
    response_model=list[AuditEntry],
    responses=ERRORS,
    summary="Audit log of adviser and admin actions, latest first",
)
def audit_entries(
    admin: Admin,
    audit: Annotated[AuditLog, Depends(audit_dep)],
    actor: str | None = None,
    action: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[AuditEntry]:
    return [AuditEntry(**e) for e in audit.entries(limit=limit, actor=actor, action=action)]


@router.get("/users", response_model=list[UserOut], responses=ERRORS, summary="Accounts")
def list_users(admin: Admin, accounts: Annotated[Accounts, Depends(accounts_dep)]) -> list[UserOut]:
    return [UserOut(**u) for u in accounts.list()]


@router.delete(
    "/conversations/{conversation_id}",
    status_code=204,
    responses=error_responses(401, 403, 404),
    summary="Erase a conversation and everything stored with it (erasure request)",
)
def erase_conversation(
    conversation_id: str,
    admin: Admin,
    store: Annotated[RecordStore, Depends(store_dep)],
    audit: Annotated[AuditLog, Depends(audit_dep)],
) -> Response:
    erased = store.delete_conversation(conversation_id)
    audit.record(admin, "conversation.erase", f"conversation:{conversation_id}", {"answers": erased})
    return Response(status_code=204)
