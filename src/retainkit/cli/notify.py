"""`retainkit notify`: chat channels (WeCom, DingTalk, Feishu, Slack, Teams) for the digest
and urgent flags; and the one place commands send through them (docs/notifications.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from retainkit.cli.context import database, state
from retainkit.cli.output import Col, Format, FormatOption, Output, keys_of
from retainkit.cli.terminal import visible

if TYPE_CHECKING:
    from collections.abc import Iterable

    from retainkit.core.channels.posting import Clock
    from retainkit.core.interviews.completion import Completion
    from retainkit.storage.database import Database

notify_app = typer.Typer(
    help="Chat channels for the digest and urgent flags: add, list, test, remove.",
    no_args_is_help=True,
)
NameArgument = Annotated[str, typer.Argument(metavar="NAME", help="The channel's name.")]
LIST_COLUMNS = (
    Col("name", keep=None),
    Col("kind", keep=None),
    Col("url", keep=3, min_width=20),
    Col("secret", keep=1),
    Col("lang", keep=2),
    Col("detail", keep=None),
    Col("urgent", keep=None),
    Col("waiting", numeric=True, keep=None),
    Col("undeliverable", numeric=True, keep=None),
    Col("last_error", "last error", keep=4, min_width=20),
    Col("last_error_at", "last error at", keep=5),
)


def register(app: typer.Typer, name: str) -> None:
    app.add_typer(notify_app, name="notify")


def clock_of(ctx: typer.Context) -> Clock:
    """The command's clock, and real waiting, for what posts to a platform."""
    import time

    from retainkit.core.channels.posting import Clock

    return Clock(now=state(ctx).now, sleep=time.sleep)


@notify_app.command("add")
def add(
    ctx: typer.Context,
    name: NameArgument,
    kind: Annotated[str, typer.Option("--kind", help="wecom, dingtalk, feishu, slack or teams.")],
    url: Annotated[
        str, typer.Option("--url", help="The webhook address the platform gave (a secret).")
    ],
    secret: Annotated[
        str | None,
        typer.Option("--secret", help="DingTalk or Feishu signing secret, if the bot has one."),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Language of its messages: en or zh (default: lang setting)."),
    ] = None,
    detail: Annotated[
        str,
        typer.Option(
            "--detail",
            help="counts: numbers and kinds only, no names (a chat not only HR reads); "
            "names: people's names too.",
        ),
    ] = "counts",
    urgent: Annotated[
        bool, typer.Option("--urgent", help="Post urgent flags from interviews here at once.")
    ] = False,
) -> None:
    """Add a channel. The address and secret are kept in the database only, shown masked."""
    from retainkit.core.channels.store import add_channel
    from retainkit.core.settings import get_setting

    db = database(ctx)
    language = get_setting(db, "lang") if lang is None else lang.strip().lower()
    added = add_channel(
        db, name, kind=kind, url=url, secret=secret, lang=language,
        detail=detail.strip().lower(), urgent=urgent,
    )  # fmt: skip
    flags = " and urgent flags" if added.urgent else ""
    Output().message(
        f"added channel {added.name} ({added.kind}, {added.url}) for the digest{flags}; "
        f"try it: retainkit notify test {added.name}"
    )


@notify_app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = Format.table) -> None:
    """The channels, masked, with the urgent messages waiting or refused for each."""
    from retainkit.core.channels.store import ChannelView, list_channels

    Output(fmt).rows(
        list_channels(database(ctx)),
        keys=keys_of(ChannelView),
        table=LIST_COLUMNS,
        empty="no chat channels; add one: retainkit notify add NAME --kind KIND --url URL",
    )


@notify_app.command("test")
def test(ctx: typer.Context, name: NameArgument) -> None:
    """Post a test message to a channel; exit 4 if the platform does not take it."""
    from retainkit.base.errors import ServiceError
    from retainkit.core.channels.delivery import send_test

    result = send_test(database(ctx), name, clock_of(ctx))
    if not result.delivered:
        raise ServiceError(f"channel {name} ({result.kind}) did not take the test message: "
                           f"{result.reason}; {result.hint}")  # fmt: skip
    Output().message(f"channel {name} ({result.kind}) took the test message")


@notify_app.command("remove")
def remove(ctx: typer.Context, name: NameArgument) -> None:
    """Remove a channel, with the urgent messages still waiting for it."""
    from retainkit.core.channels.store import remove_channel

    dropped = remove_channel(database(ctx), name)
    extra = f" and {dropped} undelivered urgent message(s)" if dropped else ""
    Output().message(f"removed channel {name}{extra}")


def after_interviews(
    ctx: typer.Context, db: Database, out: Output, completions: Iterable[Completion]
) -> None:
    """Right after interviews are saved, however they were completed (live, an answers
    file, a returned form, `interview collect`): post the urgent flags they raised, and warn
    about any not delivered (followup due tries again)."""
    send_urgent(ctx, db, out, [action.id for done in completions for action in done.actions])


def send_urgent(ctx: typer.Context, db: Database, out: Output, actions: list[int] | None) -> None:
    """Urgent messages from the outbox: right after an interview, only its own (`actions`,
    the action items it raised; nothing to do when there are none); None: every one due."""
    from sqlalchemy.exc import SQLAlchemyError

    from retainkit.base.errors import RetainkitError
    from retainkit.core.channels.delivery import deliver_urgent

    if actions is not None and not actions:
        return
    try:
        run = deliver_urgent(db, clock_of(ctx), right_after=actions)
    except (RetainkitError, SQLAlchemyError) as exc:
        if actions is None:
            raise
        # The interview is saved; its urgent flags wait in the outbox for followup due.
        reason = exc.message if isinstance(exc, RetainkitError) else "the database was busy"
        out.message(f"warning: urgent flags not posted yet ({reason}); followup due tries again")
        return
    if run.sent:
        out.message(f"posted {run.sent} urgent message(s) to chat channels")
    for channel, reason in run.waiting.items():
        out.message(
            f"warning: urgent flag not delivered to channel {channel} yet ({reason}); "
            "followup due tries again"
        )
    for channel, reason in run.refused.items():
        # Once per message, and a person has to act: shown under --quiet too, so cron mails it.
        typer.echo(
            visible(
                f"warning: channel {channel} refused an urgent flag ({reason}); "
                "see retainkit notify list"
            ),
            err=True,
        )
