"""The checked-in docs stay true: the command reference and the README's commands."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_command_reference_matches_the_help() -> None:
    generated = subprocess.run(
        [
            sys.executable,
            "-m",
            "typer",
            "retainkit.cli.tree",
            "utils",
            "docs",
            "--name",
            "retainkit",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    checked_in = (ROOT / "docs" / "commands.md").read_text()
    assert generated.strip() == checked_in.strip(), (
        "docs/commands.md is stale; regenerate it with: typer retainkit.cli.tree utils docs "
        "--name retainkit --output docs/commands.md"
    )


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    return re.findall(r"```bash\n(.+?)\n```", readme, flags=re.S)[:2]


def test_ci_runs_the_readme_test_command_exactly() -> None:
    _, test_command = readme_commands()
    assert "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert test_command in ci


def test_every_docs_link_in_the_readme_exists() -> None:
    readme = (ROOT / "README.md").read_text()
    for target in re.findall(r"\]\(((?:docs|examples)/[^)#]+)\)", readme):
        assert (ROOT / target).exists(), target
