"""`retainkit config`: settings, each with a documented default (docs/configuration.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from retainkit.cli.context import database
from retainkit.cli.output import Col, Format, FormatOption, Output

config_app = typer.Typer(help="Settings: list, get, set.", no_args_is_help=True)
LIST_KEYS = ("key", "value", "default", "set", "help")
LIST_COLUMNS = (
    Col("key", keep=None, min_width=30),
    Col("value", keep=None, min_width=20),
    Col("default", keep=1, min_width=20),
    Col("set", keep=2),
    Col("help", keep=3, min_width=30),
)
KeyArgument = Annotated[str, typer.Argument(metavar="KEY", help="A setting, like lang.")]


def register(app: typer.Typer, name: str) -> None:
    app.add_typer(config_app, name="config")


@config_app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """List every setting with its value and default."""
    from retainkit.core.settings import all_settings

    rows = [
        {
            "key": spec.key,
            "value": spec.default if value is None else value,
            "default": spec.default,
            "set": value is not None,
            "help": spec.help,
        }
        for spec, value in all_settings(database(ctx))
    ]
    Output(fmt).rows(rows, keys=LIST_KEYS, table=LIST_COLUMNS)


@config_app.command("get")
def get(ctx: typer.Context, key: KeyArgument) -> None:
    """Print a setting's value."""
    from retainkit.core.settings import get_setting

    Output().value(get_setting(database(ctx), key))


@config_app.command("set")
def set_(
    ctx: typer.Context,
    key: KeyArgument,
    value: Annotated[str, typer.Argument(help="The new value.")],
) -> None:
    """Change a setting."""
    from retainkit.core.settings import set_setting

    if key == "report.themes":
        _check_theme_file(value)
    stored = set_setting(database(ctx), key, value)
    Output().message(f"{key} = {stored}")


def _check_theme_file(value: str) -> None:
    """A theme file is read and checked before its path is stored: a mistake in it is one
    line naming the file and the theme, and nothing changes."""
    from retainkit.core.setting_specs import SETTINGS
    from retainkit.core.themes.loading import load

    try:
        path = SETTINGS["report.themes"].normalised(value)
    except ValueError:
        return  # set_setting says what is wrong with the value
    load(path)
