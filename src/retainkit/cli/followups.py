"""`retainkit followup`, `retainkit stay` and `retainkit alumni`: the contact plan."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from retainkit.cli.context import database, today_of
from retainkit.cli.due_list import list_due
from retainkit.cli.output import Format, FormatOption, Output, keys_of
from retainkit.cli.params import IdArgument, required_date

if TYPE_CHECKING:
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
WithinOption = Annotated[
    int, typer.Option("--within", min=0, max=3650, help="Days ahead to include.")
]


alumni_app.add_typer(pool_app, name="pool")


def register(app: typer.Typer, name: str) -> None:
    app.add_typer(
        {"followup": followup_app, "stay": stay_app, "alumni": alumni_app}[name], name=name
    )


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
    notify: Annotated[
        bool,
        typer.Option(
            "--notify",
            help="Post the list to the chat channels NAME... (all of them if none is named).",
        ),
    ] = False,
    channels: Annotated[
        list[str] | None,
        typer.Argument(metavar="NAME", help="Chat channels for --notify.", show_default=False),
    ] = None,
) -> None:
    """Contacts due within DAYS plus everything overdue, most important first.

    Never prompts; made for cron. Urgent flags that could not be posted to a chat channel
    yet are retried first. Exit 0 whether or not anything is due; with --check, 3 when
    something is due; 4 when --email or --notify could not deliver the digest."""
    list_due(
        ctx, within=within, fmt=fmt, quiet=quiet, check=check, kinds=None, email=email, ics=ics,
        notify=notify, channels=channels or [],
    )  # fmt: skip


@stay_app.command("due")
def stay_due(
    ctx: typer.Context,
    within: WithinOption = 30,
    fmt: FormatOption = Format.table,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only ids.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Exit 3 when someone is due.")] = False,
) -> None:
    """High performers and core people due a stay interview, or overdue."""
    list_due(ctx, within=within, fmt=fmt, quiet=quiet, check=check, kinds=("stay_interview",))


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

    out = Output()
    logged = log_contact(
        database(ctx), target, outcome=outcome, today=today_of(ctx), channel=channel, note=note,
        conclusion=conclusion, rehire_interest=rehire_interest,
    )  # fmt: skip
    if logged.followup_id is None:
        out.message(f"logged contact {logged.contact_id} (nothing was planned for this person)")
        return
    status = f"contact {logged.followup_id} is {logged.status}"
    if logged.retry_on:
        status += f"; retry from {logged.retry_on.isoformat()}"
    out.message(f"logged contact {logged.contact_id}; {status}")
    if logged.next_planned:
        out.message(f"planned next: {_described(logged.next_planned)}")


@followup_app.command("plan")
def plan(ctx: typer.Context, employee_no: IdArgument, fmt: FormatOption = Format.table) -> None:
    """A person's timeline: past contacts with outcomes and conclusions, and what is planned."""
    from retainkit.core.followups import TimelineEvent, timeline

    Output(fmt).rows(
        timeline(database(ctx), employee_no),
        keys=keys_of(TimelineEvent),
        table=("date", "id", "kind", "status", "channel", "conclusion", "note"),
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

    out = Output()
    skipped = skip(database(ctx), _contact_number(number), why, today_of(ctx))
    out.message(f"skipped contact {skipped.skipped.id}")
    if skipped.next_planned:
        out.message(f"planned next: {_described(skipped.next_planned)}")


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
    Output().message(
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
    from retainkit.core.alumni import TIERS, Alumnus, list_alumni

    alumni = list_alumni(
        database(ctx), tier=choice_option(tier, TIERS, "--tier"), rehire_pool=rehire_pool
    )
    Output(fmt).rows(alumni, keys=keys_of(Alumnus), empty="no former employees match")


@alumni_app.command("tier")
def alumni_tier(
    ctx: typer.Context,
    employee_no: IdArgument,
    tier: Annotated[str, typer.Argument(metavar="TIER", help="outstanding or member.")],
) -> None:
    """Set a former employee's alumni tier."""
    from retainkit.core.alumni import TIERS, set_tier
    from retainkit.core.fields import required_choice

    set_tier(database(ctx), employee_no, required_choice(tier, TIERS, "TIER"))
    Output().message(f"{employee_no} is now in the {tier.lower()} tier")


def _pool(ctx: typer.Context, employee_no: str, member: bool) -> None:
    from retainkit.core.alumni import set_pool

    out = Output()
    planned = set_pool(database(ctx), employee_no, member, today_of(ctx))
    out.message(f"{employee_no} is {'in' if member else 'out of'} the rehire pool")
    if planned:
        out.message(f"planned: {_described(planned)}")


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
    from retainkit.core.alumni import Greeting, greetings

    Output(fmt).rows(
        greetings(database(ctx), today_of(ctx), within),
        keys=keys_of(Greeting),
        empty="no greetings due",
    )
