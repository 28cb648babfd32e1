"""Report periods: months, quarters or years between two dates, and SQL that buckets a
date column into them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from retainkit.base.errors import InputError

PERIODS = ("month", "quarter", "year")


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date
    """Inclusive."""
    partial: bool = False
    """Cut short by the range: fewer days than its month, quarter or year."""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _first_of(day: date, kind: str) -> date:
    if kind == "year":
        return date(day.year, 1, 1)
    if kind == "quarter":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return day.replace(day=1)


def _next(day: date, kind: str) -> date:
    months = {"month": 1, "quarter": 3, "year": 12}[kind]
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _label(start: date, kind: str) -> str:
    if kind == "year":
        return f"{start.year}"
    if kind == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def default_range(today: date, kind: str, count: int = 4) -> tuple[date, date]:
    """The last `count` periods, the one holding today included, up to today: that period
    is partial, and its label says so."""
    return back_from(today, kind, count), today


def back_from(last: date, kind: str, count: int = 4) -> date:
    """The first day of the `count` periods up to the one holding `last`."""
    start = _first_of(last, kind)
    for _ in range(count - 1):
        start = _first_of(start - timedelta(days=1), kind)
    return start


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _day(day: date, lang: str) -> str:
    if lang == "zh":
        return f"{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS[day.month - 1]}"


def _partial_label(label: str, start: date, end: date, whole: tuple[date, date], lang: str) -> str:
    """A period's label, saying where the range cuts it: "2026-Q4 to 30 Nov"."""
    cut_start, cut_end = start > whole[0], end < whole[1]
    if cut_start and cut_end:
        joined = f"{_day(start, lang)}–{_day(end, lang)}"
        return f"{label} {joined}"
    if cut_end:
        return f"{label} 至{_day(end, lang)}" if lang == "zh" else f"{label} to {_day(end, lang)}"
    if cut_start:
        return (
            f"{label} 自{_day(start, lang)}"
            if lang == "zh"
            else f"{label} from {_day(start, lang)}"
        )
    return label


def periods(start: date, end: date, kind: str, lang: str = "en") -> list[Period]:
    """The periods from `start` to `end`, the first and last cut to those dates; a cut
    period says so in its label."""
    if kind not in PERIODS:
        raise InputError(f"--period must be one of {', '.join(PERIODS)}")
    if end < start:
        raise InputError(f"--to {end} is before --from {start}; give --from first")
    found = []
    first = _first_of(start, kind)
    while first <= end:
        following = _next(first, kind)
        last = following - timedelta(1)
        cut = (max(first, start), min(last, end))
        label = _partial_label(_label(first, kind), *cut, (first, last), lang)
        found.append(Period(label, *cut, cut != (first, last)))
        first = following
    if len(found) > 240:
        raise InputError("that range holds more than 240 periods; choose a longer --period")
    return found


def anniversary(day: date, years: int) -> date:
    """The day `years` years after `day` (before, when negative); 29 February's is 1 March
    in other years, as groups.years_between counts it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def trailing_year(span: Period) -> Period:
    """The twelve months up to a period's last day."""
    return Period("", anniversary(span.end, -1) + timedelta(days=1), span.end)


def annualising(span: Period) -> float:
    """What a rate over `span` is multiplied by to read as a rate per year: the days of the
    year from its first day / its days (1 for a whole year, leap or not)."""
    year = (anniversary(span.start, 1) - span.start).days
    return year / ((span.end - span.start).days + 1)


def year_before(span: Period, lang: str = "en") -> Period:
    """The same days a year earlier, labelled as `periods` labels them ("2026-Q4 to 30 Nov"
    gives "2025-Q4 to 30 Nov"), as a period of the same kind as `span`."""
    start = anniversary(span.start, -1)
    end = anniversary(span.end + timedelta(days=1), -1) - timedelta(days=1)  # 29 Feb: 28 Feb
    for kind in PERIODS:
        if [p.label for p in periods(span.start, span.end, kind, lang)] == [span.label]:
            found = periods(start, end, kind, lang)
            if len(found) == 1:
                return found[0]
    return whole(start, end)


def trailing_and_year(span: Period, lang: str = "en") -> tuple[Period, Period]:
    """The twelve months up to a period's last day ("12 months to 30 Nov") and its year up
    to that day ("2026 to 30 Nov"): what the workbook offers where the period's own figure
    is hidden."""
    ttm = trailing_year(span)
    if lang == "zh":
        label = f"截至{_day(span.end, lang)}的12个月"
    else:
        label = f"12 months to {_day(span.end, lang)}"
    (year,) = periods(date(span.end.year, 1, 1), span.end, "year", lang)
    return Period(label, ttm.start, ttm.end), year


def comparable(one: Period, other: Period) -> bool:
    """Whether counts and amounts of two periods can be set side by side: both whole
    periods, or the same number of days; else only their annualised rates are compared."""
    return (not one.partial and not other.partial) or one.days == other.days


def whole(start: date, end: date) -> Period:
    """One period covering the whole range."""
    return Period(f"{start.isoformat()} – {end.isoformat()}", start, end)


def bucket(column: Any, spans: list[Period]) -> Any:
    """SQL: the index of the period `column` (a date) falls in; NULL outside them all."""
    from sqlalchemy import case, literal

    return case(
        *((column.between(p.start, p.end), literal(i)) for i, p in enumerate(spans)),
        else_=None,
    )


def bucket_datetime(column: Any, spans: list[Period]) -> Any:
    """The same for a UTC timestamp column, by its calendar day."""
    from datetime import UTC, datetime, time

    from sqlalchemy import case, literal

    def at(day: date) -> datetime:
        return datetime.combine(day, time(), UTC)  # the column type stores it naive

    return case(
        *(
            ((column >= at(p.start)) & (column < at(p.end + timedelta(1))), literal(i))
            for i, p in enumerate(spans)
        ),
        else_=None,
    )


def within_datetime(column: Any, spans: list[Period]) -> Any:
    """SQL: a UTC timestamp column falls on a day of the periods (an index range)."""
    from datetime import UTC, datetime, time

    first = datetime.combine(spans[0].start, time(), UTC)
    after = datetime.combine(spans[-1].end + timedelta(1), time(), UTC)
    return (column >= first) & (column < after)
