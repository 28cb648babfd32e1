"""The parsers of setting values (and how each value is written back as text), shared by
the table of settings in `setting_specs`: each turns text into the typed value or raises
a ValueError that says what a good value looks like."""

from __future__ import annotations

from collections.abc import Callable

from retainkit.base.vocab import LEVELS
from retainkit.core.text import clean_text


def one_of(*choices: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = raw.strip().casefold()
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return value

    return parse


def whole(low: int, high: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        text = raw.strip()
        if not text.isdigit() or not low <= int(text) <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return int(text)

    return parse


def day_range(raw: str) -> tuple[int, int]:
    low, dash, high = raw.replace(" ", "").partition("-")
    if not (dash and low.isdigit() and high.isdigit() and int(low) <= int(high) <= 3650):
        raise ValueError("must be a range of days like 30-60")
    return int(low), int(high)


def show_day_range(days: tuple[int, int]) -> str:
    return f"{days[0]}-{days[1]}"


def on_off(raw: str) -> bool:
    value = raw.strip().casefold()
    if value in ("on", "yes", "true", "1"):
        return True
    if value in ("off", "no", "false", "0"):
        return False
    raise ValueError("must be on or off")


def show_on_off(value: bool) -> str:
    return "on" if value else "off"


def one_line(raw: str) -> str:
    """One line of free text, checked by the one validator: a line break in smtp.from would
    add a header to every digest."""
    return clean_text(raw) or ""


def currency(raw: str) -> str:
    """An ISO 4217 code (three letters, any case) or nothing."""
    code = raw.strip().upper()
    if code and not (len(code) == 3 and code.isascii() and code.isalpha()):
        raise ValueError("must be a three-letter ISO 4217 code such as CNY, EUR or USD, or empty")
    return code


def theme_file(raw: str) -> str:
    """A theme file's path, made absolute so it means the same file wherever retainkit runs
    from; the file itself is read and checked where themes are used."""
    from pathlib import Path

    text = one_line(raw)
    if not text:
        return ""
    if not text.casefold().endswith(".toml"):
        raise ValueError("must be the path of a .toml theme file, or empty for none")
    return str(Path(text).expanduser().absolute())


def decimal(low: float, high: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(raw.strip())
        except ValueError:
            value = float("nan")
        if not low <= value <= high:
            raise ValueError(f"must be a number from {low:g} to {high:g}")
        return value

    return parse


def show_decimal(value: float) -> str:
    return f"{value:g}"


def month_days(raw: str) -> tuple[tuple[int, int], ...]:
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


def show_month_days(days: tuple[tuple[int, int], ...]) -> str:
    return ",".join(f"{month:02d}-{day:02d}" for month, day in days)


HANDOVER_DEFAULT = (
    "Documents and equipment returned; Customer and partner contacts handed over; "
    "Successor named; Knowledge sessions held; Access removed"
)


def items(raw: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in raw.split(";") if item.strip())
    if not items or any(len(item) > 200 for item in items):
        raise ValueError("give one or more items separated by ; (each up to 200 characters)")
    return items


def show_items(items: tuple[str, ...]) -> str:
    return "; ".join(items)


def who(raw: str) -> tuple[str, ...]:
    terms = tuple(term.strip().casefold() for term in raw.split(",") if term.strip())
    for term in terms:
        number = term.removeprefix("performance>=")
        if term in LEVELS or term == "high_performer":
            continue
        if term.startswith("performance>=") and number.isdigit() and 1 <= int(number) <= 5:
            continue
        raise ValueError(f"{term!r} is not a level, high_performer or performance>=N")
    return terms


def show_who(terms: tuple[str, ...]) -> str:
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
