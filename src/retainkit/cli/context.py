"""What every command shares: the lazy database handle, --debug, and terminal checks."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from retainkit.storage.database import Database


def default_location() -> Path:
    """`retainkit.db` in the platform's user data folder."""
    from platformdirs import user_data_path

    return user_data_path("retainkit", appauthor=False) / "retainkit.db"


@dataclass
class State:
    db_option: str | None = None
    debug: bool = False
    _db: Database | None = field(default=None, repr=False)

    @property
    def location(self) -> str:
        """--db, else RETAINKIT_DB (Typer reads it into --db), else the user data folder."""
        return self.db_option or str(default_location())

    @property
    def db(self) -> Database:
        if self._db is None:
            from retainkit.storage.database import Database

            self._db = Database(self.location)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def state(ctx: typer.Context) -> State:
    """The State the root callback made (it runs before every command)."""
    obj = ctx.find_root().obj
    assert isinstance(obj, State)
    return obj


def database(ctx: typer.Context) -> Database:
    return state(ctx).db


def can_prompt() -> bool:
    """True when a person can answer prompts: a terminal on both ends."""
    return sys.stdin.isatty() and sys.stdout.isatty()
