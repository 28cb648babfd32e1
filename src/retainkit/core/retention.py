"""How a chance to keep a leaver ends: a recorded decision, so saves can be counted.

- Retained (`separation withdraw`): the person stays. The separation is kept in the history,
  marked withdrawn with the decision, and no longer counts as a separation anywhere; the
  person is employed again, and the contacts planned for the leaver are cancelled.
- Left (`separation confirm`): the exit is confirmed; the separation stands as it is.

Either way the open retention action items of the separation (raised by its interviews or
added for it) are closed as done, with the decision as their outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.core.fields import text_option
from retainkit.core.lookup import find_separation
from retainkit.core.plan import replan_after
from retainkit.core.settings import load_settings
from retainkit.storage.database import now_of
from retainkit.storage.models import ActionItem, Interview, Person, Separation

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

OUTCOMES = {
    "retained": "Retained: the separation was withdrawn",
    "left": "Exit confirmed: the person leaves",
}


@dataclass(frozen=True)
class Decision:
    """A retention decision recorded on a separation."""

    separation_id: int
    employee_no: str
    name: str
    decision: str  # retained or left
    status: str  # the separation's status now: withdrawn or open
    decided_on: date
    actions_closed: tuple[int, ...]


def decide(
    db: Database, separation_id: int, decision: str, today: date, note: str | None = None
) -> Decision:
    """Record how the chance to keep a leaver ended: `retained` or `left`."""
    if decision not in OUTCOMES:
        raise InputError(f"the decision is one of {', '.join(OUTCOMES)}")
    text = text_option(note, "--note", 2000)
    with db.write() as session:
        separation = find_separation(session, separation_id, lock=True)
        if separation.retention_decision is not None:
            raise InputError(
                f"separation {separation_id} has its decision already: "
                f"{separation.retention_decision} on {separation.decided_on}"
            )
        if separation.status != "open":
            raise InputError(
                f"separation {separation_id} is {separation.status}; only an open separation "
                "can be withdrawn or confirmed"
            )
        person = session.get(Person, separation.person_id, with_for_update=True)
        assert person is not None
        separation.retention_decision = decision
        separation.decided_on = today
        separation.decision_note = text
        if decision == "retained":
            separation.status = "withdrawn"
            person.status = "active"
            person.updated_at = now_of(session)
            cadence = load_settings(session).cadence
            replan_after(session, person.id, separation.id, "separation withdrawn", cadence, today)
        outcome = OUTCOMES[decision] + (f" ({text})" if text else "")
        closed = _close_retention_items(session, separation, outcome, today)
        return Decision(
            separation_id=separation.id,
            employee_no=person.employee_no,
            name=person.name,
            decision=decision,
            status=separation.status,
            decided_on=today,
            actions_closed=closed,
        )


def _close_retention_items(
    session: Session, separation: Separation, outcome: str, today: date
) -> tuple[int, ...]:
    from sqlalchemy import or_, select

    interviews = select(Interview.id).where(Interview.separation_id == separation.id)
    items = session.scalars(
        select(ActionItem)
        .where(
            ActionItem.escalation == "retention",
            ActionItem.status.in_(("open", "in_progress")),
            or_(
                ActionItem.separation_id == separation.id,
                ActionItem.interview_id.in_(interviews),
            ),
        )
        .order_by(ActionItem.id)
    ).all()
    for item in items:
        item.status = "done"
        item.done_on = today
        item.outcome = outcome
    return tuple(item.id for item in items)
