"""`navigator users`: accounts of advisers and admins (the first admin is created here)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from app.commands.output import fail
from app.settings import get_settings

app = typer.Typer(no_args_is_help=True, help="Accounts: add, list, disable.")
console = Console(stderr=True, soft_wrap=True, highlight=False)
out = Console(highlight=False, soft_wrap=True)


def _accounts():
    from app.auth.accounts import Accounts, AuditLog
    from app.records.store import get_store

    engine = get_store(get_settings().resolved_database_url).engine
    return Accounts(engine), AuditLog(engine)


@app.command("add")
def add(
    email: Annotated[str, typer.Argument(help="The account's e-mail address (its login)")],
    role: Annotated[str, typer.Option("--role", help="founder, adviser or admin")] = "adviser",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input")
    ] = False,
):
    """Create an account; the password is asked for (twice), or read from standard input."""
    from app.auth.accounts import AccountError
    from app.auth.passwords import WeakPassword

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    accounts, audit = _accounts()
    try:
        user = accounts.add(email, role, password)
    except (AccountError, WeakPassword) as exc:
        fail(str(exc), 2)
    audit.record("cli", "user.add", f"user:{user.email}", {"role": user.role})
    console.print(f"added {user.email} ({user.role})")


@app.command("list")
def list_users():
    """List accounts."""
    accounts, _ = _accounts()
    for user in accounts.list():
        state = "disabled" if user["disabled"] else "active"
        last = user["last_login_at"].isoformat(timespec="minutes") if user["last_login_at"] else "never"
        out.print(f"{user['email']}\t{user['role']}\t{state}\tlast login: {last}")


@app.command("disable")
def disable(email: Annotated[str, typer.Argument(help="The account to disable (its sessions end at once)")]):
    """Disable an account (it is kept, for the audit log)."""
    from app.auth.accounts import AccountError

    accounts, audit = _accounts()
    try:
        user = accounts.disable(email)
    except AccountError as exc:
        fail(str(exc), 2)
    audit.record("cli", "user.disable", f"user:{user.email}")
    console.print(f"disabled {user.email}")
