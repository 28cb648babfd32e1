"""The root command: global options, the command groups, and the one error boundary."""

from __future__ import annotations

import importlib
import shlex
import sys
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup, TyperOption

from retainkit import __version__
from retainkit.base.errors import (
    BROKEN_PIPE,
    INTERNAL,
    INTERRUPTED,
    OK,
    USAGE,
    InputError,
    RetainkitError,
)
from retainkit.cli.context import State
from retainkit.cli.terminal import capped, capped_lines


class RetainkitGroup(TyperGroup):
    """Turns retainkit's errors into one line on stderr and the documented exit code."""

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """A usage error (an unknown option, a missing argument) is one line on stderr and
        exit 2, like every other error, instead of Typer's usage box."""
        kwargs["standalone_mode"] = False
        self.argv = [
            str(word) for word in kwargs.get("args") or (args[0] if args else sys.argv[1:])
        ]
        if not standalone_mode:
            return super().main(*args, **kwargs)
        try:
            code = super().main(*args, **kwargs)
        except typer.Abort:
            typer.echo("aborted", err=True)
            sys.exit(INTERNAL)
        except typer.TyperException as exc:  # Typer's usage errors (a bundled ClickException)
            typer.echo(capped(f"error: {usage_message(exc, args, kwargs)}"), err=True)
            sys.exit(getattr(exc, "exit_code", USAGE))
        sys.exit(code if isinstance(code, int) else OK)

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            raise typer.Exit(INTERRUPTED) from None
        except (RetainkitError, BrokenPipeError) as exc:
            from retainkit.cli import signals

            if signals.interrupted:  # what Ctrl-C stopped (an export's workers) failed after
                typer.echo("interrupted", err=True)
                raise typer.Exit(INTERRUPTED) from None
            if isinstance(exc, RetainkitError):
                report(exc)
                raise typer.Exit(exc.exit_code) from None
            # The reader of stdout went away (`| head`): stop quietly, as a shell tool does.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(BROKEN_PIPE) from None
        except Exception as exc:
            from retainkit.cli import signals

            if signals.interrupted:  # Ctrl-C whose KeyboardInterrupt Python dropped
                typer.echo("interrupted", err=True)
                raise typer.Exit(INTERRUPTED) from None
            if isinstance(ctx.obj, State) and ctx.obj.debug:
                raise
            if undecodable_argument(exc, getattr(self, "argv", sys.argv[1:])):
                report(InputError(NOT_UTF8_ARGUMENT))
                raise typer.Exit(USAGE) from None
            typer.echo(
                f"internal error ({type(exc).__name__}); run again with --debug for details "
                "and report it",
                err=True,
            )
            raise typer.Exit(INTERNAL) from None


NOT_UTF8_ARGUMENT = (
    "the command line holds bytes that are not UTF-8 (typed in another encoding, such as "
    "Latin-1); set the terminal to UTF-8 and type the text again"
)


def report(exc: RetainkitError) -> None:
    """An error as one line on stderr, its details indented below: every line shown as text
    (no control character reaches the terminal) and capped, and at most DETAIL_LIMIT
    details, the rest counted."""
    lines = exc.message.splitlines() or [""]
    typer.echo(capped(f"error: {' '.join(line.strip() for line in lines)}"), err=True)
    details = [piece for line in exc.details for piece in str(line).splitlines() or [""]]
    for line in capped_lines(details):
        typer.echo(f"  {line}", err=True)


def undecodable_argument(exc: BaseException, argv: Sequence[str]) -> bool:
    """An error from text that cannot be written as UTF-8 where the command line holds bytes
    that are not UTF-8 (Python keeps them as lone surrogates): the user's mistake, not ours.
    (Free text never gets that far: the validator refuses it; this catches the rest, such
    as a filter value.)"""
    return (
        isinstance(exc, UnicodeEncodeError)
        and "surrogate" in exc.reason
        and any(not utf8(word) for word in argv)
    )


def utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _flag_type(self: TyperOption, ctx: typer.Context) -> str | None:
    """A flag takes no value, so help shows no type beside it (Typer shows `<bool>`)."""
    return None if self.is_flag else _option_type(self, ctx)


_option_type = TyperOption.display_type_rich
TyperOption.display_type_rich = _flag_type  # type: ignore[method-assign,assignment]


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
        "Separations: import, list, show, cancel a mistaken one; withdraw (the leaver stays) "
        "or confirm an exit.",
    ),
    "interview": (
        "retainkit.cli.interviews",
        "Interviews: run exit, stay and follow-up interviews, or mail a written form and "
        "collect it; list, show, discard drafts.",
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
        "Attrition reports: reasons, turnover, cost, scores, interviews, follow-ups, actions, "
        "comments.",
    ),
    "export": ("retainkit.cli.export", "Export reports: an Excel workbook for management."),
    "notify": (
        "retainkit.cli.notify",
        "Chat channels for the digest and urgent flags: add, list, test, remove.",
    ),
    "config": ("retainkit.cli.config", "Settings: list, get, set."),
    "db": ("retainkit.cli.db", "The database: path, upgrade, backup, check, purge."),
    "audit": ("retainkit.cli.audit", "The audit log: every export, backup, erasure and purge."),
}
TOP_LEVEL_COMMANDS = ("demo", "depart", "handover")
_GLOBAL_WITH_VALUE = ("--db",)
GLOBAL_OPTIONS = ("--db", "--debug", "--version")


def usage_message(exc: typer.TyperException, args: Sequence[Any], kwargs: dict[str, Any]) -> str:
    """What was wrong and what to do, in one line."""
    text = " ".join(exc.format_message().split()).rstrip(".")
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "retainkit"
    argv = [str(word) for word in kwargs.get("args") or (args[0] if args else sys.argv[1:])]
    unknown = getattr(exc, "option_name", None)
    if unknown in GLOBAL_OPTIONS and path != "retainkit":
        given = unknown
        for position, word in enumerate(argv):
            name, equals, value = word.partition("=")
            if name == unknown and name in _GLOBAL_WITH_VALUE:
                if not equals and position + 1 < len(argv):
                    value = argv[position + 1]
                given = f"{name} {shlex.quote(value)}"
        return (
            f"{text}: {unknown} is a global option and goes before the command: "
            f"retainkit {given} {path.removeprefix('retainkit ')} ..."
        )
    return f"{text}; see: {path} --help"


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
    source = ctx.get_parameter_source("db")
    state = State(
        db_option=db,
        debug=debug,
        db_on_command_line=source is not None and source.name == "COMMANDLINE",
    )
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
