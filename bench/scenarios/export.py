"""`export excel` against bare openpyxl writing the same cells, at one and two times the
interviews; then each report's queries over 200,000 answers."""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from harness import REPORT_FROM, count, median_cpu, prepare, retainkit, run


def dump_cells(workbook: Path, target: Path) -> None:
    """Every cell value of every sheet, one JSON row per line, dates marked."""
    from openpyxl import load_workbook

    book = load_workbook(workbook, read_only=True)
    with target.open("w", encoding="utf-8") as handle:
        for sheet in book.worksheets:
            handle.write(json.dumps({"sheet": sheet.title}) + "\n")
            for row in sheet.iter_rows(values_only=True):
                handle.write(
                    json.dumps(
                        [{"d": v.date().isoformat()} if hasattr(v, "date") else v for v in row]
                    )
                    + "\n"
                )
    book.close()


def bare_write(cells: Path, target: Path) -> None:
    """Bare openpyxl write-only writing the same cells (dates as date cells); prints the
    seconds the writing and saving took, wall and CPU, the reading of the cells left out."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    with cells.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    start, cpu = time.perf_counter(), time.process_time()
    book = Workbook(write_only=True)
    sheet = None
    for row in rows:
        if isinstance(row, dict):
            sheet = book.create_sheet(row["sheet"])
            continue
        line = []
        for value in row:
            if isinstance(value, dict):
                cell = WriteOnlyCell(sheet, value=date.fromisoformat(value["d"]))
                cell.number_format = "yyyy-mm-dd"
                value = cell
            line.append(value)
        assert sheet is not None
        sheet.append(line)
    book.save(target)
    print(time.perf_counter() - start, time.process_time() - cpu)


def time_reports(path: Path) -> list[tuple[str, float]]:
    """Median seconds of each report's queries over the whole database, in one process."""
    from dataclasses import replace

    from retainkit.cli.context import wall_clock
    from retainkit.reports import build
    from retainkit.reports.model import Options
    from retainkit.reports.periods import periods
    from retainkit.storage.database import Database

    db = Database(path, now=wall_clock)
    start, end = REPORT_FROM, date.today()
    opts = Options(start, end, periods(start, end, "year"), None, 5, "en", end)
    found = []
    with db.read() as session:
        for name in build.NAMES:
            for by in (None, "department"):
                if by and not build.allowed_by(name):
                    continue
                chosen = replace(opts, by=by)
                build.report(session, name, chosen)
                times = []
                for _ in range(5):
                    began = time.perf_counter()
                    build.report(session, name, chosen)
                    times.append(time.perf_counter() - began)
                found.append((f"{name}" + (f" --by {by}" if by else ""), statistics.median(times)))
    db.close()
    return found


def _print_report_times(path: Path) -> None:
    for name, seconds in time_reports(path):
        print(name, seconds)


PREPARE: dict[str, Callable[[list[str]], None]] = {
    "dump": lambda args: dump_cells(Path(args[0]), Path(args[1])),
    "bare": lambda args: bare_write(Path(args[0]), Path(args[1])),
    "reports": lambda args: _print_report_times(Path(args[0])),
}


def bench(folder: Path, options: argparse.Namespace) -> list[tuple[str, str]]:
    interviews = options.interviews
    results: list[tuple[str, str]] = []
    base = folder / "export-base.db"
    prepare("organisation", base, 20_000)
    peaks = {}
    for size in (interviews, interviews * 2):
        path = folder / f"export-{size}.db"
        shutil.copy(base, path)
        prepare("interviews", path, size)
        out = folder / f"export-{size}.xlsx"
        command = retainkit("--db", str(path), "export", "excel", str(out), "--from",
                            REPORT_FROM.isoformat(), "--period", "year", "--force")  # fmt: skip
        ours = [run(command) for _ in range(3)]
        ours_seconds = statistics.median(m.seconds for m in ours)
        peaks[size] = max(m.peak_mib for m in ours)
        if size == interviews:
            cells = folder / "cells.jsonl"
            prepare("dump", out, cells)
            # Bare right after retainkit's runs, so both see about the same load.
            bare_runs = [prepare("bare", cells, folder / "b.xlsx").split() for _ in range(3)]
            bare = statistics.median(float(wall) for wall, _ in bare_runs)
            bare_cpu = statistics.median(float(cpu) for _, cpu in bare_runs)
            rows = size
            results += [
                (f"export excel, {rows:,} interviews, whole process (median of 3)",
                 f"{ours_seconds:.2f} s, CPU {median_cpu(ours):.2f} s"),
                ("  bare openpyxl write-only, the same cells, writing only (median of 3)",
                 f"{bare:.2f} s, CPU {bare_cpu:.2f} s"),
                ("  ratio (target <= 1.1)",
                 f"{ours_seconds / bare:.2f}x, CPU {median_cpu(ours) / bare_cpu:.2f}x"),
                ("  peak memory (target <= 250 MiB)", f"{peaks[size]:.0f} MiB"),
                ("  answers in the database", f"{count(path, 'answer'):,}"),
            ]  # fmt: skip
        else:
            results += [
                (f"export excel, {size:,} interviews (x2)",
                 f"{ours_seconds:.2f} s, CPU {median_cpu(ours):.2f} s"),
                ("  peak memory (target: at most 20% above x1)",
                 f"{peaks[size]:.0f} MiB (+{(peaks[size] / peaks[interviews] - 1) * 100:.0f}%)"),
            ]  # fmt: skip
    path = folder / "reports.db"
    shutil.copy(base, path)
    answers_wanted = 200_000
    per_interview = max(1, count(folder / f"export-{interviews}.db", "answer") // interviews)
    prepare("interviews", path, answers_wanted // per_interview + 1)
    timed = prepare("reports", path)
    results.append(
        (f"report queries over {count(path, 'answer'):,} answers (target <= 0.3 s each)", "")
    )
    for line in timed.splitlines():
        name, seconds = line.rsplit(" ", 1)
        results.append((f"  report {name}", f"{float(seconds) * 1000:.0f} ms"))
    return results
