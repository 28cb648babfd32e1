"""Erasure and retention.

`forget` replaces a person's personal data with a pseudonym and keeps what reports count
(separations, kinds, levels, departments, dates, scores, reason codes), so figures stay
correct. `purge` does the same for everyone who left longer ago than a retention period.
Both leave a line in the audit log, and list the backups and exports made earlier that may
still hold what was erased; both wait for the exports and backups in progress
(`storage.copies`), so every copy either lacks what was erased or is listed.
"""

from __future__ import annotations

import glob
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.core.audit import audit
from retainkit.core.library import parse_stored
from retainkit.core.lookup import find_person
from retainkit.core.plan import cancel_planned
from retainkit.core.scrub import replace_identifiers, scrub_free_text
from retainkit.storage.bulk import chunks
from retainkit.storage.copies import erasing
from retainkit.storage.database import now_of
from retainkit.storage.maintenance import clear_old_versions
from retainkit.storage.models import (
    ActionItem,
    Answer,
    AuditEvent,
    Contact,
    FollowUp,
    HandoverItem,
    Interview,
    InterviewNote,
    Person,
    QuestionnaireVersion,
    Separation,
    VerifiedReason,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import InstrumentedAttribute, Session

    from retainkit.storage.database import Database

ERASURE_REASON = "personal data erased"
ERASED = "[erased]"
"""What stands where free text about a forgotten person was."""


@dataclass(frozen=True)
class Erasure:
    """What an erasure did: the pseudonyms given, and rows changed per table."""

    pseudonyms: tuple[str, ...] = ()
    rows: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    files: tuple[Path, ...] = ()
    """Backups and exports made earlier that may still hold the erased data."""
    wal_cleared: bool = True

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def describe(self) -> str:
        """Rows changed per table, for the audit log and the command's output."""
        return ", ".join(f"{table} {n}" for table, n in sorted(self.rows.items())) or "no rows"


class _RowCounts(dict[str, int]):
    """Rows changed per table, while an erasure runs."""

    def add(self, table: str, n: int) -> None:
        if n:
            self[table] = self.get(table, 0) + n


def new_pseudonym() -> str:
    """A random pseudonym: nothing links it back to the employee number it replaces."""
    return f"P-{secrets.token_hex(5).upper()}"


def forget(
    db: Database, employee_no: str, today: date, waiting: Callable[[], None] | None = None
) -> tuple[Erasure, bool]:
    """Erase one person's personal data. Returns the erasure and whether they were already
    forgotten (then nothing changes). Exports and backups in progress are waited for
    (`waiting` hears it first), so they are listed among the copies made earlier."""
    with erasing(db, waiting):
        with db.write() as session:
            person = find_person(session, employee_no, lock=True)
            already = person.forgotten_at is not None
            if already:
                erasure = Erasure(pseudonyms=(person.employee_no,))
            else:
                erasure = _erase([person], session, today)
                audit(session, "forget", erasure.pseudonyms[0], erasure.total, erasure.describe())
        return _after_erasure(db, erasure), already


def purge_candidates(session: Session, cutoff: date) -> list[int]:
    """People who are not working here and whose last separation ended before `cutoff`."""
    from sqlalchemy import func, select

    last_day = (
        select(Separation.person_id, func.max(Separation.last_day).label("last_day"))
        .where(Separation.status != "cancelled")
        .group_by(Separation.person_id)
        .subquery()
    )
    query = (
        select(Person.id)
        .join(last_day, last_day.c.person_id == Person.id)
        .where(
            Person.status != "active",
            Person.forgotten_at.is_(None),
            last_day.c.last_day < cutoff,
        )
        .order_by(Person.id)
    )
    return list(session.scalars(query))


def retention_cutoff(years: int, today: date) -> date:
    if not 1 <= years <= 100:
        raise InputError("--older-than takes a whole number of years from 1 to 100")
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def count_purge(db: Database, years: int, today: date) -> int:
    cutoff = retention_cutoff(years, today)
    with db.read() as session:
        return len(purge_candidates(session, cutoff))


def purge(
    db: Database, years: int, today: date, waiting: Callable[[], None] | None = None
) -> Erasure:
    """Erase everyone whose last separation ended more than `years` years before today
    (waiting, as `forget` does, for exports and backups in progress)."""
    from sqlalchemy import select

    cutoff = retention_cutoff(years, today)
    erasure = Erasure()
    with erasing(db, waiting):
        with db.write() as session:
            ids = purge_candidates(session, cutoff)
            people: list[Person] = []
            for chunk in chunks(ids):
                people.extend(
                    session.scalars(select(Person).where(Person.id.in_(chunk)).with_for_update())
                )
            if people:
                erasure = _erase(people, session, today)
            audit(
                session,
                "purge",
                f"separations before {cutoff.isoformat()} ({years} years)",
                erasure.total,
                f"{len(people)} people; " + erasure.describe(),
            )
        if people:
            erasure = _after_erasure(db, erasure)
    return erasure


# Free text about the person, cleared by the person's separations and interviews:
# (the column that links a row to them, the values it gets).
_CLEARED_BY_SEPARATION: tuple[tuple[InstrumentedAttribute[Any], dict[str, Any]], ...] = (
    (Separation.id, {"cancel_reason": None, "note": None}),
    (VerifiedReason.separation_id, {"evidence": ERASED}),
    (HandoverItem.separation_id, {"note": None}),
    (ActionItem.separation_id, {"detail": None}),
)
_CLEARED_BY_INTERVIEW: tuple[tuple[InstrumentedAttribute[Any], dict[str, Any]], ...] = (
    (Interview.id, {"decline_reason": None, "unsaved_key": None, "unsaved_text": None}),
    (ActionItem.interview_id, {"detail": None}),
)


def _erase(people: list[Person], session: Session, today: date) -> Erasure:
    """Replace the people's personal data, everywhere it is kept, with pseudonyms."""
    from sqlalchemy import and_, select

    now = now_of(session)
    person_ids = [p.id for p in people]
    replacements: dict[str, str] = {}
    pseudonyms = []
    for person in people:
        pseudonym = new_pseudonym()
        pseudonyms.append(pseudonym)
        for needle in (person.employee_no, person.name, person.email, person.phone):
            if needle and len(needle.strip()) >= 2:
                replacements.setdefault(needle.strip().lower(), pseudonym)
        person.employee_no = pseudonym
        person.name = pseudonym
        for name in ("email", "phone", "notes", "salary", "contact_hours", "preferred_channel"):
            setattr(person, name, None)
        person.do_not_contact = True
        person.rehire_pool = False
        person.alumni_tier = None
        person.forgotten_at = now
        person.updated_at = now
    counts = _RowCounts()
    counts.add("person", len(people))
    session.flush()

    for chunk in chunks(person_ids):
        # Contacts whose window has closed stay counted as missed (the follow-up report does
        # not change); those still to come are cancelled.
        counts.add(
            "followup",
            _set(
                session,
                FollowUp,
                and_(
                    FollowUp.person_id.in_(chunk),
                    FollowUp.status == "planned",
                    FollowUp.due_to < today,
                ),
                status="skipped",
                reason=ERASURE_REASON,
            ),
        )
        counts.add("followup", cancel_planned(session, person_ids=chunk, reason=ERASURE_REASON))
        separation_ids = list(
            session.scalars(select(Separation.id).where(Separation.person_id.in_(chunk)))
        )
        _clear(session, counts, _CLEARED_BY_SEPARATION, separation_ids)
        counts.add(
            "contact",
            _set(session, Contact, Contact.person_id.in_(chunk), note=None, conclusion=None),
        )
        interviews = session.execute(
            select(Interview.id, QuestionnaireVersion.source, QuestionnaireVersion.key)
            .join(QuestionnaireVersion, QuestionnaireVersion.id == Interview.questionnaire_id)
            .where(Interview.person_id.in_(chunk))
        ).all()
        _clear(session, counts, _CLEARED_BY_INTERVIEW, [row.id for row in interviews])
        counts.add("interview_note", _delete_notes(session, [row.id for row in interviews]))
        counts.add("answer", _erase_text_answers(session, interviews))
    for table, n in replace_identifiers(session, replacements).items():
        counts.add(table, n)
    counts.add("text", scrub_free_text(session, replacements))
    return Erasure(pseudonyms=tuple(pseudonyms), rows=MappingProxyType(dict(counts)))


def _clear(
    session: Session,
    counts: _RowCounts,
    rules: tuple[tuple[InstrumentedAttribute[Any], dict[str, Any]], ...],
    ids: list[int],
) -> None:
    for chunk in chunks(ids):
        for link, values in rules:
            model = link.class_
            counts.add(model.__tablename__, _set(session, model, link.in_(chunk), **values))


def _delete_notes(session: Session, interview_ids: list[int]) -> int:
    """The interviewer's notes about the person: removed, not blanked (nothing counts them)."""
    from sqlalchemy import delete

    removed = 0
    for chunk in chunks(interview_ids):
        removed += _changed(
            session.execute(
                delete(InterviewNote).where(InterviewNote.interview_id.in_(chunk)),
                execution_options={"synchronize_session": False},
            )
        )
    return removed


def _set(session: Session, model: Any, where: Any, **values: Any) -> int:
    """Set columns on the rows that do not already hold those values; the number changed."""
    from sqlalchemy import or_, update

    differs = [
        getattr(model, name).is_not(None) if value is None else getattr(model, name) != value
        for name, value in values.items()
    ]
    return _changed(
        session.execute(
            update(model).where(where, or_(*differs)).values(**values),
            execution_options={"synchronize_session": False},
        )
    )


def _changed(result: Any) -> int:
    """How many rows an UPDATE changed."""
    return int(getattr(result, "rowcount", 0) or 0)


def _erase_text_answers(session: Session, interviews: Iterable[Any]) -> int:
    """Free-text answers of these interviews become empty (still counted as answered)."""
    from sqlalchemy import update

    changed = 0
    by_keys: dict[tuple[str, ...], list[int]] = {}
    for row in interviews:
        questionnaire = parse_stored(row.source, row.key)
        keys = tuple(q.key for q in questionnaire.questions if q.type == "text")
        if keys:
            by_keys.setdefault(keys, []).append(row.id)
    for keys, ids in by_keys.items():
        for chunk in chunks(ids):
            changed += _changed(
                session.execute(
                    update(Answer)
                    .where(
                        Answer.interview_id.in_(chunk),
                        Answer.question_key.in_(keys),
                        Answer.skipped.is_(False),
                    )
                    .values(value=None),
                    execution_options={"synchronize_session": False},
                )
            )
    return changed


def _after_erasure(db: Database, erasure: Erasure) -> Erasure:
    """Push the erased values out of the write-ahead log and list copies made earlier."""
    wal_cleared = clear_old_versions(db)
    return replace(erasure, wal_cleared=wal_cleared, files=tuple(earlier_copies(db)))


def earlier_copies(db: Database) -> list[Path]:
    """Backups and exports that still exist: upgrade backups beside the database file, and
    every backup or export file the audit log records."""
    from sqlalchemy import select

    found: dict[str, Path] = {}
    path = db.sqlite_path
    if path is not None:
        for backup in sorted(path.parent.glob(f"{glob.escape(path.name)}.bak-*")):
            found[str(backup)] = backup
    with db.read() as session:
        targets = session.scalars(
            select(AuditEvent.target).where(AuditEvent.action.in_(("export", "backup")))
        ).all()
    for target in targets:
        candidate = Path(target)
        if candidate.is_absolute() and candidate.is_file():
            found[str(candidate)] = candidate
    return sorted(found.values())
