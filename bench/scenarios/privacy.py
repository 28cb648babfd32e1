"""`people forget` and `db purge` on a 20,000-person organisation with many answers, and a
search of the database file and its log for what was erased."""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import statistics
from collections.abc import Callable
from pathlib import Path

from harness import count, prepare, retainkit, run


def _interviewed_people(path: Path, limit: int) -> list[tuple[str, str]]:
    """Employee number and email of people with a completed interview."""
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT p.employee_no, p.email FROM person p "
        "JOIN interview i ON i.person_id = p.id AND i.status = 'completed' "
        "WHERE p.email IS NOT NULL GROUP BY p.id ORDER BY p.id LIMIT ?",
        (limit,),
    ).fetchall()
    connection.close()
    return rows


def leftovers(path: Path, values: list[str]) -> int:
    """How often the values occur in the database file and its log (read in a child, so the
    bench process stays small; see `run`). Pseudonyms are taken out first (random hex may
    spell E1234); a number followed by another digit is a different number. No check before
    a value: a SQLite record stores its strings side by side."""
    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    data += wal.read_bytes() if wal.exists() else b""
    data = re.sub(rb"P-[0-9A-F]{10}", b"P-", data)
    return sum(len(re.findall(re.escape(v.encode()) + rb"(?![0-9])", data)) for v in values)


PREPARE: dict[str, Callable[[list[str]], None]] = {
    "leftovers": lambda args: print(leftovers(Path(args[0]), args[1:])),
}


def bench(folder: Path, options: argparse.Namespace) -> list[tuple[str, str]]:
    base = folder / "privacy-base.db"
    prepare("organisation", base, 20_000)
    prepare("interviews", base, options.interviews)
    answers = count(base, "answer")
    results: list[tuple[str, str]] = []
    forget_runs = []
    left = 0
    for number, email in _interviewed_people(base, 3):
        path = folder / "privacy.db"
        shutil.copy(base, path)
        forget_runs.append(run(retainkit("--db", str(path), "people", "forget", number, "--yes")))
        left += int(prepare("leftovers", path, number, email))
    results += [
        (f"people forget, {answers:,} answers (median of 3 people)",
         f"{statistics.median(m.seconds for m in forget_runs):.2f} s"),
        ("  peak memory", f"{max(m.peak_mib for m in forget_runs):.0f} MiB"),
        ("  old employee number or email left in the file and its log", f"{left}"),
    ]  # fmt: skip
    path = folder / "privacy.db"
    shutil.copy(base, path)
    before = count(path, "person", "forgotten_at IS NOT NULL")
    purge = run(retainkit("--db", str(path), "db", "purge", "--older-than", "2", "--yes"))
    purged = count(path, "person", "forgotten_at IS NOT NULL") - before
    results += [
        (f"db purge --older-than 2: {purged:,} people", f"{purge.seconds:.2f} s"),
        ("  peak memory", f"{purge.peak_mib:.0f} MiB"),
    ]
    return results
