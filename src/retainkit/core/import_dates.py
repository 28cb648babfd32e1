"""Dates in import files: ISO (`2021-03-01`, also with a time), other year-first forms
(`2021/03/01`, `2021.03.01`, `2021年3月1日`, SAP's `20210301`), spreadsheet date cells, and
any form given with `--date-format` (`DD.MM.YYYY`, `MM/DD/YYYY` or strptime's `%d.%m.%Y`).

`9999-12-31` (the "until further notice" of SAP and others), `00000000` and an empty cell
mean no date. When a date cannot be read, the column's values are looked at to suggest the
`--date-format` the file seems to use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime

from retainkit.base.errors import InputError

NO_DATE = date(9999, 12, 31)
_YEAR_FIRST = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_COMPACT = re.compile(r"(19|20)\d{6}")
_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")
_DAY_MONTH = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})")
_TOKENS = (
    ("YYYY", "%Y"),
    ("YY", "%y"),
    ("MMM", "%b"),
    ("MM", "%m"),
    ("DD", "%d"),
    ("Mon", "%b"),
    ("M", "%m"),
    ("D", "%d"),
)


def strptime_form(given: str) -> str:
    """--date-format as strptime reads it: DD.MM.YYYY and %d.%m.%Y alike."""
    form = given.strip()
    if "%" not in form:
        for token, directive in _TOKENS:
            form = re.sub(rf"(?<![A-Za-z%]){token}(?![A-Za-z])", directive, form)
    if not ("%d" in form and ("%m" in form or "%b" in form) and ("%Y" in form or "%y" in form)):
        raise InputError(
            f"--date-format {given!r}: name the day, month and year, like DD.MM.YYYY, "
            "MM/DD/YYYY or %d.%m.%Y"
        )
    return form


def date_reader(date_format: str | None) -> Callable[[object], date | None]:
    """A cell parser for dates: None for no date; ValueError saying what a date looks like."""
    form = strptime_form(date_format) if date_format else None
    wanted = date_format or "YYYY-MM-DD"

    def read(raw: object) -> date | None:
        if raw is None:
            return None
        if isinstance(raw, datetime):
            found = raw.date()
        elif isinstance(raw, date):
            found = raw
        else:
            text = str(raw).strip() if isinstance(raw, str) else None
            if text is None:
                raise ValueError(f"the value is not a date; use {wanted}")
            if not text or text in ("00000000", "0000-00-00", "00.00.0000"):
                return None
            found = _from_text(text, form, wanted)
        return None if found == NO_DATE else found

    return read


def _from_text(text: str, form: str | None, wanted: str) -> date:
    try:
        if form is not None:
            return datetime.strptime(text, form).date()
        if len(text) == 10 and text[4] == "-":
            return date.fromisoformat(text)  # the common case, at once
        plain = _TIME.sub("", text, count=1) if len(text) > 10 else text
        year_first = _YEAR_FIRST.fullmatch(plain)
        if year_first:
            return date(*(int(part) for part in year_first.groups()))
        if _COMPACT.fullmatch(plain):
            return date(int(plain[:4]), int(plain[4:6]), int(plain[6:]))
        return date.fromisoformat(plain)
    except ValueError:
        raise ValueError(f"the value is not a date; use {wanted}") from None


def suggested_format(values: Sequence[object]) -> str | None:
    """The --date-format a column of unreadable dates seems to use: day first when a first
    part goes past 12, month first when a second does; both named when none does."""
    separators: set[str] = set()
    day_first = month_first = False
    long_year = True
    for raw in values:
        found = _DAY_MONTH.fullmatch(str(raw).strip()) if isinstance(raw, str) else None
        if found is None:
            continue
        first, separator, second, year = found.groups()
        separators.add(separator)
        long_year = long_year and len(year) == 4
        day_first = day_first or int(first) > 12
        month_first = month_first or int(second) > 12
    if len(separators) != 1 or (day_first and month_first):
        return None
    separator = separators.pop()
    year = "YYYY" if long_year else "YY"
    day = f"DD{separator}MM{separator}{year}"
    month = f"MM{separator}DD{separator}{year}"
    if day_first:
        return f"give --date-format {day}"
    if month_first:
        return f"give --date-format {month}"
    return f"give --date-format {day} (day first) or {month} (month first)"
