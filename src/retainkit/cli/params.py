"""Parameters and parsing shared by several command groups."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from retainkit.core.errors import InputError

IdArgument = Annotated[str, typer.Argument(metavar="ID", help="Employee number.")]


def date_option(raw: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value, or None when not given."""
    from retainkit.core.fields import parse_date

    try:
        return parse_date(raw)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None


def required_date(raw: str, option: str) -> date:
    day = date_option(raw, option)
    if day is None:
        raise InputError(f"{option} needs a date (YYYY-MM-DD)")
    return day


def choice_option(raw: str | None, choices: tuple[str, ...], option: str) -> str | None:
    """One of `choices` (case and spaces forgiven), or None when not given."""
    from retainkit.core.fields import parse_choice

    try:
        return parse_choice(raw, choices)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None
