"""The root command: global options, the command groups, and the one error boundary."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from retainkit import __version__
from retainkit.cli import config as config_commands
from retainkit.cli import db as db_commands
from retainkit.cli import demo as demo_commands
from retainkit.cli import followups as followup_commands
from retainkit.cli import interviews as interview_commands
from retainkit.cli import people as people_commands
from retainkit.cli import questionnaires as questionnaire_commands
from retainkit.cli import separations as separation_commands
from retainkit.cli.context import State
from retainkit.core.errors import INTERNAL, INTERRUPTED, RetainkitError


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
        except Exception as exc:
            if isinstance(ctx.obj, State) and ctx.obj.debug:
                raise
            typer.echo(
                f"internal error ({type(exc).__name__}); run again with --debug for details "
                "and report it",
                err=True,
            )
            raise typer.Exit(INTERNAL) from None


app = typer.Typer(
    name="retainkit",
    cls=RetainkitGroup,
    help="Stay and exit interviews, follow-up contacts, action items and attrition reports.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"retainkit {__version__}")
        raise typer.Exit()


@app.callback()
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


demo_commands.register(app)
people_commands.register(app)
separation_commands.register(app)
interview_commands.register(app)
followup_commands.register(app)
questionnaire_commands.register(app)
config_commands.register(app)
db_commands.register(app)
