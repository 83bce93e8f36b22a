"""Password hashing with argon2id through `pwdlib` (its recommended parameters), nothing hand-rolled."""

from __future__ import annotations

from functools import lru_cache

from pwdlib import PasswordHash

MIN_PASSWORD_CHARS = 12


class WeakPassword(ValueError):
    pass


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    return PasswordHash.recommended()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise WeakPassword(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant work whether or not the account exists (a dummy hash stands in), so timing tells nothing."""
    if password_hash is None:
        _hasher().verify(password, _dummy_hash())
        return False
    return _hasher().verify(password, password_hash)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash("not-a-real-password-0000")
