"""Building the databases the scenarios measure: a demo organisation, more interviews, and
copies of rows made with the columns of retainkit's own models, so a column added to a model
is copied without a change here."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path


def build_organisation(path: Path, people: int, leaver_share: float) -> dict[str, int]:
    from retainkit.cli.context import wall_clock
    from retainkit.demo.writer import write_demo
    from retainkit.storage.database import Database

    db = Database(path, now=wall_clock)
    summary = write_demo(
        db, people=people, seed=5, today=date.today(), force=False, leaver_share=leaver_share
    )
    db.close()
    return {"people": summary.people, "separations": summary.separations}


def copy_rows(
    connection: sqlite3.Connection, table: str, where: str, values: dict[str, str | None]
) -> None:
    """Insert a copy of the rows of `table` that match `where`: every column of the model
    as it is, unless `values` gives it an SQL expression (None: the column's default)."""
    from retainkit.storage.models import Base

    columns = [
        column.name
        for column in Base.metadata.tables[table].columns
        if values.get(column.name, column.name) is not None
    ]
    unknown = set(values) - {column.name for column in Base.metadata.tables[table].columns}
    assert not unknown, f"{table} has no columns {sorted(unknown)}"
    selected = ", ".join(values.get(name) or name for name in columns)
    connection.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {selected} FROM {table} WHERE {where}"
    )


def grow_interviews(path: Path, target: int) -> dict[str, int]:
    """Copy the demo's completed interviews (with answers and scores) until there are
    `target` interviews; the copies keep their people and dates."""
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DELETE FROM interview_reason WHERE interview_id IN "
                           "(SELECT id FROM interview WHERE status != 'completed')")  # fmt: skip
        base = connection.execute(
            "SELECT count(*), max(id) FROM interview WHERE status = 'completed'"
        ).fetchone()
        found, top = base
        copy = 1
        while found * (copy + 1) <= target + found:
            shift = top * copy
            completed = f"SELECT id FROM interview WHERE id <= {top} AND status = 'completed'"
            copy_rows(
                connection,
                "interview",
                f"id <= {top} AND status = 'completed'",
                {"id": f"id + {shift}"},
            )
            copy_rows(
                connection,
                "answer",
                f"interview_id IN ({completed})",
                {"id": None, "interview_id": f"interview_id + {shift}"},
            )
            copy_rows(
                connection,
                "interview_score",
                f"interview_id IN ({completed})",
                {"interview_id": f"interview_id + {shift}"},
            )
            copy += 1
        extra = "SELECT id FROM interview WHERE status = 'completed' ORDER BY id LIMIT -1 OFFSET ?"
        for table in ("answer", "interview_score"):
            connection.execute(f"DELETE FROM {table} WHERE interview_id IN ({extra})", (target,))
        connection.execute(
            "DELETE FROM action_item WHERE interview_id IN (SELECT id FROM interview "
            "WHERE status != 'completed')"
        )
        connection.execute("DELETE FROM contact WHERE interview_id IS NOT NULL")
        connection.execute(f"DELETE FROM interview WHERE id IN ({extra})", (target,))
        connection.execute("DELETE FROM action_item WHERE interview_id NOT IN "
                           "(SELECT id FROM interview)")  # fmt: skip
        connection.execute("DELETE FROM interview_reason WHERE interview_id NOT IN "
                           "(SELECT id FROM interview)")  # fmt: skip
        connection.execute("DELETE FROM interview WHERE status != 'completed'")
    connection.execute("ANALYZE")
    sizes = {
        t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("interview", "answer")
    }
    connection.close()
    return sizes


PREPARE = {
    "organisation": lambda args: build_organisation(Path(args[0]), int(args[1]), 0.3),
    "interviews": lambda args: grow_interviews(Path(args[0]), int(args[1])),
}
"""The steps several scenarios run in a process of their own."""
