"""Every setting: its key, documented default, help, and the one parser of its value.

A parser turns text (typed with `config set`, or stored) into the typed value that
core.settings puts in its snapshot, or raises ValueError saying what a good value looks
like; `show` writes the value back as the text that is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from retainkit.base.vocab import LEVELS
from retainkit.core.reasons import LANGUAGES
from retainkit.core.text import clean_text


@dataclass(frozen=True)
class SettingSpec:
    key: str
    default: str
    help: str
    parse: Callable[[str], Any]
    show: Callable[[Any], str] = str

    def normalised(self, raw: str) -> str:
        """The text stored for `raw`; a ValueError says what is wrong with it."""
        return self.show(self.parse(raw))


def _one_of(*choices: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().casefold()
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value

    return parse


def _whole(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        text = raw.strip()
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return int(text)

    return parse


def _day_range(raw: str) -> tuple[int, int]:
    low, dash, high = raw.replace(" ", "").partition("-")
    if not (dash and low.isdigit() and high.isdigit() and int(low) <= int(high) <= 3650):
        raise ValueError("must be a range of days like 30-60")
    return int(low), int(high)


def _show_day_range(days: tuple[int, int]) -> str:
    return f"{days[0]}-{days[1]}"


def _on_off(raw: str) -> bool:
    value = raw.strip().casefold()
    if value in ("on", "yes", "true", "1"):
        return True
    if value in ("off", "no", "false", "0"):
        return False
    raise ValueError("must be on or off")


def _show_on_off(value: bool) -> str:
    return "on" if value else "off"


def _text(raw: str) -> str:
    """One line of free text, checked by the one validator: a line break in smtp.from would
    add a header to every digest."""
    return clean_text(raw) or ""


def _decimal(low: float, high: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw.strip())
        except ValueError:
            value = float("nan")
        if not low <= value <= high:
            raise ValueError(f"must be a number from {low:g} to {high:g}")
        return value

    return parse


def _show_decimal(value: float) -> str:
    return f"{value:g}"


def _month_days(raw: str) -> tuple[tuple[int, int], ...]:
    from datetime import date

    days = []
    for day in (part.strip() for part in raw.split(",") if part.strip()):
        try:
            month, _, mday = day.partition("-")
            date(2024, int(month), int(mday))  # a leap year: 02-29 is a date
        except ValueError:
            raise ValueError(f"{day!r} is not a month and day like 06-01") from None
        days.append((int(month), int(mday)))
    return tuple(days)


def _show_month_days(days: tuple[tuple[int, int], ...]) -> str:
    return ",".join(f"{month:02d}-{day:02d}" for month, day in days)


HANDOVER_DEFAULT = (
    "Documents and equipment returned; Customer and partner contacts handed over; "
    "Successor named; Knowledge sessions held; Access removed"
)


def _items(raw: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in raw.split(";") if item.strip())
    if not items or any(len(item) > 200 for item in items):
        raise ValueError("give one or more items separated by ; (each up to 200 characters)")
    return items


def _show_items(items: tuple[str, ...]) -> str:
    return "; ".join(items)


def _who(raw: str) -> tuple[str, ...]:
    terms = tuple(term.strip().casefold() for term in raw.split(",") if term.strip())
    for term in terms:
        number = term.removeprefix("performance>=")
        if term in LEVELS or term == "high_performer":
            continue
        if term.startswith("performance>=") and number.isdigit() and 1 <= int(number) <= 5:
            continue
        raise ValueError(f"{term!r} is not a level, high_performer or performance>=N")
    return terms


def _show_who(terms: tuple[str, ...]) -> str:
    return ",".join(terms)


COST_FACTORS = (
    ("staff", "0.4", "Gallup: about 40% for frontline roles"),
    ("middle", "0.8", "Gallup: about 80% for technical and professional roles"),
    ("senior", "2", "Gallup: about 200% for leaders"),
    ("core", "0.8", "Gallup: about 80% for technical and professional roles"),
)
DEFAULT_SALARIES = (
    ("staff", "45000"),
    ("middle", "75000"),
    ("senior", "130000"),
    ("core", "95000"),
)

SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec(
            "lang", "en", "Language of questionnaires and exports: en or zh.", _one_of(*LANGUAGES)
        ),
        SettingSpec(
            "followup.exit_before",
            "14",
            "Exit interview window: days before the "
            "last day it opens when no notice date is known.",
            _whole(0, 365),
        ),
        SettingSpec(
            "followup.first",
            "30-60",
            "First follow-up: days after the last day.",
            _day_range,
            _show_day_range,
        ),
        SettingSpec(
            "followup.mid",
            "180-240",
            "Mid follow-up: days after the last day.",
            _day_range,
            _show_day_range,
        ),
        SettingSpec(
            "followup.yearly_window",
            "7",
            "Yearly care: days either side of each anniversary of the last day; 0 turns it off.",
            _whole(0, 60),
        ),
        SettingSpec(
            "followup.rehire_months",
            "6",
            "Rehire check for the rehire pool: every so "
            "many months after the last day; 0 turns it off.",
            _whole(0, 60),
        ),
        SettingSpec(
            "followup.retry_days",
            "7",
            "After no answer, try again this many days later.",
            _whole(1, 90),
        ),
        SettingSpec(
            "followup.max_tries",
            "3",
            "Tries before a contact is marked unreachable.",
            _whole(1, 10),
        ),
        SettingSpec(
            "stay.months",
            "12",
            "Stay interviews for high performers and core people: every so many months.",
            _whole(1, 60),
        ),
        SettingSpec(
            "stay.first_year_months", "6", "... and this often in their first year.", _whole(1, 12)
        ),
        SettingSpec(
            "alumni.dates",
            "",
            "Company dates for alumni greetings, like 01-28,06-01.",
            _month_days,
            _show_month_days,
        ),
        SettingSpec(
            "handover.items",
            HANDOVER_DEFAULT,
            "The handover checklist of a new separation: items separated by ;.",
            _items,
            _show_items,
        ),
        SettingSpec(
            "interview.leadership",
            "senior,core,high_performer",
            "Who should have a "
            "leader hold their exit interview: levels, high_performer, performance>=N.",
            _who,
            _show_who,
        ),
        SettingSpec(
            "interview.manager",
            "",
            "Who should have their direct manager hold it (same terms); everyone else: HR.",
            _who,
            _show_who,
        ),
        SettingSpec(
            "interview.late_exit_months",
            "3",
            "An exit interview held more than this many months after the last day is "
            "flagged as late; 0 turns the warning off.",
            _whole(0, 120),
        ),
        SettingSpec(
            "actions.default_owner",
            "",
            "Who owns an urgent action item when the interview names no interviewer (or the "
            "interviewer cannot own it): an employee number or a name.",
            _text,
        ),
        SettingSpec(
            "actions.hr_owner",
            "",
            "HR or leadership: who owns an escalation or a retention chance when the leaver "
            "complains about their own manager (never that manager).",
            _text,
        ),
        SettingSpec(
            "report.min_group",
            "5",
            "Reports and exports hide groups of fewer people than this; 1 shows everything.",
            _whole(1, 100),
        ),
        SettingSpec(
            "report.organisation",
            "",
            "The organisation's name, on the workbook's Dashboard.",
            _text,
        ),
        *(
            SettingSpec(
                f"cost.factor.{level}",
                factor,
                f"Turnover cost: share of a year's salary lost when a {level} person leaves "
                f"({why}).",
                _decimal(0, 10),
                _show_decimal,
            )
            for level, factor, why in COST_FACTORS
        ),
        *(
            SettingSpec(
                f"cost.salary.{level}",
                salary,
                f"Turnover cost: the yearly salary assumed for a {level} person whose salary "
                "is not known.",
                _decimal(0, 100_000_000),
                _show_decimal,
            )
            for level, salary in DEFAULT_SALARIES
        ),
        SettingSpec(
            "cost.per_hire",
            "4700",
            "Turnover cost: fixed cost of hiring a replacement (advertising, agency, interviews).",
            _decimal(0, 10_000_000),
            _show_decimal,
        ),
        SettingSpec(
            "salary.months_per_year",
            "12",
            "Imports: months of pay in a year, to make a yearly salary of a monthly one "
            "(13 or 14 where a 13th or 14th month is paid).",
            _whole(1, 24),
        ),
        SettingSpec("smtp.host", "", "Mail server for followup due --email.", _text),
        SettingSpec("smtp.port", "587", "Mail server port.", _whole(1, 65535)),
        SettingSpec(
            "smtp.user",
            "",
            "Mail server login (the password is read from RETAINKIT_SMTP_PASSWORD).",
            _text,
        ),
        SettingSpec(
            "smtp.starttls", "on", "Encrypt with STARTTLS: on or off.", _on_off, _show_on_off
        ),
        SettingSpec("smtp.from", "", "Sender address of the digest.", _text),
    )
}
