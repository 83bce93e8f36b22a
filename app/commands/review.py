"""`navigator review`: re-check validated answers against the index, export them as gold items."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from app.settings import Settings, get_settings

app = typer.Typer(no_args_is_help=True, help="Advisers' validated answers: re-check, export.")
console = Console(stderr=True, soft_wrap=True, highlight=False)


def recheck(settings: Settings) -> dict[str, str]:
    """Mark stale the validated answers whose cited passages changed, disappeared or expired."""
    from app.records.store import get_store
    from app.retrieve.index_reader import get_index
    from app.review.staleness import recheck_all

    return recheck_all(settings, get_store(settings.resolved_database_url).engine, get_index(settings))


@app.command("recheck")
def recheck_command():
    """Re-check every validated answer against the current index (`navigator ingest` does it too)."""
    stale = recheck(get_settings())
    for answer_id, reason in stale.items():
        console.print(f"stale: {answer_id} — {reason.splitlines()[0]}")
    console.print(f"{len(stale)} validated answers went stale")


@app.command("export")
def export(out: Annotated[Path, typer.Option("--out", help="JSONL file of gold items")]):
    """Export validated and corrected answers as gold items for `navigator eval answers --gold FILE`."""
    from app.records.store import get_store
    from app.retrieve.index_reader import get_index
    from app.review.export import export_jsonl

    settings = get_settings()
    count = export_jsonl(get_store(settings.resolved_database_url).engine, out, get_index(settings))
    console.print(f"{count} validated answers written to {out}")
