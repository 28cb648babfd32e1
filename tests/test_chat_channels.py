"""Chat channels through the real CLI, against a local stand-in for each platform
(tests/chat_platforms.py): the digest in each platform's format and signature, what the
`counts` detail leaves out, urgent flags from an interview through the outbox, the
platform's errors, and secrets kept out of every output and the audit log."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.chat_platforms import KINDS, PATHS, SECRETS, Platforms, serve
from tests.conftest import ENTER, EXAMPLES, Run
from tests.test_interviews import CUSTOM, SAVE, WAREHOUSE_KEYS, leaver
from tests.test_notify import contacts_due

# The day these tests run on; conftest's pinned_today gives it to the CLI (RETAINKIT_TODAY).
TODAY = date(2027, 1, 31)  # a month end
NAMES = ("Ana Ruiz", "Ben", "Okafor", "E1", "E2")


@pytest.fixture
def platforms() -> Iterator[Platforms]:
    yield from serve()


def add(cli: Run, platforms: Platforms, kind: str, *extra: str, name: str | None = None) -> str:
    name = name or f"hr-{kind}"
    secret = ("--secret", SECRETS[kind]) if kind in SECRETS else ()
    cli("notify", "add", name, "--kind", kind, "--url", platforms.url(kind), *secret, *extra)
    return name


def secrets_of(kind: str) -> list[str]:
    """What must never be shown: the part of the address that is the key, and the secret."""
    key = PATHS[kind].rsplit("=", 1)[-1].rsplit("/", 1)[-1]
    return [key, *([SECRETS[kind]] if kind in SECRETS else [])]


@pytest.mark.parametrize("kind", KINDS)
def test_the_digest_reaches_each_platform_in_its_format(
    sqlite_cli: Run, platforms: Platforms, kind: str
) -> None:
    contacts_due(sqlite_cli)
    name = add(sqlite_cli, platforms, kind, "--detail", "names")
    result = sqlite_cli("followup", "due", "--notify", "--quiet")
    assert platforms.problems == []
    [posted] = platforms.accepted(kind)
    text = posted.raw.decode()
    assert f"retainkit: 4 due on {TODAY.isoformat()}, 3 overdue" in text
    assert "Ana Ruiz" in text and "first follow-up" in text
    # A name is plain text in every markup: "<Okafor>" starts no tag or mention (a Teams
    # TextBlock has no tags: it shows the name as it is).
    assert ("<Okafor>" in text) is (kind == "teams")
    assert result.stderr == ""  # --quiet
    log = json.loads(sqlite_cli("audit", "list", "--format", "json").stdout)
    assert [(e["target"], e["rows"]) for e in log] == [(f"chat channel {name} ({kind})", 4)]
    assert "digest" in log[0]["detail"] and "accepted" in log[0]["detail"]


def test_the_digest_speaks_the_channels_language_and_lists_the_top_items(
    sqlite_cli: Run, platforms: Platforms
) -> None:
    contacts_due(sqlite_cli)
    add(sqlite_cli, platforms, "wecom", "--lang", "zh", "--detail", "names")
    sqlite_cli("config", "set", "notify.top", "1")
    sqlite_cli("followup", "due", "--notify", "hr-wecom")
    content = platforms.accepted()[0].body["markdown"]["content"]
    assert f"retainkit：{TODAY.isoformat()} 待办 4 项，逾期 3 项" in content
    assert "首次回访：2" in content and "工作交接：2" in content
    assert content.count("\n- ") == 1 and "另有 3 项" in content


def test_counts_detail_sends_no_name_to_any_platform(sqlite_cli: Run, platforms: Platforms) -> None:
    contacts_due(sqlite_cli)
    sqlite_cli(
        "interview", "exit", "E1", "--answers", str(EXAMPLES / "answers" / "written-exit.toml")
    )
    for kind in KINDS:
        add(sqlite_cli, platforms, kind, "--detail", "counts", "--urgent")
    sqlite_cli("followup", "due", "--notify")
    assert platforms.problems == []
    digests = 0
    for request in platforms.received:  # the digests, and the interview's urgent flags
        # once their retry is due (a slow run); Feishu's signature is random text ("E1"…)
        message = {k: v for k, v in request.body.items() if k not in ("sign", "timestamp")}
        text = json.dumps(message, ensure_ascii=False)
        assert not [name for name in NAMES if name in text], request.kind
        digests += "first follow-up: 2" in text
    assert digests == 5


def safety_answers(cli: Run, tmp_path: Path) -> Path:
    """The example's answers, with a safety concern raised. The example's leaver complains
    about their manager, so HR owns the flags (the routing refuses otherwise)."""
    cli("config", "set", "actions.hr_owner", "Head of People")
    text = (EXAMPLES / "answers" / "written-exit.toml").read_text(encoding="utf-8")
    text = text.replace("safety_concern = false", "safety_concern = true").replace(
        'concern_detail = ""', 'concern_detail = "The loading bay door sticks."'
    )
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_urgent_flag_is_posted_at_once_in_the_channels_language(
    sqlite_cli: Run, platforms: Platforms, tmp_path: Path
) -> None:
    contacts_due(sqlite_cli)
    add(sqlite_cli, platforms, "feishu", "--urgent", "--lang", "zh")
    add(sqlite_cli, platforms, "slack")  # the digest only
    answers = safety_answers(sqlite_cli, tmp_path)
    result = sqlite_cli("interview", "exit", "E1", "--answers", str(answers))
    assert "posted 1 urgent message(s)" in result.stderr
    [posted] = platforms.received
    assert posted.kind == "feishu" and posted.answer == "ok" and platforms.problems == []
    card = posted.body["card"]
    assert card["header"]["title"]["content"] == "retainkit：紧急，职业健康或安全问题"
    assert card["header"]["template"] == "red"
    text = posted.raw.decode("unicode_escape")
    assert "Ana Ruiz" not in text and "loading bay" not in text  # counts; never their words
    log = json.loads(sqlite_cli("audit", "list", "--format", "json").stdout)
    assert [(e["target"], e["rows"]) for e in log] == [("chat channel hr-feishu (feishu)", 1)]
    assert log[0]["detail"].startswith("urgent flag")
    sqlite_cli("followup", "due")  # nothing left to send
    assert len(platforms.received) == 1


def test_an_interview_does_not_wait_on_a_hanging_platform_and_the_flag_goes_once_later(
    sqlite_cli: Run, platforms: Platforms, tmp_path: Path
) -> None:
    contacts_due(sqlite_cli)
    add(sqlite_cli, platforms, "dingtalk", "--urgent", "--detail", "names")
    sqlite_cli("config", "set", "notify.urgent_timeout", "1")
    platforms.next_answers.append("hang")
    platforms.hang_seconds = 60  # released when the test ends
    started = time.monotonic()
    answers = safety_answers(sqlite_cli, tmp_path)
    result = sqlite_cli("interview", "exit", "E1", "--answers", str(answers))
    took = time.monotonic() - started
    assert took < platforms.hang_seconds / 2  # gave up long before the platform answered
    assert "interview 1 completed" in result.stderr
    assert "not delivered to channel hr-dingtalk yet (no answer within 1 s)" in result.stderr
    assert platforms.accepted() == []
    listed = json.loads(sqlite_cli("notify", "list", "--format", "json").stdout)
    assert listed[0]["waiting"] == 1 and listed[0]["undeliverable"] == 0

    sqlite_cli("followup", "due", "--quiet")
    [posted] = platforms.accepted()
    assert "Escalate a safety concern raised in exit interview 1 with E1" in posted.raw.decode()
    assert posted.body["markdown"]["title"] == "retainkit: urgent, a health or safety concern"
    sqlite_cli("followup", "due", "--quiet")
    sqlite_cli("followup", "due", "--quiet")
    assert len(platforms.accepted()) == 1  # exactly once
    assert json.loads(sqlite_cli("notify", "list", "--format", "json").stdout)[0]["waiting"] == 0


def test_a_server_error_is_retried_by_the_next_followup_due_exactly_once(
    cli: Run, platforms: Platforms, tmp_path: Path
) -> None:
    contacts_due(cli)
    add(cli, platforms, "teams", "--urgent")
    platforms.next_answers.extend(["500", "500"])
    cli("interview", "exit", "E1", "--answers", str(safety_answers(cli, tmp_path)))
    assert [r.answer for r in platforms.received] == ["500"]
    cli("followup", "due")  # the first retry goes at once: the interview's try was short
    assert [r.answer for r in platforms.received] == ["500", "500"]
    cli("followup", "due")  # now it waits: five minutes after the second failure
    assert len(platforms.received) == 2
    listed = json.loads(cli("notify", "list", "--format", "json").stdout)
    assert listed[0]["waiting"] == 1 and listed[0]["last_error"] == "HTTP 500"


def test_a_refusal_is_not_retried_and_is_reported(
    sqlite_cli: Run, platforms: Platforms, tmp_path: Path
) -> None:
    contacts_due(sqlite_cli)
    url = platforms.url("dingtalk")
    sqlite_cli(
        "notify", "add", "ding", "--kind", "dingtalk", "--url", url, "--secret", "SECwrong",
        "--urgent",
    )  # fmt: skip
    answers = safety_answers(sqlite_cli, tmp_path)
    result = sqlite_cli("interview", "exit", "E1", "--answers", str(answers))
    assert "channel ding refused an urgent flag (dingtalk refused it (code 310000" in result.stderr
    sqlite_cli("followup", "due")
    assert len(platforms.received) == 1  # not retried
    [listed] = json.loads(sqlite_cli("notify", "list", "--format", "json").stdout)
    assert listed["undeliverable"] == 1 and listed["waiting"] == 0
    check = sqlite_cli("db", "check", expect=4)
    assert "chat channel ding: 1 urgent message(s) not delivered" in check.stderr
    sqlite_cli("notify", "remove", "ding")
    sqlite_cli("db", "check")


def test_too_many_requests_is_waited_for_as_the_platform_asks(
    sqlite_cli: Run, platforms: Platforms
) -> None:
    contacts_due(sqlite_cli)
    add(sqlite_cli, platforms, "slack")
    platforms.next_answers.append("429")  # Retry-After: 1
    sqlite_cli("followup", "due", "--notify")
    assert [r.answer for r in platforms.received] == ["429", "ok"]


def test_a_digest_that_cannot_be_delivered_is_exit_4(sqlite_cli: Run, platforms: Platforms) -> None:
    contacts_due(sqlite_cli)
    add(sqlite_cli, platforms, "wecom")
    add(sqlite_cli, platforms, "slack")
    sqlite_cli("config", "set", "notify.retry_after_max", "0")
    platforms.next_answers.extend(["ok", "429"])  # slack first (names in order), then wecom
    result = sqlite_cli("followup", "due", "--notify", "--format", "json", expect=4)
    assert len(json.loads(result.stdout)) == 4  # the list is still printed
    assert "posted the digest of 4 items to channel hr-slack" in result.stderr
    assert "error: the digest did not reach channel hr-wecom (HTTP 429)" in result.stderr
    refused = sqlite_cli("followup", "due", "--notify", "nowhere", expect=2)
    assert "there is no channel 'nowhere'" in refused.stderr


def test_secrets_never_show_in_output_errors_logs_or_the_audit_log(
    sqlite_cli: Run, platforms: Platforms, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    contacts_due(sqlite_cli)
    outputs = []
    for kind in KINDS:
        name = add(sqlite_cli, platforms, kind, "--urgent")
        outputs.append(sqlite_cli("notify", "test", name))
    platforms.next_answers.extend(["500"] * 6)  # the urgent flags, then a test message
    answers = safety_answers(sqlite_cli, tmp_path)
    outputs.append(sqlite_cli("interview", "exit", "E1", "--answers", str(answers)))
    outputs.append(sqlite_cli("notify", "test", "hr-slack", expect=4))
    outputs.append(sqlite_cli("followup", "due", "--notify"))
    for args in (("notify", "list"), ("config", "list"), ("audit", "list"), ("db", "check")):
        outputs.append(sqlite_cli(*args, expect=None))
        outputs.append(sqlite_cli(*args, "--format", "json", expect=None))
    shown = "\n".join(r.output for r in outputs) + caplog.text
    settings = json.loads(sqlite_cli("config", "list", "--format", "json").stdout)
    [feishu] = [s for s in settings if s["key"] == "notify.channel.hr-feishu"]
    port = platforms.port
    assert feishu["value"] == "feishu http://127.0.0.1/•••• secret •••• en counts urgent"
    assert "••••" in shown and "hr-feishu" in shown
    for kind in KINDS:
        for secret in secrets_of(kind):
            assert secret not in shown, (kind, secret)
    assert f"127.0.0.1:{port}" not in shown


def test_notify_add_refuses_what_would_not_work(sqlite_cli: Run, platforms: Platforms) -> None:
    url = platforms.url("slack")
    cases = [
        (("Bad Name", "--kind", "slack", "--url", url), "a channel name is"),
        (("a", "--kind", "skype", "--url", url), "--kind must be one of wecom"),
        (("a", "--kind", "slack", "--url", "http://hooks.example.com/x"), "must start with https"),
        (("a", "--kind", "slack", "--url", "hooks.slack.com"), "--url must be the webhook"),
        (("a", "--kind", "slack", "--url", url, "--secret", "s"), "--secret is for dingtalk"),
        (("a", "--kind", "slack", "--url", url, "--detail", "all"), "--detail must be one of"),
    ]
    for args, said in cases:
        result = sqlite_cli("notify", "add", *args, expect=2)
        assert said in result.stderr and "slack-PATH-SECRET" not in result.stderr
    sqlite_cli("notify", "add", "a", "--kind", "slack", "--url", url)
    again = sqlite_cli("notify", "add", "a", "--kind", "slack", "--url", url, expect=2)
    assert "there is already a channel a" in again.stderr
    assert sqlite_cli("notify", "list", "--format", "json").stdout.count('"name"') == 1


def test_notify_needs_a_channel_and_names_go_with_it(
    sqlite_cli: Run, platforms: Platforms, tmp_path: Path
) -> None:
    contacts_due(sqlite_cli)
    none = sqlite_cli("followup", "due", "--notify", expect=2)
    assert "there is no chat channel yet; add one: retainkit notify add" in none.stderr
    add(sqlite_cli, platforms, "slack", "--urgent")
    platforms.next_answers.append("500")
    answers = safety_answers(sqlite_cli, tmp_path)
    sqlite_cli("interview", "exit", "E1", "--answers", str(answers))
    lone = sqlite_cli("followup", "due", "hr-slack", expect=2)
    assert "channel names go with --notify" in lone.stderr
    unknown = sqlite_cli("followup", "due", "--notify", "hr-slack", "nowhere", expect=2)
    assert "there is no channel 'nowhere'" in unknown.stderr
    assert len(platforms.received) == 1  # a usage error sends nothing, not even a retry


def test_a_live_interview_posts_its_urgent_flags_when_it_is_saved(
    sqlite_cli: Run, platforms: Platforms, typed: Any
) -> None:
    leaver(sqlite_cli)
    sqlite_cli("questionnaire", "add", str(CUSTOM))
    add(sqlite_cli, platforms, "wecom", "--urgent", "--detail", "names")
    keys = WAREHOUSE_KEYS.copy()
    keys[3] = "5" + ENTER  # heavy lifting: strongly agree -> a safety concern
    result = typed(
        sqlite_cli, "".join(keys) + SAVE, "interview", "exit", "E1",
        "--questionnaire", "warehouse-exit", "--interviewer", "Maria",
    )  # fmt: skip
    assert "posted 2 urgent message(s) to chat channels" in result.stderr
    contents = sorted(r.body["markdown"]["content"] for r in platforms.accepted("wecom"))
    # the leaver complains about their manager: HR owns both flags (not M7, not Maria)
    assert "a chance to keep someone" in contents[0] and "owner: Head of People" in contents[0]
    assert "a health or safety concern" in contents[1] and "owner: Head of People" in contents[1]


def test_proxies_come_from_the_environment(
    sqlite_cli: Run, platforms: Platforms, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_notify import free_port

    contacts_due(sqlite_cli)
    nowhere = f"http://127.0.0.1:{free_port()}/slack/services/T000/B000/slack-PATH-SECRET"
    sqlite_cli("notify", "add", "hr", "--kind", "slack", "--url", nowhere)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{platforms.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    sqlite_cli("followup", "due", "--notify")  # nothing listens there: only the proxy could
    [posted] = platforms.accepted("slack")
    assert posted.body["blocks"][0]["type"] == "header"


def test_wecom_takes_twenty_a_minute_and_the_rest_waits(platforms: Platforms) -> None:
    """The per-minute limit, kept within a run: the 21st message is not sent before a
    minute has passed since the first; with no waiting allowed it is left for later."""
    from datetime import UTC, datetime, timedelta

    from retainkit.core.channels.platforms import ChatText
    from retainkit.core.channels.posting import Clock, Poster
    from retainkit.core.channels.store import Target

    now = [datetime(2027, 1, 31, 7, 30, tzinfo=UTC)]
    waited: list[float] = []
    clock = Clock(now=lambda: now[0], sleep=waited.append)
    target = Target(1, "hr", "wecom", "en", "counts", True, platforms.url("wecom"), None)
    with Poster(clock, timeout=5, max_wait=0) as poster:
        verdicts = [poster.post(target, ChatText(title=f"retainkit {n}")) for n in range(21)]
    assert [v.verdict for v in verdicts] == ["accepted"] * 20 + ["retry"]
    assert verdicts[-1].not_before == now[0] + timedelta(minutes=1)
    assert len(platforms.received) == 20 and waited == []
    with Poster(clock, timeout=5, max_wait=120) as poster:
        for n in range(21):
            poster.post(target, ChatText(title=f"retainkit {n}"))
    assert waited == [60.0] and len(platforms.accepted("wecom")) == 41


def test_a_channel_speaks_the_databases_language_unless_told(
    sqlite_cli: Run, platforms: Platforms
) -> None:
    sqlite_cli("config", "set", "lang", "zh")
    add(sqlite_cli, platforms, "wecom")
    add(sqlite_cli, platforms, "slack", "--lang", "en")
    listed = json.loads(sqlite_cli("notify", "list", "--format", "json").stdout)
    assert {c["name"]: c["lang"] for c in listed} == {"hr-slack": "en", "hr-wecom": "zh"}
