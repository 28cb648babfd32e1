"""What a report is: columns with a kind (count, rate, money...), rows, notes; and the
words reports are written in, English and Chinese side by side."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from retainkit.base import words
from retainkit.reports.periods import Period
from retainkit.reports.suppression import TOTAL, Cube, Subtotal


class _Suppressed:
    """A value hidden to protect a small group."""

    def __repr__(self) -> str:
        return "SUPPRESSED"

    def __str__(self) -> str:
        return "*"

    def __reduce__(self) -> str:
        return "SUPPRESSED"  # the one SUPPRESSED again, after a trip through pickle


SUPPRESSED: Any = _Suppressed()

KINDS = ("text", "count", "number", "rate", "money", "score", "date")
"""text; count (whole people or items); number (a decimal, like average headcount); rate
(a percentage 0-100); money; score (0-100, or eNPS -100..100); date."""


@dataclass(frozen=True)
class Column:
    key: str
    kind: str = "count"
    label: str | None = None
    """A label of its own (a period); else the key's entry in base.words.REPORT."""

    def title(self, lang: str) -> str:
        if self.label is not None:
            return self.label
        return word(self.key, lang)


@dataclass
class Report:
    key: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    suppressed: int = 0
    """How many values are hidden; a note says why when any are."""

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Scope:
    """The part of the organisation a workbook covers: a department, or a manager's
    organisation (everyone below them, directly or not)."""

    kind: str
    """"department" or "manager"."""
    value: str
    """The department's name, or the manager's employee number."""
    label: str
    """As the Dashboard names it: "Department: Sales", "Organisation of M1 Mia Chen"."""
    managers: frozenset[str] = frozenset()
    """For a manager: their employee number and those of every manager below them; a person
    (or a leaver, as snapshotted) is in the scope when their manager is one of these."""


@dataclass(frozen=True)
class Options:
    """What every report takes: the range, its periods, a breakdown, the threshold."""

    start: date
    end: date
    spans: list[Period]
    by: str | None
    min_group: int
    lang: str
    today: date
    scope: Scope | None = None
    """Only this part of the organisation; None: all of it."""
    quotes: bool = False
    """The workbook quotes comments (export excel --quotes), pseudonymised."""


def word(key: str, lang: str) -> str:
    return words.word(words.REPORT, key, lang)


def suppressed_note(min_group: int) -> str:
    return (
        f"* hidden: fewer than {min_group} people, or a value that would let a hidden one "
        "be worked out from the totals (report.min_group)"
    )


def shown(data: Cube, *key: Hashable) -> Any:
    """A count from a cube as a report shows it."""
    value = data.shown(*key)
    return SUPPRESSED if value is None else value


def share(part: Any, whole: Any, scale: float = 100.0) -> Any:
    """part / whole × scale, rounded; hidden where either is, None where whole is 0."""
    if part is SUPPRESSED or whole is SUPPRESSED:
        return SUPPRESSED
    if not whole:
        return None
    return round(part / whole * scale, 1)


def is_total(value: Hashable) -> bool:
    return value is TOTAL or isinstance(value, Subtotal)


def count_hidden(rows: list[dict[str, Any]]) -> int:
    return sum(1 for row in rows for value in row.values() if value is SUPPRESSED)
