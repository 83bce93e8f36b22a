"""`navigator records`: retention and erasure of stored answer records (RGPD: storage limitation, right to erasure)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from app.commands.output import fail
from app.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Stored answer records: retention and erasure.")
console = Console(stderr=True, soft_wrap=True, highlight=False)


@app.command("prune")
def prune(
    days: Annotated[
        int | None,
        typer.Option("--days", min=1, help="Keep this many days (default: NAVIGATOR_RECORDS_RETENTION_DAYS)"),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would be erased, erase nothing")] = False,
):
    """Erase answer records and feedback older than the retention period (run it daily, e.g. from cron)."""
    from app.records.store import get_store, retention_cutoff

    settings = get_settings()
    days = days or settings.records_retention_days
    if not days:
        fail("no retention period: set NAVIGATOR_RECORDS_RETENTION_DAYS or pass --days", 2)
    counts = get_store(settings.resolved_database_url).prune(retention_cutoff(days), dry_run=dry_run)
    verb = "would erase" if dry_run else "erased"
    console.print(
        f"{verb} {counts['answers']} answers and {counts['feedback']} feedback entries older than {days} days"
    )


@app.command("delete")
def delete(conversation_id: Annotated[str, typer.Argument(help="The conversation to erase, with all its answers")]):
    """Erase one conversation and everything stored with it (an erasure request)."""
    from app.records.store import UnknownConversation, get_store

    try:
        erased = get_store(get_settings().resolved_database_url).delete_conversation(conversation_id)
    except UnknownConversation as exc:
        fail(str(exc), 2)
    console.print(f"erased conversation {conversation_id}: {erased} answers")
