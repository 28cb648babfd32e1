"""`people forget` while an export is running: the workbook is either free of the person,
or `forget` lists it among the copies made before the erasure."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run
from tests.reliability.helpers import found, people, workbook_text

ROUNDS = 6
MOMENTS = (
    "any moment",
    "the export has begun its sheets",
    "the workbook is being saved",
)


def interviewed(cli: Run) -> list[dict[str, Any]]:
    """People with a completed interview (so they are on the interview sheet) whose names
    nobody else has."""
    everyone = people(cli)
    names = [p["name"] for p in everyone.values()]
    listed = json.loads(
        cli("interview", "list", "--status", "completed", "--format", "json").stdout
    )
    numbers = dict.fromkeys(i["employee_no"] for i in listed)
    return [everyone[n] for n in numbers if names.count(everyone[n]["name"]) == 1]


def retainkit(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "retainkit", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.xdist_group("processes")  # one such test at a time
def test_forget_during_an_export_is_listed_or_absent(cli: Run, db_url: str, tmp_path: Path) -> None:
    cli("demo")
    chosen = interviewed(cli)[:ROUNDS]
    assert len(chosen) == ROUNDS
    (tmp_path / "tmp").mkdir()
    env = {**os.environ, "RETAINKIT_DB": db_url, "TMPDIR": str(tmp_path / "tmp")}
    export = ("export", "excel", "--from", "2020-01-01")
    began = time.monotonic()
    first = retainkit(env, *export, str(tmp_path / "first.xlsx"))
    assert first.wait(timeout=120) == 0, first.communicate()[1]
    within = time.monotonic() - began  # forget at moments spread over one export's run
    rng = random.Random(20261130)
    held = listed = 0
    for number, person in enumerate(chosen):
        target = tmp_path / f"during-{number}.xlsx"
        exporting = retainkit(env, *export, str(target))
        moment = MOMENTS[number % len(MOMENTS)]
        if moment == "the workbook is being saved":  # forget from here, at once
            wait_for(exporting, tmp_path, f".{target.name}.")
            forget_errors = forget_here(db_url, person["employee_no"])
        else:
            if moment == "the export has begun its sheets":
                wait_for(exporting, tmp_path / "tmp", "openpyxl.")
                time.sleep(rng.uniform(0, within / 2))
            else:
                time.sleep(rng.uniform(0, within))
            forgetting = retainkit(env, "people", "forget", person["employee_no"], "--yes")
            _, forget_errors = forgetting.communicate(timeout=300)
            assert forgetting.returncode == 0, forget_errors
        _, export_errors = exporting.communicate(timeout=300)
        assert exporting.returncode == 0, export_errors
        values = [person["employee_no"], person["name"]]
        if found(values, [workbook_text(target)]):
            held += 1
            listed += f"  {target}\n" in forget_errors
    print(f"{ROUNDS} erasures during an export: {held} workbooks held the person, {listed} listed")
    assert listed == held, f"{held - listed} of {held} workbooks holding the person not listed"
    assert held >= 1, "no export read the person before the erasure: nothing was tried"


def wait_for(child: subprocess.Popen[str], folder: Path, prefix: str) -> None:
    """Until a file whose name starts with `prefix` appears under `folder` (or the child
    ends)."""
    while child.poll() is None and not any(
        name.startswith(prefix) for _, _, names in os.walk(folder) for name in names
    ):
        time.sleep(0.002)


def forget_here(location: str, employee_no: str) -> str:
    """`people forget` without a process to start: what it prints of the copies."""
    from retainkit.cli.context import read_clock
    from retainkit.core.erasure import forget
    from retainkit.storage.database import Database

    today, now = read_clock()
    db = Database(location, now=now)
    try:
        erasure, already = forget(db, employee_no, today)
    finally:
        db.close()
    assert not already
    return "".join(f"  {path}\n" for path in erasure.files)


def test_an_erasure_waits_for_a_copy_in_progress_and_says_so(
    cli: Run, db_url: str, tmp_path: Path
) -> None:
    from retainkit.cli.context import wall_clock
    from retainkit.storage.copies import copying
    from retainkit.storage.database import Database

    cli("people", "add", "--employee-no", "E1", "--name", "Ana Lee")
    env = {**os.environ, "RETAINKIT_DB": db_url, "TMPDIR": str(tmp_path)}
    db = Database(db_url, now=wall_clock)
    try:
        with copying(db):  # as an export or backup holds it
            forgetting = retainkit(env, "people", "forget", "E1", "--yes")
            assert forgetting.stderr is not None
            first = forgetting.stderr.readline()
            assert first.startswith("waiting for an export or backup in progress to finish")
            assert forgetting.poll() is None
            assert people(cli)["E1"]["name"] == "Ana Lee"  # nothing erased while it waits
    finally:
        db.close()
    _, rest = forgetting.communicate(timeout=120)
    assert forgetting.returncode == 0, rest
    assert rest.startswith("forgot E1: now P-")
    assert "E1" not in people(cli)


@pytest.mark.parametrize("held_by", ["a copy", "an erasure"])
def test_a_wait_that_lasts_too_long_gives_up_and_changes_nothing(
    cli: Run, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held_by: str
) -> None:
    """With the limit cut from 10 minutes to 0.2 s: one line, exit 4, nothing changed."""
    import retainkit.storage.copies as copies
    from retainkit.cli.context import wall_clock
    from retainkit.storage.database import Database

    cli("people", "add", "--employee-no", "E1", "--name", "Ana Lee")
    monkeypatch.setattr(copies, "WAIT_SECONDS", 0.2)
    db = Database(db_url, now=wall_clock)
    target = tmp_path / "r.xlsx"
    try:
        with copies.copying(db) if held_by == "a copy" else copies.erasing(db):
            if held_by == "a copy":
                result = cli("people", "forget", "E1", "--yes", expect=4)
                expected = "has run for over 0.2 s; nothing was erased: run the erasure"
            else:
                result = cli("export", "excel", str(target), expect=4)
                expected = "has run for over 0.2 s; nothing was written: try again"
    finally:
        db.close()
    *waited, error = result.stderr.splitlines()
    assert error.startswith("error: ") and expected in error
    assert len(waited) == (held_by == "a copy")  # forget said it was waiting
    assert people(cli)["E1"]["name"] == "Ana Lee"
    assert not target.exists()
