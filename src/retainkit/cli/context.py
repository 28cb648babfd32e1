"""What every command shares: the clock, the lazy database handle, --debug, terminal checks."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from retainkit.storage.database import Database


def default_location() -> Path:
    """`retainkit.db` in the platform's user data folder."""
    from platformdirs import user_data_path

    return user_data_path("retainkit", appauthor=False) / "retainkit.db"


TODAY_VARIABLE = "RETAINKIT_TODAY"
"""Runs a command as if today were another day (YYYY-MM-DD). For tests, which pin the date so
they pass on every day of the year; deliberately not in --help."""


def wall_clock() -> datetime:
    """The current time, aware UTC."""
    return datetime.now(UTC)


def read_clock() -> tuple[date, Callable[[], datetime]]:
    """Today, and a function giving the current UTC time: the only place retainkit reads
    the clock. Everything below the CLI takes them as arguments."""
    pinned = os.environ.get(TODAY_VARIABLE)
    if not pinned:
        return date.today(), wall_clock
    from retainkit.base.errors import InputError

    try:
        today = date.fromisoformat(pinned)
    except ValueError:
        raise InputError(f"{TODAY_VARIABLE} must be a date, YYYY-MM-DD; unset it") from None
    return today, lambda: datetime.combine(today, wall_clock().timetz())


USER_VARIABLE = "RETAINKIT_USER"
"""Who is running retainkit, as the audit log records it (for a shared account)."""


def check_user_variable() -> None:
    """RETAINKIT_USER, when set, is checked like every free text (no control characters, no
    bytes that are not UTF-8) and must fit the audit log's column, before the database is
    opened: a bad value is one line and exit 2, not a line in the log a terminal would run."""
    value = os.environ.get(USER_VARIABLE)
    if value:
        from retainkit.core.text import text_option

        text_option(value, USER_VARIABLE, "audit_event.actor", multiline=False)


@dataclass
class State:
    db_option: str | None = None
    debug: bool = False
    db_on_command_line: bool = False
    _db: Database | None = field(default=None, repr=False)

    @cached_property
    def clock(self) -> tuple[date, Callable[[], datetime]]:
        return read_clock()

    @property
    def today(self) -> date:
        """The date the command runs on, read once."""
        return self.clock[0]

    def now(self) -> datetime:
        return self.clock[1]()

    @property
    def location(self) -> str:
        """--db, else RETAINKIT_DB (Typer reads it into --db), else the user data folder."""
        return str(default_location()) if self.db_option is None else self.db_option

    @property
    def db(self) -> Database:
        if self._db is None:
            from retainkit.storage.database import Database

            check_user_variable()
            self._db = Database(self.location, now=self.now)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            if self._db.created:
                # A typo in a path would otherwise go unnoticed behind an empty result.
                from retainkit.cli.terminal import visible

                where = visible(self._db.describe())
                typer.echo(f"note: created a new database at {where}", err=True)


def state(ctx: typer.Context) -> State:
    """The State the root callback made (it runs before every command)."""
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


def database(ctx: typer.Context) -> Database:
    return state(ctx).db


def command_hint(ctx: typer.Context, command: str) -> str:
    """A command line to copy: it carries the --db given to this one, so it reads the same
    database."""
    import shlex

    current = state(ctx)
    if current.db_on_command_line and current.db_option:
        return f"retainkit --db {shlex.quote(current.db_option)} {command}"
    return f"retainkit {command}"


def today_of(ctx: typer.Context) -> date:
    """The date the command runs on: the one place commands get it from."""
    return state(ctx).today


def can_prompt() -> bool:
    """True when a person can answer prompts: a terminal on both ends."""
    return sys.stdin.isatty() and sys.stdout.isatty()
