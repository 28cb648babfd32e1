"""Posting to a webhook over HTTP, done properly: httpx with a timeout on every phase,
proxies from the environment (HTTPS_PROXY, NO_PROXY), a platform's "too many requests"
waited for as it asks (within a bound), its per-minute limit kept, and nothing of the
address or secret in what is said or logged.

The clock and the waiting come from the caller (`Clock`): nothing here reads the time.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from retainkit.core.channels.platforms import PER_MINUTE, ChatText, Verdict, judge, request

if TYPE_CHECKING:
    import httpx

    from retainkit.core.channels.store import Target


_SLOW = (
    "check the platform's status page, or give it longer: retainkit config set "
    "notify.timeout SECONDS"
)
_PROXY = "check the proxy settings (HTTPS_PROXY, NO_PROXY)"
_UNREACHABLE = (
    "check the channel's address (retainkit notify list), the network, and the proxy "
    "settings (HTTPS_PROXY, NO_PROXY)"
)
_PLATFORM_DOWN = "the platform had a problem: check its status page and try again later"


def _refused(name: str) -> str:
    return (
        "check the address and secret the platform shows; to change them: retainkit notify "
        f"remove {name}, then notify add"
    )


@dataclass(frozen=True)
class Clock:
    """The current time (aware UTC) and a way to wait, given by the command."""

    now: Callable[[], datetime]
    sleep: Callable[[float], None]


@dataclass(frozen=True)
class Posted:
    """What came of one message: accepted, to try again (not before `not_before`), or
    refused; `reason` is retainkit's words, safe to show and store."""

    verdict: Verdict
    reason: str
    not_before: datetime | None = None
    hint: str = ""
    """What to do about a message not accepted, in retainkit's words."""


class Poster:
    """One HTTP client for a run; use as a context manager."""

    def __init__(self, clock: Clock, *, timeout: float, max_wait: float) -> None:
        import logging

        import httpx

        # httpx logs each request's address (with a webhook's key in it) at INFO.
        logging.getLogger("httpx").setLevel(logging.WARNING)
        self.clock = clock
        self.timeout = timeout
        self.max_wait = max_wait
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout), trust_env=True, follow_redirects=False
        )
        self.recent: dict[int, deque[datetime]] = {}

    def __enter__(self) -> Poster:
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()

    def post(self, target: Target, text: ChatText) -> Posted:
        """Post `text` to the channel; at most one more try after a 429 it can wait for."""
        paced = self._pace(target)
        if paced is not None:
            return paced
        posted = self._once(target, text)
        if posted.verdict == "retry" and posted.not_before is not None:
            wait = (posted.not_before - self.clock.now()).total_seconds()
            if wait <= self.max_wait:
                self.clock.sleep(max(wait, 0))
                posted = self._once(target, text)
        return posted

    def _pace(self, target: Target) -> Posted | None:
        """Keep the platform's per-minute limit: wait for a free slot, or say when."""
        sent = self.recent.setdefault(target.id, deque())
        now = self.clock.now()
        while sent and now - sent[0] >= timedelta(minutes=1):
            sent.popleft()
        if len(sent) < PER_MINUTE[target.kind]:
            return None
        free = sent[0] + timedelta(minutes=1)
        wait = (free - now).total_seconds()
        if wait > self.max_wait:
            limit = PER_MINUTE[target.kind]
            return Posted(
                "retry", f"{target.kind} takes {limit} messages a minute", free,
                "wait a minute and try again",
            )  # fmt: skip
        self.clock.sleep(wait)
        sent.popleft()
        return None

    def _once(self, target: Target, text: ChatText) -> Posted:
        import httpx

        now = self.clock.now()
        built = request(target.kind, text, target.secret, now)
        self.recent.setdefault(target.id, deque()).append(now)
        try:
            # The signature's parameters join the key already in the address's query.
            url = httpx.URL(target.url).copy_merge_params(built.params)
            answer = self.client.post(url, json=built.body)
        except httpx.TimeoutException:
            return Posted("retry", f"no answer within {self.timeout:g} s", hint=_SLOW)
        except httpx.ProxyError:
            return Posted("retry", "the proxy refused the connection", hint=_PROXY)
        except httpx.TransportError:
            return Posted("retry", "could not connect to the platform", hint=_UNREACHABLE)
        verdict, reason = judge(target.kind, answer.status_code, answer.content)
        not_before = None
        if verdict == "retry" and answer.status_code == 429:
            not_before = self._retry_after(answer, now)
        hint = {"retry": _PLATFORM_DOWN, "rejected": _refused(target.name)}.get(verdict, "")
        if not_before is not None:
            hint = "the platform is busy: wait a minute and try again"
        return Posted(verdict, target.scrubbed(reason), not_before, hint)

    def _retry_after(self, answer: httpx.Response, now: datetime) -> datetime:
        """When a 429 says to come back: seconds or an HTTP date; a minute if it does not
        say."""
        from email.utils import parsedate_to_datetime

        raw = answer.headers.get("Retry-After", "").strip()
        if raw.isdigit():
            return now + timedelta(seconds=int(raw))
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return now + timedelta(minutes=1)
        return when if when.tzinfo else now + timedelta(minutes=1)
