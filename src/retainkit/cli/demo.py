"""`retainkit demo`: a realistic synthetic organisation to try every command on."""

from __future__ import annotations

from typing import Annotated

import typer

from retainkit.cli.context import command_hint, database, today_of
from retainkit.cli.output import Output


def register(app: typer.Typer, name: str) -> None:
    app.command("demo")(demo)


def demo(
    ctx: typer.Context,
    people: Annotated[
        int, typer.Option("--people", min=10, max=1_000_000, help="How many people, all told.")
    ] = 300,
    seed: Annotated[int, typer.Option(help="The same seed gives the same organisation.")] = 7,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace everything already in the database."),
    ] = False,
) -> None:
    """Fill the database with a synthetic organisation to try every command on."""
    from retainkit.demo.writer import write_demo

    out = Output()
    db = database(ctx)
    summary = write_demo(db, people=people, seed=seed, today=today_of(ctx), force=force)
    out.message(
        f"demo organisation written to {db.describe()}: {summary.people} people "
        f"({summary.departed} departed), {summary.separations} separations, "
        f"{summary.interviews} interviews, {summary.actions} action items, "
        f"{summary.contacts} past contacts, {summary.planned} planned, "
        f"{summary.forms} written questionnaire forms mailed"
    )
    out.message(f"try: {command_hint(ctx, 'followup due')}")
