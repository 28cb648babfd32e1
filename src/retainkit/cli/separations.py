"""`retainkit depart` and `retainkit separation`: recording and correcting departures."""

from __future__ import annotations

from typing import Annotated

import typer

from retainkit.base.vocab import SEPARATION_KINDS, SEPARATION_STATUSES
from retainkit.cli.context import database, today_of
from retainkit.cli.output import Col, Format, FormatOption, Output, keys_of
from retainkit.cli.params import (
    IdArgument,
    choice_option,
    date_option,
    required_date,
    separation_number,
)
from retainkit.cli.rows import named, row

separation_app = typer.Typer(
    help="Separations: list, show, and cancel one recorded by mistake.", no_args_is_help=True
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
