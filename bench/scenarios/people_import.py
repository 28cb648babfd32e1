"""`people import` of a CSV of new people, into a new database and again as updates."""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable
from pathlib import Path

from harness import TODAY, prepare, retainkit, run


def people_csv(path: Path, rows: int) -> None:
    from retainkit.core.fields import PERSON_FIELDS
    from retainkit.demo.organisation import generate

    names = [field.name for field in PERSON_FIELDS]
    organisation = generate(rows, seed=11, today=TODAY)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for person in organisation.people:
            writer.writerow(
                [
                    ("yes" if value else "no") if isinstance(value, bool) else value or ""
                    for value in (person[name] for name in names)
                ]
            )


PREPARE: dict[str, Callable[[list[str]], None]] = {
    "csv": lambda args: people_csv(Path(args[0]), int(args[1])),
}


def bench(folder: Path, options: argparse.Namespace) -> list[tuple[str, str]]:
    rows = options.rows
    source = folder / f"people-{rows}.csv"
    prepare("csv", source, rows)
    firsts = []
    for attempt in range(3):  # each into a new database; the median of three
        db = folder / f"import-{attempt}.db"
        firsts.append(run(retainkit("--db", str(db), "people", "import", str(source))))
    again = run(retainkit("--db", str(db), "people", "import", str(source)))
    seconds = sorted(m.seconds for m in firsts)
    return [
        (f"people import, {rows:,} new rows, median of 3 (target <= 4 s)", f"{seconds[1]:.2f} s"),
        ("  fastest, slowest", f"{seconds[0]:.2f} s, {seconds[2]:.2f} s"),
        ("  peak memory (target < 300 MiB)", f"{max(m.peak_mib for m in firsts):.0f} MiB"),
        (f"people import, the same {rows:,} rows again (updates)", f"{again.seconds:.2f} s"),
        ("  peak memory", f"{again.peak_mib:.0f} MiB"),
        ("  CSV size", f"{source.stat().st_size / 2**20:.1f} MiB"),
    ]
