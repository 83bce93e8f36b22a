"""The key that signs cookies: `NAVIGATOR_SECRET_KEY`, or a random key kept in the data directory.

Every worker of one deployment must sign with the same key, so the generated key is written once (mode 0600, created
exclusively so concurrent workers agree) and read back by the others.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from app.settings import Settings


def secret_key(settings: Settings) -> str:
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    return _key_file(settings.data_dir.resolve() / "secret_key")


@lru_cache(maxsize=8)
def _key_file(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()
