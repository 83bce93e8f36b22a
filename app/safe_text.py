"""Text that is safe to process, encode and show back: no lone surrogates, no server paths in messages.

Python keeps a lone UTF-16 surrogate (`"\\ud800"` in JSON, or an undecodable byte in `argv`/stdin mapped by
`surrogateescape`) inside a `str`; anything that later encodes the text to UTF-8 (the embedder, a JSON response,
the terminal) then fails. Input is checked once at the edge; messages shown to clients are made printable here.
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
# Three or more path segments starting at the root: "/srv/data/index/CURRENT", "/tmp/x/y.sqlite3".
_ABSOLUTE_PATH = re.compile(r"(?<![\w.:/])/(?:[^\s/'\"(),:;]+/){2,}([^\s/'\"(),:;]*)")


def has_lone_surrogate(text: str) -> bool:
    return bool(_SURROGATE.search(text))


def printable(text: str) -> str:
    """The text with lone surrogates replaced by U+FFFD, so it can always be encoded to UTF-8."""
    return _SURROGATE.sub("\ufffd", text)


def without_paths(text: str) -> str:
    """Hide absolute server paths in a message, keeping only the last component (`…/CURRENT`)."""
    return _ABSOLUTE_PATH.sub(lambda m: "…/" + m.group(1) if m.group(1) else "…/", text)


def client_message(text: str) -> str:
    """What a client may see of an error message: printable and without server paths."""
    return without_paths(printable(text))


def describe(exc: BaseException) -> str:
    """A short cause for an error message: no input excerpts (pydantic dumps), no absolute paths."""
    from pathlib import Path

    from pydantic import ValidationError

    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.strerror}: {Path(exc.filename).name}" if exc.filename else exc.strerror
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        return f"{exc.error_count()} invalid field(s), first {where or 'value'}: {first.get('msg')}"
    text = client_message(str(exc)).splitlines()[0] if str(exc) else ""
    return f"{exc.__class__.__name__}: {text[:200]}" if text else exc.__class__.__name__
