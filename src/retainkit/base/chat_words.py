"""The words of the messages chat channels get, in English and Chinese (re-exported by
`words` as `words.CHAT`)."""

from __future__ import annotations

CHAT: dict[str, tuple[str, str]] = {
    "digest_title": ("retainkit: {count} due on {day}", "retainkit：{day} 待办 {count} 项"),
    "overdue_part": (", {count} overdue", "，逾期 {count} 项"),
    "by_kind": ("{kind}: {count}", "{kind}：{count}"),
    "due_by": ("due by {day}", "截止 {day}"),
    "late": ("{days} days late", "逾期 {days} 天"),
    "more": ("and {count} more: retainkit followup due", "另有 {count} 项：retainkit followup due"),
    "urgent_title": ("retainkit: urgent, {flag}", "retainkit：紧急，{flag}"),
    "raised_in": ("raised in {kind} interview {id}", "来自第 {id} 号{kind}"),
    "owner": ("owner: {owner}", "负责人：{owner}"),
    "no_owner": ("no owner yet", "尚无负责人"),
    "see": ("details: {command}", "详情：{command}"),
    "test_title": ("retainkit: test message for channel {name}", "retainkit：频道 {name} 测试消息"),
    "test_text": (
        "If you can read this, the digest and urgent flags reach this chat.",
        "能看到这条消息，说明待办摘要和紧急提醒可以送达本群。",
    ),
    "urgent action": ("urgent action", "紧急事项"),
    "overdue action": ("overdue action", "逾期事项"),
    "handover": ("handover", "工作交接"),
    "safety": ("a health or safety concern", "职业健康或安全问题"),
    "legal": ("a legal concern", "法律问题"),
    "retention": ("a chance to keep someone", "挽留机会"),
}
"""The messages chat channels get (`retainkit notify`): the digest and urgent flags."""
