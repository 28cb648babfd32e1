"""`retainkit export excel`: every report, with charts, and one row per interview, in one
workbook for the management meeting."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from retainkit.cli.context import database, today_of
from retainkit.cli.output import Output
from retainkit.cli.reports import FromOption, LangOption, PeriodOption, ToOption, options

if TYPE_CHECKING:
    from retainkit.reports import interview_list

export_app = typer.Typer(
    help="Export reports: an Excel workbook for management.", no_args_is_help=True
)


def register(app: typer.Typer, name: str) -> None:
    app.add_typer(export_app, name=name)


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
    department: Annotated[
        str | None,
        typer.Option(
            "--department", metavar="NAME", help="Only this department (small groups hidden in it)."
        ),
    ] = None,
    manager: Annotated[
        str | None,
        typer.Option(
            "--manager",
            metavar="ID",
            help="Only the organisation below this manager, at any depth (small groups hidden "
            "in it).",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    quotes: Annotated[
        bool,
        typer.Option(
            "--quotes",
            help="Quote comments on the Comments sheet, people named in them pseudonymised "
            "(departments under report.min_comments left out).",
        ),
    ] = False,
) -> None:
    """Write every report, with charts, and one row per interview, to an Excel workbook."""
    from dataclasses import replace

    from retainkit.reports.excel import export
    from retainkit.reports.scope import scope_of

    out = Output()
    db = database(ctx)
    with db.read() as session:
        opts = options(session, today_of(ctx), start, end, period, None, lang)
        opts = replace(opts, scope=scope_of(session, department, manager, opts.lang))
    opts = replace(opts, quotes=quotes)
    with _progress_bar(sys.stderr.isatty()) as progress, _fewer_collections():
        exported = export(db, file, opts, anonymize=anonymize, force=force, progress=progress)
    out.message(
        f"wrote {file}: {exported.sheets} sheets, {exported.interviews} interviews, "
        f"{opts.start} – {opts.end}"
        + (f", {opts.scope.kind} {opts.scope.value}" if opts.scope else "")
        + (" (anonymized)" if anonymize else "")
    )
    for note in exported.notes:
        out.message(note)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The export makes millions of short-lived objects and keeps few: Python's garbage
    collector runs less often meanwhile, and leaves alone what was loaded before it (the
    modules, the database's metadata), which it would otherwise go over again and again
    (a tenth of the export's CPU time at 10,000 interviews; memory stays as it was)."""
    import gc

    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


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
