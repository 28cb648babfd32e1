"""`retainkit report comments`: what leavers' comments touch, by theme, per period and
group, above the comment threshold (report.min_comments)."""

from __future__ import annotations

from typing import Annotated

import typer

from retainkit.cli.output import Format, FormatOption
from retainkit.cli.reports import FromOption, LangOption, PeriodOption, ToOption, run_report


def add_to(report_app: typer.Typer) -> None:
    report_app.command("comments")(comments)


def comments(
    ctx: typer.Context,
    start: FromOption = None,
    end: ToOption = None,
    period: PeriodOption = "quarter",
    by: Annotated[
        str | None,
        typer.Option("--by", metavar="department|level|kind", help="Break the rows down."),
    ] = None,
    lang: LangOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Leavers whose exit-interview comments touch each theme (pay, manager, growth...), per
    period; nothing of a group with comments from fewer than report.min_comments leavers."""
    run_report(ctx, "comments", fmt, start, end, period, by, lang)
