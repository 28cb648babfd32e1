"""Amounts as HR exports write them: `68000`, `68,000.50`, `68.000,50`, `68 000,50`,
`68'000.50`, `€68,000`, `¥12,000`, `68000 EUR`, `12,000元`.

Whether a comma or a point is the decimal mark is the file's convention. It is given with
`--decimal-comma` / `--decimal-point`, or found per column from the values that settle it
(`68.000,50`, `1,234,567`, `68000,5`). A value the convention does not settle (`68.000`
where it could be 68 or 68,000) is an error naming its rows, never a guess; so are values
that contradict each other, and a column that mixes currencies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

COMMA = "comma"
POINT = "point"
_SYMBOLS = {"€": "EUR", "£": "GBP", "元": "CNY", "RMB": "CNY", "￥": "¥", "US$": "USD"}
_AMOUNT = re.compile(
    r"(?P<before>[€$£¥￥₹₩₽]|US\$|[A-Z]{3})?\s*"
    r"(?P<number>[-+]?[0-9][0-9.,'\u2019\s\u00a0\u202f]*)"
    r"\s*(?P<after>[€$£¥￥₹₩₽元]|[A-Z]{3}|RMB)?"
)
_LEFT_SPACE = re.compile(r"[\s'\u2019]")
_SPACES = re.compile(r"(?<=[0-9])[\s\u00a0\u202f'\u2019](?=[0-9]{3}(?![0-9]))")
HINT = (
    "say how the file writes decimals with --decimal-comma (68.000,50) "
    "or --decimal-point (68,000.50)"
)


@dataclass(frozen=True)
class Reading:
    """A text amount taken apart: its digits and separators, its currency, and what it
    says about the convention (COMMA, POINT, or "" when either would do)."""

    number: str
    currency: str
    clue: str


def take_apart(text: str) -> Reading | None:
    """None when the text is not an amount at all."""
    found = _AMOUNT.fullmatch(text.strip())
    if found is None:
        return None
    before, after = found.group("before"), found.group("after")
    if before and after:
        return None
    currency = before or after or ""
    currency = _SYMBOLS.get(currency, currency)
    grouped = _SPACES.search(found.group("number")) is not None
    number = _SPACES.sub("", found.group("number")).strip()
    if _LEFT_SPACE.search(number):
        return None
    return Reading(number, currency, _clue(number, grouped))


def _clue(number: str, grouped: bool) -> str:
    commas, points = number.count(","), number.count(".")
    if commas and points:
        return COMMA if number.rfind(",") > number.rfind(".") else POINT
    if not commas and not points:
        return ""
    mark, count = (",", commas) if commas else (".", points)
    if count > 1:
        return POINT if mark == "," else COMMA  # repeated: it groups thousands
    digits_after = len(number) - number.rfind(mark) - 1
    if grouped or digits_after != 3:
        return COMMA if mark == "," else POINT  # a decimal mark
    return ""


def value(number: str, convention: str) -> float:
    """The number under the convention; ValueError when it does not fit it."""
    decimal, group = (",", ".") if convention == COMMA else (".", ",")
    whole, _, fraction = number.partition(decimal)
    if decimal in fraction or group in fraction:
        raise ValueError(_form(convention))
    sign = ""
    if whole[:1] in "+-":
        sign, whole = whole[:1], whole[1:]
    parts = whole.split(group)
    if len(parts) > 1 and (
        not 1 <= len(parts[0]) <= 3 or any(len(part) != 3 for part in parts[1:])
    ):
        raise ValueError(_form(convention))
    digits = "".join(parts)
    if not digits.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError(_form(convention))
    return float(f"{sign}{digits}.{fraction or 0}")


def _form(convention: str) -> str:
    example = "68.000,50" if convention == COMMA else "68,000.50"
    return f"the value is not a number written like {example}"


@dataclass(frozen=True)
class AmountColumn:
    """How one column's amounts are read, and its rows that cannot be read."""

    convention: str
    """COMMA or POINT; "" when nothing settled it (then only plain numbers read)."""
    problems: dict[int, tuple[str, str]]
    """Row index (in the list given) → (message, hint)."""

    def parser(self, then: Callable[[float], object]) -> Callable[[object], object]:
        """A cell parser: amounts as numbers, passed on to `then` (a range check)."""

        def parse(raw: object) -> object:
            if raw is None or isinstance(raw, bool):
                return then(raw)  # type: ignore[arg-type]
            if isinstance(raw, int | float):
                return then(float(raw))
            if type(raw) is str and raw.isdigit():
                return then(float(raw))
            text = str(raw).strip()
            if not text:
                return None
            reading = take_apart(text)
            if reading is None:
                raise ValueError("the value is not an amount (like 68000 or 68,000.50 EUR)")
            convention = self.convention or reading.clue or POINT
            return then(value(reading.number, convention))

        return parse


def read_column(values: Sequence[object], given: str | None) -> AmountColumn:
    """The convention of a column of amounts (`given`, or what its values settle), and the
    rows it leaves unreadable: ambiguous, contradicting, or in another currency."""
    readings: list[tuple[int, Reading]] = []
    seen: dict[str, Reading | None] = {}
    for index, raw in enumerate(values):
        if type(raw) is not str or raw.isdigit():
            continue  # a number cell, or plain digits: nothing to learn from
        reading = seen[raw] if raw in seen else seen.setdefault(raw, take_apart(raw))
        if reading is not None:
            readings.append((index, reading))
    problems: dict[int, tuple[str, str]] = {}
    currencies: dict[str, int] = {}
    for index, reading in readings:
        if reading.currency:
            currencies.setdefault(reading.currency, index)
    if len(currencies) > 1:
        main = max(currencies, key=lambda c: sum(r.currency == c for _, r in readings))
        for index, reading in readings:
            if reading.currency and reading.currency != main:
                problems[index] = (
                    f"an amount in {reading.currency} where the others are in {main}",
                    "import amounts in one currency: convert them first",
                )
    if given:
        return AmountColumn(given, problems)
    clues = {reading.clue for _, reading in readings if reading.clue}
    if len(clues) > 1:
        counts = {c: sum(r.clue == c for _, r in readings) for c in clues}
        main = max(sorted(clues), key=lambda c: counts[c])
        other = COMMA if main == POINT else POINT
        for index, reading in readings:
            if reading.clue == other:
                problems.setdefault(
                    index,
                    (
                        f"written with a decimal {other} where the column's others use a "
                        f"decimal {main}",
                        HINT,
                    ),
                )
        return AmountColumn(main, problems)
    convention = clues.pop() if clues else ""
    if not convention:
        for index, reading in readings:
            if "," in reading.number or "." in reading.number:
                problems.setdefault(
                    index,
                    (
                        "the number could be read two ways (1.000 as one thousand, or as 1); "
                        "nothing else in the column says which",
                        HINT,
                    ),
                )
    return AmountColumn(convention, problems)


def whole_rating(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A rating of 3.5 was rounded to 4 without a word: a scale with halves, or another
    scale, is not taken as whole ratings 1 to 5."""

    def read(raw: Any) -> Any:
        number = raw
        if isinstance(raw, str):
            try:
                number = float(raw.strip().replace(",", "."))
            except ValueError:
                return parse(raw)
        if isinstance(number, float) and not number.is_integer():
            raise ValueError("a rating is a whole number from 1 to 5")
        return parse(raw)

    return read
