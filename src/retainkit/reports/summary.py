"""The figures a management meeting starts with: the last period of the range beside the
one before, taken from the turnover, cost, interviews and scores reports, and the action
items still open at the end of each period."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from retainkit.reports.model import SUPPRESSED, Column, Options, Report, suppressed_note, word

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Measure:
    """One line of the summary: a measure in both periods, and how much it changed."""

    key: str
    """Its entry in base.words.REPORT: headcount, turnover_rate..."""
    kind: str
    """How its values read (model.KINDS): count, number, rate, money or score."""
    this_period: Any
    previous_period: Any
    """None when the range holds a single period; SUPPRESSED where a value is hidden."""
    change: float | None
    """this_period - previous_period, where both are shown numbers (for a rate, in
    percentage points)."""


@dataclass(frozen=True)
class Figures:
    """The summary of a range: its last period, the one before (if any), the measures."""

    this_period: str
    previous_period: str | None
    start: date
    end: date
    measures: tuple[Measure, ...]


def open_actions(session: Session, day: date) -> int:
    """Action items open at the end of `day`: raised by then, not yet done or dropped."""
    from datetime import time, timedelta

    from sqlalchemy import func, select

    from retainkit.storage.models import ActionItem

    end = datetime.combine(day + timedelta(days=1), time(), UTC)
    still_open = ActionItem.status.in_(("open", "in_progress"))
    done_later = (ActionItem.status == "done") & (ActionItem.done_on > day)
    dropped_later = (ActionItem.status == "dropped") & (ActionItem.updated_at >= end)
    query = select(func.count()).where(
        ActionItem.created_at < end, still_open | done_later | dropped_later
    )
    return int(session.execute(query).scalar_one())


def figures(
    session: Session,
    opts: Options,
    *,
    turnover: Report,
    cost: Report,
    interviews: Report,
    scores: Report,
) -> Figures:
    """The summary's measures, read from reports already made for the same options (per
    period, no breakdown) so that nothing is counted twice."""
    labels = [span.label for span in opts.spans]
    current = labels[-1]
    previous = labels[-2] if len(labels) > 1 else None

    def pick(
        report: Report,
        key: str,
        label: str | None,
        test: Callable[[dict[str, Any]], bool] = lambda r: True,
    ) -> Any:
        if label is None:
            return None
        for row in report.rows:
            if row.get("period") == label and test(row):
                return row.get(key)
        return 0 if key in ("separations", "total_cost") else None

    def still_open(label: str | None) -> int | None:
        if label is None:
            return None
        return open_actions(session, opts.spans[labels.index(label)].end)

    enps = word("enps", opts.lang)
    values: list[tuple[str, str, Callable[[str | None], Any]]] = [
        ("headcount", "number", lambda p: pick(turnover, "headcount", p)),
        ("total_separations", "count", lambda p: pick(turnover, "separations", p)),
        ("turnover_rate", "rate", lambda p: pick(turnover, "turnover_rate", p)),
        ("voluntary_rate", "rate", lambda p: pick(turnover, "voluntary_rate", p)),
        ("regrettable_rate", "rate", lambda p: pick(turnover, "regrettable_rate", p)),
        ("total_cost", "money", lambda p: pick(cost, "total_cost", p)),
        ("interview_coverage", "rate", lambda p: pick(interviews, "coverage", p)),
        ("enps", "score", lambda p: pick(scores, "mean", p, lambda r: r["type"] == enps)),
        ("open_actions", "count", still_open),
    ]
    measures = []
    for key, kind, value in values:
        now, before = value(current), value(previous)
        change = None
        if isinstance(now, int | float) and isinstance(before, int | float):
            change = round(now - before, 1)
        measures.append(Measure(key, kind, now, before, change))
    return Figures(current, previous, opts.start, opts.end, tuple(measures))


def summary(found: Figures, opts: Options) -> Report:
    """The figures as a report: a line per measure, both periods side by side."""
    lang = opts.lang
    rows = [
        {"measure": word(m.key, lang), "this_period": m.this_period,
         "previous_period": m.previous_period, "change": m.change, "_kind": m.kind,
         "_kind_change": "points" if m.kind == "rate" else m.kind}
        for m in found.measures
    ]  # fmt: skip
    columns = [
        Column("measure", "text"),
        Column("this_period", "mixed", found.this_period),
        Column("previous_period", "mixed", found.previous_period or word("previous_period", lang)),
        Column("change", "mixed"),
    ]
    report = Report("summary", columns, rows)
    zh = lang == "zh"
    colon, semicolon, stop = ("：", "；", "。") if zh else (": ", "; ", ". ")
    note = word("this_period", lang) + colon + found.this_period
    if found.previous_period:
        note += semicolon + word("previous_period", lang) + colon + found.previous_period
    note += stop + f"{word('range', lang)} {found.start} – {found.end}" + stop.strip()
    report.notes.append(note)
    if any(v is SUPPRESSED for row in rows for v in row.values()):
        report.notes.append(suppressed_note(opts.min_group))
    return report
