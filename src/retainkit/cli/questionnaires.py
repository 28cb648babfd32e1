"""`retainkit questionnaire` and `retainkit reasons`: the questions and the reason taxonomy."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from retainkit.base.errors import InputError
from retainkit.cli.context import database
from retainkit.cli.interviews import LangOption, resolve_lang
from retainkit.cli.output import Col, Format, FormatOption, Output, keys_of

if TYPE_CHECKING:
    from retainkit.core.questionnaires.model import Question, Questionnaire

questionnaire_app = typer.Typer(
    help="Questionnaires: list, show, validate and add your own, answer-file templates.",
    no_args_is_help=True,
)
reasons_app = typer.Typer(help="The reasons people leave, as retainkit counts them.")
KeyArgument = Annotated[str, typer.Argument(metavar="KEY", help="Questionnaire key, like exit.")]
VersionOption = Annotated[
    int | None,
    typer.Option("--version", min=1, max=1_000_000, help="A stored version (default: the newest)."),
]


def register(app: typer.Typer, name: str) -> None:
    app.add_typer({"questionnaire": questionnaire_app, "reasons": reasons_app}[name], name=name)


LISTED_COLUMNS = (
    Col("key", keep=None),
    Col("kind", keep=3),
    Col("version", numeric=True, keep=2),
    Col("versions", numeric=True, keep=0),
    Col("questions", numeric=True, keep=1),
    Col("builtin", keep=0),
    Col("title", keep=None),
)
QUESTION_COLUMNS = (
    Col("key", keep=None),
    Col("type", keep=2),
    Col("dimension", keep=1),
    Col("required", keep=1),
    Col("prompt", keep=None),
    Col("answers", keep=3),
)
"""A questionnaire's questions as a table: the prompts are never left out."""
REASON_COLUMNS = (
    Col("code", keep=None),
    Col("label", keep=None),
    Col("group", keep=1),
    Col("controllable", keep=0),
)


@questionnaire_app.command("list")
def list_(ctx: typer.Context, lang: LangOption = None, fmt: FormatOption = Format.table) -> None:
    """List the questionnaires: built-in and added, with their newest version."""
    from retainkit.core.library import Listed, listing

    db = database(ctx)
    Output(fmt).rows(
        listing(db, resolve_lang(db, lang)), keys=keys_of(Listed), table=LISTED_COLUMNS
    )


def _stored(ctx: typer.Context, key: str, number: int | None) -> Questionnaire:
    from retainkit.core.library import stored_questionnaire

    return stored_questionnaire(database(ctx), key, number)


def questionnaire_json(questionnaire: Questionnaire, lang: str) -> dict[str, Any]:
    from retainkit.cli.asking import word
    from retainkit.core.questionnaires.model import describe_condition
    from retainkit.core.reasons import taxonomy

    def choices(question: Question) -> list[dict[str, Any]]:
        if question.type in ("choice", "multi"):
            return [{"value": c.value, "label": c.label(lang)} for c in question.choices]
        if question.type == "yesno":
            return [
                {"value": True, "label": word("yes", lang)},
                {"value": False, "label": word("no", lang)},
            ]
        if question.type == "reasons":
            return [{"value": r.code, "label": r.label(lang)} for r in taxonomy().values()]
        return []

    def scale(question: Question) -> list[dict[str, Any]] | None:
        if question.type == "likert":
            return [
                {"value": n, "label": label[lang]}
                for n, label in enumerate(question.labels, start=1)
            ]
        if question.type == "nps":
            return [{"value": n, "label": str(n)} for n in range(11)]
        return None

    return {
        "key": questionnaire.key,
        "version": questionnaire.version,
        "kind": questionnaire.kind,
        "title": questionnaire.label(lang),
        "purpose": questionnaire.purpose[lang] if questionnaire.purpose else None,
        "questions": [
            {
                "key": q.key,
                "type": q.type,
                "optional": q.optional,
                "required": q.required,
                "sensitive": q.sensitive,
                "dimension": q.dimension,
                "reverse": q.reverse,
                "prompt": q.text(lang),
                "choices": choices(q),
                "scale": scale(q),
                "when": [
                    {
                        "question": c.question,
                        "in": list(c.values) or None,
                        "at_most": c.at_most,
                        "at_least": c.at_least,
                    }
                    for c in q.when
                ],
                "asked": describe_condition(questionnaire, q, lang) if q.when else None,
            }
            for q in questionnaire.questions
        ],
    }


@questionnaire_app.command("show")
def show(
    ctx: typer.Context,
    key: KeyArgument,
    number: VersionOption = None,
    lang: LangOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show a questionnaire's questions."""
    out = Output(fmt)
    language = resolve_lang(database(ctx), lang)
    data = questionnaire_json(_stored(ctx, key, number), language)
    if fmt is Format.json:
        out.record(data)
        return
    rows = [
        {
            "key": q["key"],
            "type": q["type"],
            "dimension": (q["dimension"] or "") + (" (reversed)" if q["reverse"] else ""),
            "required": q["required"],
            "prompt": q["prompt"] + (f" ({q['asked']})" if q["asked"] else ""),
            "answers": "reason codes"
            if q["type"] == "reasons"
            else "; ".join(c["label"] for c in q["choices"] or q["scale"] or [])
            if q["type"] != "nps"
            else "0-10",
        }
        for q in data["questions"]
    ]
    if fmt is Format.table:
        out.message(f"{data['title']} ({data['key']}, version {data['version']}, {data['kind']})")
    out.rows(rows, keys=[c.key for c in QUESTION_COLUMNS], table=QUESTION_COLUMNS)


@questionnaire_app.command("validate")
def validate(
    file: Annotated[Path, typer.Argument(help="A questionnaire TOML file.")],
) -> None:
    """Check a questionnaire file; every problem is named with its line and question key."""
    from retainkit.core.library import load_file

    questionnaire = load_file(file)
    Output().message(
        f"ok: {questionnaire.key} version {questionnaire.version}, for {questionnaire.kind} "
        f"interviews, {len(questionnaire.questions)} questions"
    )


@questionnaire_app.command("add")
def add(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="A questionnaire TOML file.")],
) -> None:
    """Store a questionnaire; a changed file with a known key becomes a new version."""
    from retainkit.core.library import add_file

    out = Output()
    added = add_file(database(ctx), file)
    if added.outcome == "unchanged":
        out.message(f"{added.key} version {added.version} is stored already with the same content")
    elif added.outcome == "renumbered":
        out.message(
            f"stored {added.key} as version {added.version} (the file says version "
            f"{added.file_version}, which is taken by other content)"
        )
    else:
        out.message(f"stored {added.key} version {added.version}")


@questionnaire_app.command("template")
def template(
    ctx: typer.Context,
    key: KeyArgument,
    number: VersionOption = None,
    lang: LangOption = None,
) -> None:
    """Print a TOML answers file for a written questionnaire (for interview --answers)."""
    from retainkit.cli.terminal import visible
    from retainkit.core.questionnaires.answers import answers_template

    questionnaire = _stored(ctx, key, number)
    text = answers_template(questionnaire, resolve_lang(database(ctx), lang))
    typer.echo(visible(text), nl=False)  # a text stored before the checks: shown, not run


@reasons_app.callback(invoke_without_command=True)
def reasons_root(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        raise InputError("say what to do: retainkit reasons list")


@reasons_app.command("list")
def reasons_list(
    ctx: typer.Context, lang: LangOption = None, fmt: FormatOption = Format.table
) -> None:
    """List the reason codes with their labels, group, and whether the company controls them."""
    from retainkit.cli.params import choice_option
    from retainkit.core.reasons import LANGUAGES, taxonomy

    language = choice_option(lang, LANGUAGES, "--lang") if lang else None
    if language is None:
        language = resolve_lang(database(ctx), None)
    rows = [
        {
            "code": r.code,
            "label": r.label(language),
            "group": r.group,
            "controllable": r.controllable,
        }
        for r in taxonomy().values()
    ]
    Output(fmt).rows(rows, keys=[c.key for c in REASON_COLUMNS], table=REASON_COLUMNS)
