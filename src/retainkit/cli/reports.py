"""`retainkit report ...` and `retainkit export excel`: attrition reports for management."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from retainkit.cli.context import database, today_of
from retainkit.cli.output import Col, Format, FormatOption, Output
from retainkit.cli.params import date_option

if TYPE_CHECKING:
    from datetime import date

    from sqlalchemy.orm import Session

    from retainkit.reports import interview_list
    from retainkit.reports.model import Options, Report

report_app = typer.Typer(
    help="Attrition reports: reasons, turnover, cost, scores, interviews, follow-ups, actions.",
    no_args_is_help=True,
)
export_app = typer.Typer(
    help="Export reports: an Excel workbook for management.", no_args_is_help=True
)

FromOption = Annotated[
    str | None,
    typer.Option("--from", metavar="DATE", help="First day (default: four periods back)."),
]
ToOption = Annotated[
    str | None, typer.Option("--to", metavar="DATE", help="Last day (default: today).")
]
PeriodOption = Annotated[
    str, typer.Option("--period", "-p", metavar="month|quarter|year", help="Columns per period.")
]
ByOption = Annotated[
    str | None,
    typer.Option(
        "--by", metavar="department|manager|level|kind|tenure", help="Break the rows down."
    ),
]
LangOption = Annotated[
    str | None, typer.Option("--lang", metavar="en|zh", help="Labels (default: setting lang).")
]
ShowSmallOption = Annotated[
    bool,
    typer.Option(
        "--show-small-groups",
        help="Show what report.min_group hides, in your own terminal only; audit-logged.",
    ),
]


def on_terminal() -> bool:
    """Whether the table goes to a person's terminal, not to a pipe or a file."""
    return sys.stdout.isatty()


def register(app: typer.Typer, name: str) -> None:
    if name == "report":
        app.add_typer(report_app, name="report")
    else:
        app.add_typer(export_app, name="export")


def options(
    session: Session,
    today: date,
    start: str | None,
    end: str | None,
    period: str,
    by: str | None,
    lang: str | None,
    allowed_by: tuple[str, ...] | None = None,
) -> Options:
    """The parsed, checked options every report takes."""
    from retainkit.core.fields import choice_option, required_choice
    from retainkit.core.reasons import LANGUAGES
    from retainkit.core.settings import load_settings
    from retainkit.reports.groups import BY_CHOICES, check_by
    from retainkit.reports.model import Options
    from retainkit.reports.periods import PERIODS, back_from, default_range, periods

    kind = required_choice(period, PERIODS, "--period")
    first, last = default_range(today, kind)
    last = date_option(end, "--to") or last
    first = date_option(start, "--from") or (first if end is None else back_from(last, kind))
    settings = load_settings(session)
    language = choice_option(lang, LANGUAGES, "--lang") or settings.lang
    return Options(
        start=first,
        end=last,
        spans=periods(first, last, kind, language),
        by=check_by(by, allowed_by or BY_CHOICES),
        min_group=settings.report_min_group,
        lang=language,
        today=today,
    )


def show(report: Report, out: Output, lang: str, title: str) -> None:
    """A report as a table fitted to the width (numbers right-aligned, hidden values as *)
    or as json/csv (hidden values as "suppressed"); its notes follow as messages."""
    from retainkit.reports.model import SUPPRESSED

    if out.fmt is Format.table:
        rows = [
            {c.key: _text(row.get(c.key), c.kind) for c in report.columns} for row in report.rows
        ]
    else:
        rows = [
            {k: ("suppressed" if v is SUPPRESSED else v) for k, v in row.items()}
            for row in report.rows
        ]
    out.rows(
        rows,
        keys=[c.key for c in report.columns],
        table=table_columns(report, lang),
        title=title,
        empty="nothing to report in that range",
        notes=report.notes,
    )


def table_columns(report: Report, lang: str) -> list[Col]:
    """The report's columns for a table too narrow for all of them: the labels of a row are
    never left out; of the figures, the total stays longest, then the newest period, and
    other measures go from the right."""
    periods = [c.key for c in report.columns if c.label is not None]
    columns = []
    for column in report.columns:
        if column.kind == "text":
            keep = None
        elif column.key == "total":
            keep = len(periods) + 1
        elif column.key in periods:
            keep = periods.index(column.key) + 1
        else:
            keep = 0
        numeric = column.kind not in ("text", "date")
        columns.append(Col(column.key, column.title(lang), numeric=numeric, keep=keep))
    return columns


def _text(value: Any, kind: str) -> str:
    from retainkit.reports.model import SUPPRESSED

    if value is None:
        return ""
    if value is SUPPRESSED:
        return "*"
    if kind == "money":
        return f"{value:,.0f}"
    if kind in ("rate", "score", "number") and isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _run(
    ctx: typer.Context,
    name: str,
    fmt: Format,
    start: str | None,
    end: str | None,
    period: str,
    by: str | None,
    lang: str | None,
    show_small_groups: bool = False,
    **extra: Any,
) -> None:
    from dataclasses import replace

    from retainkit.base.errors import InputError
    from retainkit.core.audit import record
    from retainkit.reports import build
    from retainkit.reports.model import word

    if show_small_groups and (fmt is not Format.table or not on_terminal()):
        raise InputError(
            "--show-small-groups shows hidden figures on your own terminal only: "
            "leave out --format and any redirection, or drop the option"
        )
    db = database(ctx)
    with db.read() as session:
        opts = options(session, today_of(ctx), start, end, period, by, lang, build.allowed_by(name))
        if show_small_groups:
            opts = replace(opts, min_group=1)
        report = build.report(session, name, opts, **extra)
    title = f"{word(report.key, opts.lang)} {opts.start} – {opts.end}"
    if show_small_groups:
        detail = f"report {name}{' by ' + by if by else ''}, small groups shown on a terminal"
        record(db, "export", "terminal", len(report.rows), detail)
        report.notes.append(
            "Small groups are shown (--show-small-groups): for your eyes only; this view "
            "is in the audit log."
        )
    show(report, Output(fmt), opts.lang, title)


@report_app.command("reasons")
def reasons(
    ctx: typer.Context,
    start: FromOption = None,
    end: ToOption = None,
    period: PeriodOption = "quarter",
    by: ByOption = None,
    verified: Annotated[
        bool, typer.Option("--verified", help="Use verified reasons where they exist.")
    ] = False,
    compare: Annotated[
        bool,
        typer.Option("--compare", help="Stated against verified primary reasons, side by side."),
    ] = False,
    lang: LangOption = None,
    fmt: FormatOption = Format.table,
    show_small_groups: ShowSmallOption = False,
) -> None:
    """Separations by primary reason (and contributing reasons), per period."""
    name = "compare" if compare else "reasons"
    _run(ctx, name, fmt, start, end, period, by, lang, show_small_groups, use_verified=verified)


def _plain_report(name: str, summary: str) -> None:
    """A report command that takes just the options every report takes."""

    def command(
        ctx: typer.Context,
        start: FromOption = None,
        end: ToOption = None,
        period: PeriodOption = "quarter",
        by: ByOption = None,
        lang: LangOption = None,
        fmt: FormatOption = Format.table,
        show_small_groups: ShowSmallOption = False,
    ) -> None:
        _run(ctx, name, fmt, start, end, period, by, lang, show_small_groups)

    command.__doc__ = summary
    report_app.command(name)(command)


PLAIN_BEFORE_SCORES = (
    (
        "turnover",
        "Separations by kind, average headcount, turnover (annualised, trailing 12 months), "
        "early attrition, retention.",
    ),
    ("cost", "Turnover cost: salary × a replacement factor by level, plus a cost per hire."),
)
PLAIN_AFTER_SCORES = (
    (
        "interviews",
        "Exit interview coverage, declines, open drafts, follow-ups on time, rehire interest.",
    ),
    ("followups", "Follow-up contacts after leaving by kind: due, done on time, late, not done."),
)
for _name, _summary in PLAIN_BEFORE_SCORES:  # in the order `report --help` lists them
    _plain_report(_name, _summary)


@report_app.command("scores")
def scores(
    ctx: typer.Context,
    start: FromOption = None,
    end: ToOption = None,
    period: PeriodOption = "quarter",
    by: ByOption = None,
    kind: Annotated[
        str, typer.Option("--kind", metavar="exit|stay|followup", help="Which interviews.")
    ] = "exit",
    lang: LangOption = None,
    fmt: FormatOption = Format.table,
    show_small_groups: ShowSmallOption = False,
) -> None:
    """Mean score per dimension and question (0-100) and eNPS, with the change per period."""
    from retainkit.base.vocab import INTERVIEW_KINDS
    from retainkit.core.fields import choice_option

    chosen = choice_option(kind, INTERVIEW_KINDS, "--kind")
    _run(ctx, "scores", fmt, start, end, period, by, lang, show_small_groups, kind=chosen)


for _name, _summary in PLAIN_AFTER_SCORES:
    _plain_report(_name, _summary)


@report_app.command("actions")
def actions(
    ctx: typer.Context,
    start: FromOption = None,
    end: ToOption = None,
    period: PeriodOption = "quarter",
    lang: LangOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Action items per kind and owner: open, overdue, done, done and informed, dropped."""
    _run(ctx, "actions", fmt, start, end, period, None, lang)


@report_app.command("saves")
def saves(
    ctx: typer.Context,
    start: FromOption = None,
    end: ToOption = None,
    period: PeriodOption = "quarter",
    lang: LangOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Leavers kept: retention chances, saves, save rate and turnover cost avoided."""
    _run(ctx, "saves", fmt, start, end, period, None, lang)


@export_app.command("excel")
def excel(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The workbook to write (.xlsx).")],
    start: FromOption = None,
    end: ToOption = None,
    period: PeriodOption = "quarter",
    anonymize: Annotated[
        bool,
        typer.Option(
            "--anonymize",
            help="Pseudonyms for names; no contact fields, notes or sensitive answers.",
        ),
    ] = False,
    lang: LangOption = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
) -> None:
    """Write every report, with charts, and one row per interview, to an Excel workbook."""
    from retainkit.reports.excel import export

    out = Output()
    db = database(ctx)
    with db.read() as session:
        opts = options(session, today_of(ctx), start, end, period, None, lang)
    with _progress_bar(sys.stderr.isatty()) as progress:
        exported = export(db, file, opts, anonymize=anonymize, force=force, progress=progress)
    out.message(
        f"wrote {file}: {exported.sheets} sheets, {exported.interviews} interviews, "
        f"{opts.start} – {opts.end}" + (" (anonymized)" if anonymize else "")
    )
    for note in exported.notes:
        out.message(note)


@contextmanager
def _progress_bar(show: bool) -> Iterator[interview_list.Progress | None]:
    """A progress bar for the interview list on the terminal's stderr, from its first
    interview until the workbook is written; nothing at all on a pipe."""
    if not show:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, TaskID

    bar = Progress(console=Console(stderr=True), transient=True)
    task: TaskID | None = None

    def advance(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task("interviews", total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield advance
    finally:
        bar.stop()
