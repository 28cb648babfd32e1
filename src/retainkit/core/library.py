"""The questionnaires a database knows: the built-ins shipped with retainkit and added files.

Every version is stored with its exact TOML source, so an interview always points at the
questions it was answered with, and old versions stay readable after a new one is added.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from retainkit.base.errors import InputError, NotFound
from retainkit.core.questionnaires.loading import load_text
from retainkit.core.questionnaires.model import Questionnaire

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.storage.database import Database
    from retainkit.storage.models import QuestionnaireVersion

BUILTIN_KEYS = ("exit", "stay", "followup-first", "followup-mid")


def builtin_source(key: str) -> str:
    return resources.files("retainkit.questionnaires").joinpath(f"{key}.toml").read_text("utf-8")


def checksum(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


@lru_cache(maxsize=64)
def parse_stored(source: str, name: str) -> Questionnaire:
    return load_text(source, name)


def as_questionnaire(row: QuestionnaireVersion) -> Questionnaire:
    """The stored version; its number is the stored one (a file's may have been taken)."""
    parsed = parse_stored(row.source, f"{row.key} version {row.version}")
    return parsed if parsed.version == row.version else replace(parsed, version=row.version)


def sync_builtins(session: Session) -> None:
    """Store any built-in version this database lacks (a newer retainkit brings new ones)."""
    from sqlalchemy import select, tuple_

    from retainkit.storage.models import QuestionnaireVersion

    shipped = {key: load_text(builtin_source(key), f"{key}.toml") for key in BUILTIN_KEYS}
    present = set(
        session.execute(
            select(QuestionnaireVersion.key, QuestionnaireVersion.version).where(
                tuple_(QuestionnaireVersion.key, QuestionnaireVersion.version).in_(
                    [(q.key, q.version) for q in shipped.values()]
                )
            )
        )
    )
    for questionnaire in shipped.values():
        if (questionnaire.key, questionnaire.version) not in present:
            session.add(_row(questionnaire, builtin=True))


def _row(questionnaire: Questionnaire, *, builtin: bool) -> QuestionnaireVersion:
    from retainkit.storage.models import QuestionnaireVersion

    return QuestionnaireVersion(
        key=questionnaire.key,
        version=questionnaire.version,
        kind=questionnaire.kind,
        source=questionnaire.source,
        checksum=checksum(questionnaire.source),
        builtin=builtin,
    )


def latest(session: Session, key: str) -> QuestionnaireVersion:
    """The newest stored version of a questionnaire (the built-ins are stored first)."""
    from sqlalchemy import select

    from retainkit.storage.models import QuestionnaireVersion

    query = (
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.key == key)
        .order_by(QuestionnaireVersion.version.desc())
        .limit(1)
    )
    row = session.scalars(query).first()
    if row is None and key in BUILTIN_KEYS:
        sync_builtins(session)
        session.flush()
        row = session.scalars(query).first()
    if row is None:
        raise NotFound(f"no questionnaire {key!r}; see: retainkit questionnaire list")
    return row


def stored_questionnaire(db: Database, key: str, number: int | None = None) -> Questionnaire:
    """A stored questionnaire: the newest version, or the one numbered."""
    with db.write() as session:  # may store the built-ins on first use
        row = latest(session, key) if number is None else version(session, key, number)
        return as_questionnaire(row)


def version(session: Session, key: str, number: int) -> QuestionnaireVersion:
    from sqlalchemy import select

    from retainkit.storage.models import QuestionnaireVersion

    if key in BUILTIN_KEYS:
        sync_builtins(session)
        session.flush()
    row = session.scalars(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.key == key, QuestionnaireVersion.version == number
        )
    ).first()
    if row is None:
        raise NotFound(f"questionnaire {key!r} has no version {number}")
    return row


@dataclass(frozen=True)
class Added:
    key: str
    version: int
    outcome: str  # "added", "unchanged" or "renumbered"
    file_version: int


def add_file(db: Database, path: Path) -> Added:
    """Store a questionnaire file as a new version; an unchanged file stores nothing."""
    from sqlalchemy import func, select

    from retainkit.storage.models import QuestionnaireVersion

    questionnaire = load_file(path)
    with db.write() as session:
        sync_builtins(session)
        session.flush()
        rows = session.scalars(
            select(QuestionnaireVersion).where(QuestionnaireVersion.key == questionnaire.key)
        ).all()
        if rows and rows[0].kind != questionnaire.kind:
            raise InputError(
                f"questionnaire {questionnaire.key!r} is a {rows[0].kind} questionnaire; "
                f"a new version cannot be {questionnaire.kind}: use another key"
            )
        digest = checksum(questionnaire.source)
        same = next((r for r in rows if r.checksum == digest), None)
        if same is not None:
            return Added(questionnaire.key, same.version, "unchanged", questionnaire.version)
        taken = {r.version for r in rows}
        number = questionnaire.version
        outcome = "added"
        if number in taken or (taken and number < max(taken)):
            number = (
                session.scalar(
                    select(func.max(QuestionnaireVersion.version)).where(
                        QuestionnaireVersion.key == questionnaire.key
                    )
                )
                or 0
            ) + 1
            outcome = "renumbered"
        row = _row(questionnaire, builtin=False)
        row.version = number
        session.add(row)
    return Added(questionnaire.key, number, outcome, questionnaire.version)


def load_file(path: Path) -> Questionnaire:
    """A questionnaire file a person gives, checked against the limits of new files."""
    from retainkit.core.questionnaires.loading import load_file as load_new

    return load_new(path)


@dataclass(frozen=True)
class Listed:
    key: str
    kind: str
    version: int
    versions: int
    title: str
    builtin: bool
    questions: int


def listing(db: Database, lang: str) -> list[Listed]:
    from sqlalchemy import select

    from retainkit.storage.models import QuestionnaireVersion

    with db.write() as session:
        sync_builtins(session)
        session.flush()
        rows = session.scalars(
            select(QuestionnaireVersion).order_by(
                QuestionnaireVersion.key, QuestionnaireVersion.version
            )
        ).all()
        by_key: dict[str, list[QuestionnaireVersion]] = {}
        for row in rows:
            by_key.setdefault(row.key, []).append(row)
        result = []
        for key, versions in by_key.items():
            newest = versions[-1]
            questionnaire = as_questionnaire(newest)
            result.append(
                Listed(
                    key,
                    newest.kind,
                    newest.version,
                    len(versions),
                    questionnaire.label(lang),
                    newest.builtin,
                    len(questionnaire.questions),
                )
            )
    return result
