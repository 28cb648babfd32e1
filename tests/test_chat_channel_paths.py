"""Chat channels, continued from tests/test_chat_channels.py: urgent flags from every way an
interview is completed (a returned form too), the digest in Chinese for every kind of due
item, and what a failure says: what to do, which channel, and `notify list`'s last error."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.chat_platforms import Platforms, serve
from tests.conftest import Run
from tests.test_chat_channels import add
from tests.test_forms import EXIT_ANSWERS, fill, issue, leaver
from tests.test_notify import contacts_due, free_port

EXCEPTION_NAME = re.compile(r"[A-Z][a-z]+(Error|Exception|Timeout)\b")


@pytest.fixture
def platforms() -> Iterator[Platforms]:
    yield from serve()


def safety_form(cli: Run, tmp_path: Path) -> Path:
    """A returned exit form that raises a safety concern (an urgent action item)."""
    leaver(cli)
    cli("config", "set", "actions.default_owner", "Head of People")
    answers = {**EXIT_ANSWERS, "safety_concern": "Yes",
               "concern_detail": "The loading bay door sticks."}  # fmt: skip
    return fill(issue(cli, tmp_path), answers)


@pytest.mark.parametrize("how", ["collect", "answers"])
def test_a_returned_form_posts_its_urgent_flag_and_warns_when_it_cannot(
    sqlite_cli: Run, platforms: Platforms, tmp_path: Path, how: str
) -> None:
    form = safety_form(sqlite_cli, tmp_path)
    add(sqlite_cli, platforms, "slack", "--urgent")
    platforms.next_answers.append("500")
    if how == "collect":
        result = sqlite_cli("interview", "collect", str(form))
    else:
        result = sqlite_cli("interview", "exit", "E1", "--answers", str(form))
    assert [r.answer for r in platforms.received] == ["500"]  # tried at once
    assert (
        "warning: urgent flag not delivered to channel hr-slack yet (HTTP 500); followup due "
        "tries again" in result.stderr
    )
    sqlite_cli("followup", "due", "--quiet")
    [posted] = platforms.accepted("slack")
    assert "a health or safety concern" in posted.raw.decode()


def test_collect_posts_the_flags_of_the_forms_recorded(
    sqlite_cli: Run, platforms: Platforms, tmp_path: Path
) -> None:
    form = safety_form(sqlite_cli, tmp_path)
    add(sqlite_cli, platforms, "feishu", "--urgent")
    result = sqlite_cli("interview", "collect", str(form), "--format", "json")
    assert json.loads(result.stdout)[0]["result"] == "recorded"
    assert "posted 1 urgent message(s) to chat channels" in result.stderr
    assert len(platforms.accepted("feishu")) == 1


def test_every_kind_of_due_item_has_its_chinese_word_in_the_digest() -> None:
    from retainkit.core.agenda import DUE_KINDS, DueItem
    from retainkit.core.channels.messages import digest_text

    day = date(2027, 1, 31)
    items = [
        DueItem(n, None, "", kind, day, day, 0, 1, 0, None, None, None, None, "contact")
        for n, kind in enumerate(DUE_KINDS, 1)
    ]
    text = digest_text(items, day, lang="zh", detail="counts", top=len(items))
    assert len(text.summary) == len(DUE_KINDS)
    for line in (*text.summary, *text.items):
        assert not re.search(r"[A-Za-z]", line), line


def test_a_chinese_digest_says_a_form_not_returned_in_chinese(
    sqlite_cli: Run, platforms: Platforms, tmp_path: Path
) -> None:
    leaver(sqlite_cli)
    issue(sqlite_cli, tmp_path)
    sqlite_cli("config", "set", "forms.remind_after_days", "0")
    add(sqlite_cli, platforms, "wecom", "--lang", "zh")
    sqlite_cli("followup", "due", "--notify")
    content = platforms.accepted("wecom")[0].body["markdown"]["content"]
    assert "问卷未交回：1" in content and "form not returned" not in content


def test_a_failed_test_message_says_what_to_do_and_notify_list_keeps_it(
    sqlite_cli: Run, platforms: Platforms
) -> None:
    add(sqlite_cli, platforms, "slack")
    platforms.next_answers.append("500")
    failed = sqlite_cli("notify", "test", "hr-slack", expect=4)
    assert "did not take the test message: HTTP 500; the platform had a problem: check its " \
        "status page" in failed.stderr  # fmt: skip
    [listed] = json.loads(sqlite_cli("notify", "list", "--format", "json").stdout)
    assert listed["last_error"] == "HTTP 500" and listed["last_error_at"]

    nowhere = f"http://127.0.0.1:{free_port()}/slack/services/T000/B000/slack-PATH-SECRET"
    sqlite_cli("notify", "add", "gone", "--kind", "slack", "--url", nowhere)
    unreachable = sqlite_cli("notify", "test", "gone", expect=4)
    assert "could not connect to the platform; check the channel's address" in unreachable.stderr
    assert "HTTPS_PROXY" in unreachable.stderr
    assert not EXCEPTION_NAME.search(unreachable.output), unreachable.output
    listed = json.loads(sqlite_cli("notify", "list", "--format", "json").stdout)
    errors = {c["name"]: c["last_error"] for c in listed}
    assert errors == {"gone": "could not connect to the platform", "hr-slack": "HTTP 500"}
    table = sqlite_cli("notify", "list").stdout
    assert "HTTP 500" in table


def test_a_digest_not_delivered_names_the_channel_to_test(
    sqlite_cli: Run, platforms: Platforms
) -> None:
    contacts_due(sqlite_cli)
    add(sqlite_cli, platforms, "wecom")
    platforms.next_answers.append("500")
    result = sqlite_cli("followup", "due", "--notify", expect=4)
    assert "check with: retainkit notify test hr-wecom" in result.stderr
    assert "NAME" not in result.stderr
    [listed] = json.loads(sqlite_cli("notify", "list", "--format", "json").stdout)
    assert listed["last_error"] == "HTTP 500"


def test_notify_list_shows_the_last_failure_of_any_kind(cli: Run, platforms: Platforms) -> None:
    contacts_due(cli)
    add(cli, platforms, "teams")
    nowhere = f"http://127.0.0.1:{free_port()}/slack/services/T000/B000/slack-PATH-SECRET"
    cli("notify", "add", "gone", "--kind", "slack", "--url", nowhere)
    platforms.next_answers.append("500")
    cli("followup", "due", "--notify", expect=4)  # a digest: no outbox message
    listed = json.loads(cli("notify", "list", "--format", "json").stdout)
    errors = {c["name"]: c["last_error"] for c in listed}
    assert errors == {"gone": "could not connect to the platform", "hr-teams": "HTTP 500"}
    cli("notify", "remove", "gone")
    cli("notify", "add", "gone", "--kind", "slack", "--url", platforms.url("slack"))
    listed = json.loads(cli("notify", "list", "--format", "json").stdout)
    assert {c["name"]: c["last_error"] for c in listed}["gone"] is None  # added afresh
