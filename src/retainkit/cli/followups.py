"""`retainkit followup`, `retainkit stay` and `retainkit alumni`: the contact plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from retainkit.base.errors import DUE
from retainkit.cli.context import database, state, today_of
from retainkit.cli.output import Format, FormatOption, emit_rows, message
from retainkit.cli.params import IdArgument, required_date
from retainkit.cli.rows import row, rows

if TYPE_CHECKING:
    from retainkit.core.agenda import DueItem
    from retainkit.core.plan import PlannedContact

followup_app = typer.Typer(
    help="Follow-up contacts with former employees: what is due, logging, the plan.",
    no_args_is_help=True,
)
stay_app = typer.Typer(help="Stay interviews: who is due.", no_args_is_help=True)
alumni_app = typer.Typer(help="Alumni: tiers, the rehire pool, greetings.", no_args_is_help=True)
pool_app = typer.Typer(
    help="The rehire pool: add or remove a former employee.", no_args_is_help=True
)
ContactArgument = Annotated[str, typer.Argument(metavar="N", help="Contact number.")]
DUE_COLUMNS = (
    "id",
    "employee_no",
    "name",
    "kind",
    "due_from",
    "due_to",
    "overdue_days",
    "priority",
    "channel",
    "contact_hours",
    "last_conclusion",
    "owner",
)
WithinOption = Annotated[
    int, typer.Option("--within", min=0, max=3650, help="Days ahead to include.")
]


alumni_app.add_typer(pool_app, name="pool")


def register(app: typer.Typer, name: str) -> None:
    app.add_typer(
        {"followup": followup_app, "stay": stay_app, "alumni": alumni_app}[name], name=name
    )


def _list_due(
    ctx: typer.Context,
    *,
    within: int,
    fmt: Format,
    quiet: bool,
    check: bool,
    kinds: tuple[str, ...] | None,
    email: str | None = None,
    ics: Path | None = None,
) -> None:
    from retainkit.core.agenda import due
    from retainkit.core.audit import record

    today = today_of(ctx)
    db = database(ctx)
    items = due(db, today=today, within=within, kinds=kinds)
    if ics is not None:
        from retainkit.core.notify import calendar, write_private

        write_private(ics, calendar(items, today, state(ctx).now()))
        record(db, "export", str(ics.absolute()), len(items), "calendar of due contacts")
        if not quiet:
            message(f"wrote {len(items)} events to {ics}")
    if email is not None and items:
        from retainkit.core.notify import digest, send
        from retainkit.core.settings import read_settings

        smtp = read_settings(db).smtp
        send(digest(items, today, sender=smtp.sender, to=email), smtp)
        record(db, "export", f"mail to {email}", len(items), "digest of due contacts")
        if not quiet:
            message(f"sent the digest of {len(items)} contacts to {email}")
    if quiet:
        for item in items:
            typer.echo(item.ref)
    else:
        emit_rows(_due_rows(items, fmt), fmt, columns=DUE_COLUMNS, empty="nothing is due")
    if check and items:
        raise typer.Exit(DUE)


def _due_rows(items: list[DueItem], fmt: Format) -> list[dict[str, Any]]:
    """json and csv carry the id as a number beside its source; the table shows A12, H5."""
    if fmt is Format.table:
        return [row(item) | {"id": item.ref} for item in items]
    return rows(items)


def _described(planned: PlannedContact) -> str:
    return f"{planned.id}: {planned.label} from {planned.due_from.isoformat()}"


@followup_app.command("due")
def followup_due(
    ctx: typer.Context,
    within: WithinOption = 7,
    fmt: FormatOption = Format.table,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only ids; nothing when nothing is due.")
    ] = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 3 when something is due.")] = False,
    email: Annotated[
        str | None, typer.Option("--email", metavar="TO", help="Send the list as an email digest.")
    ] = None,
    ics: Annotated[
        Path | None, typer.Option("--ics", metavar="FILE", help="Write an iCalendar file.")
    ] = None,
) -> None:
    """Contacts due within DAYS plus everything overdue, most important first.

    Never prompts; made for cron. Exit 0 whether or not anything is due; with --check, 3
    when something is due."""
    _list_due(
        ctx, within=within, fmt=fmt, quiet=quiet, check=check, kinds=None, email=email, ics=ics
    )


@stay_app.command("due")
def stay_due(
    ctx: typer.Context,
    within: WithinOption = 30,
    fmt: FormatOption = Format.table,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only ids.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 3 when someone is due.")] = False,
) -> None:
    """High performers and core people due a stay interview, or overdue."""
    _list_due(ctx, within=within, fmt=fmt, quiet=quiet, check=check, kinds=("stay_interview",))


@followup_app.command("log")
def log(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(
            metavar="CONTACT|PERSON",
            help="A contact number (or #N), or an "
            "employee number for that person's next planned contact.",
        ),
    ],
    outcome: Annotated[str, typer.Option(help="reached, no_answer, declined or unreachable.")],
    channel: Annotated[
        str | None, typer.Option(help="phone, email, in_person or chat (default: preferred).")
    ] = None,
    note: Annotated[str | None, typer.Option(help="What was said.")] = None,
    conclusion: Annotated[
        str | None, typer.Option(help="One line for next time; shown in followup due.")
    ] = None,
    rehire_interest: Annotated[
        str | None, typer.Option(help="Would they come back: yes, maybe or no.")
    ] = None,
) -> None:
    """Record a contact. No answer plans a retry; after the last try it is unreachable."""
    from retainkit.core.followups import log_contact

    logged = log_contact(
        database(ctx), target, outcome=outcome, today=today_of(ctx), channel=channel, note=note,
        conclusion=conclusion, rehire_interest=rehire_interest,
    )  # fmt: skip
    if logged.followup_id is None:
        message(f"logged contact {logged.contact_id} (nothing was planned for this person)")
        return
    status = f"contact {logged.followup_id} is {logged.status}"
    if logged.retry_on:
        status += f"; retry from {logged.retry_on.isoformat()}"
    message(f"logged contact {logged.contact_id}; {status}")
    if logged.next_planned:
        message(f"planned next: {_described(logged.next_planned)}")


@followup_app.command("plan")
def plan(ctx: typer.Context, employee_no: IdArgument, fmt: FormatOption = Format.table) -> None:
    """A person's timeline: past contacts with outcomes and conclusions, and what is planned."""
    from retainkit.core.followups import timeline

    emit_rows(
        rows(timeline(database(ctx), employee_no)),
        fmt,
        columns=("date", "id", "kind", "status", "channel", "conclusion", "note"),
        empty="no contacts planned or logged",
    )


def _contact_number(raw: str) -> int:
    from retainkit.core.fields import number_argument

    return number_argument(raw, "a contact number", "retainkit followup due")


@followup_app.command("skip")
def skip_(
    ctx: typer.Context,
    number: ContactArgument,
    why: Annotated[str, typer.Option(help="Why it is skipped.")],
) -> None:
    """Skip a planned contact (kept in the history with the reason)."""
    from retainkit.core.followups import skip

    skipped = skip(database(ctx), _contact_number(number), why, today_of(ctx))
    message(f"skipped contact {skipped.skipped.id}")
    if skipped.next_planned:
        message(f"planned next: {_described(skipped.next_planned)}")


@followup_app.command("reschedule")
def reschedule_(
    ctx: typer.Context,
    number: ContactArgument,
    to: Annotated[str, typer.Option(help="The new first day of its window (YYYY-MM-DD).")],
) -> None:
    """Move a planned contact; its window keeps its length."""
    from retainkit.core.followups import reschedule

    followup = reschedule(
        database(ctx), _contact_number(number), required_date(to, "--to"), today_of(ctx)
    )
    message(
        f"contact {followup.id} is due {followup.due_from.isoformat()} to "
        f"{followup.due_to.isoformat()}"
    )


@alumni_app.command("list")
def alumni_list(
    ctx: typer.Context,
    tier: Annotated[str | None, typer.Option(help="outstanding or member.")] = None,
    rehire_pool: Annotated[
        bool, typer.Option("--rehire-pool", help="Only people in the rehire pool.")
    ] = False,
    fmt: FormatOption = Format.table,
) -> None:
    """Former employees, with their tier, rehire pool membership and rehire interest."""
    from retainkit.cli.params import choice_option
    from retainkit.core.alumni import TIERS, list_alumni

    alumni = list_alumni(
        database(ctx), tier=choice_option(tier, TIERS, "--tier"), rehire_pool=rehire_pool
    )
    emit_rows(rows(alumni), fmt, empty="no former employees match")


@alumni_app.command("tier")
def alumni_tier(
    ctx: typer.Context,
    employee_no: IdArgument,
    tier: Annotated[str, typer.Argument(metavar="TIER", help="outstanding or member.")],
) -> None:
    """Set a former employee's alumni tier."""
    from retainkit.cli.params import choice_option
    from retainkit.core.alumni import TIERS, set_tier

    set_tier(database(ctx), employee_no, choice_option(tier, TIERS, "TIER") or "")
    message(f"{employee_no} is now in the {tier.lower()} tier")


def _pool(ctx: typer.Context, employee_no: str, member: bool) -> None:
    from retainkit.core.alumni import set_pool

    planned = set_pool(database(ctx), employee_no, member, today_of(ctx))
    message(f"{employee_no} is {'in' if member else 'out of'} the rehire pool")
    if planned:
        message(f"planned: {_described(planned)}")


@pool_app.command("add")
def pool_add(ctx: typer.Context, employee_no: IdArgument) -> None:
    """Put a former employee in the rehire pool (rehire checks every 6 months)."""
    _pool(ctx, employee_no, True)


@pool_app.command("remove")
def pool_remove(ctx: typer.Context, employee_no: IdArgument) -> None:
    """Take a former employee out of the rehire pool (planned rehire checks are cancelled)."""
    _pool(ctx, employee_no, False)


@alumni_app.command("greet")
def greet(
    ctx: typer.Context,
    within: Annotated[int, typer.Option(min=0, max=366, help="Days ahead.")] = 7,
    fmt: FormatOption = Format.table,
) -> None:
    """Greetings due: anniversaries of the last day and company dates (alumni.dates)."""
    from retainkit.core.alumni import greetings

    emit_rows(rows(greetings(database(ctx), today_of(ctx), within)), fmt, empty="no greetings due")
