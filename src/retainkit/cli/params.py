"""Parameters and parsing shared by several command groups."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from retainkit.base.errors import InputError
from retainkit.core.fields import choice_option as choice_option
from retainkit.core.fields import number_argument

IdArgument = Annotated[str, typer.Argument(metavar="ID", help="Employee number.")]
# The options of both imports (people and separations), which read files the same way.
EncodingOption = Annotated[
    str | None,
    typer.Option(help="Text encoding of a CSV, like gb18030 (found by itself if not given)."),
]
DateFormatOption = Annotated[
    str | None,
    typer.Option(help="How dates are written if not year first, like DD.MM.YYYY or %m/%d/%Y."),
]


START_OPTIONS = ("--from", "--since")
"""Options that start a range: 9999-12-31 ("no date" in HR systems) is refused there, since
no date would mean no start at all."""


def date_option(raw: str | None, option: str) -> date | None:
    """A YYYY-MM-DD option value, or None when not given (or 9999-12-31 where it may be
    open)."""
    from retainkit.core.fields import date_argument

    return date_argument(raw, option, start=option in START_OPTIONS)


def required_date(raw: str, option: str) -> date:
    from retainkit.core.fields import date_argument

    day = date_argument(raw, option, required=True)
    assert day is not None
    return day


def separation_number(raw: str) -> int:
    return number_argument(raw, "a separation number", "retainkit separation list")


YesOption = Annotated[
    bool, typer.Option("--yes", help="Do it without asking (for scripts and cron).")
]


def confirmed(yes: bool, question: str, lang: str = "en") -> None:
    """Go on only when --yes was given or a person at the terminal said yes (asked in
    `lang`: en or zh)."""
    if yes:
        return
    from retainkit.base import words
    from retainkit.cli.context import can_prompt

    def said(key: str) -> str:
        return words.word(words.INTERVIEW, key, lang)

    if not can_prompt():
        raise InputError(f"{question} {said('confirm_with_yes')}")
    import questionary

    if lang == "en":
        answer = questionary.confirm(question, default=False).ask()
    else:  # questionary's confirm says "(y/N)" and "Yes" in English
        answer = questionary.select(
            question,
            choices=[
                questionary.Choice(said("no"), value=False, shortcut_key="n"),
                questionary.Choice(said("yes"), value=True, shortcut_key="y"),
            ],
            use_shortcuts=True,
            instruction=f"（{said('pick')}）",
        ).ask()
    if answer is None:
        raise KeyboardInterrupt
    if not answer:
        raise InputError(said("not_confirmed"))
