"""What every scenario uses: running a whole process and measuring it, running a preparation
step of run.py in a process of its own, counting rows."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

RUN_SCRIPT = Path(__file__).with_name("run.py")
TODAY = date(2026, 11, 23)
REPORT_FROM = date(date.today().year - 3, 1, 1)
"""Reports and exports in the bench cover four calendar years: all the demo's history."""


@dataclass
class Measure:
    seconds: float
    peak_mib: float
    cpu_seconds: float = 0.0
    """User and system time: what the process itself needed, whatever else the machine ran."""


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
    return Measure(seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime)


def median_cpu(measures: list[Measure]) -> float:
    """The median CPU time (user + system) of some runs."""
    return sorted(m.cpu_seconds for m in measures)[len(measures) // 2]


def retainkit(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("retainkit")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "retainkit", *args]


def prepare(step: str, *args: object) -> str:
    """Run a preparation step of run.py in a separate process; what it printed."""
    done = subprocess.run(
        [sys.executable, str(RUN_SCRIPT), "_prepare", step, *map(str, args)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return done.stdout


def count(path: Path, table: str, where: str = "1 = 1") -> int:
    import sqlite3

    connection = sqlite3.connect(path)
    found = int(connection.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0])
    connection.close()
    return found
