"""The command-line interface: thin commands that parse, call core, and print."""

from __future__ import annotations


def main() -> None:
    import sys

    from retainkit.cli.app import build_app
    from retainkit.cli.signals import install

    install()
    try:
        build_app(sys.argv[1:])(prog_name="retainkit")
    finally:
        _skip_the_last_collection()


def _skip_the_last_collection() -> None:
    """The command is done and its database closed: what is left are Python's own last
    steps. Among them is a collection that walks every object the run left, which after an
    import of 100,000 rows takes a fifth of a second and frees nothing a file or the
    database needs (each is closed by its own `with` block). Frozen objects are not walked;
    exit handlers (the private run folder's clean-up) and flushing run as before."""
    import gc

    gc.disable()
    gc.freeze()
