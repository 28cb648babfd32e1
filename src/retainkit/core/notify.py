"""The due list sent elsewhere: an email digest through SMTP, and an iCalendar file."""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError, ServiceError

if TYPE_CHECKING:
    from retainkit.core.agenda import DueItem
    from retainkit.core.settings import Smtp

PASSWORD_VARIABLE = "RETAINKIT_SMTP_PASSWORD"
COLUMNS = (
    ("kind", "Contact"), ("employee_no", "Employee"), ("name", "Name"), ("due", "Due"),
    ("priority", "Priority"), ("channel", "Channel"), ("contact_hours", "Hours"),
    ("last_conclusion", "Last conclusion"),
)  # fmt: skip


def _subject(item: DueItem) -> str:
    if item.employee_no is None:  # an action item
        owner = f" (owner {item.owner})" if item.owner else ""
        return f"{item.kind}: {item.name}{owner}"
    return f"{item.kind} with {item.name} ({item.employee_no})"


def _settle(item: DueItem) -> str:
    """What to run once it is done."""
    if item.source == "action":
        return f"retainkit actions done {item.id}"
    if item.source == "handover":
        return f"retainkit handover {item.id} --done ITEM"
    if item.source == "form":
        return f"remind them of form {item.id}; once back: retainkit interview collect FILE"
    return f"retainkit followup log {item.id} --outcome reached"


def _due_text(item: DueItem) -> str:
    text = f"{item.due_from.isoformat()} to {item.due_to.isoformat()}"
    return f"{text} ({item.overdue_days} days overdue)" if item.overdue_days else text


def _cells(item: DueItem) -> list[str]:
    values = {key: getattr(item, key, None) for key, _ in COLUMNS} | {"due": _due_text(item)}
    return ["" if values[key] is None else str(values[key]) for key, _ in COLUMNS]


def digest(rows: list[DueItem], today: date, *, sender: str, to: str) -> EmailMessage:
    """The due list as an email: plain text, with the same table in HTML beside it."""
    overdue = sum(1 for row in rows if row.overdue_days)
    message = EmailMessage()
    message["Subject"] = f"retainkit: {len(rows)} due on {today.isoformat()}" + (
        f", {overdue} overdue" if overdue else ""
    )
    message["From"] = sender
    message["To"] = to
    lines = [f"Due on {today.isoformat()}, most important first:", ""]
    for row in rows:
        lines.append(f"- {_subject(row)}, due {_due_text(row)}, priority {row.priority}")
        details = [
            f"channel {row.channel}" if row.channel else "",
            f"hours {row.contact_hours}" if row.contact_hours else "",
            f"owner {row.owner}" if row.owner else "",
            f"last time: {row.last_conclusion}" if row.last_conclusion else "",
        ]
        if any(details):
            lines.append("  " + "; ".join(d for d in details if d))
        lines.append(f"  {_settle(row)}")
    message.set_content("\n".join(lines))
    head = "".join(f"<th align='left'>{html.escape(label)}</th>" for _, label in COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in _cells(row)) + "</tr>"
        for row in rows
    )
    message.add_alternative(
        f"<html><body><p>Contacts due on {today.isoformat()}, most important first:</p>"
        f"<table border='1' cellpadding='4' cellspacing='0'><tr>{head}</tr>{body}</table>"
        "</body></html>",
        subtype="html",
    )
    return message


def send(message: EmailMessage, smtp: Smtp, what: str = "the digest") -> None:
    """Send through the configured SMTP server; any failure is a ServiceError (exit 4)
    naming `what` was being sent."""
    import smtplib
    import ssl

    host, port = smtp.host, smtp.port
    if not host:
        raise InputError("set the mail server first: retainkit config set smtp.host HOST")
    if not smtp.sender:
        raise InputError("set the sender first: retainkit config set smtp.from ADDRESS")
    try:
        with smtplib.SMTP(host, port, timeout=30) as server:
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
            if smtp.user:
                server.login(smtp.user, os.environ.get(PASSWORD_VARIABLE, ""))
            server.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ServiceError(
            f"could not send {what} through {host}:{port} ({reason}); nothing was sent; "
            "check the smtp settings: retainkit config list"
        ) from None


def _hours(text: str | None) -> tuple[time, time] | None:
    if not text:
        return None
    start, _, end = text.partition("-")
    return time.fromisoformat(start), time.fromisoformat(end)


def calendar(rows: list[DueItem], today: date, now: datetime) -> bytes:
    """One event per contact: in the person's contact hours where set, else all day."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//retainkit//followups//EN")
    cal.add("version", "2.0")
    stamp = now
    for row in rows:
        day = max(row.due_from, today)
        event = Event()
        event.add("uid", f"retainkit-followup-{row.ref}")  # stable: calendars update it
        event.add("dtstamp", stamp)
        subject = _subject(row)
        event.add("summary", subject[0].upper() + subject[1:])
        hours = _hours(row.contact_hours)
        if hours is None:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        else:
            start = datetime.combine(day, hours[0])
            event.add("dtstart", start)
            event.add("dtend", min(start + timedelta(minutes=30), datetime.combine(day, hours[1])))
        event.add(
            "description",
            "\n".join(
                line
                for line in (
                    f"Due {_due_text(row)}; priority {row.priority}",
                    f"Channel: {row.channel}" if row.channel else "",
                    f"Last time: {row.last_conclusion}" if row.last_conclusion else "",
                    _settle(row),
                )
                if line
            ),
        )
        cal.add_component(event)
    return bytes(cal.to_ical())


def write_private(
    path: Path, data: bytes, before_it_appears: Callable[[], None] | None = None
) -> None:
    """Replace the file at once with a 0600 one (a reader never sees half of it);
    `before_it_appears` runs once it is written, before it takes the name `path`."""
    from retainkit.base.files import replaced_privately

    with replaced_privately(path) as handle:
        handle.write(data)
        if before_it_appears is not None:
            before_it_appears()
