"""Closing the loop: action items, verified reasons, handover checklists, who interviews."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError, NotFound
from retainkit.base.vocab import (
    ACTION_KINDS,
    ACTION_STATUSES,
    INTERVIEWER_ROLES,
    VERIFY_SOURCES,
)
from retainkit.core.fields import (
    choice_option,
    parse_employee_no,
    text_option,
)
from retainkit.core.reasons import reason as find_reason
from retainkit.storage.database import now_of
from retainkit.storage.models import (
    ActionItem,
    HandoverItem,
    Interview,
    Person,
    Separation,
    StatedReason,
    VerifiedReason,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database

ESCALATIONS = ("retention", "safety", "legal")


# -- action items ----------------------------------------------------------------------------


def _find_action(session: Session, action_id: int) -> ActionItem:
    from sqlalchemy import select

    action = session.scalars(
        select(ActionItem).where(ActionItem.id == action_id).with_for_update()
    ).one_or_none()
    if action is None:
        raise NotFound(f"no action item {action_id}; see: retainkit actions list")
    return action


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


def add_action(db: Database, values: dict[str, Any]) -> ActionItem:
    checked = _check_fields(values)
    if not checked.get("kind"):
        raise InputError(f"--kind is needed: one of {', '.join(ACTION_KINDS)}")
    with db.write() as session:
        if (
            checked.get("interview_id") is not None
            and session.get(Interview, checked["interview_id"]) is None
        ):
            raise NotFound(f"no interview {checked['interview_id']}")
        if (
            checked.get("separation_id") is not None
            and session.get(Separation, checked["separation_id"]) is None
        ):
            raise NotFound(f"no separation {checked['separation_id']}")
        action = ActionItem(status="open", urgent=bool(checked.pop("urgent", False)), **checked)
        session.add(action)
        session.flush()
    return action


def update_action(db: Database, action_id: int, changes: dict[str, Any], today: date) -> ActionItem:
    checked = _check_fields(changes)
    informed = checked.pop("informed", False)
    if "status" in checked:
        checked["status"] = choice_option(checked["status"], ("open", "in_progress"), "--status")
    if not checked and not informed:
        raise InputError("nothing to change; give the fields to change, like --owner M7")
    with db.write() as session:
        action = _find_action(session, action_id)
        if action.status in ("done", "dropped") and set(checked) - {"detail"}:
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
    return action


def finish_action(
    db: Database, action_id: int, today: date, *, outcome: str | None, informed: bool
) -> ActionItem:
    text = text_option(outcome, "--outcome")
    with db.write() as session:
        action = _find_action(session, action_id)
        if action.status in ("done", "dropped"):
            raise InputError(f"action item {action_id} is {action.status} already")
        action.status = "done"
        action.done_on = today
        action.outcome = text
        if informed:
            action.informed_at = now_of(session)
    return action


def drop_action(db: Database, action_id: int, why: str, today: date) -> ActionItem:
    reason = text_option(why, "--why")
    if not reason:
        raise InputError("say why the action is dropped: --why TEXT")
    with db.write() as session:
        action = _find_action(session, action_id)
        if action.status in ("done", "dropped"):
            raise InputError(f"action item {action_id} is {action.status} already")
        action.status = "dropped"
        action.drop_reason = reason
        action.done_on = today
    return action


def _action_record(action: ActionItem, today: date) -> dict[str, Any]:
    open_ = action.status in ("open", "in_progress")
    return {
        "id": action.id,
        "title": action.title,
        "kind": action.kind,
        "status": action.status,
        "urgent": action.urgent,
        "overdue": bool(open_ and action.due_date and action.due_date < today),
        "owner": action.owner,
        "due_date": action.due_date,
        "reason_code": action.reason_code,
        "scope": action.scope,
        "escalation": action.escalation,
        "source": "interview"
        if action.interview_id
        else ("separation" if action.separation_id else "none"),
        "interview_id": action.interview_id,
        "separation_id": action.separation_id,
        "created_on": action.created_at.date(),
        "done_on": action.done_on,
        "outcome": action.outcome,
        "drop_reason": action.drop_reason,
        "informed_at": action.informed_at,
        "detail": action.detail,
    }


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
) -> list[dict[str, Any]]:
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
        query = query.where(
            ActionItem.status.in_(("open", "in_progress")), ActionItem.due_date < today
        )
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
        return [_action_record(a, today) for a in session.scalars(query)]


def get_action(db: Database, action_id: int, today: date) -> dict[str, Any]:
    with db.read() as session:
        action = session.get(ActionItem, action_id)
        if action is None:
            raise NotFound(f"no action item {action_id}; see: retainkit actions list")
        return _action_record(action, today)


def actions_due(session: Session, today: date) -> list[dict[str, Any]]:
    """Open actions that are urgent or overdue: they belong in followup due.

    Plain rows of the few columns needed (the list can be long in a large organisation).
    """
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
    keys = ("id", "title", "urgent", "due_date", "owner", "escalation")
    return [dict(zip(keys, row, strict=True)) for row in session.connection().execute(query)]


# -- verified reasons ------------------------------------------------------------------------


def verify(
    db: Database,
    separation_id: int,
    *,
    reason: str,
    contributing: list[str],
    evidence: str,
    source: str,
    today: date,
) -> list[str]:
    """Record the verified reason beside the stated one; a new verification replaces it."""
    from sqlalchemy import delete

    primary = find_reason(reason).code
    others = [find_reason(code).code for code in dict.fromkeys(contributing) if code != primary]
    if len(others) > 3:
        raise InputError("at most 3 contributing reasons")
    text = text_option(evidence, "--evidence", 4000)
    if not text:
        raise InputError("say what the verification rests on: --evidence TEXT")
    origin = choice_option(source, VERIFY_SOURCES, "--source")
    with db.write() as session:
        separation = session.get(Separation, separation_id, with_for_update=True)
        if separation is None:
            raise NotFound(f"no separation {separation_id}; see: retainkit separation list")
        session.execute(delete(VerifiedReason).where(VerifiedReason.separation_id == separation_id))
        for code in [primary, *others]:
            session.add(
                VerifiedReason(
                    separation_id=separation_id,
                    code=code,
                    is_primary=code == primary,
                    evidence=text,
                    source=origin,
                    verified_on=today,
                )
            )
    return [primary, *others]


def stated_primary(session: Session, separation_id: int) -> str | None:
    from sqlalchemy import select

    return session.scalar(
        select(StatedReason.code)
        .join(Interview, Interview.id == StatedReason.interview_id)
        .where(
            Interview.separation_id == separation_id,
            Interview.kind == "exit",
            Interview.status == "completed",
            StatedReason.is_primary.is_(True),
        )
        .order_by(Interview.completed_at.desc())
        .limit(1)
    )


def verification_list(
    db: Database, today: date, *, pending: bool, older_than: int | None
) -> list[dict[str, Any]]:
    """Completed exit interviews with the stated and (if any) verified primary reason."""
    from sqlalchemy import and_, select

    verified = (
        select(
            VerifiedReason.separation_id,
            VerifiedReason.code,
            VerifiedReason.source,
            VerifiedReason.verified_on,
        )
        .where(VerifiedReason.is_primary.is_(True))
        .subquery()
    )
    query = (
        select(Separation.id, Person.employee_no, Person.name, Separation.last_day,
               Separation.kind, StatedReason.code, Interview.completed_at, verified.c.code,
               verified.c.source, verified.c.verified_on)
        .join(Person, Person.id == Separation.person_id)
        .join(Interview, and_(Interview.separation_id == Separation.id,
                              Interview.kind == "exit", Interview.status == "completed"))
        .join(StatedReason, and_(StatedReason.interview_id == Interview.id,
                                 StatedReason.is_primary.is_(True)))
        .outerjoin(verified, verified.c.separation_id == Separation.id)
        .order_by(Interview.completed_at, Separation.id)
    )  # fmt: skip
    if pending:
        query = query.where(verified.c.code.is_(None))
    rows = []
    with db.read() as session:
        for row in session.execute(query):
            waited = (today - row[6].date()).days
            if older_than is not None and waited < older_than:
                continue
            rows.append({
                "separation": row[0], "employee_no": row[1], "name": row[2],
                "last_day": row[3], "kind": row[4], "stated": row[5],
                "interviewed_on": row[6].date(), "days_waiting": waited if row[7] is None
                else None, "verified": row[7], "source": row[8], "verified_on": row[9],
                "differs": row[7] is not None and row[7] != row[5],
            })  # fmt: skip
    return rows


# -- handover --------------------------------------------------------------------------------


def handover_labels(setting: str) -> list[str]:
    return [item.strip() for item in setting.split(";") if item.strip()]


def checklist(session: Session, separation: Separation) -> list[HandoverItem]:
    from sqlalchemy import select

    from retainkit.core.settings import settings_map

    items = list(session.scalars(
        select(HandoverItem).where(HandoverItem.separation_id == separation.id)
        .order_by(HandoverItem.position)
    ))  # fmt: skip
    if not items:
        labels = handover_labels(settings_map(session)["handover.items"])
        items = [
            HandoverItem(separation_id=separation.id, position=n, label=label)
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


def handover(
    db: Database,
    separation_id: int,
    today: date,
    *,
    done: list[str],
    successor: str | None,
    note: str | None,
) -> tuple[Separation, list[dict[str, Any]]]:
    """Show a separation's handover checklist; mark items done, name the successor."""
    text = text_option(note, "--note")
    successor_no = None
    if successor is not None:
        try:
            successor_no = parse_employee_no(successor)
        except ValueError as exc:
            raise InputError(f"--successor: {exc}") from None
    with db.write() as session:
        separation = session.get(Separation, separation_id, with_for_update=True)
        if separation is None:
            raise NotFound(f"no separation {separation_id}; see: retainkit separation list")
        items = checklist(session, separation)
        if successor_no is not None:
            from retainkit.core.people import find_person

            successor_person = find_person(session, successor_no)
            if successor_person.id == separation.person_id:
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
        _ = separation.person
        return separation, [
            {
                "item": i.position,
                "label": i.label,
                "done": i.done,
                "done_on": i.done_on,
                "note": i.note,
            }
            for i in items
        ]


def open_handovers(session: Session, today: date) -> list[dict[str, Any]]:
    """People whose last day has passed with handover items still open: for followup due.

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
               open_items.c.open_items)
        .select_from(open_items)
        .join(Separation, Separation.id == open_items.c.separation_id)
        .join(Person, Person.id == Separation.person_id)
        .where(Separation.status == "open", Separation.last_day < today)
        .order_by(Separation.last_day)
    )  # fmt: skip
    return [
        {"separation": sid, "employee_no": no, "name": name, "last_day": last, "open_items": count}
        for sid, no, name, last, count in session.connection().execute(query)
    ]


# -- who should interview --------------------------------------------------------------------


def suggest_interviewer(
    person: Person, level: str | None, settings: dict[str, str]
) -> tuple[str, str]:
    """(role, why) from the settings interview.leadership and interview.manager."""

    def matches(rule: str) -> str | None:
        for term in (t.strip() for t in rule.split(",") if t.strip()):
            if term == "high_performer" and person.high_performer:
                return "a high performer"
            if term.startswith("performance>=") and (person.performance or 0) >= int(term[13:]):
                return f"performance {person.performance}"
            if term == level:
                return f"{level} level"
        return None

    for role in ("leadership", "manager"):
        why = matches(settings[f"interview.{role}"])
        if why:
            return role, why
    return "hr", "the default"


def check_role(raw: str | None) -> str | None:
    return choice_option(raw, INTERVIEWER_ROLES, "--held-by")


def interviewer_suggestion(db: Database, employee_no: str) -> tuple[str, str]:
    """Who should hold this person's exit interview, and why (the rule is a setting)."""
    from retainkit.core.people import find_person
    from retainkit.core.settings import settings_map

    with db.read() as session:
        person = find_person(session, employee_no)
        return suggest_interviewer(person, person.level, settings_map(session))
