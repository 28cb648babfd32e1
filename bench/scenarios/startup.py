"""`retainkit --help` against a bare Typer app with the same command tree."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

from harness import retainkit, run

PREPARE: dict[str, Callable[[list[str]], None]] = {}


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


def bench(folder: Path, options: argparse.Namespace) -> list[tuple[str, str]]:
    bare = [sys.executable, str(bare_typer_app(folder)), "--help"]
    ours = retainkit("--help")
    env = os.environ | {"COLUMNS": "100"}
    run(bare, env)
    run(ours, env)  # warm the file cache and bytecode for both
    bare_times, our_times = [], []
    for _ in range(options.repeat):  # interleaved, so drift in machine load hits both alike
        bare_times.append(run(bare, env).seconds)
        our_times.append(run(ours, env).seconds)
    bare_median, our_median = statistics.median(bare_times), statistics.median(our_times)
    return [
        ("bare Typer app --help (median)", f"{bare_median * 1000:.0f} ms"),
        ("retainkit --help (median)", f"{our_median * 1000:.0f} ms"),
        ("ratio (target <= 1.2)", f"{our_median / bare_median:.2f}x"),
    ]
