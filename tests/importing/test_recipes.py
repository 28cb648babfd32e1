"""Every recipe of docs/importing.md imports the example file it names, as written there."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import Run

ROOT = Path(__file__).resolve().parent.parent.parent
DOC = ROOT / "docs" / "importing.md"
TODAY = __import__("datetime").date(2026, 12, 31)


def recipes() -> dict[str, list[list[str]]]:
    """Each recipe's commands, by the section they are in."""
    text = DOC.read_text(encoding="utf-8").split("## Recipes", 1)[1]
    found: dict[str, list[list[str]]] = {}
    for section in re.split(r"^### ", text, flags=re.M)[1:]:
        title = section.splitlines()[0].strip()
        [block] = re.findall(r"```bash\n(.+?)```", section, flags=re.S)
        commands = block.replace("\\\n", " ").strip().splitlines()
        found[title] = [shlex.split(command)[1:] for command in commands]
    return found


EXPECTED = {
    "Workday": ("21004", {"level": "senior", "salary": 188000, "hire_date": "2018-01-09"}),
    "SAP SuccessFactors": ("100233", {"name": "Mehmet Yilmaz", "salary": 96000, "level": "core"}),
    "BambooHR": ("B-102", {"name": "Hugo Martin", "salary": 78500, "manager_no": "B-105"}),
    "Personio": ("P18", {"name": "Pablo García", "salary": 55800, "hire_date": "2018-02-12"}),
    "Beisen 北森": ("BS1001", {"name": "王伟", "salary": 416000, "performance": 4}),
    "DingTalk 钉钉 HR": ("DT002", {"name": "周婷", "hire_date": "2024-08-30"}),
}


def test_every_recipe_is_tested() -> None:
    assert set(recipes()) == set(EXPECTED)


@pytest.mark.parametrize("title", list(EXPECTED))
def test_a_recipe_imports_its_example(
    cli: Run, title: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    for command in recipes()[title]:
        result = cli(*command)
    assert "imported 5 rows" in result.stderr or "imported 6 rows" in result.stderr
    number, fields = EXPECTED[title]
    listed = json.loads(cli("people", "list", "--format", "json").stdout)
    person = next(p for p in listed if p["employee_no"] == number)
    assert {key: person[key] for key in fields} == fields
