"""The command line's one way to fail: « error: … » on stderr, then a given exit status.

Every `navigator` sub-command reports a bad input or an unusable state the same way, so scripts and people read one
format; the message's own square brackets are escaped, never taken for Rich markup.
"""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape

errors = Console(stderr=True, soft_wrap=True, highlight=False)


def fail(message: str, code: int) -> NoReturn:
    errors.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)
