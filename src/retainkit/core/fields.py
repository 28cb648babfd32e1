"""The fields of a person, defined once for `people add`, `people edit` and `people import`.

Each field parses a raw value (text typed on the command line, a CSV cell, or an XLSX cell
that may already be a number or a date) and raises `ValueError` with a message that says
what a good value looks like.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from retainkit.base.errors import InputError
from retainkit.base.vocab import CHANNELS, LEVELS
from retainkit.core.text import MAX_NOTES as MAX_NOTES
from retainkit.core.text import MAX_TEXT as MAX_TEXT
from retainkit.core.text import clean_text as clean_text
from retainkit.core.text import column_limit
from retainkit.core.text import text_option as text_option

_EMPLOYEE_NO = r"[^\s\x00-\x1f\x7f]{1,64}"
_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_PHONE = r"\+?[0-9 ()./-]{5,40}"
_NOT_DIGITS = str.maketrans("", "", "+ ()./-")
_HOURS = r"([01]?\d|2[0-3]):([0-5]\d)-([01]?\d|2[0-3]):([0-5]\d)"
_TRUE = {"yes", "y", "true", "t", "1", "x", "是", "√"}
_FALSE = {"no", "n", "false", "f", "0", "否", "-"}
NO_DATE = date(9999, 12, 31)
"""What HR systems write for "no end date": read as no date where a date is optional."""
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2199, 12, 31)
"""The dates retainkit takes: any real hire, notice, last or due day, with room for the
contact plan to count years on from them."""


def choice_option(raw: str | None, choices: tuple[str, ...], option: str) -> str | None:
    """One of `choices` (case and spaces forgiven), or None when not given."""
    try:
        return parse_choice(raw, choices)
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None


def required_choice(raw: str | None, choices: tuple[str, ...], option: str) -> str:
    """One of `choices`, where a blank value (an unset variable, say) is no choice at all."""
    chosen = choice_option(raw, choices, option)
    if chosen is None:
        raise InputError(f"{option} is empty; give one of {', '.join(choices)}")
    return chosen


def number_argument(raw: str, what: str, hint: str) -> int:
    """A record number given on the command line, like 12 or #12."""
    text = raw.strip().lstrip("#")
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise InputError(f"{raw!r} is not {what}; see: {hint}")
    return int(text)


def employee_no_argument(raw: str) -> str:
    """An employee number given on the command line, checked for its form."""
    try:
        value = parse_employee_no(raw)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if value is None:
        raise InputError("give an employee number, like E1024")
    return value


def text_field(column: str) -> Callable[[Any], str | None]:
    """A one-line text field stored in `column` ("person.name"): at most as long as the
    column, read from the model on first use."""

    def parse(raw: Any) -> str | None:
        return clean_text(raw, limit=column_limit(column) or MAX_TEXT)

    return parse


def parse_employee_no(raw: object) -> str | None:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)  # spreadsheets store numeric ids as floats
    try:
        text = clean_text(raw, limit=64)
    except ValueError as exc:
        raise ValueError(f"the employee number {exc}") from None
    if text is None:
        return None
    if (" " in text or not text.isprintable()) and not re.fullmatch(_EMPLOYEE_NO, text):
        raise ValueError(f"{text!r} is not an employee number: no spaces, at most 64 characters")
    return text


def parse_date(raw: object, date_format: str | None = None, *, no_date: bool = True) -> date | None:
    """ISO 8601 (YYYY-MM-DD), a spreadsheet date cell, or the given strptime format; None
    when empty.

    9999-12-31, what HR systems write for "no end date", is no date (None) where a date is
    optional; with `no_date=False` (a date that must be real: a last day, the start of a
    range) it is refused with a line that says so. A date before 1900 or after 2199 is a
    typing mistake, and is refused: counting the contact plan on from it would leave the
    calendar."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        day = raw.date()
    elif isinstance(raw, date):
        day = raw
    else:
        text = clean_text(raw, limit=40)
        if text is None:
            return None
        try:
            if date_format:
                day = datetime.strptime(text, date_format).date()
            else:
                day = date.fromisoformat(text)
        except ValueError:
            wanted = date_format or "YYYY-MM-DD"
            raise ValueError(f"the value is not a date; use {wanted}") from None
    if day == NO_DATE:
        if no_date:
            return None
        raise ValueError('9999-12-31 stands for "no date" in HR systems; give the real date')
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValueError(
            f"the date is out of range; give one from {FIRST_DATE.isoformat()} "
            f"to {LAST_DATE.isoformat()}"
        )
    return day


def date_argument(
    raw: str | None, option: str, *, required: bool = False, start: bool = False
) -> date | None:
    """A YYYY-MM-DD option value, or None when not given; an InputError names the option.

    9999-12-31 is no date for an optional date that may be open (an end, a notice date, a
    due date); a `required` date and the `start` of a range must be real."""
    try:
        day = parse_date(raw, no_date=not (required or start))
    except ValueError as exc:
        raise InputError(f"{option}: {exc}") from None
    if day is None and required:
        raise InputError(f"{option} needs a date (YYYY-MM-DD)")
    return day


def parse_int(raw: object, low: int, high: int, what: str) -> int | None:
    if type(raw) is str and raw.isdecimal() and low <= int(raw) <= high:
        return int(raw)  # the common case: plain digits in range
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError(f"expected {what}")
    try:
        number = float(str(raw).strip().replace(",", "")) if not isinstance(raw, int) else raw
    except ValueError:
        raise ValueError(f"the value is not {what}") from None
    if isinstance(number, float):
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"expected {what}")
        number = round(number)
    if not low <= number <= high:
        raise ValueError(f"the value is out of range; expected {what}")
    return int(number)


_BOOLS = {**dict.fromkeys(_TRUE, True), **dict.fromkeys(_FALSE, False)}


def parse_bool(raw: object) -> bool | None:
    if type(raw) is str and (known := _BOOLS.get(raw.strip().casefold())) is not None:
        return known
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    text = str(raw).strip().casefold()
    if not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{str(raw).strip()[:40]!r} is not yes or no")


def parse_choice(raw: object, choices: tuple[str, ...]) -> str | None:
    text = clean_text(raw, limit=40)
    if text is None:
        return None
    key = text.casefold()
    if key in choices:
        return key
    key = re.sub(r"[\s-]+", "_", key)
    if key in choices:
        return key
    raise ValueError(f"{text!r} is not one of {', '.join(choices)}")


@cache
def _pattern(source: str) -> re.Pattern[str]:
    """A pattern compiled on first use (so `--help` compiles none), then found at once: an
    import checks a hundred thousand e-mail addresses and phone numbers."""
    return re.compile(source)


def parse_email(raw: object) -> str | None:
    text = clean_text(raw, limit=column_limit("person.email") or MAX_TEXT)
    if text is not None and not _pattern(_EMAIL).fullmatch(text):
        raise ValueError("the value is not an email address (like name@example.org)")
    return text


def parse_phone(raw: object) -> str | None:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = clean_text(raw, limit=40)
    # the pattern lets only ASCII digits, spaces and + ( ) . / - through: count the digits
    if text is not None and (
        not _pattern(_PHONE).fullmatch(text) or len(text.translate(_NOT_DIGITS)) < 5
    ):
        raise ValueError("the value is not a phone number (digits, spaces, + - ( ) . /)")
    return text


def parse_hours(raw: object) -> str | None:
    text = clean_text(raw, limit=40)
    if text is None:
        return None
    compact = text.replace(" ", "").replace(
        "\u2013", "-"
    )  # an en dash, as word processors write it
    match = re.fullmatch(_HOURS, compact)
    if match:
        start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
        if (start_h, start_m) < (end_h, end_m):
            return f"{start_h:02d}:{start_m:02d}-{end_h:02d}:{end_m:02d}"
    raise ValueError(f"{text!r} is not a time range like 09:00-17:00")


@dataclass(frozen=True)
class PersonField:
    name: str
    help: str
    parse: Callable[[Any], Any]
    is_flag: bool = False
    is_date: bool = False
    aliases: tuple[str, ...] = ()
    metavar: str = "TEXT"
    negative: str = ""
    """For flags: the option that turns it off (default --not-NAME)."""

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


PERSON_FIELDS: tuple[PersonField, ...] = (
    PersonField(
        "employee_no",
        "Employee number: the id in the HR system (unique).",
        parse_employee_no,
        metavar="ID",
        aliases=("employee number", "employee id", "emp id", "emp no", "id", "工号", "员工编号"),
    ),
    PersonField(
        "name",
        "Full name.",
        text_field("person.name"),
        aliases=("full name", "employee name", "姓名", "名字"),
    ),
    PersonField(
        "email", "Email address.", parse_email, aliases=("e-mail", "mail", "邮箱", "电子邮件")
    ),
    PersonField(
        "phone", "Phone number.", parse_phone, aliases=("mobile", "telephone", "电话", "手机")
    ),
    PersonField(
        "department", "Department.", text_field("person.department"), aliases=("dept", "部门")
    ),
    PersonField(
        "title", "Job title.", text_field("person.title"), aliases=("job title", "position", "职位")
    ),
    PersonField(
        "level",
        "Level: staff, middle, senior or core (core technical or key roles).",
        lambda raw: parse_choice(raw, LEVELS),
        metavar="LEVEL",
        aliases=("job level", "grade", "级别", "职级"),
    ),
    PersonField(
        "manager_no",
        "The manager's employee number.",
        parse_employee_no,
        metavar="ID",
        aliases=("manager", "manager id", "manager employee number", "上级", "直属上级"),
    ),
    PersonField(
        "location",
        "Work location.",
        text_field("person.location"),
        aliases=("office", "site", "地点"),
    ),
    PersonField(
        "hire_date",
        "Hire date (YYYY-MM-DD).",
        parse_date,
        is_date=True,
        metavar="DATE",
        aliases=("start date", "date of hire", "joined", "入职日期"),
    ),
    PersonField(
        "performance",
        "Latest performance rating, 1 (low) to 5 (high).",
        lambda raw: parse_int(raw, 1, 5, "a rating from 1 to 5"),
        metavar="1-5",
        aliases=("performance rating", "rating", "绩效"),
    ),
    PersonField(
        "high_performer",
        "Marked as a high performer.",
        parse_bool,
        is_flag=True,
        aliases=("high potential", "top performer", "高绩效"),
    ),
    PersonField(
        "salary",
        "Annual salary in whole currency units (optional; used for turnover cost).",
        lambda raw: parse_int(raw, 0, 100_000_000, "a yearly amount such as 65000"),
        metavar="AMOUNT",
        aliases=("annual salary", "base salary", "年薪"),
    ),
    PersonField(
        "preferred_channel",
        "How they like to be contacted: phone, email, in_person or chat.",
        lambda raw: parse_choice(raw, CHANNELS),
        metavar="CHANNEL",
        aliases=("channel", "contact channel", "联系方式"),
    ),
    PersonField(
        "contact_hours",
        "When they can be contacted, like 09:00-17:00.",
        parse_hours,
        metavar="HH:MM-HH:MM",
        aliases=("hours", "联系时间"),
    ),
    PersonField(
        "do_not_contact",
        "Asked not to be contacted after leaving.",
        parse_bool,
        is_flag=True,
        aliases=("dnc", "no contact", "勿联系"),
        negative="--may-contact",
    ),
    PersonField(
        "notes",
        "Notes.",
        lambda raw: clean_text(raw, limit=MAX_NOTES, multiline=True),
        aliases=("comments", "remarks", "备注"),
    ),
)

FIELDS_BY_NAME = {field.name: field for field in PERSON_FIELDS}
REQUIRED_FIELDS = ("employee_no", "name")


def parse_person_values(raw: dict[str, Any]) -> dict[str, Any]:
    """Parse values named by field; an InputError names the first bad option and why."""
    parsed: dict[str, Any] = {}
    for name, value in raw.items():
        field = FIELDS_BY_NAME[name]
        try:
            parsed[name] = field.parse(value)
        except ValueError as exc:
            raise InputError(f"{field.option}: {exc}") from None
    return parsed
