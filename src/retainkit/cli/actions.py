"""`retainkit actions`, `retainkit verify` and `retainkit handover`: closing the loop."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from retainkit.base.vocab import ACTION_KINDS, ACTION_STATUSES, VERIFY_SOURCES
from retainkit.cli.context import database, today_of
from retainkit.cli.output import Col, Format, FormatOption, Output, keys_of
from retainkit.cli.params import date_option, separation_number
from retainkit.cli.rows import named, row, rows, with_number

actions_app = typer.Typer(
    help="Action items: add, list, show, update, done, drop.", no_args_is_help=True
)
verify_app = typer.Typer(
    help="Verified reasons: check what leavers said against records.", no_args_is_help=True
)
NumberArgument = Annotated[str, typer.Argument(metavar="N", help="Action item number.")]
SeparationArgument = Annotated[str, typer.Argument(metavar="SEPARATION", help="Separation number.")]
LIST_COLUMNS = (
    Col("id", keep=None),
    Col("title", keep=None, min_width=24),
    "kind",
    "status",
    "urgent",
    "overdue",
    "owner",
    "due_date",
    "scope",
    "reason_code",
    "informed_at",
)


def register(app: typer.Typer, name: str) -> None:
    if name == "handover":
        app.command("handover")(handover_)
    else:
        app.add_typer({"actions": actions_app, "verify": verify_app}[name], name=name)


def _action_number(raw: str) -> int:
    from retainkit.core.fields import number_argument

    return number_argument(raw, "an action item number", "retainkit actions list")


TitleOption = Annotated[str | None, typer.Option(help="What is to be done.")]
DetailOption = Annotated[str | None, typer.Option(help="More about it.")]
KindOption = Annotated[str | None, typer.Option(help=f"{', '.join(ACTION_KINDS)}.")]
ReasonOption = Annotated[str | None, typer.Option("--reason", help="The reason code it addresses.")]
ScopeOption = Annotated[str | None, typer.Option(help="company, or the department.")]
OwnerOption = Annotated[str | None, typer.Option(help="Who is responsible.")]
DueOption = Annotated[str | None, typer.Option("--due", help="Due date (YYYY-MM-DD).")]


@actions_app.command("add")
def add(
    ctx: typer.Context,
    title: TitleOption = None,
    kind: KindOption = None,
    detail: DetailOption = None,
    reason: ReasonOption = None,
    scope: ScopeOption = None,
    owner: OwnerOption = None,
    due: DueOption = None,
    urgent: Annotated[bool, typer.Option("--urgent", help="Needs attention at once.")] = False,
    interview: Annotated[
        int | None, typer.Option(min=1, max=2**31 - 1, help="The interview it comes from.")
    ] = None,
    separation: Annotated[
        int | None, typer.Option(min=1, max=2**31 - 1, help="The separation it comes from.")
    ] = None,
) -> None:
    """Add an action item."""
    from retainkit.core.actions import add_action

    action = add_action(database(ctx), {
        "title": title, "kind": kind, "detail": detail, "reason_code": reason,
        "scope": scope, "owner": owner, "due_date": date_option(due, "--due"),
        "urgent": urgent, "interview_id": interview, "separation_id": separation,
    }, today_of(ctx))  # fmt: skip
    Output().message(f"added action item {action.id}")


@actions_app.command("list")
def list_(
    ctx: typer.Context,
    owner: OwnerOption = None,
    status: Annotated[str | None, typer.Option(help=f"{', '.join(ACTION_STATUSES)}.")] = None,
    kind: KindOption = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open ones past due.")] = False,
    urgent: Annotated[bool, typer.Option("--urgent", help="Only urgent ones.")] = False,
    department: Annotated[str | None, typer.Option(help="Only this department's.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List action items, urgent first, then by due date."""
    from retainkit.core.actions import ActionRecord, list_actions

    out = Output(fmt)
    db = database(ctx)
    actions = list_actions(
        db,
        today_of(ctx),
        owner=owner,
        status=status,
        kind=kind,
        overdue=overdue,
        urgent=urgent,
        department=department,
    )
    empty = "no action items match"
    if fmt is not Format.table:
        out.rows(actions, keys=keys_of(ActionRecord), empty=empty)
        return
    shown = [line | {"owner": line["owner_name"]} for line in rows(actions)]
    out.rows(shown, table=LIST_COLUMNS, empty=empty)


@actions_app.command("show")
def show(ctx: typer.Context, number: NumberArgument, fmt: FormatOption = Format.table) -> None:
    """Show one action item."""
    from retainkit.core.actions import get_action
    from retainkit.core.people import names_of

    out = Output(fmt)
    db = database(ctx)
    action = get_action(db, _action_number(number), today_of(ctx))
    if fmt is not Format.table:
        out.record(action)
        return
    names = names_of(db, [action.owner])
    shown = {k: v for k, v in row(action).items() if k != "owner_name"}
    out.record(named(shown, "owner", "owner", names), title=f"Action item {action.id}")


@actions_app.command("update")
def update(
    ctx: typer.Context,
    number: NumberArgument,
    title: TitleOption = None,
    detail: DetailOption = None,
    kind: KindOption = None,
    reason: ReasonOption = None,
    scope: ScopeOption = None,
    owner: OwnerOption = None,
    due: DueOption = None,
    status: Annotated[str | None, typer.Option(help="open or in_progress.")] = None,
    urgent: Annotated[
        bool | None, typer.Option("--urgent/--not-urgent", show_default=False)
    ] = None,
    informed: Annotated[
        bool,
        typer.Option(
            "--informed", help="A done action was reported back to the people who raised it."
        ),
    ] = False,
) -> None:
    """Change an open action item, or record that a done one was reported back."""
    from retainkit.core.actions import update_action

    given: dict[str, Any] = {
        "title": title, "detail": detail, "kind": kind, "reason_code": reason,
        "scope": scope, "owner": owner, "due_date": date_option(due, "--due"),
        "status": status, "urgent": urgent,
    }  # fmt: skip
    changes = {k: v for k, v in given.items() if v is not None}
    if informed:
        changes["informed"] = True
    action = update_action(database(ctx), _action_number(number), changes, today_of(ctx))
    Output().message(f"updated action item {action.id}")


@actions_app.command("done")
def done(
    ctx: typer.Context,
    number: NumberArgument,
    outcome: Annotated[str | None, typer.Option(help="What came of it.")] = None,
    informed: Annotated[
        bool, typer.Option("--informed", help="The people who raised it have been told.")
    ] = False,
) -> None:
    """Mark an action item done."""
    from retainkit.core.actions import finish_action

    action = finish_action(
        database(ctx), _action_number(number), today_of(ctx), outcome=outcome, informed=informed
    )
    Output().message(
        f"action item {action.id} is done"
        + ("; the people who raised it were told" if informed else "")
    )


@actions_app.command("drop")
def drop(
    ctx: typer.Context,
    number: NumberArgument,
    why: Annotated[str, typer.Option(help="Why it will not be done.")],
) -> None:
    """Drop an action item, saying why."""
    from retainkit.core.actions import drop_action

    action = drop_action(database(ctx), _action_number(number), why, today_of(ctx))
    Output().message(f"dropped action item {action.id}")


@verify_app.command("add")
def verify_add(
    ctx: typer.Context,
    separation: SeparationArgument,
    reason: Annotated[str, typer.Option(help="The verified primary reason code.")],
    evidence: Annotated[str, typer.Option(help="What the verification rests on.")],
    source: Annotated[str, typer.Option(help=f"{', '.join(VERIFY_SOURCES)}.")],
    contributing: Annotated[
        list[str] | None, typer.Option(help="A contributing reason code (repeatable).")
    ] = None,
) -> None:
    """Record the verified reason beside the one the leaver stated."""
    from retainkit.core.verification import verify

    codes = verify(
        database(ctx),
        separation_number(separation),
        reason=reason,
        contributing=contributing or [],
        evidence=evidence,
        source=source,
        today=today_of(ctx),
    )
    Output().message(f"verified separation {separation}: {', '.join(codes)}")


@verify_app.command("list")
def verify_list(
    ctx: typer.Context,
    pending: Annotated[
        bool, typer.Option("--pending", help="Only those not verified yet.")
    ] = False,
    older_than: Annotated[
        int | None, typer.Option(min=0, help="Only interviews at least this many days old.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Completed exit interviews: the stated reason, and the verified one where recorded."""
    from retainkit.core.verification import ReasonCheck, verification_list

    checks = verification_list(database(ctx), today_of(ctx), pending=pending, older_than=older_than)
    Output(fmt).rows(
        checks,
        keys=keys_of(ReasonCheck),
        empty="nothing to verify" if pending else "no exit interviews yet",
    )


def handover_(
    ctx: typer.Context,
    separation: SeparationArgument,
    done: Annotated[
        list[str] | None,
        typer.Option(
            "--done", metavar="ITEM", help="An item's number or a word of it (repeatable)."
        ),
    ] = None,
    successor: Annotated[str | None, typer.Option(help="The successor's employee number.")] = None,
    note: Annotated[str | None, typer.Option(help="A note on the items marked done.")] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show a leaver's knowledge handover checklist; mark items done, name the successor."""
    from retainkit.core.handover import HandoverStep, handover
    from retainkit.core.people import names_of

    out = Output(fmt)
    db = database(ctx)
    checklist = handover(
        db,
        separation_number(separation),
        today_of(ctx),
        done=done or [],
        successor=successor,
        note=note,
    )
    if fmt is Format.table:
        names = names_of(db, [checklist.employee_no, checklist.successor_no])
        out.message(
            f"handover of {with_number(checklist.employee_no, names)}, separation "
            f"{checklist.separation_id}, last day {checklist.last_day.isoformat()}"
            + (f", successor {with_number(checklist.successor_no, names)}"
               if checklist.successor_no else "")
        )  # fmt: skip
    out.rows(
        checklist.items,
        keys=keys_of(HandoverStep),
        table=("item", "label", "done", "done_on", "note"),
    )
