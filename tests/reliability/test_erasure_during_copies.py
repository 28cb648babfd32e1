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

ROUNDS = 8


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
def test_forget_during_an_export_is_listed_or_absent(
    cli: Run, db_url: str, tmp_path: Path
) -> None:
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
        if number % 2:  # once the export has begun its sheets (its first temporary file)
            while exporting.poll() is None and not any(
                files for _, _, files in os.walk(tmp_path / "tmp")
            ):
                time.sleep(0.002)
            time.sleep(rng.uniform(0, within / 2))
        else:
            time.sleep(rng.uniform(0, within))
        forgetting = retainkit(env, "people", "forget", person["employee_no"], "--yes")
        _, forget_errors = forgetting.communicate(timeout=300)
        _, export_errors = exporting.communicate(timeout=300)
        assert forgetting.returncode == 0, forget_errors
        assert exporting.returncode == 0, export_errors
        values = [person["employee_no"], person["name"]]
        assert found(values, [workbook_text(tmp_path / "first.xlsx")]) == values
        if found(values, [workbook_text(target)]):
            held += 1
            listed += f"  {target}\n" in forget_errors
    assert listed == held, f"{held - listed} of {held} workbooks holding the person not listed"
    print(f"{ROUNDS} erasures during an export: {held} workbooks held the person, {listed} listed")
    assert held >= 1, "no export read the person before the erasure: nothing was tried"
