"""Chat channels as the database keeps them: added, listed (masked), removed, and read with
their secrets only by what sends."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from retainkit.base.errors import InputError, NotFound
from retainkit.base.vocab import CHAT_DETAILS, CHAT_KINDS
from retainkit.base.words import LANGUAGES
from retainkit.core.channels.platforms import SIGNED
from retainkit.storage.models import AuditEvent, ChatChannel, ChatMessage

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MASK = "••••"
NOT_DELIVERED = "; not delivered: "
"""How the audit log's line of a send ends when the platform did not take it, the reason
after it (retainkit's words: no address, no secret)."""


@dataclass(frozen=True)
class Target:
    """A channel with what sending needs. The address and secret never show in a repr."""

    id: int
    name: str
    kind: str
    lang: str
    detail: str
    urgent: bool
    url: str = field(repr=False)
    secret: str | None = field(repr=False)

    def scrubbed(self, text: str) -> str:
        """`text` with the address and the secret taken out, should a platform echo them."""
        for secret in (self.url, self.secret):
            if secret:
                text = text.replace(secret, MASK)
        return text


@dataclass(frozen=True)
class ChannelView:
    """A channel as `notify list` shows it: the address masked, the secret as set or not."""

    name: str
    kind: str
    url: str
    secret: str
    lang: str
    detail: str
    urgent: bool
    waiting: int
    """Urgent messages not delivered yet (they are retried by `followup due`)."""
    undeliverable: int
    """Urgent messages the platform refused, or given up on."""
    last_error: str | None
    """Why the last send that failed (a digest, urgent flag or test message) failed."""
    last_error_at: datetime | None


def audit_target(name: str, kind: str) -> str:
    """How the audit log names a channel."""
    return f"chat channel {name} ({kind})"


def masked_url(url: str) -> str:
    """The scheme and host only: every platform puts its secret in the path or the query."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}/{MASK}"


def masked_secret(secret: str | None) -> str:
    return MASK if secret else ""


def _checked_url(raw: str) -> str:
    url = raw.strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        host = None
    if not host or parts.scheme not in ("https", "http") or any(c.isspace() for c in url):
        raise InputError("--url must be the webhook address the platform gave, https://...")
    if parts.scheme == "http" and host not in LOOPBACK:
        raise InputError(
            "--url must start with https:// (the address carries the webhook's key); "
            "copy it again from the platform"
        )
    return url


def add_channel(
    db: Database,
    name: str,
    *,
    kind: str,
    url: str,
    secret: str | None,
    lang: str,
    detail: str,
    urgent: bool,
) -> ChannelView:
    """Add a channel; its name must be new (remove the old one to change it)."""
    from sqlalchemy import select

    if not NAME.fullmatch(name):
        raise InputError(
            "a channel name is 1 to 40 lower-case letters, digits, - or _, like hr-wecom"
        )
    kind = kind.strip().lower()
    if kind not in CHAT_KINDS:
        raise InputError(f"--kind must be one of {', '.join(CHAT_KINDS)}")
    if lang not in LANGUAGES:
        raise InputError(f"--lang must be one of {', '.join(LANGUAGES)}")
    if detail not in CHAT_DETAILS:
        raise InputError(f"--detail must be one of {', '.join(CHAT_DETAILS)}")
    checked = _checked_url(url)
    secret = (secret or "").strip() or None
    if secret and kind not in SIGNED:
        raise InputError(
            f"--secret is for {' and '.join(SIGNED)}; a {kind} webhook's key is in its address"
        )
    if secret and (len(secret) > 200 or any(c.isspace() for c in secret)):
        raise InputError("--secret must be the signing secret the platform shows, on one line")
    with db.write() as session:
        if session.scalar(select(ChatChannel.id).where(ChatChannel.name == name)) is not None:
            raise InputError(
                f"there is already a channel {name}; remove it first: retainkit notify remove "
                f"{name}"
            )
        session.add(
            ChatChannel(
                name=name, kind=kind, url=checked, secret=secret, lang=lang, detail=detail,
                urgent=urgent,
            )
        )  # fmt: skip
    return ChannelView(
        name, kind, masked_url(checked), masked_secret(secret), lang, detail, urgent, 0, 0, None,
        None,
    )  # fmt: skip


def list_channels(db: Database) -> list[ChannelView]:
    """Every channel, masked, with what its outbox holds."""
    from sqlalchemy import func, select

    with db.read() as session:
        counts: dict[tuple[int, str], int] = {
            (channel_id, status): count
            for channel_id, status, count in session.execute(
                select(ChatMessage.channel_id, ChatMessage.status, func.count())
                .where(ChatMessage.status != "sent")
                .group_by(ChatMessage.channel_id, ChatMessage.status)
            )
        }
        channels = session.scalars(select(ChatChannel).order_by(ChatChannel.name)).all()
        failures = _last_failures(session, channels)
        return [
            ChannelView(
                name=c.name,
                kind=c.kind,
                url=masked_url(c.url),
                secret=masked_secret(c.secret),
                lang=c.lang,
                detail=c.detail,
                urgent=c.urgent,
                waiting=counts.get((c.id, "pending"), 0),
                undeliverable=counts.get((c.id, "rejected"), 0)
                + counts.get((c.id, "abandoned"), 0),
                last_error=failures.get(c.id, (None, None))[1],
                last_error_at=failures.get(c.id, (None, None))[0],
            )
            for c in channels
        ]


def _last_failures(
    session: Session, channels: Sequence[ChatChannel]
) -> dict[int, tuple[datetime, str]]:
    """Each channel's last send that failed, of any kind, from the audit log: when, and
    why. Only since the channel was added (a channel added again starts afresh)."""
    from sqlalchemy import select

    by_target = {audit_target(c.name, c.kind): c for c in channels}
    if not by_target:
        return {}
    found: dict[int, tuple[datetime, str]] = {}
    events = session.execute(
        select(AuditEvent.target, AuditEvent.at, AuditEvent.detail)
        .where(AuditEvent.target.in_(list(by_target)))
        .where(AuditEvent.detail.contains(NOT_DELIVERED))
        .order_by(AuditEvent.at, AuditEvent.id)
    )
    for target, at, detail in events:
        channel = by_target[target]
        if detail is not None and at >= channel.created_at:
            found[channel.id] = (at, detail.split(NOT_DELIVERED, 1)[1])
    return found


def remove_channel(db: Database, name: str) -> int:
    """Remove a channel and its outbox; how many undelivered messages went with it."""
    from sqlalchemy import delete, func, select

    with db.write() as session:
        channel = session.scalar(select(ChatChannel).where(ChatChannel.name == name))
        if channel is None:
            raise _unknown(name)
        dropped = session.scalar(
            select(func.count())
            .select_from(ChatMessage)
            .where(ChatMessage.channel_id == channel.id, ChatMessage.status != "sent")
        )
        session.execute(delete(ChatMessage).where(ChatMessage.channel_id == channel.id))
        session.delete(channel)
    return int(dropped or 0)


def _unknown(name: str) -> NotFound:
    return NotFound(f"there is no channel {name!r}; see: retainkit notify list")


def check_channels(db: Database, names: list[str] | None) -> None:
    """Before anything is sent: the channels named exist, or (none named) there is one."""
    with db.read() as session:
        if not targets(session, names):
            raise InputError(
                "there is no chat channel yet; add one: retainkit notify add NAME --kind KIND "
                "--url URL"
            )


def targets(session: Session, names: list[str] | None = None) -> list[Target]:
    """The channels named (every one when None), with their secrets, in name order."""
    from sqlalchemy import select

    query = select(ChatChannel).order_by(ChatChannel.name)
    if names:
        query = query.where(ChatChannel.name.in_(names))
    found = [
        Target(c.id, c.name, c.kind, c.lang, c.detail, c.urgent, c.url, c.secret)
        for c in session.scalars(query)
    ]
    missing = sorted(set(names or ()) - {t.name for t in found})
    if missing:
        raise _unknown(missing[0])
    return found
