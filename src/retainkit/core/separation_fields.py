"""The fields of a separation in an HR system's export, for `separation import`.

A field is a `PersonField` (the same shape `people import` uses): its name, the headers
that find it by themselves, and the parser of a cell. The kind of separation and the
reasons are parsed with the file's own words translated (`--value`), and every value is
tallied with the words it came from, so a dry run can say what it understood.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import replace
from functools import cache
from typing import Any

from retainkit.base.errors import InputError
from retainkit.base.vocab import MAX_CONTRIBUTING, SEPARATION_KINDS
from retainkit.core.fields import (
    MAX_NOTES,
    PersonField,
    clean_text,
    parse_bool,
    parse_choice,
    parse_date,
)
from retainkit.core.import_people import IMPORT_FIELDS
from retainkit.core.reasons import taxonomy

TALLIED = ("kind", "primary_reason", "contributing_reasons")
"""The fields whose values a dry run lists, with the words of the file they came from."""
REASONS = ("primary_reason", "contributing_reasons")
SHARED_REASON = "reason"
"""`--value 'reason:Label=code'` translates a label in both reason columns."""
_SEPARATORS = r"[;,|\n、，；]"


def _kind(raw: object) -> str | None:
    try:
        return parse_choice(raw, SEPARATION_KINDS)
    except ValueError:
        text = str(raw).strip()
        raise ValueError(
            f"{text!r} is not a kind of separation ({', '.join(SEPARATION_KINDS)}); "
            f"map the word with --value 'kind:{text}=KIND'"
        ) from None


@cache
def _reason_words() -> dict[str, str]:
    """Each reason code, and its English and Chinese label, casefolded: the code."""
    words: dict[str, str] = {}
    for reason in taxonomy().values():
        for word in (*reason.labels.values(), reason.code):
            words[word.casefold()] = reason.code
    return words


def _reason(raw: object) -> str | None:
    text = clean_text(raw, limit=200)
    if text is None:
        return None
    key = text.casefold()
    code = _reason_words().get(key) or _reason_words().get(re.sub(r"[\s-]+", "_", key))
    if code is None:
        raise ValueError(
            f"{text!r} is not a reason code (see: retainkit reasons list); "
            f"map the word with --value 'reason:{text}=CODE'"
        )
    return code


def _split(raw: object) -> list[str]:
    text = clean_text(raw, limit=1000)
    return [part.strip() for part in re.split(_SEPARATORS, text or "") if part.strip()]


def _reasons(raw: object) -> tuple[str, ...] | None:
    return _reason_list({}, Counter(), "")(raw)


def _at_most(codes: tuple[str, ...]) -> tuple[str, ...] | None:
    if len(codes) > MAX_CONTRIBUTING:
        raise ValueError(
            f"names {len(codes)} contributing reasons; at most {MAX_CONTRIBUTING} are kept, "
            "so choose the main ones"
        )
    return codes or None


_PERSON = {field.name: field for field in IMPORT_FIELDS}
"""The person's fields as imports know them, with the headers HR systems give them."""

SEPARATION_FIELDS: tuple[PersonField, ...] = (
    _PERSON["employee_no"],
    PersonField(
        "last_day",
        "Last working day (YYYY-MM-DD): with the employee number, it names the separation.",
        parse_date,
        is_date=True,
        metavar="DATE",
        aliases=(
            "last day",
            "last working day",
            "last day worked",
            "termination date",
            "term date",
            "separation date",
            "exit date",
            "leaving date",
            "leave date",
            "end date",
            "austrittsdatum",
            "austritt",
            "离职日期",
            "最后工作日",
        ),
    ),
    PersonField(
        "kind",
        f"One of: {', '.join(SEPARATION_KINDS)}; the system's own words mapped with --value.",
        _kind,
        metavar="KIND",
        aliases=(
            "separation kind",
            "separation type",
            "termination type",
            "term type",
            "leaving type",
            "type",
            "austrittsart",
            "离职类型",
        ),
    ),
    PersonField(
        "notice_date",
        "When notice was given (YYYY-MM-DD).",
        parse_date,
        is_date=True,
        metavar="DATE",
        aliases=("notice given", "resignation date", "notification date", "提出离职日期"),
    ),
    PersonField(
        "regrettable",
        "A loss the organisation regrets (yes/no). Empty: as `depart` decides.",
        parse_bool,
        is_flag=True,
        aliases=("regrettable loss", "regretted", "regretted loss", "regrettable attrition"),
    ),
    PersonField(
        "rehire_eligible",
        "May be hired again (yes/no). Empty: yes, unless involuntary.",
        parse_bool,
        is_flag=True,
        aliases=(
            "eligible for rehire",
            "rehire eligibility",
            "rehireable",
            "rehirable",
            "rehire",
            "可再雇用",
            "可返聘",
        ),
    ),
    PersonField(
        "primary_reason",
        "The main reason for leaving: a code of `retainkit reasons list` or its label.",
        _reason,
        metavar="CODE",
        aliases=(
            "reason",
            "primary reason",
            "main reason",
            "termination reason",
            "leaving reason",
            "reason for leaving",
            "separation reason",
            "austrittsgrund",
            "kündigungsgrund",
            "离职原因",
            "主要原因",
        ),
    ),
    PersonField(
        "contributing_reasons",
        f"Up to {MAX_CONTRIBUTING} more reasons, separated by ; or ,.",
        _reasons,
        metavar="CODES",
        aliases=(
            "contributing reason",
            "other reasons",
            "secondary reasons",
            "secondary reason",
            "additional reasons",
            "其他原因",
        ),
    ),
    PersonField(
        "note",
        "A note on the departure.",
        lambda raw: clean_text(raw, limit=MAX_NOTES, multiline=True),
        aliases=("notes", "comment", "comments", "remarks", "备注"),
    ),
    _PERSON["name"],
    _PERSON["department"],
    _PERSON["title"],
    _PERSON["level"],
    _PERSON["manager_no"],
    _PERSON["hire_date"],
)
"""Name, department, title, level, manager and hire date are the person's at exit: the
separation keeps them (otherwise the person's), and a leaver retainkit does not know yet
is added with them."""

SEPARATION_FIELDS_BY_NAME = {field.name: field for field in SEPARATION_FIELDS}
PERSON_AT_EXIT = ("department", "title", "level", "manager_no", "hire_date")


def value_options(specs: list[str]) -> list[str]:
    """`--value` options with `reason:` spelled out for both reason columns."""
    spelled = []
    for spec in specs:
        name, colon, rest = spec.partition(":")
        if colon and name.strip() == SHARED_REASON:
            spelled += [f"{field}:{rest}" for field in REASONS]
        else:
            spelled.append(spec)
    return spelled


Tally = Counter[tuple[str, str, str]]
"""(field, value stored, the file's word) -> rows."""


def tallied_fields(
    translations: Mapping[str, Mapping[str, str]], tally: Tally
) -> list[PersonField]:
    """The fields, with kind and reasons translating the file's words themselves (a list of
    reasons word by word) and counting what each became in `tally`. A field whose values
    repeat from row to row parses each text once."""
    fields = []
    for field in SEPARATION_FIELDS:
        if field.name in TALLIED:
            table = translations.get(field.name, {})
            many = field.name == "contributing_reasons"
            parse = _reason_list(table, tally, field.name) if many else _one(field, table, tally)
            field = replace(field, parse=parse)
        elif field.name in REPEATING:
            field = replace(field, parse=_once_each(field.parse))
        fields.append(field)
    return fields


REPEATING = frozenset(SEPARATION_FIELDS_BY_NAME) - {"employee_no", "name", "note"}
"""Fields with few distinct values: ten years of leavers have a few thousand last days."""
DISTINCT_KEPT = 50_000


def _once_each(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`parse`, remembering the value of each text (up to DISTINCT_KEPT of them): parsed
    once, and held once in memory however many rows repeat it. Parsing is a function of
    the text alone; a text that fails is parsed (and fails) again each time."""
    seen: dict[str, Any] = {}

    def parse_cell(raw: Any) -> Any:
        if type(raw) is not str:
            return parse(raw)
        try:
            return seen[raw]
        except KeyError:
            value = seen[raw] = parse(raw)
            if len(seen) > DISTINCT_KEPT:
                seen.clear()
            return value

    return parse_cell


class _Counting:
    """A parser that counts the rows it reads (`counts_rows`): import_columns calls it once
    per distinct text with the number of rows holding it, or for each cell (times 1)."""

    counts_rows = True

    def __init__(self, parse: Callable[[Any, int], Any]) -> None:
        self.parse = parse

    def __call__(self, raw: Any, times: int = 1) -> Any:
        return self.parse(raw, times)


def _one(field: PersonField, table: Mapping[str, str], tally: Tally) -> Callable[[Any], Any]:
    parse, name = _once_each(field.parse), field.name

    def parse_cell(raw: Any, times: int) -> Any:
        word = raw.strip() if isinstance(raw, str) else raw
        value = parse(table.get(word.casefold(), word) if isinstance(word, str) else word)
        if value is not None:
            tally[name, value, str(word)] += times
        return value

    return _Counting(parse_cell)


def _reason_list(table: Mapping[str, str], tally: Tally, name: str) -> Callable[[Any], Any]:
    """A list of reasons: the whole cell one of the system's words, or a list of words
    and codes each translated by itself."""
    reason = _once_each(_reason)

    def parse_cell(raw: Any, times: int) -> tuple[str, ...] | None:
        whole = table.get(raw.strip().casefold()) if isinstance(raw, str) else None
        if whole is not None:
            words = [(raw.strip(), whole)]
        else:
            words = [(word, table.get(word.casefold(), word)) for word in _split(raw)]
        codes: dict[str, None] = {}
        for word, translated in words:
            code = reason(translated)
            if code is not None:
                codes[code] = None
                tally[name, code, word] += times
        return _at_most(tuple(codes))

    return _Counting(parse_cell)


def tallied_values(tally: Tally) -> dict[str, list[tuple[str, int, list[tuple[str, int]]]]]:
    """Per field: each value with its rows and the words it came from, most rows first."""
    by_field: dict[str, dict[str, Counter[str]]] = {}
    for (name, value, word), rows in tally.items():
        by_field.setdefault(name, {}).setdefault(value, Counter())[word] += rows
    return {
        name: sorted(
            ((value, sum(words.values()), words.most_common()) for value, words in values.items()),
            key=lambda item: (-item[1], item[0]),
        )
        for name in TALLIED
        if (values := by_field.get(name))
    }


def require_last_day(fields: list[str], path_name: str) -> None:
    """A file without a last day column cannot name a separation."""
    if "last_day" not in fields:
        raise InputError(
            f"{path_name} has no last day column; name it with --map 'Your Header=last_day'"
        )
