"""The use cases of chat channels: the digest of the due list, the urgent messages waiting
in the outbox, and a test message. Every send is written to the audit log: the channel,
what kind of message, how many items, what came of it; never a name, address or secret."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.core.audit import record
from retainkit.core.channels.messages import digest_text, probe_text, urgent_text
from retainkit.core.channels.posting import Clock, Poster

if TYPE_CHECKING:
    from retainkit.core.agenda import DueItem
    from retainkit.core.channels.posting import Posted
    from retainkit.core.channels.store import Target
    from retainkit.core.settings import Notify
    from retainkit.storage.database import Database


@dataclass(frozen=True)
class ChannelResult:
    """What one channel answered."""

    channel: str
    kind: str
    delivered: bool
    reason: str
    items: int
    hint: str = ""
    """What to do when it was not delivered."""


@dataclass(frozen=True)
class OutboxRun:
    """What a run through the outbox did: messages accepted, and per channel the ones that
    wait for the next try or were refused, with the reason."""

    sent: int = 0
    waiting: dict[str, str] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)


def _audit(db: Database, target: Target, what: str, items: int, posted: Posted) -> None:
    """Every send; a failure's reason is what `notify list` shows as the last error."""
    from retainkit.core.channels.store import NOT_DELIVERED, audit_target

    outcome = "; accepted" if posted.verdict == "accepted" else NOT_DELIVERED + posted.reason
    record(db, "export", audit_target(target.name, target.kind), items,
           f"{what}, detail {target.detail}{outcome}")  # fmt: skip


def _channels(db: Database, names: list[str] | None) -> tuple[list[Target], Notify]:
    from retainkit.core.channels.store import targets
    from retainkit.core.settings import load_settings

    with db.read() as session:
        return targets(session, names), load_settings(session).notify


def send_digest(
    db: Database, items: list[DueItem], today: date, clock: Clock, names: list[str] | None
) -> list[ChannelResult]:
    """The due list to the channels named (every channel when None): counts by kind, then
    the most important items (notify.top of them), one line each."""
    chosen, settings = _channels(db, names)
    if not chosen:
        raise InputError(
            "there is no chat channel yet; add one: retainkit notify add NAME --kind KIND --url URL"
        )
    results = []
    with Poster(clock, timeout=settings.timeout, max_wait=settings.retry_after_max) as poster:
        for target in chosen:
            text = digest_text(
                items, today, lang=target.lang, detail=target.detail, top=settings.top
            )
            posted = poster.post(target, text)
            _audit(db, target, "digest of due contacts", len(items), posted)
            results.append(
                ChannelResult(
                    target.name, target.kind, posted.verdict == "accepted", posted.reason,
                    len(items), posted.hint,
                )
            )  # fmt: skip
    return results


def send_test(db: Database, name: str, clock: Clock) -> ChannelResult:
    """A short message saying the channel works."""
    [target], settings = _channels(db, [name])
    with Poster(clock, timeout=settings.timeout, max_wait=settings.retry_after_max) as poster:
        posted = poster.post(target, probe_text(target.name, target.lang))
    _audit(db, target, "test message", 0, posted)
    return ChannelResult(
        target.name, target.kind, posted.verdict == "accepted", posted.reason, 0, posted.hint
    )


def deliver_urgent(
    db: Database, clock: Clock, *, right_after: list[int] | None = None
) -> OutboxRun:
    """Send the urgent messages that are due. Right after an interview (`right_after`: the
    action items it raised), only its own messages, with notify.urgent_timeout and no
    waiting for a busy platform: the interview is done and saved, and whatever is not
    delivered now is sent by the next `followup due`. Otherwise every message due, with
    notify.timeout. A channel that fails is left alone for the rest of the run."""
    from retainkit.core.channels.outbox import anything_due, claim_next, settle
    from retainkit.core.settings import load_settings

    with db.read() as session:
        if not anything_due(session, clock.now(), right_after):
            return OutboxRun()
        settings = load_settings(session).notify
    quick = right_after is not None
    timeout = settings.urgent_timeout if quick else settings.timeout
    max_wait = 0 if quick else settings.retry_after_max
    hold = timedelta(seconds=3 * timeout + max_wait + 30)
    sent = 0
    waiting: dict[str, str] = {}
    refused: dict[str, str] = {}
    failed: set[int] = set()
    with Poster(clock, timeout=timeout, max_wait=max_wait) as poster:
        while True:
            claimed = claim_next(db, clock.now(), hold, actions=right_after, skip_channels=failed)
            if claimed is None:
                break
            target = claimed.target
            text = urgent_text(claimed.facts, lang=target.lang, detail=target.detail)
            posted = poster.post(target, text)
            status = settle(db, claimed, posted.verdict, posted.reason, clock.now(),
                            posted.not_before)  # fmt: skip
            _audit(db, target, "urgent flag", 1, posted)
            if status == "sent":
                sent += 1
                continue
            failed.add(target.id)
            (waiting if status == "pending" else refused)[target.name] = posted.reason
    return OutboxRun(sent, waiting, refused)
