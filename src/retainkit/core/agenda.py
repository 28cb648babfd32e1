"""The due list of `followup due` and `stay due`: planned contacts due soon or overdue, and
what else cannot wait (urgent or overdue action items, handovers still open after the
last day), most important first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from retainkit.base.errors import InputError
from retainkit.base.form_words import FORM
from retainkit.base.words import CONTACT_KIND_LABELS as KIND_LABELS
from retainkit.core.lookup import names_by_number
from retainkit.core.settings import load_settings
from retainkit.storage.models import (
    ActionItem,
    Contact,
    FollowUp,
    FormIssue,
    HandoverItem,
    Interview,
    Person,
    Separation,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

Source = Literal["contact", "action", "handover", "form"]
URGENT_ACTION_PRIORITY = 100
OVERDUE_ACTION_PRIORITY = 90
HANDOVER_PRIORITY = 80
FORM_PRIORITY = 50
_PREFIX = {"contact": "", "action": "A", "handover": "H", "form": "F"}
_ORDER = {"contact": 0, "action": 1, "handover": 2, "form": 3}


@dataclass(frozen=True)
class DueItem:
    """One line of the due list. `id` is the number of what `source` names: a planned
    contact, an action item, the separation whose handover is open, or a written
    questionnaire form not returned."""

    id: int
    employee_no: str | None
    name: str
    kind: str
    due_from: date
    due_to: date
    overdue_days: int
    priority: int
    attempts: int
    channel: str | None
    contact_hours: str | None
    last_conclusion: str | None
    owner: str | None
    source: Source

    @property
    def ref(self) -> str:
        """The id as a person reads it in the list: 12, A12 (an action), H12 (a handover)."""
        return f"{_PREFIX[self.source]}{self.id}"


FORM_REMINDER = FORM["reminder"][0]
"""The kind of a form not returned, as the due list shows it."""
DUE_KINDS = (*KIND_LABELS.values(), "urgent action", "overdue action", "handover", FORM_REMINDER)
"""Every kind a due item can be (what the chat digest counts, in each language)."""


@dataclass(frozen=True)
class OpenHandover:
    """What a table shows of an open handover beyond its DueItem."""

    separation_id: int
    open_items: int
    successor_no: str | None


@dataclass(frozen=True)
class Agenda:
    """The due list with what a table shows beside it, read in the same transaction: each
    open handover by its separation, and the names of the people the list holds only by
    employee number (action items' owners, successors)."""

    items: tuple[DueItem, ...]
    handovers: dict[int, OpenHandover]
    names: dict[str, str]


def due(
    db: Database, *, today: date, within: int = 7, kinds: tuple[str, ...] | None = None
) -> list[DueItem]:
    """Planned contacts due within `within` days plus everything overdue, most important
    first, then most overdue. Given `kinds` (of contact), only those contacts."""
    return list(agenda(db, today=today, within=within, kinds=kinds).items)


def agenda(
    db: Database, *, today: date, within: int = 7, kinds: tuple[str, ...] | None = None
) -> Agenda:
    """The due list (see `due`) with its open handovers and the names it needs."""
    if within < 0 or within > 3650:
        raise InputError("--within must be 0 to 3650 days")
    with db.read() as session:  # one transaction: one consistent picture
        items = _contacts_due(session, today, today + timedelta(days=within), kinds)
        if kinds:
            return Agenda(tuple(items), {}, {})
        actions = _actions_due(session, today)
        handovers = _handovers_open(session, today)
        forms = _forms_due(session, today, today + timedelta(days=within))
        names = names_by_number(
            session,
            [item.owner for item in actions] + [h.successor_no for _, h in handovers],
        )
    items += actions + [item for item, _ in handovers] + forms
    return Agenda(
        tuple(sorted(items, key=lambda i: (-i.priority, i.due_to, _ORDER[i.source], i.id))),
        {handover.separation_id: handover for _, handover in handovers},
        names,
    )


def _contacts_due(
    session: Session, today: date, horizon: date, kinds: tuple[str, ...] | None
) -> list[DueItem]:
    from sqlalchemy import select

    last_conclusion = (
        select(Contact.conclusion)
        .where(Contact.person_id == FollowUp.person_id, Contact.conclusion.is_not(None))
        .order_by(Contact.contacted_on.desc(), Contact.id.desc())
        .limit(1)
        .correlate(FollowUp)
        .scalar_subquery()
    )
    query = (
        select(
            FollowUp.id, Person.employee_no, Person.name, FollowUp.kind, FollowUp.due_from,
            FollowUp.due_to, FollowUp.priority, FollowUp.attempts, Person.preferred_channel,
            Person.contact_hours, last_conclusion,
        )
        .join(Person, Person.id == FollowUp.person_id)
        .where(FollowUp.status == "planned", FollowUp.due_from <= horizon)
        .order_by(FollowUp.priority.desc(), FollowUp.due_to, FollowUp.id)
    )  # fmt: skip
    if kinds:
        query = query.where(FollowUp.kind.in_(kinds))
    return [  # plain rows, no ORM loading: the list can be long in a large organisation
        DueItem(
            id=fid, employee_no=number, name=name, kind=KIND_LABELS[kind], due_from=due_from,
            due_to=due_to, overdue_days=max(0, (today - due_to).days), priority=rank,
            attempts=attempts, channel=channel, contact_hours=hours, last_conclusion=last,
            owner=None, source="contact",
        )
        for fid, number, name, kind, due_from, due_to, rank, attempts, channel, hours, last
        in session.connection().execute(query)
    ]  # fmt: skip


def _actions_due(session: Session, today: date) -> list[DueItem]:
    """Open action items that are urgent or overdue."""
    from sqlalchemy import or_, select

    query = (
        select(ActionItem.id, ActionItem.title, ActionItem.urgent, ActionItem.due_date,
               ActionItem.owner, ActionItem.escalation)
        .where(
            ActionItem.status.in_(("open", "in_progress")),
            or_(ActionItem.urgent.is_(True), ActionItem.due_date < today),
        )
        .order_by(ActionItem.urgent.desc(), ActionItem.due_date, ActionItem.id)
    )  # fmt: skip
    items = []
    for action_id, title, urgent, due_date, owner, escalation in session.connection().execute(
        query
    ):
        due_to = due_date or today
        items.append(DueItem(
            id=action_id, employee_no=None, name=title,
            kind="urgent action" if urgent else "overdue action", due_from=due_to,
            due_to=due_to, overdue_days=max(0, (today - due_to).days),
            priority=URGENT_ACTION_PRIORITY if urgent else OVERDUE_ACTION_PRIORITY,
            attempts=0, channel=None, contact_hours=None,
            last_conclusion=escalation and f"escalation: {escalation}", owner=owner,
            source="action",
        ))  # fmt: skip
    return items


def _handovers_open(session: Session, today: date) -> list[tuple[DueItem, OpenHandover]]:
    """People whose last day has passed with handover items still open.

    The open items come first (a small set, through the index on done), then separations
    and people by primary key: joined the other way round, SQLite scans every separation.
    """
    from sqlalchemy import func, select

    open_items = (
        select(HandoverItem.separation_id, func.count().label("open_items"))
        .where(HandoverItem.done.is_(False))
        .group_by(HandoverItem.separation_id)
        .subquery()
    )
    query = (
        select(Separation.id, Person.employee_no, Person.name, Separation.last_day,
               open_items.c.open_items, Separation.successor_no)
        .select_from(open_items)
        .join(Separation, Separation.id == open_items.c.separation_id)
        .join(Person, Person.id == Separation.person_id)
        .where(Separation.status == "open", Separation.last_day < today)
        .order_by(Separation.last_day)
    )  # fmt: skip
    return [
        (
            DueItem(
                id=separation_id, employee_no=number, name=name, kind="handover",
                due_from=last_day, due_to=last_day, overdue_days=(today - last_day).days,
                priority=HANDOVER_PRIORITY, attempts=0, channel=None, contact_hours=None,
                last_conclusion=f"{count} handover items open", owner=None, source="handover",
            ),
            OpenHandover(separation_id, count, successor),
        )
        for separation_id, number, name, last_day, count, successor
        in session.connection().execute(query)
    ]  # fmt: skip


def _forms_due(session: Session, today: date, horizon: date) -> list[DueItem]:
    """Written questionnaire forms not returned `forms.remind_after_days` after they were
    issued: one line each, on its reminder date, for the newest form of a person and kind
    only (a form issued again replaces the older one), until it comes back or an interview
    of its kind is completed; none for a person who asked not to be contacted."""
    from sqlalchemy import and_, exists, select
    from sqlalchemy.orm import aliased

    after = timedelta(days=load_settings(session).forms_remind_after_days)
    newer = aliased(FormIssue)
    query = (
        select(FormIssue.id, Person.employee_no, Person.name, FormIssue.kind,
               FormIssue.issued_on, FormIssue.sent)
        .join(Person, Person.id == FormIssue.person_id)
        .where(
            FormIssue.returned_on.is_(None),
            FormIssue.issued_on <= horizon - after,
            Person.do_not_contact.is_(False),
            ~exists().where(
                and_(newer.person_id == FormIssue.person_id, newer.kind == FormIssue.kind,
                     newer.id > FormIssue.id)
            ),
            ~exists().where(
                and_(Interview.person_id == FormIssue.person_id,
                     Interview.kind == FormIssue.kind, Interview.status == "completed",
                     Interview.completed_at >= FormIssue.issued_on)
            ),
        )
        .order_by(FormIssue.issued_on, FormIssue.id)
    )  # fmt: skip
    items = []
    for form_id, number, name, kind, issued_on, sent in session.connection().execute(query):
        remind_on = issued_on + after
        items.append(DueItem(
            id=form_id, employee_no=number, name=name, kind=FORM_REMINDER, due_from=remind_on,
            due_to=remind_on, overdue_days=max(0, (today - remind_on).days),
            priority=FORM_PRIORITY, attempts=0, channel="email" if sent else None,
            contact_hours=None,
            last_conclusion=f"{kind} form issued {issued_on.isoformat()}", owner=None,
            source="form",
        ))  # fmt: skip
    return items
