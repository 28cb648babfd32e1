"""The command-line interface: thin commands that parse, call core, and print."""

from __future__ import annotations


def main() -> None:
    import sys

    from retainkit.cli.app import build_app
    from retainkit.cli.signals import install

    install()
    build_app(sys.argv[1:])(prog_name="retainkit")
