"""Verified reasons: what a leaver said, checked against records and colleagues, kept beside
the stated reason (a new verification replaces the last)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError
from retainkit.base.vocab import VERIFY_SOURCES
from retainkit.core.fields import choice_option, text_option
from retainkit.core.lookup import find_separation
from retainkit.core.reasons import reason as find_reason
from retainkit.storage.models import Interview, Person, Separation, StatedReason, VerifiedReason

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database


@dataclass(frozen=True)
class ReasonCheck:
    """A completed exit interview's stated primary reason, and the verified one if any."""

    separation: int
    employee_no: str
    name: str
    last_day: date
    kind: str
    stated: str
    interviewed_on: date
    days_waiting: int | None  # None once verified
    verified: str | None
    source: str | None
    verified_on: date | None
    differs: bool
    said: str
    """The reason codes the leaver's comments speak to, comma-separated."""
    elsewhere: bool
    """The comments speak to reasons, none of them the stated one: worth verifying first."""


def verify(
    db: Database,
    separation_id: int,
    *,
    reason: str,
    contributing: list[str],
    evidence: str,
    source: str,
    today: date,
) -> tuple[str, ...]:
    """Record the verified reason beside the stated one; the codes, primary first."""
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
        find_separation(session, separation_id, lock=True)
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
    return (primary, *others)


def stated_primary(session: Session, separation_id: int) -> str | None:
    """The primary reason stated in the separation's latest completed exit interview."""
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
) -> list[ReasonCheck]:
    """Completed exit interviews with the stated and (if any) verified primary reason, and
    what the comments speak to; pending ones whose words point elsewhere come first."""
    from sqlalchemy import and_, select

    from retainkit.core.themes.loading import configured
    from retainkit.core.themes.said import points_elsewhere, said

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
    checks = []
    with db.read() as session:
        rows = session.execute(query).all()
        words = said(session, configured(session), [row[0] for row in rows])
        for row in rows:
            waited = (today - row[6].date()).days
            if older_than is not None and waited < older_than:
                continue
            reasons = words[row[0]].reasons if row[0] in words else frozenset()
            checks.append(ReasonCheck(
                separation=row[0], employee_no=row[1], name=row[2], last_day=row[3],
                kind=row[4], stated=row[5], interviewed_on=row[6].date(),
                days_waiting=waited if row[7] is None else None, verified=row[7],
                source=row[8], verified_on=row[9], differs=row[7] is not None and row[7] != row[5],
                said=",".join(sorted(reasons)), elsewhere=points_elsewhere(row[5], reasons),
            ))  # fmt: skip
    if pending:
        checks.sort(key=lambda check: not check.elsewhere)  # stable: oldest first within
    return checks
