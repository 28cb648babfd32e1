"""`retainkit audit`: the log of exports, backups, erasures and purges."""

from __future__ import annotations

from typing import Annotated

import typer

from retainkit.cli.context import database
from retainkit.cli.output import Format, FormatOption, Output
from retainkit.cli.params import date_option

LIST_KEYS = ("id", "at", "actor", "action", "target", "rows", "detail")
audit_app = typer.Typer(
    help="The audit log: every export, backup, erasure and purge.", no_args_is_help=True
)


def register(app: typer.Typer, name: str) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("list")
def list_(
    ctx: typer.Context,
    action: Annotated[
        str | None,
        typer.Option("--action", help="Only this action: export, backup, forget or purge."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Only from this day on (YYYY-MM-DD).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Who exported, backed up or erased personal data, when, what, and how many rows."""
    from retainkit.core.audit import audit_events

    events = audit_events(database(ctx), action=action, since=date_option(since, "--since"))
    rows = [
        {
            "id": event.id,
            "at": event.at.replace(microsecond=0),
            "actor": event.actor,
            "action": event.action,
            "target": event.target,
            "rows": event.row_count,
            "detail": event.detail,
        }
        for event in events
    ]
    Output(fmt).rows(rows, keys=LIST_KEYS, title="Audit log", empty="the audit log is empty")
