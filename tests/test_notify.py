"""followup due --email to a real SMTP server on 127.0.0.1, and --ics parsed back."""

from __future__ import annotations

import email
import json
import socket
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from email.message import Message
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from tests.conftest import Run

# The day these tests run on; conftest's pinned_today gives it to the CLI (RETAINKIT_TODAY).
TODAY = date(2027, 1, 31)  # a month end


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), parsed))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def contacts_due(cli: Run) -> None:
    cli(
        "people",
        "add",
        "--employee-no",
        "E1",
        "--name",
        "Ana Ruiz",
        "--contact-hours",
        "10:00-12:00",
        "--preferred-channel",
        "phone",
        "--level",
        "core",
    )
    cli("people", "add", "--employee-no", "E2", "--name", "Ben <Okafor>")
    cli(
        "depart",
        "E1",
        "--last-day",
        (TODAY - timedelta(days=40)).isoformat(),
        "--kind",
        "voluntary",
    )
    cli("depart", "E2", "--last-day", (TODAY - timedelta(days=70)).isoformat(), "--kind", "layoff")


def configure(cli: Run, port: int) -> None:
    for key, value in (
        ("smtp.host", "127.0.0.1"),
        ("smtp.port", str(port)),
        ("smtp.starttls", "off"),
        ("smtp.from", "retainkit@example.com"),
    ):
        cli("config", "set", key, value)


def test_the_digest_arrives_as_text_and_html(cli: Run, smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    contacts_due(cli)
    configure(cli, port)
    result = cli("followup", "due", "--email", "hr@example.com", "--quiet")
    assert result.stderr == ""
    [(recipients, message)] = inbox.messages
    assert recipients == ["hr@example.com"]
    assert message["Subject"] == f"retainkit: 4 due on {TODAY.isoformat()}, 3 overdue"
    assert message["From"] == "retainkit@example.com"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert text.index("first follow-up with Ana Ruiz (E1)") < text.index(
        "first follow-up with Ben <Okafor> (E2)"
    )
    assert "hours 10:00-12:00" in text
    assert "handover with Ben <Okafor> (E2)" in text  # last day passed, checklist open
    assert "retainkit followup log" in text and "retainkit handover" in text
    assert "<table" in html and "Ben &lt;Okafor&gt;" in html and "<Okafor>" not in html


def test_nothing_due_sends_nothing(cli: Run, smtp_server: tuple[Inbox, int]) -> None:
    inbox, port = smtp_server
    configure(cli, port)
    assert cli("followup", "due", "--email", "hr@example.com", "--quiet").stdout == ""
    assert inbox.messages == []


def test_a_refused_connection_is_exit_4_and_changes_nothing(cli: Run) -> None:
    contacts_due(cli)
    configure(cli, free_port())
    before = json.loads(cli("followup", "due", "-f", "json").stdout)
    result = cli("followup", "due", "--email", "hr@example.com", expect=4)
    assert result.stderr.startswith("error: could not send the digest through 127.0.0.1:")
    assert "nothing was sent" in result.stderr
    assert "Traceback" not in result.output
    assert json.loads(cli("followup", "due", "-f", "json").stdout) == before


def test_mail_settings_must_be_set_first(cli: Run) -> None:
    contacts_due(cli)
    result = cli("followup", "due", "--email", "hr@example.com", expect=2)
    assert "config set smtp.host" in result.stderr


def test_the_calendar_file_has_an_event_per_contact(cli: Run, tmp_path: Path) -> None:
    contacts_due(cli)
    path = tmp_path / "calendar" / "followups.ics"
    cli("followup", "due", "--ics", str(path), "--quiet")
    assert path.stat().st_mode & 0o777 == 0o600
    calendar = Calendar.from_ical(path.read_bytes())
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "First follow-up with Ana Ruiz (E1)",
        "First follow-up with Ben <Okafor> (E2)",
        "Handover with Ana Ruiz (E1)",
        "Handover with Ben <Okafor> (E2)",
    }
    timed = events["First follow-up with Ana Ruiz (E1)"]
    start = timed.decoded("dtstart")
    assert isinstance(start, datetime) and start.time() == time(10, 0)
    assert timed.decoded("dtend") - start == timedelta(minutes=30)
    all_day = events["First follow-up with Ben <Okafor> (E2)"]
    assert all_day.decoded("dtstart") == TODAY  # overdue: today
    assert "followup log" in str(all_day["description"])
    assert len({str(e["uid"]) for e in events.values()}) == 4
    handover = events["Handover with Ana Ruiz (E1)"]
    assert str(handover["uid"]) == "retainkit-followup-H1"  # the same uid every run
    assert "retainkit handover 1 --done ITEM" in str(handover["description"])
