"""The due list of `followup due` and `stay due`, as people and programs read it.

json and csv carry every DueItem as it is, its `source` saying what the `id` numbers.
A table shows each kind on its own, so every column means one thing: the contacts, the
action items (owners by name), the open handovers (leaver and successor by name), the
written questionnaire forms not returned. At 80
columns the number, the name, the kind and the due date always show.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from retainkit.base.errors import DUE, InputError, ServiceError
from retainkit.cli.context import database, state, today_of
from retainkit.cli.output import Col, Format, Output, keys_of
from retainkit.cli.rows import by_name

if TYPE_CHECKING:
    from retainkit.core.agenda import Agenda, DueItem
    from retainkit.storage.database import Database

CONTACT_COLUMNS = (
    Col("id", keep=None),
    Col("name", keep=None, min_width=16),
    Col("kind", "contact", keep=None),
    Col("due_to", "due by", keep=None),
    Col("overdue", "days late", numeric=True, keep=7),
    Col("last_conclusion", "last conclusion", keep=6, min_width=24),
    Col("channel", keep=5),
    Col("priority", numeric=True, keep=4),
    Col("contact_hours", "hours", keep=3),
    Col("due_from", "from", keep=2),
    Col("employee_no", "employee no", keep=1),
)
ACTION_COLUMNS = (
    Col("id", keep=None),
    Col("title", keep=None, min_width=24),
    Col("kind", keep=None),
    Col("due", keep=None),
    Col("overdue", "days late", numeric=True, keep=2),
    Col("owner", keep=3),
    Col("note", keep=1),
)
HANDOVER_COLUMNS = (
    Col("separation", keep=None),
    Col("name", "leaver", keep=None, min_width=16),
    Col("last_day", "last day", keep=None),
    Col("open_items", "open items", numeric=True, keep=None),
    Col("successor", keep=2),
    Col("overdue", "days late", numeric=True, keep=1),
)
FORM_COLUMNS = (
    Col("form", keep=None),
    Col("name", keep=None, min_width=16),
    Col("remind_on", "remind on", keep=None),
    Col("overdue", "days late", numeric=True, keep=3),
    Col("issued", keep=2),
    Col("channel", "sent by", keep=1),
    Col("employee_no", "employee no", keep=0),
)


def list_due(
    ctx: typer.Context,
    *,
    within: int,
    fmt: Format,
    quiet: bool,
    check: bool,
    kinds: tuple[str, ...] | None,
    email: str | None = None,
    ics: Path | None = None,
    notify: bool = False,
    channels: list[str] | None = None,
) -> None:
    from contextlib import nullcontext

    from retainkit.cli.notify import send_urgent
    from retainkit.core.agenda import DueItem, agenda
    from retainkit.storage.copies import copying

    out = Output(fmt, quiet=quiet)
    if email is not None:
        email = _recipient(email)
    if channels and not notify:
        raise InputError("channel names go with --notify: retainkit followup due --notify NAME")
    db = database(ctx)
    if notify:
        from retainkit.core.channels.store import check_channels

        check_channels(db, channels or None)
    if kinds is None:  # followup due: urgent flags an interview could not deliver, first
        send_urgent(ctx, db, out, None)
    # A calendar file is a copy: an erasure waits for it, and lists it (see export excel).
    with copying(db) if ics is not None else nullcontext():
        found = agenda(db, today=today_of(ctx), within=within, kinds=kinds)
        items = list(found.items)
        if ics is not None:
            _write_calendar(ctx, db, out, items, ics)
    if email is not None and items:
        _send_digest(ctx, db, out, items, email)
    undelivered = _post_digest(ctx, db, out, items, channels or None) if notify and items else []
    if quiet:
        for item in items:
            out.value(item.ref)
    elif fmt is not Format.table:
        out.rows(items, keys=keys_of(DueItem))
    elif not items:
        out.message("nothing is due")
    else:
        _tables(out, found)
    if undelivered:
        raise ServiceError(
            f"the digest did not reach {'; '.join(why for _, why in undelivered)}; check with: "
            + " and ".join(f"retainkit notify test {name}" for name, _ in undelivered)
        )
    if check and items:
        raise typer.Exit(DUE)


def _post_digest(
    ctx: typer.Context, db: Database, out: Output, items: list[DueItem], names: list[str] | None
) -> list[tuple[str, str]]:
    """The digest to the chat channels; the channels it did not reach: each name, and a
    line saying why."""
    from retainkit.cli.notify import clock_of
    from retainkit.core.channels.delivery import send_digest

    undelivered = []
    for result in send_digest(db, items, today_of(ctx), clock_of(ctx), names):
        if result.delivered:
            out.message(f"posted the digest of {result.items} items to channel {result.channel}")
        else:
            undelivered.append((result.channel, f"channel {result.channel} ({result.reason})"))
    return undelivered


def _write_calendar(
    ctx: typer.Context, db: Database, out: Output, items: list[DueItem], ics: Path
) -> None:
    from retainkit.core.audit import record
    from retainkit.core.notify import calendar, write_private

    def recorded() -> None:
        record(db, "export", str(ics.absolute()), len(items), "calendar of due contacts")

    write_private(ics, calendar(items, today_of(ctx), state(ctx).now()), recorded)
    out.message(f"wrote {len(items)} events to {ics}")


def _recipient(raw: str) -> str:
    """The digest's address, checked before anything is read or sent: a line break in it
    would add a mail header of the caller's choosing."""
    from retainkit.core.fields import parse_email

    try:
        address = parse_email(raw)
    except ValueError as exc:
        raise InputError(f"--email: {exc}") from None
    if address is None:
        raise InputError("--email is empty; give the address to send the digest to")
    return address


def _send_digest(
    ctx: typer.Context, db: Database, out: Output, items: list[DueItem], email: str
) -> None:
    from retainkit.core.audit import record
    from retainkit.core.notify import digest, send
    from retainkit.core.settings import read_settings

    smtp = read_settings(db).smtp
    send(digest(items, today_of(ctx), sender=smtp.sender, to=email), smtp)
    record(db, "export", f"mail to {email}", len(items), "digest of due contacts")
    out.message(f"sent the digest of {len(items)} contacts to {email}")


def _tables(out: Output, found: Agenda) -> None:
    """One table for each kind of item there is, in the list's order within each."""
    contacts = [i for i in found.items if i.source == "contact"]
    actions = [i for i in found.items if i.source == "action"]
    handovers = [i for i in found.items if i.source == "handover"]
    forms = [i for i in found.items if i.source == "form"]
    if contacts:
        out.rows([_contact(i) for i in contacts], table=CONTACT_COLUMNS, title="Contacts")
    if actions:
        rows = [_action(i, found.names) for i in actions]
        out.rows(rows, table=ACTION_COLUMNS, title="Action items")
    if handovers:
        rows = [_handover(i, found) for i in handovers]
        out.rows(rows, table=HANDOVER_COLUMNS, title="Handovers")
    if forms:
        out.rows([_form(i) for i in forms], table=FORM_COLUMNS, title="Forms not returned")


def _contact(item: DueItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "kind": item.kind,
        "due_to": item.due_to,
        "overdue": item.overdue_days or None,
        "last_conclusion": item.last_conclusion,
        "channel": item.channel,
        "priority": item.priority,
        "contact_hours": item.contact_hours,
        "due_from": item.due_from,
        "employee_no": item.employee_no,
    }


def _action(item: DueItem, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": item.id,
        "title": item.name,
        "kind": item.kind,
        "due": item.due_to,
        "overdue": item.overdue_days or None,
        "owner": by_name(item.owner, names),
        "note": item.last_conclusion,
    }


def _handover(item: DueItem, found: Agenda) -> dict[str, Any]:
    handover = found.handovers[item.id]
    return {
        "separation": item.id,
        "name": item.name,
        "last_day": item.due_to,
        "open_items": handover.open_items,
        "successor": by_name(handover.successor_no, found.names),
        "overdue": item.overdue_days,
    }


def _form(item: DueItem) -> dict[str, Any]:
    return {
        "form": item.id,
        "name": item.name,
        "remind_on": item.due_to,
        "overdue": item.overdue_days or None,
        "issued": item.last_conclusion,
        "channel": item.channel,
        "employee_no": item.employee_no,
    }
