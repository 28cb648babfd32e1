"""Action items: what is to be done because of what leavers said, from added to done (and
reported back to the people who raised it) or dropped."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError, NotFound
from retainkit.base.vocab import ACTION_KINDS, ACTION_STATUSES
from retainkit.core.fields import choice_option, text_option
from retainkit.core.lookup import find_action, find_separation, names_by_number
from retainkit.core.reasons import reason as find_reason
from retainkit.storage.database import now_of
from retainkit.storage.models import ActionItem, Interview, Person, Separation

if TYPE_CHECKING:
    from retainkit.storage.database import Database

ESCALATIONS = ("retention", "safety", "legal")
OPEN = ("open", "in_progress")
CLOSED = ("done", "dropped")


@dataclass(frozen=True)
class ActionRecord:
    id: int
    title: str
    kind: str
    status: str
    urgent: bool
    overdue: bool
    owner: str | None
    """As stored: an employee number for someone on file, or text ("Head of People")."""
    due_date: date | None
    reason_code: str | None
    scope: str | None
    escalation: str | None
    source: str  # where it comes from: interview, separation or none
    interview_id: int | None
    separation_id: int | None
    created_on: date
    done_on: date | None
    outcome: str | None
    drop_reason: str | None
    informed_at: datetime | None
    detail: str | None
    owner_name: str | None
    """The owner by name."""


def action_record(
    action: ActionItem, today: date, names: Mapping[str, str] | None = None
) -> ActionRecord:
    """An action item as services return it; `names`: people's names by employee number
    (the owner's is looked up when not given)."""
    if names is None:
        from sqlalchemy.orm import object_session

        session = object_session(action)
        names = names_by_number(session, [action.owner]) if session is not None else {}
    return ActionRecord(
        id=action.id,
        title=action.title,
        kind=action.kind,
        status=action.status,
        urgent=action.urgent,
        overdue=bool(action.status in OPEN and action.due_date and action.due_date < today),
        owner=action.owner,
        owner_name=names.get(action.owner, action.owner) if action.owner else None,
        due_date=action.due_date,
        reason_code=action.reason_code,
        scope=action.scope,
        escalation=action.escalation,
        source="interview"
        if action.interview_id
        else ("separation" if action.separation_id else "none"),
        interview_id=action.interview_id,
        separation_id=action.separation_id,
        created_on=action.created_at.date(),
        done_on=action.done_on,
        outcome=action.outcome,
        drop_reason=action.drop_reason,
        informed_at=action.informed_at,
        detail=action.detail,
    )


def _check_fields(values: dict[str, Any]) -> dict[str, Any]:
    checked = dict(values)
    if "title" in values:
        checked["title"] = text_option(values["title"], "--title", 200, False)
        if not checked["title"]:
            raise InputError("--title needs some text")
    if "detail" in values:
        checked["detail"] = text_option(values["detail"], "--detail", 10_000)
    if "kind" in values:
        checked["kind"] = choice_option(values["kind"], ACTION_KINDS, "--kind")
    if values.get("reason_code") is not None:
        checked["reason_code"] = find_reason(values["reason_code"]).code
    if "scope" in values:
        checked["scope"] = text_option(values["scope"], "--scope", 200, False)
    if "owner" in values:
        checked["owner"] = text_option(values["owner"], "--owner", 200, False)
    return checked


def add_action(db: Database, values: dict[str, Any], today: date) -> ActionRecord:
    checked = _check_fields(values)
    if not checked.get("kind"):
        raise InputError(f"--kind is needed: one of {', '.join(ACTION_KINDS)}")
    with db.write() as session:
        if (
            checked.get("interview_id") is not None
            and session.get(Interview, checked["interview_id"]) is None
        ):
            raise NotFound(f"no interview {checked['interview_id']}")
        if checked.get("separation_id") is not None:
            find_separation(session, checked["separation_id"])
        action = ActionItem(status="open", urgent=bool(checked.pop("urgent", False)), **checked)
        session.add(action)
        session.flush()
        return action_record(action, today)


def update_action(
    db: Database, action_id: int, changes: dict[str, Any], today: date
) -> ActionRecord:
    checked = _check_fields(changes)
    informed = checked.pop("informed", False)
    if "status" in checked:
        checked["status"] = choice_option(checked["status"], OPEN, "--status")
    if not checked and not informed:
        raise InputError("nothing to change; give the fields to change, like --owner M7")
    with db.write() as session:
        action = find_action(session, action_id, lock=True)
        if action.status in CLOSED and set(checked) - {"detail"}:
            raise InputError(f"action item {action_id} is {action.status}; it cannot change")
        for name, value in checked.items():
            setattr(action, name, value)
        if informed:
            if action.status != "done":
                raise InputError(
                    "--informed records that a done action was reported back; "
                    f"action item {action_id} is {action.status}"
                )
            action.informed_at = action.informed_at or now_of(session)
        return action_record(action, today)


def finish_action(
    db: Database, action_id: int, today: date, *, outcome: str | None, informed: bool
) -> ActionRecord:
    text = text_option(outcome, "--outcome")
    with db.write() as session:
        action = find_action(session, action_id, lock=True)
        if action.status in CLOSED:
            raise InputError(f"action item {action_id} is {action.status} already")
        action.status = "done"
        action.done_on = today
        action.outcome = text
        if informed:
            action.informed_at = now_of(session)
        return action_record(action, today)


def drop_action(db: Database, action_id: int, why: str, today: date) -> ActionRecord:
    reason = text_option(why, "--why")
    if not reason:
        raise InputError("say why the action is dropped: --why TEXT")
    with db.write() as session:
        action = find_action(session, action_id, lock=True)
        if action.status in CLOSED:
            raise InputError(f"action item {action_id} is {action.status} already")
        action.status = "dropped"
        action.drop_reason = reason
        action.done_on = today
        return action_record(action, today)


def list_actions(
    db: Database,
    today: date,
    *,
    owner: str | None = None,
    status: str | None = None,
    kind: str | None = None,
    overdue: bool = False,
    urgent: bool = False,
    department: str | None = None,
) -> list[ActionRecord]:
    from sqlalchemy import or_, select

    query = select(ActionItem).order_by(
        ActionItem.urgent.desc(), ActionItem.due_date.is_(None), ActionItem.due_date,
        ActionItem.id,
    )  # fmt: skip
    if owner:
        query = query.where(ActionItem.owner == owner)
    if status:
        query = query.where(ActionItem.status == choice_option(status, ACTION_STATUSES, "--status"))
    if kind:
        query = query.where(ActionItem.kind == choice_option(kind, ACTION_KINDS, "--kind"))
    if overdue:
        query = query.where(ActionItem.status.in_(OPEN), ActionItem.due_date < today)
    if urgent:
        query = query.where(ActionItem.urgent.is_(True))
    if department:
        via_interview = select(Interview.id).join(
            Separation, Separation.id == Interview.separation_id
        )
        query = query.where(
            or_(
                ActionItem.scope == department,
                ActionItem.separation_id.in_(
                    select(Separation.id).where(Separation.department == department)
                ),
                ActionItem.interview_id.in_(
                    via_interview.where(Separation.department == department)
                ),
                ActionItem.interview_id.in_(
                    select(Interview.id)
                    .join(Person, Person.id == Interview.person_id)
                    .where(Interview.separation_id.is_(None), Person.department == department)
                ),
            )
        )
    with db.read() as session:
        found = session.scalars(query).all()
        names = names_by_number(session, [a.owner for a in found])
        return [action_record(a, today, names) for a in found]


def get_action(db: Database, action_id: int, today: date) -> ActionRecord:
    with db.read() as session:
        return action_record(find_action(session, action_id), today)
