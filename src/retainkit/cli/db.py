"""`retainkit db`: where the database is, upgrades, backups, checks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from retainkit.base.errors import DatabaseError, InputError
from retainkit.cli.context import database, state, today_of
from retainkit.cli.output import Output, erasure_notes
from retainkit.cli.params import YesOption, confirmed

WAITING = "waiting for an export or backup in progress to finish (it will be listed below)"

db_app = typer.Typer(
    help="The database: path, upgrade, backup, check, purge.", no_args_is_help=True
)


def register(app: typer.Typer, name: str) -> None:
    app.add_typer(db_app, name="db")


@db_app.command("path")
def path(ctx: typer.Context) -> None:
    """Print where the database is (a file path, or a URL without its password)."""
    out = Output()
    out.value(database(ctx).describe())
    if state(ctx).db_option is None:
        out.message("(the default; choose another with --db or RETAINKIT_DB)")


@db_app.command("upgrade")
def upgrade(ctx: typer.Context) -> None:
    """Bring the schema up to this version of retainkit (runs by itself on first use)."""
    out = Output()
    old, new = database(ctx).upgrade()
    if old == new:
        out.message(f"the schema is current ({new})")
    else:
        out.message(f"upgraded the schema from {old or 'empty'} to {new}")


@db_app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The new backup file (created 0600).")],
) -> None:
    """Copy the SQLite database consistently, even while it is in use (recorded in the
    audit log; `people forget` lists the backups that still exist)."""
    from retainkit.core.audit import record
    from retainkit.storage.copies import copying
    from retainkit.storage.database import translate_errors
    from retainkit.storage.sqlite import sqlite_backup

    db = database(ctx)
    source = db.sqlite_path
    if source is None:
        raise InputError("back up a PostgreSQL database with pg_dump; db backup is for SQLite")
    if not source.exists():
        raise InputError(f"there is no database at {source} yet")

    def recorded() -> None:
        record(db, "backup", str(file.absolute()), 1, "db backup")

    with copying(db), translate_errors():
        sqlite_backup(source, file, before_it_appears=recorded)
    Output().message(f"backed up {source} to {file}")


@db_app.command("check")
def check(ctx: typer.Context) -> None:
    """Check integrity, foreign keys and the schema revision; exit 4 if anything is wrong."""
    from retainkit.storage.maintenance import health_problems

    problems = health_problems(database(ctx))
    if problems:
        raise DatabaseError(f"{len(problems)} problem(s) found", details=problems)
    Output().message("ok: integrity, foreign keys and schema are fine")


@db_app.command("purge")
def purge(
    ctx: typer.Context,
    older_than: Annotated[
        int,
        typer.Option(
            "--older-than",
            metavar="YEARS",
            help="Erase people whose last separation ended more than YEARS years ago.",
        ),
    ],
    yes: YesOption = False,
) -> None:
    """Apply a retention period: erase the personal data of everyone who left long ago.

    The same erasure as `people forget`, for every former employee (not rehired) whose last
    day is more than YEARS years back; counts, reason codes and scores stay for reports.
    """

    from retainkit.core.erasure import count_purge
    from retainkit.core.erasure import purge as purge_people

    out = Output()
    db = database(ctx)
    today = today_of(ctx)
    waiting = count_purge(db, older_than, today)
    if waiting == 0:
        out.message(f"nobody left more than {older_than} years ago; nothing to erase")
        return
    confirmed(
        yes, f"Erase the personal data of {waiting} people who left over {older_than} years ago?"
    )
    erasure = purge_people(db, older_than, today, waiting=lambda: out.message(WAITING))
    out.message(
        f"erased the personal data of {len(erasure.pseudonyms)} people; "
        f"{erasure.total} values erased or replaced"
    )
    erasure_notes(out, erasure)
