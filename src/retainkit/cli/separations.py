"""`retainkit depart` and `retainkit separation`: recording and correcting departures."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from retainkit.base.vocab import SEPARATION_KINDS, SEPARATION_STATUSES
from retainkit.cli.context import database, today_of
from retainkit.cli.output import Col, Format, FormatOption, Output, keys_of
from retainkit.cli.params import (
    DateFormatOption,
    EncodingOption,
    IdArgument,
    choice_option,
    date_option,
    required_date,
    separation_number,
)
from retainkit.cli.rows import named, row

if TYPE_CHECKING:
    from retainkit.core.separation_import import SeparationImport

separation_app = typer.Typer(
    help="Separations: import, list, show, cancel a mistaken one; withdraw (the leaver stays) "
    "or confirm an exit.",
    no_args_is_help=True,
)
SeparationArgument = Annotated[str, typer.Argument(metavar="N", help="Separation number.")]
LIST_COLUMNS = (
    Col("id", keep=None),
    "employee_no",
    Col("name", keep=None),
    "kind",
    "last_day",
    "regrettable",
    "department",
    "status",
)


def register(app: typer.Typer, name: str) -> None:
    if name == "depart":
        app.command("depart")(depart_)
    else:
        app.add_typer(separation_app, name="separation")


def depart_(
    ctx: typer.Context,
    employee_no: IdArgument,
    last_day: Annotated[str, typer.Option(help="Last working day (YYYY-MM-DD).")],
    kind: Annotated[str, typer.Option(help=f"One of: {', '.join(SEPARATION_KINDS)}.")],
    notice_date: Annotated[
        str | None, typer.Option(help="When notice was given (YYYY-MM-DD).")
    ] = None,
    regrettable: Annotated[
        bool | None,
        typer.Option(
            "--regrettable/--not-regrettable",
            help="A loss the organisation regrets. Default: voluntary and performance 4+ "
            "or high performer.",
            show_default=False,
        ),
    ] = None,
    rehire_eligible: Annotated[
        bool | None,
        typer.Option(
            "--rehire-eligible/--not-rehire-eligible",
            help="May be hired again. Default: yes, unless involuntary.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Record that a person leaves: last day, kind, regrettable, eligible for rehire."""
    from retainkit.core.separations import depart

    out = Output()
    separation = depart(
        database(ctx),
        employee_no,
        last_day=required_date(last_day, "--last-day"),
        kind=choice_option(kind, SEPARATION_KINDS, "--kind") or "",
        notice_date=date_option(notice_date, "--notice-date"),
        regrettable=regrettable,
        rehire_eligible=rehire_eligible,
        today=today_of(ctx),
    )
    out.message(
        f"recorded separation {separation.id} for {employee_no}: {separation.kind}, "
        f"last day {separation.last_day.isoformat()}"
        + (", regrettable" if separation.regrettable else "")
    )
    from retainkit.core.interviewer import interviewer_suggestion

    role, why = interviewer_suggestion(database(ctx), employee_no)
    out.message(
        f"suggested exit interviewer: {role} ({why}); then: retainkit interview exit "
        f"{employee_no} --held-by {role}"
    )


@separation_app.command("list")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None, typer.Option(help=f"Only {', '.join(SEPARATION_STATUSES)} ones.")
    ] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind.")] = None,
    department: Annotated[str | None, typer.Option(help="Only this department.")] = None,
    person: Annotated[str | None, typer.Option(help="Only this employee number.")] = None,
    since: Annotated[
        str | None, typer.Option("--from", help="Last day on or after (YYYY-MM-DD).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--to", help="Last day on or before (YYYY-MM-DD).")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List separations, newest last day first."""
    from retainkit.core.separations import SeparationRecord, list_separations

    separations = list_separations(
        database(ctx),
        status=choice_option(status, SEPARATION_STATUSES, "--status"),
        kind=choice_option(kind, SEPARATION_KINDS, "--kind"),
        department=department,
        person=person,
        since=date_option(since, "--from"),
        until=date_option(until, "--to"),
    )
    Output(fmt).rows(
        separations,
        keys=keys_of(SeparationRecord),
        table=LIST_COLUMNS,
        empty="no separations match; record one with retainkit depart",
    )


@separation_app.command("show")
def show(ctx: typer.Context, number: SeparationArgument, fmt: FormatOption = Format.table) -> None:
    """Show one separation."""
    from retainkit.core.people import names_of
    from retainkit.core.separations import get_separation

    out = Output(fmt)
    db = database(ctx)
    separation = get_separation(db, separation_number(number))
    if fmt is not Format.table:
        out.record(separation)
        return
    names = names_of(db, [separation.manager_no])
    out.record(
        named(row(separation), "manager_no", "manager", names),
        title=f"Separation {separation.id}",
    )


@separation_app.command("cancel")
def cancel(
    ctx: typer.Context,
    number: SeparationArgument,
    why: Annotated[str, typer.Option(help="Why it was recorded by mistake.")],
) -> None:
    """Cancel a separation recorded by mistake; it is kept, and the person is active again."""
    from retainkit.core.separations import cancel_separation

    separation = cancel_separation(database(ctx), separation_number(number), why, today_of(ctx))
    Output().message(f"cancelled separation {separation.id}; {separation.employee_no} is active")


NoteOption = Annotated[str | None, typer.Option(help="What was decided, and why.")]


@separation_app.command("withdraw")
def withdraw(ctx: typer.Context, number: SeparationArgument, note: NoteOption = None) -> None:
    """The leaver was kept (a save): the separation is withdrawn, kept in the history but no
    longer counted; the person is active again, the leaver's contacts are cancelled, and the
    open retention action items are closed."""
    _decide(ctx, number, "retained", note)


@separation_app.command("confirm")
def confirm(ctx: typer.Context, number: SeparationArgument, note: NoteOption = None) -> None:
    """The retention chance ended in the person leaving: the exit is confirmed, the
    separation stands, and the open retention action items are closed."""
    _decide(ctx, number, "left", note)


def _decide(ctx: typer.Context, number: str, decision: str, note: str | None) -> None:
    from retainkit.core.retention import decide

    done = decide(database(ctx), separation_number(number), decision, today_of(ctx), note)
    what = (
        f"withdrew separation {done.separation_id}: {done.employee_no} stays (a save)"
        if decision == "retained"
        else f"confirmed the exit of separation {done.separation_id} ({done.employee_no})"
    )
    closed = ", ".join(map(str, done.actions_closed))
    Output().message(what + (f"; retention action items closed: {closed}" if closed else ""))


@separation_app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="A CSV or XLSX export of leavers (the header is row 1).")
    ],
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map", metavar="'HEADER=field'", help="Fill a field from a column (repeatable)."
        ),
    ] = None,
    values: Annotated[
        list[str] | None,
        typer.Option(
            "--value",
            metavar="'field:RAW=value'",
            help="Translate a value, like 'kind:Resignation=voluntary' or "
            "'reason:Better offer=compensation' (both reason columns); repeatable.",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Check the file and say what it would do; write nothing at all."
        ),
    ] = False,
    encoding: EncodingOption = None,
    date_format: DateFormatOption = None,
    known_only: Annotated[
        bool,
        typer.Option(
            "--known-only",
            help="Refuse the file if it names people not in retainkit (they are listed); "
            "without it they are added from their row, which then needs their name.",
        ),
    ] = False,
) -> None:
    """Import separations from an HR system's export, all or nothing; importing it again
    changes nothing, a corrected file corrects. Past ones are planned only where a
    contact's window is still open."""
    from retainkit.core.separation_import import import_separations

    out = Output()
    result = import_separations(
        database(ctx),
        file,
        maps=maps,
        values=values,
        dry_run=dry_run,
        encoding=encoding,
        date_format=date_format,
        known_only=known_only,
        today=today_of(ctx),
    )
    if result.error is not None:  # a dry run: what it understood, then what is wrong
        for line in _understood(result):
            out.message(line)
        raise result.error
    for line in _import_summary(result):
        out.message(line)


def _understood(result: SeparationImport) -> list[str]:
    """The columns a dry run found and the values it read, as lines."""
    lines = ["columns: " + ", ".join(f"{h!r} -> {f}" for h, f in result.columns.items())]
    for name, seen in result.values.items():
        lines.append(f"{name.replace('_', ' ')}: " + "; ".join(map(_seen, seen)))
    if result.ignored_columns:
        lines.append(f"columns not imported: {', '.join(result.ignored_columns)}")
    return lines


def _import_summary(result: SeparationImport) -> list[str]:
    from retainkit.base.words import CONTACT_KIND_LABELS

    def counted(counts: dict[str, int], handovers: int) -> str:
        kinds = [
            f"{CONTACT_KIND_LABELS[k]} {counts[k]}" for k in CONTACT_KIND_LABELS if k in counts
        ]
        if handovers:
            kinds.append(f"handover checklist {handovers}")
        return ", ".join(kinds) or "nothing"

    would = result.dry_run
    lines = [
        f"{'would import' if would else 'imported'} {result.rows} rows: {result.new} new "
        f"separations, {result.corrected} corrected, {result.unchanged} unchanged; "
        f"{result.people_added} people added"
    ]
    if would:
        lines += [line for line in _understood(result) if not line.startswith("columns not")]
    if result.cancelled:
        lines.append(f"{result.cancelled} rows name separations cancelled earlier: left cancelled")
    if result.history or result.returned:
        kept = [f"{result.history} from the file"] if result.history else []
        kept += [f"{result.returned} stored that were open"] if result.returned else []
        lines.append(f"kept as history, the person came back since: {', '.join(kept)}")
    lines.append(
        f"{'would plan' if would else 'planned'}: {counted(result.planned, result.handovers)}"
    )
    if result.closed or result.handovers_closed:
        lines.append(
            "not planned, the window closed before today: "
            + counted(result.closed, result.handovers_closed)
        )
    if result.not_contacted:
        lines.append(f"{result.not_contacted} leavers asked not to be contacted: nothing planned")
    if result.ignored_columns:
        lines.append(f"columns not imported: {', '.join(result.ignored_columns)}")
    return lines


def _seen(value_rows_words: tuple[str, int, list[tuple[str, int]]]) -> str:
    """A value a dry run understood: "voluntary 12 ('Resignation' 10, 'Quit' 2)"; the
    words of the file only when they are not the value itself."""
    value, rows, words = value_rows_words
    if [word for word, _ in words] == [value]:
        return f"{value} {rows}"
    return f"{value} {rows} ({', '.join(f'{word!r} {n}' for word, n in words)})"
