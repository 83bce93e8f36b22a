"""The CLI reference in the README, generated from the real `--help` output of every command.

The README embeds it between cog markers (`cog -r README.md` regenerates it); tests/test_cli_reference.py fails when
the README and the commands have drifted apart.
"""

from __future__ import annotations

from typing import Any

from typer import rich_utils
from typer.main import get_command
from typer.testing import CliRunner

# Fixed width and no colour: the same text on every machine.
HELP_ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


def command_paths(group: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and sub-command, depth first, in the order `--help` lists them (Typer's command objects)."""
    paths = [path]
    for name, sub in (getattr(group, "commands", None) or {}).items():
        if not getattr(sub, "hidden", False):
            paths += command_paths(sub, (*path, name))
    return paths


def cli_reference() -> str:
    """Markdown: one fenced block of `--help` output per command."""
    from app.cli import app

    runner = CliRunner()
    parts = []
    # Typer reads TERMINAL_WIDTH and FORCE_COLOR/GITHUB_ACTIONS once, at import: pinned here for the same reason.
    saved = rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL
    rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL = 100, False
    try:
        for path in command_paths(get_command(app)):
            parts.append(_help_block(runner, app, path))
    finally:
        rich_utils.MAX_WIDTH, rich_utils.FORCE_TERMINAL = saved
    return "\n".join(parts)


def _help_block(runner: CliRunner, app: Any, path: tuple[str, ...]) -> str:
    result = runner.invoke(app, [*path, "--help"], env=HELP_ENV, prog_name="navigator")
    if result.exit_code != 0:
        raise RuntimeError(f"navigator {' '.join(path)} --help failed: {result.output}")
    text = "\n".join(line.rstrip() for line in result.output.splitlines()).strip("\n")
    name = " ".join(("navigator", *path))
    return f"#### `{name}`\n\n```text\n{text}\n```\n"
