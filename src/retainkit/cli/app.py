"""The root command: global options, the command groups, and the one error boundary."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from retainkit import __version__
from retainkit.base.errors import BROKEN_PIPE, INTERNAL, INTERRUPTED, RetainkitError
from retainkit.cli.context import State


class RetainkitGroup(TyperGroup):
    """Turns retainkit's errors into one line on stderr and the documented exit code."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except RetainkitError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            for line in exc.details:
                typer.echo(f"  {line}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(INTERRUPTED) from None
        except BrokenPipeError:
            # The reader of stdout went away (`| head`): stop quietly, as a shell tool does.
            import os
            import sys

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(BROKEN_PIPE) from None
        except Exception as exc:
            if isinstance(ctx.obj, State) and ctx.obj.debug:
                raise
            typer.echo(
                f"internal error ({type(exc).__name__}); run again with --debug for details "
                "and report it",
                err=True,
            )
            raise typer.Exit(INTERNAL) from None


# Every command: the module that registers it, and the one line `retainkit --help` shows.
# main() builds only the command it runs; the rest are stand-ins with this line, so help
# and start-up stay fast. tests/test_cli_basics.py keeps the lines equal to the real help.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": (
        "retainkit.cli.demo",
        "Fill the database with a synthetic organisation to try every command on.",
    ),
    "people": (
        "retainkit.cli.people",
        "People: add, import from an HR-system export, list, show, edit, rehire, forget.",
    ),
    "depart": (
        "retainkit.cli.separations",
        "Record that a person leaves: last day, kind, regrettable, eligible for rehire.",
    ),
    "separation": (
        "retainkit.cli.separations",
        "Separations: list, show, and cancel one recorded by mistake.",
    ),
    "interview": (
        "retainkit.cli.interviews",
        "Interviews: run exit, stay and follow-up interviews; list, show, discard drafts.",
    ),
    "followup": (
        "retainkit.cli.followups",
        "Follow-up contacts with former employees: what is due, logging, the plan.",
    ),
    "stay": ("retainkit.cli.followups", "Stay interviews: who is due."),
    "alumni": ("retainkit.cli.followups", "Alumni: tiers, the rehire pool, greetings."),
    "actions": ("retainkit.cli.actions", "Action items: add, list, show, update, done, drop."),
    "verify": (
        "retainkit.cli.actions",
        "Verified reasons: check what leavers said against records.",
    ),
    "handover": (
        "retainkit.cli.actions",
        "Show a leaver's knowledge handover checklist; mark items done, name the successor.",
    ),
    "questionnaire": (
        "retainkit.cli.questionnaires",
        "Questionnaires: list, show, validate and add your own, answer-file templates.",
    ),
    "reasons": (
        "retainkit.cli.questionnaires",
        "The reasons people leave, as retainkit counts them.",
    ),
    "report": (
        "retainkit.cli.reports",
        "Attrition reports: reasons, turnover, cost, scores, interviews, follow-ups, actions.",
    ),
    "export": ("retainkit.cli.reports", "Export reports: an Excel workbook for management."),
    "config": ("retainkit.cli.config", "Settings: list, get, set."),
    "db": ("retainkit.cli.db", "The database: path, upgrade, backup, check, purge."),
    "audit": ("retainkit.cli.audit", "The audit log: every export, backup, erasure and purge."),
}
TOP_LEVEL_COMMANDS = ("demo", "depart", "handover")
_GLOBAL_WITH_VALUE = ("--db",)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"retainkit {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="RETAINKIT_DB",
            help="Database: a file path (SQLite) or a URL like postgresql+psycopg://host/db.",
            show_envvar=True,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    state = State(db_option=db or None, debug=debug)
    ctx.obj = state
    ctx.call_on_close(state.close)


def command_named(argv: Sequence[str]) -> str | None:
    """The command an argument list runs: the first word after the global options."""
    words = iter(argv)
    for word in words:
        if word in _GLOBAL_WITH_VALUE:
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def build_app(argv: Sequence[str] | None = None) -> typer.Typer:
    """The command tree; with `argv`, only the command it names is built for real."""
    app = typer.Typer(
        name="retainkit",
        cls=RetainkitGroup,
        help="Stay and exit interviews, follow-up contacts, action items and attrition reports.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(root)
    wanted = None if argv is None else command_named(argv)
    for name, (module, line) in COMMANDS.items():
        if argv is None or name == wanted:
            importlib.import_module(module).register(app, name)
        elif name in TOP_LEVEL_COMMANDS:
            app.command(name, help=line)(_stand_in)
        else:
            app.add_typer(typer.Typer(help=line), name=name)
    return app


def _stand_in() -> None:
    """Never runs: main() builds the real command before running it."""
