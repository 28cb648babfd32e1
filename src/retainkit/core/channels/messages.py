"""What a chat message says, in the channel's language and at its level of detail.

`names`: the digest's items carry the person's name (or the action item's title, which
names an employee number) and an action's owner. `counts`: counts by kind, and each item
by its number, kind and dates only: no name, no employee number, no free text.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

from retainkit.base.form_words import FORM
from retainkit.base.words import CHAT, CONTACT_KIND_LABELS, code_word, word
from retainkit.core.channels.platforms import ChatText

if TYPE_CHECKING:
    from retainkit.core.agenda import DueItem
    from retainkit.core.channels.outbox import UrgentFacts

_KIND_CODES = {label: code for code, label in CONTACT_KIND_LABELS.items()}
_FORM_KINDS = {FORM["reminder"][0]: "reminder"}  # core.agenda's FORM_REMINDER


def kind_word(label: str, lang: str) -> str:
    """A due item's kind (an English label, one of core.agenda's DUE_KINDS) in `lang`."""
    code = _KIND_CODES.get(label)
    if code is not None:
        return code_word(code, lang)
    if label in _FORM_KINDS:
        return word(FORM, _FORM_KINDS[label], lang)
    return word(CHAT, label, lang) if label in CHAT else label


def _say(key: str, lang: str, **values: object) -> str:
    return word(CHAT, key, lang).format(**values)


def _item_line(item: DueItem, lang: str, detail: str) -> str:
    parts = [item.ref, kind_word(item.kind, lang)]
    if detail == "names":
        parts.append(item.name)
        if item.source == "action" and item.owner:
            parts.append(_say("owner", lang, owner=item.owner))
    parts.append(_say("due_by", lang, day=item.due_to.isoformat()))
    if item.overdue_days:
        parts.append(_say("late", lang, days=item.overdue_days))
    return " · ".join(parts)


def digest_text(items: list[DueItem], today: date, *, lang: str, detail: str, top: int) -> ChatText:
    """Counts by kind, then the `top` most important items, one line each."""
    overdue = sum(1 for item in items if item.overdue_days)
    title = _say("digest_title", lang, count=len(items), day=today.isoformat())
    if overdue:
        title += _say("overdue_part", lang, count=overdue)
    kinds = Counter(item.kind for item in items)
    summary = tuple(
        _say("by_kind", lang, kind=kind_word(kind, lang), count=count)
        for kind, count in kinds.most_common()
    )
    shown = items[:top]
    rest = len(items) - len(shown)
    return ChatText(
        title=title,
        summary=summary,
        items=tuple(_item_line(item, lang, detail) for item in shown),
        footer=_say("more", lang, count=rest) if rest else None,
        urgent=any(item.kind == "urgent action" for item in items),
    )


def flag_word(escalation: str | None, lang: str) -> str:
    key = escalation or "urgent action"
    return word(CHAT, key, lang) if key in CHAT else key


def urgent_text(facts: UrgentFacts, *, lang: str, detail: str) -> ChatText:
    """An urgent action item, as soon as an interview raised it."""
    lines = []
    if detail == "names":
        lines.append(facts.title)
        lines.append(
            _say("owner", lang, owner=facts.owner) if facts.owner else _say("no_owner", lang)
        )
    elif facts.interview_id is not None:
        kind = code_word(facts.interview_kind or "exit", lang)
        if lang == "zh":
            kind = kind if kind.endswith("访谈") or kind == "回访" else f"{kind}访谈"
        lines.append(_say("raised_in", lang, kind=kind, id=facts.interview_id))
    if facts.due is not None:
        lines.append(_say("due_by", lang, day=facts.due.isoformat()))
    return ChatText(
        title=_say("urgent_title", lang, flag=flag_word(facts.escalation, lang)),
        items=tuple(lines),
        footer=_say("see", lang, command=f"retainkit actions show {facts.action_id}"),
        urgent=True,
    )


def probe_text(name: str, lang: str) -> ChatText:
    return ChatText(title=_say("test_title", lang, name=name), summary=(_say("test_text", lang),))
