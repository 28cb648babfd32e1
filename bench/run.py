"""retainkit's benchmark: whole-process timings and peak memory, printed as a table.

    python bench/run.py                    # everything, default sizes
    python bench/run.py startup            # one benchmark
    python bench/run.py import --rows 20000
    python bench/run.py export --interviews 50000

Every figure is a whole process started the way a person or cron starts it, measured with
os.wait4 (wall time and peak resident memory). Files go to a temporary folder unless --keep.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)


@dataclass
class Measure:
    seconds: float
    peak_mib: float


def run(args: list[str], env: dict[str, str] | None = None) -> Measure:
    """Run a command to the end; its wall time and peak resident memory.

    A child's peak memory includes what it inherits at fork, so the heavy preparation
    (generating data) runs in a child of its own (`prepare`), keeping this process small.
    """
    start = time.perf_counter()
    process = subprocess.Popen(
        args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env or os.environ.copy()
    )
    assert process.stderr is not None
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    errors = process.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{errors}")
    return Measure(seconds, usage.ru_maxrss / 1024)


def retainkit(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("retainkit")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "retainkit", *args]


def bare_typer_app(folder: Path) -> Path:
    """A Typer app with retainkit's command tree and nothing behind it."""
    import typer

    from retainkit.cli.tree import app

    root = typer.main.get_command(app)
    lines = ["import typer", "", "app = typer.Typer(no_args_is_help=True)"]

    def walk(group: object, var: str) -> None:
        for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
            ident = f"{var}_{name.replace('-', '_')}"
            if hasattr(command, "commands"):
                lines.append(f"{ident} = typer.Typer(no_args_is_help=True)")
                lines.append(f"{var}.add_typer({ident}, name={name!r})")
                walk(command, ident)
            else:
                lines.append(f"@{var}.command({name!r})")
                lines.append(f"def {ident}() -> None:\n    pass")

    walk(root, "app")
    lines += ["", "app()"]
    path = folder / "bare_typer_app.py"
    path.write_text("\n".join(lines) + "\n")
    return path


def bench_startup(folder: Path, repeat: int) -> list[tuple[str, str]]:
    bare = [sys.executable, str(bare_typer_app(folder)), "--help"]
    ours = retainkit("--help")
    env = os.environ | {"COLUMNS": "100"}
    run(bare, env)
    run(ours, env)  # warm the file cache and bytecode for both
    bare_times, our_times = [], []
    for _ in range(repeat):  # interleaved, so drift in machine load hits both alike
        bare_times.append(run(bare, env).seconds)
        our_times.append(run(ours, env).seconds)
    bare_median, our_median = statistics.median(bare_times), statistics.median(our_times)
    return [
        ("bare Typer app --help (median)", f"{bare_median * 1000:.0f} ms"),
        ("retainkit --help (median)", f"{our_median * 1000:.0f} ms"),
        ("ratio (target <= 1.2)", f"{our_median / bare_median:.2f}x"),
    ]


def people_csv(path: Path, rows: int) -> None:
    from retainkit.core.demo import generate
    from retainkit.core.fields import PERSON_FIELDS

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


def prepare(step: str, *args: object) -> None:
    """Run a preparation step of this script in a separate process."""
    subprocess.run([sys.executable, __file__, "_prepare", step, *map(str, args)], check=True)


def bench_import(folder: Path, rows: int) -> list[tuple[str, str]]:
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


REPORT_FROM = date(date.today().year - 3, 1, 1)
"""Reports and exports in the bench cover four calendar years: all the demo's history."""

HISTORY_COPIES = 9
"""The 10x database: the organisation, plus nine copies of its people, separations, planned
contacts and contacts as older history (alumni whose contacts are all settled), so every
table the due query reads grows 10x while the list of what is due stays the same."""


def build_organisation(path: Path, people: int, leaver_share: float) -> dict[str, int]:
    from retainkit.cli.context import wall_clock
    from retainkit.core.demo import write_demo
    from retainkit.storage.database import Database

    db = Database(path, now=wall_clock)
    summary = write_demo(
        db, people=people, seed=5, today=date.today(), force=False, leaver_share=leaver_share
    )
    db.close()
    return {"people": summary.people, "separations": summary.separations}


def add_history(path: Path, copies: int) -> None:
    """Append `copies` of every person, separation, planned contact and contact as history."""
    import sqlite3

    connection = sqlite3.connect(path)
    with connection:
        top = {
            table: connection.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
            for table in (
                "person",
                "separation",
                "followup",
                "contact",
                "action_item",
                "handover_item",
            )
        }
        for copy in range(1, copies + 1):
            shift = f"-{3 * copy} years"
            p, s, f, c = (top[t] * copy for t in ("person", "separation", "followup", "contact"))
            connection.execute(
                f"""INSERT INTO person (id, employee_no, name, email, phone, department, title,
                    level, manager_no, location, hire_date, performance, high_performer, salary,
                    preferred_channel, contact_hours, do_not_contact, notes, status,
                    created_at, updated_at)
                SELECT id + {p}, employee_no || '-h{copy}', name, email, phone, department,
                    title, level, manager_no, location, date(hire_date, '{shift}'), performance,
                    0, salary, preferred_channel, contact_hours, do_not_contact, notes,
                    'departed', created_at, updated_at FROM person WHERE id <= {top["person"]}"""
            )
            connection.execute(
                f"""INSERT INTO separation (id, person_id, status, kind, last_day, notice_date,
                    regrettable, rehire_eligible, department, title, level, manager_no,
                    hire_date, created_at)
                SELECT id + {s}, person_id + {p}, 'open', kind, date(last_day, '{shift}'),
                    date(notice_date, '{shift}'), regrettable, rehire_eligible, department,
                    title, level, manager_no, date(hire_date, '{shift}'), created_at
                FROM separation WHERE id <= {top["separation"]}"""
            )
            connection.execute(
                f"""INSERT INTO followup (id, person_id, separation_id, kind, due_from, due_to,
                    status, priority, attempts, reason, done_on, created_at, updated_at)
                SELECT id + {f}, person_id + {p},
                    CASE WHEN separation_id IS NULL THEN NULL ELSE separation_id + {s} END,
                    kind, date(due_from, '{shift}'), date(due_to, '{shift}'),
                    CASE status WHEN 'planned' THEN 'done' ELSE status END, priority,
                    attempts, reason, date(due_to, '{shift}'), created_at, updated_at
                FROM followup WHERE id <= {top["followup"]}"""
            )
            connection.execute(
                f"""INSERT INTO contact (id, person_id, followup_id, contacted_on, outcome,
                    channel, note, conclusion, rehire_interest, created_at)
                SELECT id + {c}, person_id + {p}, followup_id + {f},
                    date(contacted_on, '{shift}'), outcome, channel, note, conclusion,
                    rehire_interest, created_at FROM contact WHERE id <= {top["contact"]}"""
            )
            a, h = top["action_item"] * copy, top["handover_item"] * copy
            connection.execute(
                f"""INSERT INTO action_item (id, title, detail, kind, owner, due_date, status,
                    urgent, escalation, interview_id, separation_id, reason_code, scope,
                    outcome, drop_reason, done_on, informed_at, created_at, updated_at)
                SELECT id + {a}, title, detail, kind, owner, date(due_date, '{shift}'), 'done',
                    urgent, escalation, NULL, NULL, reason_code, scope, outcome, drop_reason,
                    date(due_date, '{shift}'), informed_at, created_at, updated_at
                FROM action_item WHERE id <= {top["action_item"]}"""
            )
            connection.execute(
                f"""INSERT INTO handover_item (id, separation_id, position, label, done,
                    done_on, note)
                SELECT id + {h}, separation_id + {s}, position, label, 1,
                    date(coalesce(done_on, '2020-01-01'), '{shift}'), note
                FROM handover_item WHERE id <= {top["handover_item"]}"""
            )
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
    done = subprocess.run(
        [sys.executable, __file__, "_prepare", "query", str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    seconds, rows = done.stdout.split()
    return float(seconds), int(rows)


def table_sizes(path: Path) -> str:
    import sqlite3

    connection = sqlite3.connect(path)
    sizes = {
        t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("person", "separation", "followup", "contact", "action_item", "handover_item")
    }
    connection.close()
    return ", ".join(f"{n:,} {t}" for t, n in sizes.items())


def bench_followup(folder: Path, people: int, repeat: int) -> list[tuple[str, str]]:
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


def grow_interviews(path: Path, target: int) -> dict[str, int]:
    """Copy the demo's completed interviews (with answers and scores) until there are
    `target` interviews; the copies keep their people and dates."""
    import sqlite3

    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DELETE FROM interview_reason WHERE interview_id IN "
                           "(SELECT id FROM interview WHERE status != 'completed')")  # fmt: skip
        base = connection.execute(
            "SELECT count(*), max(id) FROM interview WHERE status = 'completed'"
        ).fetchone()
        count, top = base
        copy = 1
        while count * (copy + 1) <= target + count:
            shift = top * copy
            connection.execute(
                f"""INSERT INTO interview (id, person_id, separation_id, questionnaire_id, kind,
                    status, mode, interviewer, held_by, lang, retention_risk, decline_reason,
                    written_offered, started_at, updated_at, completed_at)
                SELECT id + {shift}, person_id, separation_id, questionnaire_id, kind, status,
                    mode, interviewer, held_by, lang, retention_risk, decline_reason,
                    written_offered, started_at, updated_at, completed_at
                FROM interview WHERE id <= {top} AND status = 'completed'"""
            )
            connection.execute(
                f"""INSERT INTO answer (interview_id, question_key, value, skipped, score,
                    answered_at)
                SELECT interview_id + {shift}, question_key, value, skipped, score, answered_at
                FROM answer WHERE interview_id IN
                    (SELECT id FROM interview WHERE id <= {top} AND status = 'completed')"""
            )
            connection.execute(
                f"""INSERT INTO interview_score (interview_id, dimension, score, answers)
                SELECT interview_id + {shift}, dimension, score, answers FROM interview_score
                WHERE interview_id IN
                    (SELECT id FROM interview WHERE id <= {top} AND status = 'completed')"""
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


def dump_cells(workbook: Path, target: Path) -> None:
    """Every cell value of every sheet, one JSON row per line, dates marked."""
    import json

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
    seconds the writing and saving took, the reading of the cells left out."""
    import json

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    with cells.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    start = time.perf_counter()
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
    print(time.perf_counter() - start)


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


def bench_export(folder: Path, interviews: int) -> list[tuple[str, str]]:
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
            done = subprocess.run(
                [sys.executable, __file__, "_prepare", "bare", str(cells), str(folder / "b.xlsx")],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            bare = float(done.stdout)
            rows = size
            results += [
                (f"export excel, {rows:,} interviews, whole process (median of 3)",
                 f"{ours_seconds:.2f} s"),
                ("  bare openpyxl write-only, the same cells, writing only",
                 f"{bare:.2f} s"),
                ("  ratio (target <= 1.2)", f"{ours_seconds / bare:.2f}x"),
                ("  peak memory (target <= 250 MiB)", f"{peaks[size]:.0f} MiB"),
                ("  answers in the database", f"{_count(path, 'answer'):,}"),
            ]  # fmt: skip
        else:
            results += [
                (f"export excel, {size:,} interviews (x2)", f"{ours_seconds:.2f} s"),
                ("  peak memory (target: at most 20% above x1)",
                 f"{peaks[size]:.0f} MiB (+{(peaks[size] / peaks[interviews] - 1) * 100:.0f}%)"),
            ]  # fmt: skip
    path = folder / "reports.db"
    shutil.copy(base, path)
    answers_wanted = 200_000
    per_interview = max(1, _count(folder / f"export-{interviews}.db", "answer") // interviews)
    prepare("interviews", path, answers_wanted // per_interview + 1)
    done = subprocess.run(
        [sys.executable, __file__, "_prepare", "reports", str(path)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    results.append(
        (f"report queries over {_count(path, 'answer'):,} answers (target <= 0.3 s each)", "")
    )
    for line in done.stdout.splitlines():
        name, seconds = line.rsplit(" ", 1)
        results.append((f"  report {name}", f"{float(seconds) * 1000:.0f} ms"))
    return results


def _interviewed_people(path: Path, count: int) -> list[tuple[str, str]]:
    """Employee number and email of people with a completed interview."""
    import sqlite3

    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT p.employee_no, p.email FROM person p "
        "JOIN interview i ON i.person_id = p.id AND i.status = 'completed' "
        "WHERE p.email IS NOT NULL GROUP BY p.id ORDER BY p.id LIMIT ?",
        (count,),
    ).fetchall()
    connection.close()
    return rows


def bench_privacy(folder: Path, interviews: int) -> list[tuple[str, str]]:
    base = folder / "privacy-base.db"
    prepare("organisation", base, 20_000)
    prepare("interviews", base, interviews)
    answers = _count(base, "answer")
    results: list[tuple[str, str]] = []
    forget_runs = []
    left = 0
    for number, email in _interviewed_people(base, 3):
        path = folder / "privacy.db"
        shutil.copy(base, path)
        forget_runs.append(run(retainkit("--db", str(path), "people", "forget", number, "--yes")))
        done = subprocess.run(
            [sys.executable, __file__, "_prepare", "leftovers", str(path), number, email],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        left += int(done.stdout)
    results += [
        (f"people forget, {answers:,} answers (median of 3 people)",
         f"{statistics.median(m.seconds for m in forget_runs):.2f} s"),
        ("  peak memory", f"{max(m.peak_mib for m in forget_runs):.0f} MiB"),
        ("  old employee number or email left in the file and its log", f"{left}"),
    ]  # fmt: skip
    path = folder / "privacy.db"
    shutil.copy(base, path)
    before = _count(path, "person", "forgotten_at IS NOT NULL")
    purge = run(retainkit("--db", str(path), "db", "purge", "--older-than", "2", "--yes"))
    purged = _count(path, "person", "forgotten_at IS NOT NULL") - before
    results += [
        (f"db purge --older-than 2: {purged:,} people", f"{purge.seconds:.2f} s"),
        ("  peak memory", f"{purge.peak_mib:.0f} MiB"),
    ]
    return results


def leftovers(path: Path, values: list[str]) -> int:
    """How often the values occur in the database file and its log (read in a child, so the
    bench process stays small; see `run`). Pseudonyms are taken out first (random hex may
    spell E1234); a number followed by another digit is a different number. No check before
    a value: a SQLite record stores its strings side by side."""
    import re

    data = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    data += wal.read_bytes() if wal.exists() else b""
    data = re.sub(rb"P-[0-9A-F]{10}", b"P-", data)
    return sum(len(re.findall(re.escape(v.encode()) + rb"(?![0-9])", data)) for v in values)


def _count(path: Path, table: str, where: str = "1 = 1") -> int:
    import sqlite3

    connection = sqlite3.connect(path)
    count = int(connection.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0])
    connection.close()
    return count


def _prepare_main(step: str, args: list[str]) -> None:
    if step == "csv":
        people_csv(Path(args[0]), int(args[1]))
    elif step == "organisation":
        build_organisation(Path(args[0]), int(args[1]), leaver_share=0.3)
    elif step == "history":
        add_history(Path(args[0]), int(args[1]))
    elif step == "interviews":
        grow_interviews(Path(args[0]), int(args[1]))
    elif step == "dump":
        dump_cells(Path(args[0]), Path(args[1]))
    elif step == "bare":
        bare_write(Path(args[0]), Path(args[1]))
    elif step == "reports":
        for name, seconds in time_reports(Path(args[0])):
            print(name, seconds)
    elif step == "leftovers":
        print(leftovers(Path(args[0]), args[1:]))
    elif step == "query":
        seconds, rows = time_due_query(Path(args[0]), 21)
        print(seconds, rows)


def main() -> None:
    if sys.argv[1:2] == ["_prepare"]:
        _prepare_main(sys.argv[2], sys.argv[3:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "which", nargs="*", default=["startup", "import", "followup", "export", "privacy"]
    )
    parser.add_argument(
        "--interviews",
        type=int,
        default=50_000,
        help="interviews for the export and privacy benches",
    )
    parser.add_argument("--people", type=int, default=100_000, help="people for followup")
    parser.add_argument("--rows", type=int, default=100_000, help="rows for the import bench")
    parser.add_argument("--repeat", type=int, default=15, help="runs for the start-up bench")
    parser.add_argument("--keep", type=Path, help="keep the files in this folder")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="retainkit-bench-"))
    benches: dict[str, Callable[[], list[tuple[str, str]]]] = {
        "startup": lambda: bench_startup(folder, options.repeat),
        "import": lambda: bench_import(folder, options.rows),
        "followup": lambda: bench_followup(folder, options.people, 7),
        "export": lambda: bench_export(folder, options.interviews),
        "privacy": lambda: bench_privacy(folder, options.interviews),
    }
    results: list[tuple[str, str]] = []
    try:
        for name in options.which:
            if name not in benches:
                raise SystemExit(f"unknown benchmark {name!r}; choose from {', '.join(benches)}")
            results += benches[name]()
    finally:
        if options.keep:
            shutil.copytree(folder, options.keep, dirs_exist_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
    width = max(len(label) for label, _ in results)
    print(f"retainkit benchmark on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for label, value in results:
        print(f"{label:<{width}}  {value:>10}")


if __name__ == "__main__":
    main()
