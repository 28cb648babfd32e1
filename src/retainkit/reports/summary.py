"""The figures a management meeting starts with: the last period of the range beside the
one before and the same days a year before, rates annualised so that a partial period
compares with a whole one; taken from the turnover, cost, interviews and scores reports,
and the action items still open (and overdue) at the end of each period. Where a figure of
the last period is hidden, the twelve months to its last day and its year to that day."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from retainkit.reports.model import SUPPRESSED, Column, Options, Report, suppressed_note, word

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Measure:
    """One line of the summary: a measure in the last period, the one before and the same
    period a year before, and how much it changed from each."""

    key: str
    """Its entry in base.words.REPORT: headcount, annualised_rate..."""
    kind: str
    """How its values read (model.KINDS): count, number, rate, money or score."""
    this_period: Any
    previous_period: Any
    """None when the range holds a single period; SUPPRESSED where a value is hidden."""
    change: float | None
    """this_period - previous_period, where both are shown numbers and comparable (for a
    rate, in percentage points); None else."""
    year_ago: Any = None
    """The same days a year before; None when not asked for."""
    change_year: float | None = None
    ttm: Any = None
    """Over the twelve months to the last period's last day, and over its year to that day:
    offered where the period's own value is hidden; None when not asked for, SUPPRESSED
    where it would reveal the hidden value."""
    year: Any = None


@dataclass(frozen=True)
class Figures:
    """The summary of a range: its last period, the one before (if any), the same period
    a year before (if asked for), the measures."""

    this_period: str
    previous_period: str | None
    start: date
    end: date
    measures: tuple[Measure, ...]
    year_ago: str | None = None
    ttm: str | None = None
    year: str | None = None


def open_actions(session: Session, day: date, opts: Options | None = None) -> tuple[int, int]:
    """Action items open at the end of `day` (raised by then, not yet done or dropped), and
    of them those past their due date on that day; in the options' scope."""
    from datetime import time, timedelta

    from sqlalchemy import case, func, select

    from retainkit.storage.models import ActionItem

    end = datetime.combine(day + timedelta(days=1), time(), UTC)
    still_open = ActionItem.status.in_(("open", "in_progress"))
    done_later = (ActionItem.status == "done") & (ActionItem.done_on > day)
    dropped_later = (ActionItem.status == "dropped") & (ActionItem.updated_at >= end)
    late = func.sum(case((ActionItem.due_date < day, 1), else_=0))
    query = select(func.count(), late).where(
        ActionItem.created_at < end, still_open | done_later | dropped_later
    )
    if opts is not None:
        from retainkit.reports.layout import actions_in_scope

        query = query.where(actions_in_scope(opts, ActionItem.separation_id))
    found, overdue = session.execute(query).one()
    return int(found), int(overdue or 0)


PER_PERIOD = frozenset(("total_separations", "total_cost"))
"""Measures that add up over a period: compared only between periods of the same length
(`periods.comparable`); rates are compared annualised, shares, means and stocks as they are."""
REPORTS = ("turnover", "cost", "interviews", "scores")
"""The reports the measures are read from."""


def first_action_day(session: Session, opts: Options) -> date | None:
    """The day the first action item in the options' scope was raised; None for none."""
    from sqlalchemy import func, select

    from retainkit.reports.layout import actions_in_scope
    from retainkit.storage.models import ActionItem

    first = session.scalar(
        select(func.min(ActionItem.created_at)).where(
            actions_in_scope(opts, ActionItem.separation_id)
        )
    )
    if first is None:
        return None
    if isinstance(first, str):  # SQLite's min() of a text column
        first = datetime.fromisoformat(first)
    if first.tzinfo is None:
        first = first.replace(tzinfo=UTC)
    return first.astimezone(UTC).date()


def figures(
    session: Session,
    opts: Options,
    *,
    turnover: Report,
    cost: Report,
    interviews: Report,
    scores: Report,
    year_ago: Mapping[str, Report] | None = None,
    wider: Callable[[], tuple[Mapping[str, Report], Mapping[str, Report]]] | None = None,
) -> Figures:
    """The summary's measures, read from reports already made for the same options (per
    period, no breakdown) so that nothing is counted twice; `year_ago`: the same reports
    made over `periods.year_before` of the last period; `wider`: makes them over the two
    periods of `periods.trailing_and_year`, called only when a figure of the last period is
    hidden."""
    from retainkit.reports.periods import Period, comparable, trailing_and_year, year_before

    made = {"turnover": turnover, "cost": cost, "interviews": interviews, "scores": scores}
    current = opts.spans[-1]
    previous = opts.spans[-2] if len(opts.spans) > 1 else None
    ago = year_before(current, opts.lang) if year_ago is not None else None
    ttm, year = trailing_and_year(current, opts.lang) if wider else (None, None)
    sources: dict[int, Mapping[str, Report]] = {id(span): made for span in opts.spans}
    whole = _Labelled(word("total", opts.lang))  # the range's reports' Total rows
    sources[id(whole)] = made
    if ago is not None and year_ago is not None:
        sources[id(ago)] = year_ago

    def widened() -> None:
        if wider is not None and id(ttm) not in sources:
            sources[id(ttm)], sources[id(year)] = wider()

    enps = word("enps", opts.lang)
    actions: dict[date, tuple[int, int]] = {}

    def pick(name: str, key: str, test: Callable[[dict[str, Any]], bool] = lambda r: True
             ) -> Callable[[Period | None], Any]:  # fmt: skip
        def value(span: Period | None) -> Any:
            if span is None:
                return None
            report = sources[id(span)][name]
            for row in report.rows:
                if row.get("period") == span.label and test(row):
                    return row.get(key)
            return 0 if key in ("separations", "total_cost") else None

        return value

    first_raised = first_action_day(session, opts)

    def still_open(which: int) -> Callable[[Period | None], Any]:
        def value(span: Period | None) -> Any:
            if span is None:
                return None
            if first_raised is None or first_raised > span.end:
                return None  # no action item yet: nothing to compare with, not "0"
            if span.end not in actions:
                actions[span.end] = open_actions(session, span.end, opts)
            return actions[span.end][which]

        return value

    values: list[tuple[str, str, Callable[[Period | None], Any]]] = [
        ("headcount", "number", pick("turnover", "headcount")),
        ("total_separations", "count", pick("turnover", "separations")),
        ("annualised_rate", "rate", pick("turnover", "annualised_rate")),
        ("voluntary_annualised", "rate", pick("turnover", "voluntary_annualised")),
        ("regrettable_annualised", "rate", pick("turnover", "regrettable_annualised")),
        ("first_year_rate", "rate", pick("turnover", "first_year_rate")),
        ("retention_rate", "rate", pick("turnover", "retention_rate")),
        ("total_cost", "money", pick("cost", "total_cost")),
        ("enps", "score", pick("scores", "mean", lambda r: r["type"] == enps)),
        ("interview_coverage", "rate", pick("interviews", "coverage")),
        # each line is a Summary row and a Dashboard tile (saves, when recorded, go here)
        ("open_actions", "count", still_open(0)),
        ("overdue_actions", "count", still_open(1)),
    ]
    measures = []
    for key, kind, value in values:
        now, before, then = value(current), value(previous), value(ago)

        def against(
            other: Period | None, earlier: Any, key: str = key, now: Any = now
        ) -> float | None:
            if other is None or (key in PER_PERIOD and not comparable(current, other)):
                return None
            return _change(now, earlier)

        wide = [None, None]
        if wider is not None and now is SUPPRESSED:
            widened()
            wide = [unless_revealing(value(w), w, value, opts) for w in (ttm, year)]
            wide = apart_enough(wide, [ttm, year], whole, GROUPS.get(key, _LEAVERS), pick, opts)
        measures.append(
            Measure(key, kind, now, before, against(previous, before), then, against(ago, then),
                    *wide)
        )  # fmt: skip
    return Figures(
        current.label,
        previous.label if previous else None,
        opts.start,
        opts.end,
        tuple(measures),
        ago.label if ago else None,
        ttm.label if ttm else None,
        year.label if year else None,
    )


def unless_revealing(found: Any, window: Any, value: Callable[[Any], Any], opts: Options) -> Any:
    """A window's value, or SUPPRESSED where the range's periods tile the window and
    exactly one of them is hidden: the window less the shown ones would be that one."""
    inside = [s for s in opts.spans if window.start <= s.start and s.end <= window.end]
    tiled = bool(inside) and inside[0].start == window.start and inside[-1].end == window.end
    tiled = tiled and sum(s.days for s in inside) == window.days
    if tiled and sum(1 for s in inside if value(s) is SUPPRESSED) == 1:
        return SUPPRESSED
    return found


_LEAVERS = ("turnover", "separations", None)
GROUPS: dict[str, tuple[str, str, str | None]] = {
    "total_cost": ("cost", "separations", None),
    "interview_coverage": ("interviews", "separations", None),
    "enps": ("scores", "responses", "enps"),
}
"""Whom each measure is about, as (report, column, type of row): a measure not named here is
about the leavers."""


@dataclass(frozen=True)
class _Labelled:
    """A row's period label alone, to read a report's Total row."""

    label: str


def apart_enough(
    wide: list[Any],
    windows: list[Any],
    total: Any,
    group: tuple[str, str, str | None],
    pick: Callable[..., Callable[[Any], Any]],
    opts: Options,
) -> list[Any]:
    """The twelve months' and the year's values, each withheld where the people it holds
    and the range (or the other window) does not are fewer than report.min_group but not
    none: the windows end on the same day, so one less the other is what those few said,
    cost or scored (one leaver of last December, between the twelve months and the year).
    `total` reads the range's reports' Total rows; `group` names whom the measure is about
    (`GROUPS`)."""
    name, column, row_type = group
    if row_type is not None:
        kind = word(row_type, opts.lang)
        size = pick(name, column, lambda row: row.get("type") == kind)
    else:
        size = pick(name, column)

    def people(values: list[Any]) -> int | None:
        if any(v is not None and not isinstance(v, int) for v in values):
            return None  # a count that is hidden itself: treated as too few
        return sum(v or 0 for v in values)  # None: no such row, nobody

    # the range's own count: its Total row where the report has one (shown there even
    # where a period's count is hidden), else its periods added up
    whole = people([size(total)])
    if len(opts.spans) == 1 or not whole:
        whole = people([size(s) for s in opts.spans])
    shown: list[tuple[Any, int | None]] = [(None, whole)]
    kept = list(wide)
    for at, window in enumerate(windows):
        if kept[at] is SUPPRESSED or kept[at] is None or window is None:
            continue
        mine = people([size(window)])
        for _, other in shown:
            apart = None if mine is None or other is None else abs(mine - other)
            if apart is None or 0 < apart < opts.min_group:
                kept[at] = SUPPRESSED
                break
        else:
            shown.append((window, mine))
    return kept


def _change(now: Any, before: Any) -> float | None:
    if isinstance(now, int | float) and isinstance(before, int | float):
        return round(now - before, 1)
    return None


def summary(found: Figures, opts: Options) -> Report:
    """The figures as a report: a line per measure, the last period beside the one before
    and the same period a year before, with the changes (rates in percentage points)."""
    lang = opts.lang
    rows = [
        {"measure": word(m.key, lang), "this_period": m.this_period,
         "previous_period": m.previous_period, "change": m.change, "year_ago": m.year_ago,
         "change_year": m.change_year, "ttm": m.ttm, "year": m.year, "_kind": m.kind,
         "_kind_change": "points" if m.kind == "rate" else m.kind,
         "_kind_change_year": "points" if m.kind == "rate" else m.kind}
        for m in found.measures
    ]  # fmt: skip
    columns = [
        Column("measure", "text"),
        Column("this_period", "mixed", found.this_period),
        Column("previous_period", "mixed", found.previous_period or word("previous_period", lang)),
        Column("change", "mixed"),
    ]
    if found.year_ago is not None:
        columns += [Column("year_ago", "mixed", found.year_ago), Column("change_year", "mixed")]
    if any(m.ttm is not None or m.year is not None for m in found.measures):
        columns += [Column("ttm", "mixed", found.ttm), Column("year", "mixed", found.year)]
    report = Report("summary", columns, rows)
    zh = lang == "zh"
    colon, semicolon, stop = ("：", "；", "。") if zh else (": ", "; ", ". ")
    note = word("this_period", lang) + colon + found.this_period
    if found.previous_period:
        note += semicolon + word("previous_period", lang) + colon + found.previous_period
    if found.year_ago:
        note += semicolon + word("year_ago", lang) + colon + found.year_ago
    note += stop + f"{word('range', lang)} {found.start} – {found.end}" + stop.strip()
    report.notes.append(note)
    report.notes.append(COMPARED)
    if found.ttm and any(m.ttm is not None for m in found.measures):
        report.notes.append(WIDER)
    if any(v is SUPPRESSED for row in rows for v in row.values()):
        report.notes.append(suppressed_note(opts.min_group))
    from retainkit.reports.notes import in_language

    report.notes[:] = [in_language(note, lang) for note in report.notes]
    return report


WIDER = (
    "Where this period's value is hidden, the twelve months to its last day and its year to "
    "that day are shown, unless they too would reveal it."
)
COMPARED = (
    "Rates are compared annualised (the period's rate × the days of a year / the days of "
    "the period), so a partial period stands beside a whole one; separations and cost are "
    "compared only between periods of the same length. Changes of rates are in percentage "
    "points."
)
