"""What the reliability tests share: where personal data could still be found."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

from tests.conftest import Run


def spellings(value: str) -> list[bytes]:
    """A value as UTF-8 and as JSON writes it (non-ASCII text as \\u escapes)."""
    escaped = json.dumps(value)[1:-1]
    return sorted({value.encode("utf-8"), escaped.encode("utf-8")})


def sqlite_files(location: str) -> list[Path]:
    """The database file and, when there is one, its write-ahead log."""
    path = Path(location)
    return [p for p in (path, path.with_name(path.name + "-wal")) if p.exists()]


def database_text(location: str) -> list[bytes]:
    """Everything the database holds, as bytes to search: the raw SQLite files (free pages
    and old row versions included), or every row of every table on PostgreSQL."""
    if "://" not in location:
        return [p.read_bytes() for p in sqlite_files(location)]
    from sqlalchemy import text

    from retainkit.cli.context import wall_clock
    from retainkit.storage.database import Database
    from retainkit.storage.models import Base

    db = Database(location, now=wall_clock)
    chunks = []
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            rows = session.execute(text(f"SELECT t::text FROM {table.name} t")).scalars()
            chunks.append("\n".join(rows).encode("utf-8"))
    db.close()
    return chunks


def workbook_text(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return b"\n".join(archive.read(name) for name in archive.namelist())


PSEUDONYM = re.compile(rb"P-[0-9A-F]{10}")


def found(values: list[str], chunks: list[bytes]) -> list[str]:
    """The values that appear, in any spelling, in any of the chunks. Pseudonyms are taken
    out first: a random one such as P-7916BE1164 may hold the letters of an employee
    number, E1164, without being it. (Values are not searched as whole words: a SQLite
    record stores its strings side by side with nothing between them.)"""
    cleaned = [PSEUDONYM.sub(b"P-", chunk) for chunk in chunks]
    return [
        value
        for value in values
        if any(spelling in chunk for spelling in spellings(value) for chunk in cleaned)
    ]


def people(cli: Run) -> dict[str, dict[str, Any]]:
    rows = json.loads(cli("people", "list", "--format", "json").stdout)
    return {row["employee_no"]: row for row in rows}


def personal(person: dict[str, Any]) -> list[str]:
    return [
        value
        for value in (person["employee_no"], person["name"], person["email"], person["phone"])
        if value
    ]


def valid_answers(key: str) -> dict[str, Any]:
    """An answer to every question of a built-in questionnaire that is asked, of the
    right type (a follow-up of an answer not given is left out)."""
    from retainkit.core.library import builtin_source
    from retainkit.core.questionnaires.conditions import applies
    from retainkit.core.questionnaires.loading import load_text
    from retainkit.core.reasons import taxonomy

    questionnaire = load_text(builtin_source(key))
    first_reason = next(iter(taxonomy()))
    answers: dict[str, Any] = {}
    for question in questionnaire.questions:
        if not applies(question, answers):
            continue
        first = question.choices[0].value if question.choices else None
        answers[question.key] = {
            "likert": 4,
            "nps": 8,
            "yesno": False,
            "choice": first,
            "multi": [first],
            "reasons": {"primary": first_reason},
            "text": f"Answer to {question.key}",
        }[question.type]
    return answers


def write_answers(path: Path, key: str) -> Path:
    """A JSON answers file for `interview ... --answers`."""
    assert path.suffix == ".json"
    path.write_text(json.dumps(valid_answers(key)), encoding="utf-8")
    return path
