"""A leaver's knowledge handover checklist: started with the separation, ticked off item by
item, the successor named. Open items after the last day show in `followup due`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.core.fields import parse_employee_no, text_option
from retainkit.core.lookup import find_person, find_separation
from retainkit.core.settings import load_settings
from retainkit.storage.models import HandoverItem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database


@dataclass(frozen=True)
class HandoverStep:
    """One item of the checklist, numbered from 1."""

    item: int
    label: str
    done: bool
    done_on: date | None
    note: str | None


@dataclass(frozen=True)
class HandoverChecklist:
    separation_id: int
    employee_no: str
    last_day: date
    successor_no: str | None
    items: tuple[HandoverStep, ...]


def checklist(
    session: Session, separation_id: int, labels: Sequence[str] | None = None
) -> list[HandoverItem]:
    """The separation's checklist; made from `labels` (default: the handover.items setting)
    if it has none yet."""
    from sqlalchemy import select

    items = list(session.scalars(
        select(HandoverItem).where(HandoverItem.separation_id == separation_id)
        .order_by(HandoverItem.position)
    ))  # fmt: skip
    if not items:
        if labels is None:
            labels = load_settings(session).handover_items
        items = [
            HandoverItem(separation_id=separation_id, position=n, label=label)
            for n, label in enumerate(labels, start=1)
        ]
        session.add_all(items)
        session.flush()
    return items


def _match(items: list[HandoverItem], word: str) -> HandoverItem:
    text = word.strip().casefold()
    if text.isdigit() and 1 <= int(text) <= len(items):
        return items[int(text) - 1]
    found = [item for item in items if text and text in item.label.casefold()]
    if len(found) != 1:
        names = "; ".join(f"{i.position} {i.label}" for i in items)
        raise InputError(
            f"--done {word!r} names {'no' if not found else 'more than one'} item; "
            f"give a number or a word from: {names}"
        )
    return found[0]


def _successor_argument(successor: str | None) -> str | None:
    if successor is None:
        return None
    try:
        return parse_employee_no(successor)
    except ValueError as exc:
        raise InputError(f"--successor: {exc}") from None


def handover(
    db: Database,
    separation_id: int,
    today: date,
    *,
    done: list[str],
    successor: str | None,
    note: str | None,
) -> HandoverChecklist:
    """Show a separation's handover checklist; mark items done, name the successor."""
    text = text_option(note, "--note")
    successor_no = _successor_argument(successor)
    with db.write() as session:
        separation = find_separation(session, separation_id, lock=True)
        items = checklist(session, separation.id)
        if successor_no is not None:
            if find_person(session, successor_no).id == separation.person_id:
                raise InputError("--successor must be someone other than the person leaving")
            separation.successor_no = successor_no
            for item in items:
                if "successor" in item.label.casefold() and not item.done:
                    item.done, item.done_on = True, today
        marked = [_match(items, word) for word in done]
        for item in marked:
            if not item.done:
                item.done, item.done_on = True, today
            if text:
                item.note = text
        if text and not marked:
            items[-1].note = text if items else None
        return HandoverChecklist(
            separation_id=separation.id,
            employee_no=separation.person.employee_no,
            last_day=separation.last_day,
            successor_no=separation.successor_no,
            items=tuple(
                HandoverStep(i.position, i.label, i.done, i.done_on, i.note) for i in items
            ),
        )
