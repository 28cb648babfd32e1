"""Exports and backups killed part-way: no personal data is left outside the finished file
(SIGTERM and SIGINT clean up at once, the next run sweeps after a SIGKILL), and every backup
file a killed run left is one `people forget` lists."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Run

SIGKILLS = 30
SIGTERMS = 10
SIGINTS = 5
BACKUP_KILLS = 20
MOMENTS = ("any moment", "a temporary file appeared", "a file appeared beside the target")


class Runs:
    """retainkit in child processes, with a private TMPDIR and a folder for what they write."""

    def __init__(self, sqlite_db: Path, tmp_path: Path) -> None:
        self.tmp = tmp_path / "tmp"
        self.out = tmp_path / "out"
        self.tmp.mkdir()
        self.out.mkdir()
        self.env = {**os.environ, "RETAINKIT_DB": str(sqlite_db), "TMPDIR": str(self.tmp)}

    def start(self, *args: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "retainkit", *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "retainkit", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done

    def timed(self, *args: str) -> float:
        """How long one run takes here, to spread the kills over it."""
        began = time.monotonic()
        self.run(*args)
        return time.monotonic() - began

    def files(self) -> Iterator[Path]:
        """Every file in the temporary folder and in the output folder."""
        for folder in (self.tmp, self.out):
            for parent, _, names in os.walk(folder):
                yield from (Path(parent) / name for name in names)

    def kill(
        self, args: tuple[str, ...], sig: int, moment: str, within: float, rng: random.Random
    ) -> bool:
        """Run retainkit and send `sig` at a moment of the kind given; False when it ended
        by itself first."""
        before = set(self.files())
        child = self.start(*args)
        if moment == "any moment":
            time.sleep(rng.uniform(0, within))
        else:
            watched = self.tmp if moment == "a temporary file appeared" else self.out
            while child.poll() is None and not any(
                p.is_relative_to(watched) for p in set(self.files()) - before
            ):
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.05))
        child.send_signal(sig)
        _, errors = child.communicate(timeout=60)
        if child.returncode == 0:
            return False
        # Ended by the signal, as sent (SIGINT: "interrupted", exit 130, once the CLI runs).
        assert child.returncode in (-sig, 128 + sig), errors.decode()
        return True


def finished_workbook(path: Path) -> bool:
    if path.name.startswith(".") or path.suffix != ".xlsx":
        return False
    with zipfile.ZipFile(path) as archive:
        return archive.testzip() is None and "xl/workbook.xml" in archive.namelist()


@pytest.mark.slow
@pytest.mark.xdist_group("processes")  # one such test at a time
def test_killed_exports_leave_no_personal_data_behind(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path
) -> None:
    sqlite_cli("demo")
    runs = Runs(sqlite_db, tmp_path)
    # "Any moment" reaches a little past a run's length, so some exports end first and the
    # moments cover all of one, the last rename too.
    within = 1.25 * runs.timed("export", "excel", str(runs.out / "first.xlsx"))
    rng = random.Random(20261130)
    signals = [signal.SIGKILL] * SIGKILLS + [signal.SIGTERM] * SIGTERMS + [signal.SIGINT] * SIGINTS
    rng.shuffle(signals)
    tried = 0
    for number, sig in enumerate(signals):
        while True:
            tried += 1
            assert tried < 4 * len(signals), "the exports keep ending before the signal"
            left = {p for p in runs.files() if not finished_workbook(p)}
            target = runs.out / f"w{number}-{tried}.xlsx"
            moment = MOMENTS[tried % len(MOMENTS)]
            if runs.kill(("export", "excel", str(target)), sig, moment, within, rng):
                break
        if sig != signal.SIGKILL:  # cleaned up at once: nothing new is left
            now = {p for p in runs.files() if not finished_workbook(p)}
            assert now <= left, f"{sig.name} at {moment!r} left {sorted(now - left)}"
    runs.run("db", "path")  # the next run, after the last SIGKILL
    left = [p for p in runs.files() if not finished_workbook(p)]
    assert left == [], f"{len(left)} files left after {SIGKILLS} SIGKILLs: {left[:5]}"
    [root] = list(runs.tmp.iterdir())  # retainkit-<uid>, empty
    assert list(root.iterdir()) == []
    assert len(list(runs.out.iterdir())) >= 2  # some exports finished before their signal


@pytest.mark.slow
@pytest.mark.xdist_group("processes")
def test_every_backup_a_killed_run_left_is_listed_by_forget(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path
) -> None:
    sqlite_cli("demo")
    sqlite_cli("people", "add", "--employee-no", "E1", "--name", "Ana Lee")
    runs = Runs(sqlite_db, tmp_path)
    within = runs.timed("db", "backup", str(runs.out / "first.db"))
    rng = random.Random(20261201)
    kills = tried = 0
    while kills < BACKUP_KILLS:
        tried += 1
        assert tried < 4 * BACKUP_KILLS, "the backups keep ending before the signal"
        target = runs.out / f"b{tried}.db"
        moment = MOMENTS[tried % len(MOMENTS)]
        kills += runs.kill(("db", "backup", str(target)), signal.SIGKILL, moment, within, rng)

    forgot = runs.run("people", "forget", "E1", "--yes").stderr
    listed = {line.strip() for line in forgot.splitlines() if line.startswith("  ")}
    on_disk = {str(p) for p in runs.out.iterdir()}
    print(f"{kills} killed backups in {tried} runs: {len(on_disk)} files, all listed")
    assert on_disk - listed == set(), f"not listed after {kills} killed backups"
    assert len(on_disk) >= 2
    for path in on_disk:  # each one a whole database
        import sqlite3

        with sqlite3.connect(path) as backup:
            assert backup.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        backup.close()
    assert [p for p in runs.files() if p.is_relative_to(runs.tmp)] == []


LIVE_RUN = """
import sys, time
from retainkit.base.scratch import private_tempdir
import tempfile
with private_tempdir():
    with tempfile.NamedTemporaryFile(prefix="sheet.", delete=False) as handle:
        handle.write(b"Ana Lee")
    print(handle.name, flush=True)
    time.sleep(600)
"""


def test_the_sweep_leaves_a_live_run_alone_and_takes_a_dead_one(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path
) -> None:
    runs = Runs(sqlite_db, tmp_path)
    live = subprocess.Popen(
        [sys.executable, "-c", LIVE_RUN], env=runs.env, stdout=subprocess.PIPE, text=True
    )
    assert live.stdout is not None
    sheet = Path(live.stdout.readline().strip())
    assert sheet.is_relative_to(runs.tmp / f"retainkit-{os.geteuid()}")
    assert oct(sheet.parent.stat().st_mode & 0o777) == "0o700"
    runs.run("db", "path")  # sweeps at start
    assert sheet.read_bytes() == b"Ana Lee"  # its process is alive
    live.kill()
    live.wait()
    assert sheet.exists()  # a SIGKILL cleans nothing up ...
    runs.run("db", "path")
    assert not sheet.parent.exists()  # ... the next run does


def test_a_temporary_folder_that_is_not_the_users_own_is_refused(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path
) -> None:
    sqlite_cli("demo", "--people", "20")
    runs = Runs(sqlite_db, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (runs.tmp / f"retainkit-{os.geteuid()}").symlink_to(elsewhere)
    done = subprocess.run(
        [sys.executable, "-m", "retainkit", "export", "excel", str(runs.out / "r.xlsx")],
        env=runs.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and "not a folder of your own" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert list(elsewhere.iterdir()) == [] and list(runs.out.iterdir()) == []


def test_an_ignored_hangup_stays_ignored(sqlite_cli: Run, sqlite_db: Path, tmp_path: Path) -> None:
    """Under nohup, SIGHUP is ignored, and retainkit does not take that back."""
    sqlite_cli("demo", "--people", "20")
    runs = Runs(sqlite_db, tmp_path)
    target = runs.out / "r.xlsx"
    child = subprocess.Popen(
        [sys.executable, "-m", "retainkit", "export", "excel", str(target)],
        env=runs.env,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_IGN),
    )
    while child.poll() is None and not any(runs.files()):
        time.sleep(0.002)
    child.send_signal(signal.SIGHUP)
    _, errors = child.communicate(timeout=120)
    assert child.returncode == 0, errors.decode()
    assert finished_workbook(target)
