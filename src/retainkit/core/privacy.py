"""Erasure, retention and the audit log.

`forget` replaces a person's personal data with a pseudonym and keeps what reports count
(separations, kinds, levels, departments, dates, scores, reason codes), so figures stay
correct. `purge` does the same for everyone who left longer ago than a retention period.
Both, and every export and backup, leave a line in the audit log: who, when, what, how many
rows, with ids and pseudonyms only.
"""

from __future__ import annotations

import getpass
import glob
import json
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from retainkit.base.errors import InputError
from retainkit.base.vocab import AUDIT_ACTIONS
from retainkit.storage.database import now_of
from retainkit.storage.models import (
    ActionItem,
    Answer,
    AuditEvent,
    Contact,
    FollowUp,
    HandoverItem,
    Interview,
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
SCRUB_IN_SQL = 16
"""Up to this many strings to find, the database filters rows; beyond it (a large purge)
one pass reads every free-text value once."""

# Columns holding one identifier or name: replaced when equal to a forgotten person's.
_IDENTIFIERS: tuple[InstrumentedAttribute[Any], ...] = (
    Person.manager_no,
    Separation.manager_no,
    Separation.successor_no,
    Interview.interviewer,
    ActionItem.owner,
)
# Free text anyone may have written: where a forgotten person's name, employee number, email
# or phone appears, it is replaced.
_FREE_TEXT: tuple[InstrumentedAttribute[Any], ...] = (
    Person.notes,
    Separation.cancel_reason,
    Interview.decline_reason,
    ActionItem.title,
    ActionItem.detail,
    ActionItem.outcome,
    ActionItem.drop_reason,
    VerifiedReason.evidence,
    HandoverItem.label,
    HandoverItem.note,
    Contact.note,
    Contact.conclusion,
    FollowUp.reason,
    AuditEvent.target,
    AuditEvent.detail,
)


def actor() -> str:
    """Who is running retainkit: RETAINKIT_USER, else the operating-system user."""
    named = os.environ.get("RETAINKIT_USER", "").strip()
    if named:
        return named[:100]
    try:
        return getpass.getuser()[:100]
    except (OSError, KeyError):
        return "unknown"


def audit(
    session: Session, action: str, target: str, rows: int, detail: str | None = None
) -> AuditEvent:
    """Add a line to the audit log, in the caller's transaction."""
    assert action in AUDIT_ACTIONS, action
    event = AuditEvent(actor=actor(), action=action, target=target, row_count=rows, detail=detail)
    session.add(event)
    return event


def record(db: Database, action: str, target: str, rows: int, detail: str | None = None) -> None:
    """Add a line to the audit log in a transaction of its own."""
    with db.write() as session:
        audit(session, action, target, rows, detail)


def audit_events(
    db: Database, *, action: str | None = None, since: date | None = None
) -> list[AuditEvent]:
    from sqlalchemy import select

    if action is not None and action not in AUDIT_ACTIONS:
        raise InputError(f"--action must be one of {', '.join(AUDIT_ACTIONS)}")
    query = select(AuditEvent).order_by(AuditEvent.at, AuditEvent.id)
    if action:
        query = query.where(AuditEvent.action == action)
    if since:
        from datetime import UTC, time

        query = query.where(AuditEvent.at >= datetime.combine(since, time(), tzinfo=UTC))
    with db.read() as session:
        return list(session.scalars(query))


def new_pseudonym() -> str:
    """A random pseudonym: nothing links it back to the employee number it replaces."""
    return f"P-{secrets.token_hex(5).upper()}"


# -- erasure ------------------------------------------------------------------------------


@dataclass
class Erasure:
    """What an erasure did: the pseudonyms given, and rows changed per table."""

    pseudonyms: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)
    """Backups and exports made earlier that may still hold the erased data."""
    wal_cleared: bool = True

    def count(self, table: str, n: int) -> None:
        if n:
            self.rows[table] = self.rows.get(table, 0) + n

    @property
    def total(self) -> int:
        return sum(self.rows.values())

    def describe(self) -> str:
        """Rows changed per table, for the audit log and the command's output."""
        return ", ".join(f"{table} {n}" for table, n in sorted(self.rows.items())) or "no rows"


def forget(db: Database, employee_no: str, today: date) -> tuple[Erasure, bool]:
    """Erase one person's personal data. Returns the erasure and whether they were already
    forgotten (then nothing changes)."""
    from retainkit.core.lookup import find_person

    erasure = Erasure()
    with db.write() as session:
        person = find_person(session, employee_no, lock=True)
        already = person.forgotten_at is not None
        if already:
            erasure.pseudonyms.append(person.employee_no)
        else:
            pseudonym = _erase([person], session, erasure, today)[0]
            audit(session, "forget", pseudonym, erasure.total, erasure.describe())
    _after_erasure(db, erasure)
    return erasure, already


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


def purge(db: Database, years: int, today: date) -> Erasure:
    """Erase everyone whose last separation ended more than `years` years before today."""
    from sqlalchemy import select

    cutoff = retention_cutoff(years, today)
    erasure = Erasure()
    with db.write() as session:
        ids = purge_candidates(session, cutoff)
        people: list[Person] = []
        for chunk in _chunks(ids, 500):
            people.extend(
                session.scalars(select(Person).where(Person.id.in_(chunk)).with_for_update())
            )
        if people:
            _erase(people, session, erasure, today)
        audit(
            session,
            "purge",
            f"separations before {cutoff.isoformat()} ({years} years)",
            erasure.total,
            f"{len(people)} people; " + erasure.describe(),
        )
    if people:
        _after_erasure(db, erasure)
    return erasure


# Free text about the person, cleared by the person's separations and interviews:
# (the column that links a row to them, the values it gets).
_CLEARED_BY_SEPARATION: tuple[tuple[InstrumentedAttribute[Any], dict[str, Any]], ...] = (
    (Separation.id, {"cancel_reason": None}),
    (VerifiedReason.separation_id, {"evidence": ERASED}),
    (HandoverItem.separation_id, {"note": None}),
    (ActionItem.separation_id, {"detail": None}),
)
_CLEARED_BY_INTERVIEW: tuple[tuple[InstrumentedAttribute[Any], dict[str, Any]], ...] = (
    (Interview.id, {"decline_reason": None}),
    (ActionItem.interview_id, {"detail": None}),
)


def _erase(people: list[Person], session: Session, erasure: Erasure, today: date) -> list[str]:
    """Replace the people's personal data, everywhere it is kept, with pseudonyms."""
    from sqlalchemy import and_, select

    from retainkit.core.plan import cancel_planned

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
    erasure.pseudonyms = pseudonyms
    erasure.count("person", len(people))
    session.flush()

    for chunk in _chunks(person_ids, 500):
        # Contacts whose window has closed stay counted as missed (the follow-up report does
        # not change); those still to come are cancelled.
        erasure.count(
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
        erasure.count("followup", cancel_planned(session, person_ids=chunk, reason=ERASURE_REASON))
        separation_ids = list(
            session.scalars(select(Separation.id).where(Separation.person_id.in_(chunk)))
        )
        _clear(session, erasure, _CLEARED_BY_SEPARATION, separation_ids)
        erasure.count(
            "contact",
            _set(session, Contact, Contact.person_id.in_(chunk), note=None, conclusion=None),
        )
        interviews = session.execute(
            select(Interview.id, QuestionnaireVersion.source, QuestionnaireVersion.key)
            .join(QuestionnaireVersion, QuestionnaireVersion.id == Interview.questionnaire_id)
            .where(Interview.person_id.in_(chunk))
        ).all()
        _clear(session, erasure, _CLEARED_BY_INTERVIEW, [row.id for row in interviews])
        erasure.count("answer", _erase_text_answers(session, interviews))
    for column in _IDENTIFIERS:
        for chunk_keys in _chunks(list(replacements), 500):
            erasure.count(
                column.class_.__tablename__,
                _replace_identifiers(session, column, chunk_keys, replacements),
            )
    erasure.count("text", _scrub(session, replacements))
    return pseudonyms


def _clear(
    session: Session,
    erasure: Erasure,
    rules: tuple[tuple[InstrumentedAttribute[Any], dict[str, Any]], ...],
    ids: list[int],
) -> None:
    for chunk in _chunks(ids, 500):
        for link, values in rules:
            model = link.class_
            erasure.count(model.__tablename__, _set(session, model, link.in_(chunk), **values))


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


def _update_row(
    session: Session, column: InstrumentedAttribute[Any], key: tuple[Any, ...], value: Any
) -> None:
    """Set one column of the row with this primary key."""
    from sqlalchemy import update

    model = column.class_
    primary = model.__mapper__.primary_key
    session.execute(
        update(model)
        .where(*(part == own for part, own in zip(primary, key, strict=True)))
        .values({column.key: value}),
        execution_options={"synchronize_session": False},
    )


def _erase_text_answers(session: Session, interviews: Iterable[Any]) -> int:
    """Free-text answers of these interviews become empty (still counted as answered)."""
    from sqlalchemy import update

    from retainkit.core.library import parse_stored

    changed = 0
    by_keys: dict[tuple[str, ...], list[int]] = {}
    for row in interviews:
        questionnaire = parse_stored(row.source, row.key)
        keys = tuple(q.key for q in questionnaire.questions if q.type == "text")
        if keys:
            by_keys.setdefault(keys, []).append(row.id)
    for keys, ids in by_keys.items():
        for chunk in _chunks(ids, 500):
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


def _replace_identifiers(
    session: Session,
    column: InstrumentedAttribute[Any],
    keys: list[str],
    replacements: dict[str, str],
) -> int:
    from sqlalchemy import func, select

    primary = column.class_.__mapper__.primary_key
    found = session.execute(select(*primary, column).where(func.lower(column).in_(keys))).all()
    changed = 0
    for *key, old in found:
        new = replacements.get(old.lower())  # the database's lower() may differ from Python's
        if new is not None:
            _update_row(session, column, tuple(key), new)
            changed += 1
    return changed


class Finder:
    """Finds any of many strings in text, case-insensitive, not inside a longer word or
    number, in one pass over the text however many strings there are (a purge looks for
    thousands): each string is indexed by its first word, and only where that word occurs
    is the whole string compared."""

    _WORD = re.compile(r"\w+")

    def __init__(self, replacements: dict[str, str]) -> None:
        self._by_word: dict[str, list[tuple[int, str, str]]] = {}
        # Text in scripts written without spaces (Chinese names) has no word to index by:
        # those strings are indexed by their first character, and for raw JSON by the first
        # word of their \u escapes.
        self._unspaced = {n: new for n, new in replacements.items() if not n.isascii()}
        self._by_char: dict[str, list[str]] = {}
        self._escaped_words: set[str] = set()
        for needle in self._unspaced:
            self._by_char.setdefault(needle[0], []).append(needle)
            escaped = self._WORD.search(json.dumps(needle)[1:-1].lower())
            if escaped is not None:
                self._escaped_words.add(escaped.group(0))
        for needle, new in replacements.items():
            first = self._WORD.search(needle)
            if first is not None and needle not in self._unspaced:
                entries = self._by_word.setdefault(first.group(0), [])
                entries.append((first.start(), needle, new))
                entries.sort(key=lambda entry: -len(entry[1]))  # the longest match wins

    def spellings(self) -> set[str]:
        """Every string, as written and as JSON escapes it (for filtering raw JSON)."""
        needles = {needle for entries in self._by_word.values() for _, needle, _ in entries}
        needles |= set(self._unspaced)
        return needles | {json.dumps(n)[1:-1] for n in needles}

    def replace(self, text: str) -> str:
        lowered = text.lower()
        if len(lowered) != len(text):  # a rare letter whose lower case is longer
            return text
        for char in self._by_char.keys() & set(lowered):
            for needle in self._by_char[char]:
                if needle in lowered:
                    text = _replace_plain(text, lowered, needle, self._unspaced[needle])
                    lowered = text.lower()
        out: list[str] = []
        done = 0
        for word in self._WORD.finditer(lowered):
            for offset, needle, new in self._by_word.get(word.group(0), ()):
                begin = word.start() - offset
                end = begin + len(needle)
                if (
                    begin >= done
                    and lowered.startswith(needle, begin)
                    and not _alnum(lowered, begin - 1)
                    and not _alnum(lowered, end)
                ):
                    out += [text[done:begin], new]
                    done = end
                    break
        return "".join(out) + text[done:] if out else text

    def found_in(self, raw: str) -> bool:
        """Whether raw text (JSON included) may hold one of the strings."""
        lowered = raw.lower()
        if not self._by_char.keys().isdisjoint(lowered):
            return True
        return any(
            word.group(0) in self._by_word or word.group(0) in self._escaped_words
            for word in self._WORD.finditer(lowered)
        )


def _replace_plain(text: str, lowered: str, needle: str, new: str) -> str:
    out: list[str] = []
    done = 0
    begin = lowered.find(needle)
    while begin != -1:
        end = begin + len(needle)
        if not _alnum(lowered, begin - 1) and not _alnum(lowered, end):
            out += [text[done:begin], new]
            done = end
        begin = lowered.find(needle, end)
    return "".join(out) + text[done:]


def _alnum(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isascii() and text[index].isalnum()


def _scrub(session: Session, replacements: dict[str, str]) -> int:
    """Replace the strings wherever free text, or a free-text answer, contains them."""
    if not replacements:
        return 0
    finder = Finder(replacements)
    changed = 0
    for column in _FREE_TEXT:
        changed += _scrub_column(session, column, finder)
    changed += _scrub_answers(session, finder)
    return changed


def _scrub_column(session: Session, column: InstrumentedAttribute[Any], finder: Finder) -> int:
    from sqlalchemy import select

    primary = column.class_.__mapper__.primary_key
    query = select(*primary, column).where(column.is_not(None))
    spellings = finder.spellings()
    if len(spellings) <= SCRUB_IN_SQL:
        query = query.where(_contains_any(column, spellings))
    changed = 0
    for *key, old in session.execute(query).all():
        new = finder.replace(old)
        if new != old:
            _update_row(session, column, tuple(key), new)
            changed += 1
    return changed


def _contains_any(column: Any, needles: Iterable[str]) -> Any:
    from sqlalchemy import or_

    return or_(*(column.icontains(n, autoescape=True) for n in needles))


def _scrub_answers(session: Session, finder: Finder) -> int:
    """Other people's free-text answers that name a forgotten person. The stored JSON is
    read as text and decoded only where one of the strings may be."""
    from sqlalchemy import String, cast, select

    text = cast(Answer.value, String)
    query = select(Answer.id, text).where(Answer.value.is_not(None))
    spellings = finder.spellings()
    if len(spellings) <= SCRUB_IN_SQL:
        query = query.where(_contains_any(text, spellings))
    hits = [
        answer_id
        for answer_id, raw in session.execute(query).yield_per(5000)
        if raw is not None and finder.found_in(raw)
    ]
    changed = 0
    for chunk in _chunks(hits, 500):
        for answer_id, value in session.execute(
            select(Answer.id, Answer.value).where(Answer.id.in_(chunk))
        ).all():
            new = _replace_in(value, finder.replace)
            if new != value:
                _update_row(session, Answer.value, (answer_id,), new)
                changed += 1
    return changed


def _replace_in(value: Any, replace: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_replace_in(v, replace) for v in value]
    if isinstance(value, dict):
        return {k: _replace_in(v, replace) for k, v in value.items()}
    return value


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _after_erasure(db: Database, erasure: Erasure) -> None:
    """Push the erased values out of the write-ahead log and list copies made earlier."""
    erasure.wal_cleared = db.clear_old_versions()
    erasure.files = earlier_copies(db)


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
