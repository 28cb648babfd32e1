"""Each chat platform's own rules: the request its incoming webhook takes (format, signature)
and what its answer means (accepted, try again later, refused for good).

Pure functions of the message, the secret and the time: nothing here talks to the network.
The formats, as each platform documents its incoming webhook:

- WeCom group robot (企业微信群机器人): `{"msgtype": "markdown", "markdown": {"content"}}`,
  the key in the address; at most 20 messages a minute; `errcode` 0 when accepted.
- DingTalk custom robot (钉钉自定义机器人): `{"msgtype": "markdown", "markdown": {"title",
  "text"}}`; with a secret, `timestamp` (milliseconds) and `sign` =
  base64(HMAC-SHA256(key=secret, "timestamp\\nsecret")) added to the query; 20 a minute.
- Feishu custom bot (飞书自定义机器人): an interactive card, `{"msg_type": "interactive",
  "card": {...}}`; with a secret, `timestamp` (seconds) and `sign` =
  base64(HMAC-SHA256(key="timestamp\\nsecret", message="")) in the body; `code` 0.
- Slack incoming webhook: Block Kit `{"text", "blocks": [header, section]}`; "ok".
- Teams (a Workflows webhook, "Send webhook alerts to a channel"): an Adaptive Card in a
  message, `{"type": "message", "attachments": [{"contentType":
  "application/vnd.microsoft.card.adaptive", "content": {...}}]}`; 202 Accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

Verdict = Literal["accepted", "retry", "rejected"]

PER_MINUTE = {"wecom": 20, "dingtalk": 20, "feishu": 100, "slack": 60, "teams": 60}
"""How many messages a minute a platform takes from one webhook (WeCom and DingTalk say 20,
Feishu 100; Slack and Teams about one a second)."""

SIGNED = ("dingtalk", "feishu")
"""The platforms whose webhooks can require a signature made with a secret."""

# Answers of a platform that mean "too many, later" rather than "never like this".
_BUSY_CODES = {"wecom": {45009}, "dingtalk": {130101, 660026}, "feishu": {11232}}
_TEXT_LIMIT = {"wecom": 4000, "dingtalk": 18000, "feishu": 18000, "slack": 2900, "teams": 20000}


@dataclass(frozen=True)
class ChatText:
    """A message before any platform's format: a title, lines of counts, one line per item,
    and what to do for the rest."""

    title: str
    summary: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    footer: str | None = None
    urgent: bool = False

    def count(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class Request:
    """What to post: the query parameters to add to the webhook address, and the body."""

    params: dict[str, str]
    body: dict[str, Any]


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    import base64
    import hashlib
    import hmac

    string = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), string, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    import base64
    import hashlib
    import hmac

    key = f"{timestamp_s}\n{secret}".encode()
    digest = hmac.new(key, b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def request(kind: str, text: ChatText, secret: str | None, now: datetime) -> Request:
    """The request for `kind`'s webhook, signed at `now` when there is a secret."""
    if kind == "wecom":
        return Request({}, {"msgtype": "markdown", "markdown": {"content": _markdown(kind, text)}})
    if kind == "dingtalk":
        params = {}
        if secret:
            stamp = int(now.timestamp() * 1000)
            params = {"timestamp": str(stamp), "sign": dingtalk_sign(secret, stamp)}
        body = {
            "msgtype": "markdown",
            "markdown": {"title": text.title, "text": _markdown(kind, text)},
        }
        return Request(params, body)
    if kind == "feishu":
        card: dict[str, Any] = {"msg_type": "interactive", "card": _feishu_card(text)}
        if secret:
            stamp = int(now.timestamp())
            card = {"timestamp": str(stamp), "sign": feishu_sign(secret, stamp), **card}
        return Request({}, card)
    if kind == "slack":
        return Request({}, _slack(text))
    if kind == "teams":
        return Request({}, _teams(text))
    raise ValueError(f"unknown chat platform {kind!r}")


def _escaped(kind: str, line: str) -> str:
    """A line of our text as plain text in the platform's markup: `<`, `>` and `&` would
    start a tag or mention (Slack's `<!channel>`, Feishu's `<at>`, WeCom's `<font>`)."""
    if kind in ("slack", "feishu"):
        return line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return line.replace("<", "\uff1c").replace(">", "\uff1e")  # full-width < and >


def _fitted(kind: str, text: ChatText, render: Any) -> str:
    """The rendered text, items dropped from the end (with a line saying so) until it fits
    the platform's limit."""
    items = list(text.items)
    footer = text.footer
    while True:
        rendered: str = render(items, footer)
        if len(rendered.encode()) <= _TEXT_LIMIT[kind] or not items:
            return rendered
        items.pop()
        footer = footer or "…"


def _markdown(kind: str, text: ChatText) -> str:
    gap = "\n\n" if kind == "dingtalk" else "\n"  # DingTalk joins single line breaks

    def render(items: list[str], footer: str | None) -> str:
        title = _escaped(kind, text.title)
        lines = [f"## {title}" if kind == "dingtalk" else f"**{title}**"]
        if kind == "wecom" and text.urgent:
            lines = [f'<font color="warning">**{title}**</font>']
        lines += [f"> {_escaped(kind, line)}" for line in text.summary]
        lines += [f"- {_escaped(kind, line)}" for line in items]
        if footer:
            lines.append(_escaped(kind, footer))
        return gap.join(lines)

    return _fitted(kind, text, render)


def _feishu_card(text: ChatText) -> dict[str, Any]:
    def render(items: list[str], footer: str | None) -> str:
        lines = [_escaped("feishu", line) for line in text.summary]
        lines += [f"- {_escaped('feishu', line)}" for line in items]
        if footer:
            lines.append(_escaped("feishu", footer))
        return "\n".join(lines)

    return {
        "config": {"wide_screen_mode": True},
        "header": {
            "title": {"tag": "plain_text", "content": text.title},
            "template": "red" if text.urgent else "blue",
        },
        "elements": [
            {"tag": "div", "text": {"tag": "lark_md", "content": _fitted("feishu", text, render)}}
        ],
    }


def _slack(text: ChatText) -> dict[str, Any]:
    def render(items: list[str], footer: str | None) -> str:
        lines = [_escaped("slack", line) for line in text.summary]
        lines += [f"• {_escaped('slack', line)}" for line in items]
        if footer:
            lines.append(f"_{_escaped('slack', footer)}_")
        return "\n".join(lines)

    title = (":rotating_light: " if text.urgent else "") + text.title
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": title[:150]}}
    ]
    body = _fitted("slack", text, render)
    if body:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": body}})
    return {"text": text.title, "blocks": blocks}


def _teams(text: ChatText) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": text.title,
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
            **({"color": "Attention"} if text.urgent else {}),
        }
    ]
    body += [{"type": "TextBlock", "text": line, "wrap": True} for line in text.summary]
    body += [{"type": "TextBlock", "text": f"- {line}", "wrap": True} for line in text.items]
    if text.footer:
        body.append({"type": "TextBlock", "text": text.footer, "wrap": True, "isSubtle": True})
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": card,
            }
        ],
    }


def judge(kind: str, status: int, body: bytes) -> tuple[Verdict, str]:
    """What the platform's answer means, and a short reason (no address, no secret)."""
    import json

    if status == 429 or status == 408 or status >= 500:
        return "retry", f"HTTP {status}"
    if status >= 300:
        said = _short(body.decode("utf-8", "replace")) if kind == "slack" else ""
        return "rejected", f"HTTP {status}" + (f" ({said})" if said else "")
    if kind in ("slack", "teams"):
        return "accepted", f"HTTP {status}"
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return "rejected", f"HTTP {status}, but not an answer from {kind}: is the address right?"
    if not isinstance(answer, dict):
        return "rejected", f"HTTP {status}, but not an answer from {kind}: is the address right?"
    code = answer.get("errcode", answer.get("code", answer.get("StatusCode")))
    said = _short(str(answer.get("errmsg", answer.get("msg", answer.get("StatusMessage", "")))))
    if code == 0:
        return "accepted", f"HTTP {status}"
    if code is None:
        return "rejected", f"HTTP {status}, but not an answer from {kind}: is the address right?"
    if code in _BUSY_CODES.get(kind, set()):
        return "retry", f"{kind} is busy (code {code})"
    return "rejected", f"{kind} refused it (code {code}: {said})"


def _short(text: str) -> str:
    """A platform's words, on one line and short, for a message or the outbox."""
    return " ".join(text.split())[:80]
