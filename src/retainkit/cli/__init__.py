"""The command-line interface: thin commands that parse, call core, and print."""

from __future__ import annotations


def main() -> None:
    import sys

    from retainkit.cli.app import build_app

    build_app(sys.argv[1:])(prog_name="retainkit")
