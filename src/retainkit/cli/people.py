"""`retainkit people`: add, import, list, show, edit, rehire, forget."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from retainkit.base.errors import InputError
from retainkit.base.vocab import LEVELS, PERSON_STATUSES
from retainkit.cli.context import can_prompt, database, today_of
from retainkit.cli.output import Col, Format, FormatOption, Output, erasure_notes, keys_of
from retainkit.cli.params import (
    DateFormatOption,
    EncodingOption,
    IdArgument,
    YesOption,
    choice_option,
    confirmed,
    required_date,
)
from retainkit.cli.rows import named, row, rows
from retainkit.core.fields import (
    FIELDS_BY_NAME,
    PERSON_FIELDS,
    REQUIRED_FIELDS,
    PersonField,
    parse_person_values,
)

people_app = typer.Typer(
    help="People: add, import from an HR-system export, list, show, edit, rehire, forget.",
    no_args_is_help=True,
)
LIST_COLUMNS = (
    Col("employee_no", keep=None),
    Col("name", keep=None),
    "department",
    "title",
    "level",
    "status",
    "hire_date",
)
F = TypeVar("F", bound=Callable[..., Any])


def register(app: typer.Typer, name: str) -> None:
    app.add_typer(people_app, name="people")


def _field_parameter(person_field: PersonField) -> inspect.Parameter:
    annotation: Any
    if person_field.is_flag:
        negative = person_field.negative or f"--not-{person_field.option[2:]}"
        flags = f"{person_field.option}/{negative}"
        annotation = Annotated[
            bool | None, typer.Option(flags, help=person_field.help, show_default=False)
        ]
    else:
        annotation = Annotated[
            str | None,
            typer.Option(person_field.option, help=person_field.help, metavar=person_field.metavar),
        ]
    return inspect.Parameter(
        person_field.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation
    )


def with_person_options(*, skip: tuple[str, ...] = ()) -> Callable[[F], F]:
    """Give a command taking **values one option per person field (the list lives in core)."""

    def decorate(func: F) -> F:
        signature = inspect.signature(func, eval_str=True)
        fixed = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        params = fixed + [_field_parameter(f) for f in PERSON_FIELDS if f.name not in skip]
        func.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
        func.__annotations__ = {p.name: p.annotation for p in params}
        return func

    return decorate


def _ask_required(missing: list[str]) -> dict[str, str]:
    import questionary

    answers = {}
    for name in missing:
        person_field = FIELDS_BY_NAME[name]

        def valid(text: str, parse: Callable[[Any], Any] = person_field.parse) -> bool | str:
            try:
                return parse(text) is not None or "required"
            except ValueError as exc:
                return str(exc)

        answers[name] = questionary.text(person_field.help, validate=valid).unsafe_ask()
    return answers


def _refuse_blank(given: dict[str, Any], parsed: dict[str, Any]) -> None:
    """An employee number or a name given as blank text ("" or spaces) is a mistake, not a
    value: every person has both."""
    for name in REQUIRED_FIELDS:
        if name in given and parsed.get(name) is None:
            option = FIELDS_BY_NAME[name].option
            raise InputError(
                f"{option} is blank; every person needs one: give it, like {option} "
                + ("E1024" if name == "employee_no" else "'Ana Ruiz'")
            )


@people_app.command("add")
@with_person_options()
def add(ctx: typer.Context, **values: Any) -> None:
    """Add a person. Employee number and name are required; on a terminal, missing ones are
    asked for."""
    from retainkit.core.people import add_person

    out = Output()
    given = {name: value for name, value in values.items() if value is not None}
    parsed = parse_person_values(given)
    _refuse_blank(given, parsed)
    missing = [name for name in REQUIRED_FIELDS if parsed.get(name) is None]
    if missing:
        options = " and ".join(FIELDS_BY_NAME[name].option for name in missing)
        if not can_prompt():
            raise InputError(
                f"missing {options}: give {'it' if len(missing) == 1 else 'them'} as options"
            )
        parsed.update(parse_person_values(_ask_required(missing)))
    person = add_person(database(ctx), parsed, today_of(ctx))
    out.message(f"added person {person.employee_no}")


@people_app.command("edit")
@with_person_options(skip=("employee_no",))
def edit(
    ctx: typer.Context,
    employee_no: IdArgument,
    add_note: Annotated[
        str | None, typer.Option("--add-note", help="Append a dated line to the notes.")
    ] = None,
    clear: Annotated[
        list[str] | None,
        typer.Option("--clear", metavar="FIELD", help="Empty a field, like --clear phone."),
    ] = None,
    **values: Any,
) -> None:
    """Change a person's fields; fields not named stay as they are."""
    from retainkit.core.people import add_note as append_note
    from retainkit.core.people import update_person

    out = Output()
    given = {k: v for k, v in values.items() if v is not None}
    changes = parse_person_values(given)
    _refuse_blank(given, changes)
    for name in clear or []:
        if name not in FIELDS_BY_NAME or name in REQUIRED_FIELDS:
            optional = ", ".join(n for n in FIELDS_BY_NAME if n not in REQUIRED_FIELDS)
            raise InputError(f"--clear {name}: not a field that can be emptied; fields: {optional}")
        if name in changes:
            raise InputError(f"--clear {name} and {FIELDS_BY_NAME[name].option} contradict")
        changes[name] = None
    db = database(ctx)
    if changes or add_note is None:
        update_person(db, employee_no, changes, today_of(ctx))
    if add_note is not None:
        append_note(db, employee_no, add_note, today_of(ctx))
    out.message(f"updated person {employee_no}")


@people_app.command("list")
def list_(
    ctx: typer.Context,
    department: Annotated[str | None, typer.Option(help="Only this department.")] = None,
    status: Annotated[
        str | None, typer.Option(help=f"Only {' or '.join(PERSON_STATUSES)} people.")
    ] = None,
    level: Annotated[
        str | None, typer.Option(help=f"Only this level: {', '.join(LEVELS)}.")
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List people."""
    from retainkit.core.people import PersonRecord, list_people

    people = list_people(
        database(ctx),
        department=department,
        status=choice_option(status, PERSON_STATUSES, "--status"),
        level=choice_option(level, LEVELS, "--level"),
    )
    Output(fmt).rows(
        people,
        keys=keys_of(PersonRecord),
        table=LIST_COLUMNS,
        empty="no people match; add some with retainkit people add or people import",
    )


@people_app.command("show")
def show(ctx: typer.Context, employee_no: IdArgument, fmt: FormatOption = Format.table) -> None:
    """Show a person and their separations."""
    from retainkit.core.people import names_of, personnel_file

    out = Output(fmt)
    db = database(ctx)
    found = personnel_file(db, employee_no)
    person = row(found.person)
    if fmt is Format.json:
        out.record(person | {"separations": rows(found.separations)})
        return
    if fmt is Format.csv:
        out.record(person)
        return
    names = names_of(db, [found.person.manager_no])
    out.record(
        named(person, "manager_no", "manager", names), title=f"Person {found.person.employee_no}"
    )
    if found.separations:
        out.rows(
            found.separations,
            table=("id", "status", "kind", "last_day", "regrettable", "department", "title"),
            title="Separations",
        )


@people_app.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="A CSV, XLSX, XLS or ODS export (the header is row 1).")
    ],
    maps: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="'HEADER=field'",
            help="Fill a field from a column; 'HEADER=-' leaves a column out (repeatable).",
        ),
    ] = None,
    values: Annotated[
        list[str] | None,
        typer.Option(
            "--value",
            metavar="'field:RAW=value'",
            help="Translate a value, like 'level:Team Lead=middle' (repeatable).",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Check the file and show the mapping and the values seen; write nothing.",
        ),
    ] = False,
    encoding: EncodingOption = None,
    date_format: DateFormatOption = None,
    decimal_comma: Annotated[
        bool | None,
        typer.Option(
            "--decimal-comma/--decimal-point",
            help="Amounts are written 68.000,50 / 68,000.50 (found per column if not given).",
            show_default=False,
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The day a years-of-service column was counted (the export's date).",
        ),
    ] = None,
    no_names: Annotated[
        bool,
        typer.Option(
            "--no-names",
            help="The file has no names (an anonymised extract): new people are stored "
            "under their employee number.",
        ),
    ] = False,
) -> None:
    """Import or update people from a CSV, XLSX, XLS or ODS file, all or nothing."""
    from retainkit.cli.params import date_option
    from retainkit.core.importer import import_people

    out = Output()
    result = import_people(
        database(ctx),
        file,
        maps=maps,
        values=values,
        dry_run=dry_run,
        encoding=encoding,
        date_format=date_format,
        today=today_of(ctx),
        decimal=None if decimal_comma is None else ("comma" if decimal_comma else "point"),
        as_of=date_option(as_of, "--as-of"),
        no_names=no_names,
    )
    for line in import_report(result):
        out.message(line)
    if result.error is not None:
        raise result.error


def import_report(result: Any) -> list[str]:
    """What an import did or would do, as lines for stderr; a dry run shows the mapping and
    the values of coded fields too."""
    from retainkit.core.import_problems import cut, listed

    verb = "would import" if result.dry_run else "imported"
    lines = [f"{verb} {result.rows:,} rows: {result.created:,} new, {result.updated:,} updated"]
    if result.error is not None:
        lines = []
    if result.dry_run or (result.source.startswith("CSV") and "UTF-8" not in result.source):
        lines.append(f"read as: {result.source}")
    if result.dry_run:
        lines.append("columns:")
        for header, name in result.columns.items():
            how = "--map" if header in result.by_option else "by its name"
            lines.append(cut(f"  {header} -> {name} ({how})"))
    if result.ignored_columns:
        lines.append(f"columns not imported: {listed(result.ignored_columns, 20, quoted=False)}")
    for name, seen in result.values_seen.items() if result.dry_run else ():
        shown = [
            f"{raw!r} -> {stored}: {count:,}" if raw != stored else f"{raw!r}: {count:,}"
            for (raw, stored), count in seen.most_common(12)
        ]
        more = f", … ({len(seen):,} values in all)" if len(seen) > 12 else ""
        lines.append(cut(f"values of {name}: {', '.join(shown)}{more}", 600))
    for name, convention in result.conventions.items():
        lines.append(f"{name}: read with a decimal {convention}")
    if result.converted:
        lines.append(
            f"salary: {result.converted:,} monthly salaries made yearly × {result.months} "
            "(setting salary.months_per_year)"
        )
    if result.approximate:
        lines.append(
            f"hire_date: {result.approximate:,} hire dates are approximate, counted back "
            f"from years of service as of {result.as_of}"
        )
    if result.unnamed:
        lines.append(f"{result.unnamed:,} new people have no name: shown by employee number")
    return lines


@people_app.command("rehire")
def rehire_(
    ctx: typer.Context,
    employee_no: IdArgument,
    on: Annotated[str, typer.Option("--date", help="First day back (YYYY-MM-DD).")],
) -> None:
    """A former employee comes back; the earlier separation stays in the history."""
    from retainkit.core.people import rehire

    separation = rehire(database(ctx), employee_no, required_date(on, "--date"), today_of(ctx))
    Output().message(f"rehired {employee_no}; separation {separation.id} is kept in the history")


@people_app.command("forget")
def forget(ctx: typer.Context, employee_no: IdArgument, yes: YesOption = False) -> None:
    """Erase a person's personal data for good, keeping counts and scores under a pseudonym.

    Name, employee number, contact details, notes, salary and free-text answers go; the
    separations, reason codes and scores stay, so reports do not change. The person is not
    contacted again. Backups and exports made earlier are listed: erase those too.
    """
    from retainkit.cli.db import WAITING
    from retainkit.core.erasure import forget as forget_person
    from retainkit.core.fields import employee_no_argument

    out = Output()
    employee_no_argument(employee_no)
    confirmed(yes, f"Erase the personal data of {employee_no} for good?")
    erasure, already = forget_person(
        database(ctx), employee_no, today_of(ctx), waiting=lambda: out.message(WAITING)
    )
    if already:
        out.message(f"{employee_no} was forgotten already; nothing changed")
    else:
        out.message(
            f"forgot {employee_no}: now {erasure.pseudonyms[0]}; "
            f"{erasure.total} values erased or replaced ({erasure.describe()})"
        )
    erasure_notes(out, erasure)
