"""A local stand-in for the chat platforms' incoming webhooks, on 127.0.0.1.

One threaded HTTP server; the first part of the path names the platform (/wecom/send?key=..,
/dingtalk/robot/send?access_token=.., /feishu/hook/.., /slack/services/.., /teams/workflows/..).
It checks each platform's payload shape and signature as the platform documents them, and
answers as the platform would: accepted, a refusal, or what a test asks for next (429 with
Retry-After, 500, or hanging without an answer).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

KINDS = ("wecom", "dingtalk", "feishu", "slack", "teams")
PATHS = {
    "wecom": "/wecom/cgi-bin/webhook/send?key=wecom-KEY-7f3a",
    "dingtalk": "/dingtalk/robot/send?access_token=ding-TOKEN-9c1e",
    "feishu": "/feishu/open-apis/bot/v2/hook/feishu-HOOK-44d2",
    "slack": "/slack/services/T000/B000/slack-PATH-SECRET",
    "teams": "/teams/workflows/abc/triggers/manual/paths/invoke?sig=teams-SIG-5b6a",
}
SECRETS = {"dingtalk": "SECding-secret-0a1b2c", "feishu": "feishu-secret-3d4e5f"}


@dataclass
class Received:
    kind: str
    query: dict[str, list[str]]
    raw: bytes
    body: Any
    answer: str  # what the server did: ok, refused, 429, 500, hang


@dataclass
class Platforms:
    port: int = 0
    received: list[Received] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    """Requests that broke a platform's rules (shape, signature): the platform refuses them."""
    next_answers: deque[str] = field(default_factory=deque)
    """What to answer next, one per request, then "ok": "429", "500", "hang"."""
    hang_seconds: float = 20.0
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, kind: str) -> str:
        return f"http://127.0.0.1:{self.port}{PATHS[kind]}"

    def accepted(self, kind: str | None = None) -> list[Received]:
        return [r for r in self.received if r.answer == "ok" and kind in (None, r.kind)]


def _shape_problems(kind: str, body: Any, query: dict[str, list[str]]) -> list[str]:
    """What is wrong with a request, by the platform's documented format and signature."""
    problems = []
    if kind == "wecom":
        content = body.get("markdown", {}).get("content")
        if body.get("msgtype") != "markdown" or not isinstance(content, str):
            problems.append("wecom: not a markdown message")
        elif len(content.encode()) > 4096:
            problems.append("wecom: content over 4096 bytes")
        if query.get("key") != ["wecom-KEY-7f3a"]:
            problems.append("wecom: key missing")
    elif kind == "dingtalk":
        markdown = body.get("markdown", {})
        if body.get("msgtype") != "markdown" or not {"title", "text"} <= set(markdown):
            problems.append("dingtalk: not a markdown message")
        stamp, sign = query.get("timestamp", [""])[0], query.get("sign", [""])[0]
        secret = SECRETS["dingtalk"]
        wanted = base64.b64encode(
            hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
        ).decode()
        if len(stamp) != 13 or sign != wanted:
            problems.append("dingtalk: sign not match")
    elif kind == "feishu":
        card = body.get("card", {})
        title = card.get("header", {}).get("title", {})
        if body.get("msg_type") != "interactive" or title.get("tag") != "plain_text":
            problems.append("feishu: not an interactive card")
        if not isinstance(card.get("elements"), list):
            problems.append("feishu: card without elements")
        stamp, sign = str(body.get("timestamp", "")), body.get("sign")
        key = f"{stamp}\n{SECRETS['feishu']}".encode()
        wanted = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
        if len(stamp) != 10 or sign != wanted:
            problems.append("feishu: sign match fail")
    elif kind == "slack":
        blocks = body.get("blocks")
        if not isinstance(body.get("text"), str) or not isinstance(blocks, list):
            problems.append("slack: invalid_payload")
        elif blocks[0].get("type") != "header" or any(
            b["type"] == "section" and b["text"]["type"] != "mrkdwn" for b in blocks
        ):
            problems.append("slack: invalid_blocks")
    elif kind == "teams":
        [attachment] = body.get("attachments") or [{}]
        content = attachment.get("content", {})
        if (
            body.get("type") != "message"
            or attachment.get("contentType") != "application/vnd.microsoft.card.adaptive"
            or content.get("type") != "AdaptiveCard"
            or not all(block.get("type") == "TextBlock" for block in content.get("body", []))
        ):
            problems.append("teams: not an Adaptive Card message")
    return problems


def _refusal(kind: str, why: str) -> tuple[int, bytes]:
    if kind == "wecom":
        return 200, json.dumps({"errcode": 93000, "errmsg": why}).encode()
    if kind == "dingtalk":
        return 200, json.dumps({"errcode": 310000, "errmsg": why}).encode()
    if kind == "feishu":
        return 200, json.dumps({"code": 19021, "msg": why}).encode()
    return 400, b"invalid_payload"


def _accepted(kind: str) -> tuple[int, bytes]:
    if kind in ("wecom", "dingtalk"):
        return 200, b'{"errcode":0,"errmsg":"ok"}'
    if kind == "feishu":
        return 200, b'{"code":0,"msg":"success","data":{}}'
    if kind == "teams":
        return 202, b""
    return 200, b"ok"


def serve() -> Iterator[Platforms]:
    platforms = Platforms()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            kind = parts.path.split("/")[1]
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            query = parse_qs(parts.query)
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            answer = platforms.next_answers.popleft() if platforms.next_answers else "ok"
            problems = (
                _shape_problems(kind, body, query) if isinstance(body, dict) else ["not JSON"]
            )
            if answer == "ok" and problems:
                answer = "refused"
                platforms.problems.extend(problems)
            platforms.received.append(Received(kind, query, raw, body, answer))
            if answer == "hang":
                platforms.release.wait(platforms.hang_seconds)
                status, reply, headers = 200, b"", {}
            elif answer == "429":
                status, reply, headers = 429, b"rate_limited", {"Retry-After": "1"}
            elif answer == "500":
                status, reply, headers = 500, b"server error", {}
            elif answer == "refused":
                (status, reply), headers = _refusal(kind, "; ".join(problems)), {}
            else:
                (status, reply), headers = _accepted(kind), {}
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)
            except OSError:  # the client gave up waiting
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    platforms.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield platforms
    finally:
        platforms.release.set()
        server.shutdown()
        server.server_close()
