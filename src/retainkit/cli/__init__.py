"""The command-line interface: thin commands that parse, call core, and print."""

from __future__ import annotations


def main() -> None:
    from retainkit.cli.app import app

    app(prog_name="retainkit")
