"""`separation import` of a terminations report: ten years of leavers, most of them not yet
known (added from their rows), the kinds and reasons in the HR system's own words mapped
with --value, into a new database and then again (nothing changes)."""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from harness import TODAY, count, median_cpu, prepare, retainkit, run

HEADER = (
    "Employee ID", "Name", "Termination Date", "Termination Type", "Notice Date",
    "Regrettable", "Eligible for Rehire", "Termination Reason", "Other Reasons",
    "Department", "Job Title", "Job Level", "Manager ID", "Hire Date", "Comments",
)  # fmt: skip
KINDS = {
    "Resignation": ("voluntary", 60, ("Better Pay", "Career Move", "Manager", "Relocation",
                                      "Workload", "Family")),
    "Dismissal": ("involuntary", 8, ("Performance",)),
    "Redundancy": ("layoff", 12, ("Restructuring",)),
    "Retirement": ("retirement", 5, ("Retirement",)),
    "Fixed-Term End": ("end_of_contract", 15, ("Contract Ended",)),
}  # fmt: skip
REASONS = {
    "Better Pay": "compensation", "Career Move": "career_growth", "Manager": "manager",
    "Relocation": "relocation", "Workload": "workload", "Family": "family",
    "Performance": "involuntary_performance", "Restructuring": "involuntary_restructuring",
    "Retirement": "retirement", "Contract Ended": "end_of_contract",
}  # fmt: skip
LEVELS = {"Individual Contributor": "staff", "People Manager": "middle",
          "Director": "senior", "Principal": "core"}  # fmt: skip
DEPARTMENTS = ("Engineering", "Sales", "Support", "Operations", "Finance", "Marketing", "HR")
OPTIONS = (
    [f"--value=kind:{word}={kind}" for word, (kind, _, _) in KINDS.items()]
    + [f"--value=reason:{word}={code}" for word, code in REASONS.items()]
    + [f"--value=level:{word}={level}" for word, level in LEVELS.items()]
    + ["--map=Other Reasons=contributing_reasons", "--map=Comments=note"]
)


def terminations_csv(path: Path, rows: int) -> None:
    """`rows` separations with last days spread over ten years up to two months ahead;
    one person in 20 left twice (the first time a year or more before coming back)."""
    rng = random.Random(7)
    words = list(KINDS)
    weights = [KINDS[w][1] for w in words]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        written, person = 0, 0
        while written < rows:
            person += 1
            last = TODAY + timedelta(days=60 - rng.randint(0, 3650))
            spells = [(last - timedelta(days=rng.randint(180, 3000)), last)]
            if rng.random() < 0.05 and written + 1 < rows:
                earlier = spells[0][0] - timedelta(days=rng.randint(365, 1500))
                spells.insert(0, (earlier - timedelta(days=rng.randint(180, 2000)), earlier))
            for hired, last in spells:
                word = rng.choices(words, weights)[0]
                kind, _, reasons = KINDS[word]
                primary = rng.choice(reasons)
                others = [o for o in rng.sample(sorted(REASONS), rng.randint(0, 2)) if o != primary]
                writer.writerow([
                    f"S{person:06d}", f"Leaver {person}", last.isoformat(), word,
                    (last - timedelta(rng.randint(14, 90))).isoformat()
                    if kind == "voluntary" else "",
                    rng.choice(("Yes", "No", "No")), rng.choice(("Yes", "Yes", "No")), primary,
                    "; ".join(others), rng.choice(DEPARTMENTS), f"Title {rng.randint(1, 40)}",
                    rng.choice(list(LEVELS)), f"M{rng.randint(1, 900):04d}", hired.isoformat(),
                    "Exit paperwork complete" if rng.random() < 0.1 else "",
                ])  # fmt: skip
                written += 1


def people_of(terminations: Path, path: Path) -> None:
    """The leavers of a terminations report as a people import file: number and name."""
    with terminations.open(newline="", encoding="utf-8") as source:
        rows = csv.reader(source)
        next(rows)
        people = {row[0]: row[1] for row in rows}
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["employee_no", "name"])
        writer.writerows(people.items())


PREPARE: dict[str, Callable[[list[str]], None]] = {
    "terminations": lambda args: terminations_csv(Path(args[0]), int(args[1])),
    "leavers": lambda args: people_of(Path(args[0]), Path(args[1])),
}


def bench(folder: Path, options: argparse.Namespace) -> list[tuple[str, str]]:
    rows = options.rows
    source = folder / f"terminations-{rows}.csv"
    prepare("terminations", source, rows)
    env = {**os.environ, "RETAINKIT_TODAY": TODAY.isoformat()}
    firsts = []
    for attempt in range(3):  # each into a new database; the median of three
        db = folder / f"separations-{attempt}.db"
        args = retainkit("--db", str(db), "separation", "import", str(source), *OPTIONS)
        firsts.append(run(args, env))
    again = run(retainkit("--db", str(db), "separation", "import", str(source), *OPTIONS), env)
    seconds = sorted(m.seconds for m in firsts)
    planned = count(db, "followup", "status = 'planned'")
    leavers = folder / "leavers.csv"  # the people imported first: none to add
    prepare("leavers", source, leavers)
    known = folder / "known.db"
    run(retainkit("--db", str(known), "people", "import", str(leavers)), env)
    known_runs = []
    for attempt in range(3):
        copy = folder / f"known-{attempt}.db"
        shutil.copyfile(known, copy)
        args = retainkit("--db", str(copy), "separation", "import", str(source), *OPTIONS)
        known_runs.append(run(args, env))
    known_seconds = sorted(m.seconds for m in known_runs)
    return [
        (
            f"separation import, {rows:,} rows, people added, median of 3 (target <= 4 s)",
            f"{seconds[1]:.2f} s",
        ),
        ("  fastest, slowest", f"{seconds[0]:.2f} s, {seconds[2]:.2f} s"),
        ("  CPU time (user + system), median", f"{median_cpu(firsts):.2f} s"),
        ("  peak memory (target < 300 MiB)", f"{max(m.peak_mib for m in firsts):.0f} MiB"),
        (
            "  separations, people, contacts planned",
            f"{count(db, 'separation'):,}, {count(db, 'person'):,}, {planned:,}",
        ),
        (f"separation import, the same {rows:,} rows again (unchanged)", f"{again.seconds:.2f} s"),
        ("  peak memory, CPU time", f"{again.peak_mib:.0f} MiB, {again.cpu_seconds:.2f} s"),
        (
            f"separation import, {rows:,} rows, people imported before, median of 3",
            f"{known_seconds[1]:.2f} s",
        ),
        ("  CPU time (user + system), median", f"{median_cpu(known_runs):.2f} s"),
        ("  peak memory", f"{max(m.peak_mib for m in known_runs):.0f} MiB"),
        ("  CSV size", f"{source.stat().st_size / 2**20:.1f} MiB"),
    ]
