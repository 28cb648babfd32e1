"""`followup due` on a demo organisation, then with every table its query reads grown 10x
by older history."""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from databases import copy_rows
from harness import prepare, retainkit, run

HISTORY_COPIES = 9
"""The 10x database: the organisation, plus nine copies of its people, separations, planned
contacts and contacts as older history (alumni whose contacts are all settled), so every
table the due query reads grows 10x while the list of what is due stays the same."""
GROWN = ("person", "separation", "followup", "contact", "action_item", "handover_item")


def add_history(path: Path, copies: int) -> None:
    """Append `copies` of every person, separation, planned contact and contact as history."""
    connection = sqlite3.connect(path)
    with connection:
        top = {
            table: connection.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
            for table in GROWN
        }
        for copy in range(1, copies + 1):
            shift = f"-{3 * copy} years"
            p, s, f, c = (top[t] * copy for t in ("person", "separation", "followup", "contact"))
            a, h = top["action_item"] * copy, top["handover_item"] * copy
            copy_rows(connection, "person", f"id <= {top['person']}", {
                "id": f"id + {p}", "employee_no": f"employee_no || '-h{copy}'",
                "hire_date": f"date(hire_date, '{shift}')", "high_performer": "0",
                "status": "'departed'",
            })  # fmt: skip
            copy_rows(connection, "separation", f"id <= {top['separation']}", {
                "id": f"id + {s}", "person_id": f"person_id + {p}", "status": "'open'",
                "last_day": f"date(last_day, '{shift}')",
                "notice_date": f"date(notice_date, '{shift}')",
                "hire_date": f"date(hire_date, '{shift}')",
                "cancel_reason": "NULL", "cancelled_at": "NULL", "rehired_on": "NULL",
            })  # fmt: skip
            copy_rows(connection, "followup", f"id <= {top['followup']}", {
                "id": f"id + {f}", "person_id": f"person_id + {p}",
                "separation_id":
                    f"CASE WHEN separation_id IS NULL THEN NULL ELSE separation_id + {s} END",
                "due_from": f"date(due_from, '{shift}')", "due_to": f"date(due_to, '{shift}')",
                "status": "CASE status WHEN 'planned' THEN 'done' ELSE status END",
                "done_on": f"date(due_to, '{shift}')",
            })  # fmt: skip
            copy_rows(connection, "contact", f"id <= {top['contact']}", {
                "id": f"id + {c}", "person_id": f"person_id + {p}",
                "followup_id": f"followup_id + {f}", "interview_id": "NULL",
                "contacted_on": f"date(contacted_on, '{shift}')",
            })  # fmt: skip
            copy_rows(connection, "action_item", f"id <= {top['action_item']}", {
                "id": f"id + {a}", "due_date": f"date(due_date, '{shift}')", "status": "'done'",
                "interview_id": "NULL", "separation_id": "NULL",
                "done_on": f"date(due_date, '{shift}')",
            })  # fmt: skip
            copy_rows(connection, "handover_item", f"id <= {top['handover_item']}", {
                "id": f"id + {h}", "separation_id": f"separation_id + {s}", "done": "1",
                "done_on": f"date(coalesce(done_on, '2020-01-01'), '{shift}')",
            })  # fmt: skip
    connection.execute("ANALYZE")
    connection.close()


def time_due_query(path: Path, repeat: int) -> tuple[float, int]:
    """Median seconds of the due list (query and rows) inside one process, and its length."""
    from retainkit.cli.context import wall_clock
    from retainkit.core.agenda import due
    from retainkit.storage.database import Database

    db = Database(path, now=wall_clock)
    rows = due(db, today=date.today())  # opens the database; warms the caches
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        due(db, today=date.today())
        times.append(time.perf_counter() - start)
    db.close()
    return statistics.median(times), len(rows)


def _timed_query(path: Path) -> tuple[float, int]:
    """time_due_query in a process of its own; (seconds, rows)."""
    seconds, rows = prepare("query", path).split()
    return float(seconds), int(rows)


def table_sizes(path: Path) -> str:
    connection = sqlite3.connect(path)
    sizes = {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in GROWN}
    connection.close()
    return ", ".join(f"{n:,} {t}" for t, n in sizes.items())


PREPARE: dict[str, Callable[[list[str]], None]] = {
    "history": lambda args: add_history(Path(args[0]), int(args[1])),
    "query": lambda args: print(*time_due_query(Path(args[0]), 21)),
}


def bench(folder: Path, options: argparse.Namespace) -> list[tuple[str, str]]:
    people, repeat = options.people, 7
    path = folder / "followup.db"
    start = time.perf_counter()
    prepare("organisation", path, people)
    build_seconds = time.perf_counter() - start
    built = {"people": people, "separations": round(people * 0.3)}
    command = retainkit("--db", str(path), "followup", "due", "--format", "json")
    run(command)
    processes = [run(command) for _ in range(repeat)]
    whole = statistics.median(m.seconds for m in processes)
    query, due_rows = _timed_query(path)
    before = table_sizes(path)
    prepare("history", path, HISTORY_COPIES)
    grown_query, grown_rows = _timed_query(path)
    after = table_sizes(path)
    grown_whole = statistics.median(run(command).seconds for _ in range(repeat))
    return [
        (
            f"demo organisation: {built['people']:,} people, {built['separations']:,} "
            "separations, built in",
            f"{build_seconds:.1f} s",
        ),
        ("  tables", before),
        (
            f"followup due --format json, whole process (target <= 0.8 s; {due_rows} due)",
            f"{whole:.3f} s",
        ),
        ("  peak memory", f"{max(m.peak_mib for m in processes):.0f} MiB"),
        ("  the due query and its rows (target <= 20 ms)", f"{query * 1000:.1f} ms"),
        ("10x history", after),
        (
            f"  the due query (target < 2x; {grown_rows} due)",
            f"{grown_query * 1000:.1f} ms ({grown_query / query:.2f}x)",
        ),
        ("  whole process", f"{grown_whole:.3f} s"),
    ]
