"""`people import` of a CSV and an XLSX of new people, into a new database and again as
updates. The XLSX is written by openpyxl with inline strings, the largest sheet XML a
100,000-row export has (Excel's shared strings make a smaller one)."""

from __future__ import annotations

import argparse
import csv
from collections.abc import Callable
from pathlib import Path

from harness import TODAY, median_cpu, prepare, retainkit, run


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


def people_xlsx(source: Path, path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    with source.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle)):
            sheet.append(
                row if number == 0 else [int(v) if v.isdigit() else v or None for v in row]
            )
    book.save(path)


PREPARE: dict[str, Callable[[list[str]], None]] = {
    "csv": lambda args: people_csv(Path(args[0]), int(args[1])),
    "xlsx": lambda args: people_xlsx(Path(args[0]), Path(args[1])),
}


def bench(folder: Path, options: argparse.Namespace) -> list[tuple[str, str]]:
    rows = options.rows
    source = folder / f"people-{rows}.csv"
    prepare("csv", source, rows)
    workbook = folder / f"people-{rows}.xlsx"
    prepare("xlsx", source, workbook)
    results = []
    for kind, path in (("CSV", source), ("XLSX", workbook)):
        firsts = []
        for attempt in range(3):  # each into a new database; the median of three
            db = folder / f"import-{kind}-{attempt}.db"
            firsts.append(run(retainkit("--db", str(db), "people", "import", str(path))))
        again = run(retainkit("--db", str(db), "people", "import", str(path)))
        seconds = sorted(m.seconds for m in firsts)
        results += [
            (
                f"people import, {kind}, {rows:,} new rows, median of 3 (target <= 4 s)",
                f"{seconds[1]:.2f} s",
            ),
            ("  fastest, slowest", f"{seconds[0]:.2f} s, {seconds[2]:.2f} s"),
            ("  CPU time (user + system), median", f"{median_cpu(firsts):.2f} s"),
            ("  peak memory (target < 300 MiB)", f"{max(m.peak_mib for m in firsts):.0f} MiB"),
            (f"people import, {kind}, the same rows again (updates)", f"{again.seconds:.2f} s"),
            ("  peak memory, CPU time", f"{again.peak_mib:.0f} MiB, {again.cpu_seconds:.2f} s"),
            (f"  {kind} size", f"{path.stat().st_size / 2**20:.1f} MiB"),
        ]
    return results
