"""The startup profile: a conversation's (`/api/profile?conversation_id=`), an account's (`/api/profile/account`),
and the adviser's view of a conversation's (`/api/review/profiles/{conversation_id}`).

A conversation's profile belongs to whoever owns the conversation (the browser's signed cookie): an unknown or
foreign id answers 404, exactly like the conversation routes. An account's profile needs a session (401 without,
403 on a write without the CSRF header). Every update is checked as a whole (types, unknown fields, contradictory
answers) before anything is stored: 400 with the project's error shape, and the profile stays as it was.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, ConfigDict, Field

from app.api.auth_deps import Adviser, audit_dep, session_user
from app.api.deps import owner_dep, store_dep
from app.api.errors import ApiError, error_responses
from app.api.routes.checkers import service_dep
from app.auth.accounts import AuditLog, User
from app.checkers.engine import ProfileError
from app.checkers.profile import ProfileField, ProfileStore, StartupProfile, StoredResult, scope_key
from app.checkers.service import CheckerService, validate_profile_values
from app.records.store import RecordStore

router = APIRouter(prefix="/api", tags=["profile"])
ERRORS = error_responses(400, 404)
SESSION_ERRORS = error_responses(400, 401, 403, 404)

Owner = Annotated[str, Depends(owner_dep)]
Store = Annotated[RecordStore, Depends(store_dep)]
Account = Annotated[User, Depends(session_user)]
ConversationId = Annotated[str, Query(min_length=1, max_length=64)]


def profiles_dep(store: Store) -> ProfileStore:
    return ProfileStore(store.engine)


Service = Annotated[CheckerService, Depends(service_dep)]
Profiles = Annotated[ProfileStore, Depends(profiles_dep)]


class ProfileFieldIn(BaseModel):
    """A founder's value: answered (`asked`), the chat's guess (`extracted`, used once confirmed) or `confirmed`.
    `adviser` is not accepted here: only an adviser's session sets it (`/api/review/profiles/...`)."""

    model_config = ConfigDict(extra="forbid")

    value: Any
    source: Literal["asked", "extracted", "confirmed"] = "asked"


class FieldsUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fields: dict[str, ProfileFieldIn] = Field(max_length=200)


class ProfileUpdate(FieldsUpdate):
    conversation_id: str = Field(min_length=1, max_length=64)


class AdviserFieldIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Any


class AdviserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fields: dict[str, AdviserFieldIn] = Field(max_length=200)


class ConversationRef(BaseModel):
    model_config = ConfigDict(extra="forbid")

    conversation_id: str = Field(min_length=1, max_length=64)


class ProfileOut(BaseModel):
    profile: StartupProfile
    to_confirm: list[str] = Field(
        description="Extracted fields the founder has not confirmed: no checker uses them yet"
    )
    results: list[StoredResult] = Field(description="Stored checker results; `stale` once a field they used changed")


def owned_conversation(store: RecordStore, conversation_id: str, owner: str | None) -> str:
    """The conversation's id when `owner` owns it (`None`: any owner, for advisers); 404 otherwise."""
    return store.conversation(conversation_id, owner)["conversation_id"]


def _out(profiles: ProfileStore, profile: StartupProfile) -> ProfileOut:
    return ProfileOut(profile=profile, to_confirm=profile.to_confirm(), results=profiles.results(profile))


def apply_update(
    service: CheckerService, profiles: ProfileStore, key: str, updates: dict[str, ProfileField]
) -> StartupProfile:
    """Merge, check the whole merged profile, then store it in one transaction; nothing is stored on an error."""
    try:
        return profiles.update(key, updates, lambda values: validate_profile_values(service, values))
    except ProfileError as exc:
        raise ApiError(400, str(exc)) from exc


# A conversation's profile -------------------------------------------------------------------------------------


@router.get("/profile", response_model=ProfileOut, responses=ERRORS, summary="This browser's conversation profile")
def get_profile(conversation_id: ConversationId, owner: Owner, store: Store, profiles: Profiles) -> ProfileOut:
    owned_conversation(store, conversation_id, owner)
    return _out(profiles, profiles.get(scope_key(conversation_id)))


@router.put(
    "/profile", response_model=ProfileOut, responses=ERRORS, summary="Set fields of this browser's conversation profile"
)
def put_profile(body: ProfileUpdate, owner: Owner, store: Store, profiles: Profiles, service: Service) -> ProfileOut:
    """Merge fields into the profile; the whole update is checked (types, contradictions) before it is stored."""
    owned_conversation(store, body.conversation_id, owner)
    updates = {k: ProfileField(value=f.value, source=f.source) for k, f in body.fields.items()}
    saved = apply_update(service, profiles, scope_key(body.conversation_id), updates)
    store.touch_conversation(body.conversation_id)
    return _out(profiles, saved)


@router.post(
    "/profile/from-account",
    response_model=ProfileOut,
    responses=SESSION_ERRORS,
    summary="Start a conversation profile from the account's profile",
)
def profile_from_account(
    body: ConversationRef, owner: Owner, account: Account, store: Store, profiles: Profiles, service: Service
) -> ProfileOut:
    """Every field of the account profile is copied with its origin and date (an answer given once stays what it
    was); fields only the conversation has are kept."""
    owned_conversation(store, body.conversation_id, owner)
    saved = apply_update(
        service, profiles, scope_key(body.conversation_id), profiles.get(scope_key(account_id=account.id)).fields
    )
    store.touch_conversation(body.conversation_id)
    return _out(profiles, saved)


# An account's profile -----------------------------------------------------------------------------------------


@router.get(
    "/profile/account", response_model=ProfileOut, responses=SESSION_ERRORS, summary="The logged-in account's profile"
)
def get_account_profile(account: Account, profiles: Profiles) -> ProfileOut:
    return _out(profiles, profiles.get(scope_key(account_id=account.id)))


@router.put(
    "/profile/account",
    response_model=ProfileOut,
    responses=SESSION_ERRORS,
    summary="Set fields of the account's profile",
)
def put_account_profile(body: FieldsUpdate, account: Account, profiles: Profiles, service: Service) -> ProfileOut:
    updates = {k: ProfileField(value=f.value, source=f.source) for k, f in body.fields.items()}
    return _out(profiles, apply_update(service, profiles, scope_key(account_id=account.id), updates))


@router.post(
    "/profile/account/from-conversation",
    response_model=ProfileOut,
    responses=SESSION_ERRORS,
    summary="Save a conversation's profile to the account's profile",
)
def account_profile_from_conversation(
    body: ConversationRef, owner: Owner, account: Account, store: Store, profiles: Profiles, service: Service
) -> ProfileOut:
    """Copied with origins and dates; extracted values stay to confirm. The conversation must be this browser's."""
    owned_conversation(store, body.conversation_id, owner)
    fields = profiles.get(scope_key(body.conversation_id)).fields
    return _out(profiles, apply_update(service, profiles, scope_key(account_id=account.id), fields))


# Advisers -----------------------------------------------------------------------------------------------------


@router.get(
    "/review/profiles/{conversation_id}",
    response_model=ProfileOut,
    responses=SESSION_ERRORS,
    summary="A conversation's profile, for an adviser",
    tags=["review"],
)
def adviser_get_profile(
    conversation_id: str,
    adviser: Adviser,
    store: Store,
    profiles: Profiles,
    audit: Annotated[AuditLog, Depends(audit_dep)],
) -> ProfileOut:
    owned_conversation(store, conversation_id, None)
    audit.record(adviser, "profile.view", f"conversation:{conversation_id}")
    return _out(profiles, profiles.get(scope_key(conversation_id)))


@router.put(
    "/review/profiles/{conversation_id}",
    response_model=ProfileOut,
    responses=SESSION_ERRORS,
    summary="Set fields of a conversation's profile as an adviser",
    tags=["review"],
)
def adviser_put_profile(
    conversation_id: str,
    body: AdviserUpdate,
    adviser: Adviser,
    store: Store,
    profiles: Profiles,
    service: Service,
    audit: Annotated[AuditLog, Depends(audit_dep)],
) -> ProfileOut:
    """Values an adviser settles (after a hand-off, say) are marked `adviser`; checkers use them at once."""
    owned_conversation(store, conversation_id, None)
    updates = {k: ProfileField(value=f.value, source="adviser") for k, f in body.fields.items()}
    saved = apply_update(service, profiles, scope_key(conversation_id), updates)
    audit.record(adviser, "profile.set", f"conversation:{conversation_id}", {"fields": sorted(updates)})
    return _out(profiles, saved)
