"""The Dashboard's tables, and the plans of the charts drawn from them: the last twelve
months' trend (each month's rate annualised beside the trailing-twelve-month rate), the
rates by kind of separation per period, the five most frequent reasons leavers resign
for."""

from __future__ import annotations

from typing import Any

from retainkit.reports.model import Options, Report, word

NOT_CHOSEN = frozenset(("retirement",))
"""Reason codes that are no reason for resigning, besides the catalogue's "involuntary"
group (end of contract, dismissal, restructuring): left out of the top five."""


def chosen(code: Any) -> bool:
    """Whether a reason code is one a leaver resigns for (not retirement, not involuntary)."""
    from retainkit.core.reasons import taxonomy

    known = taxonomy().get(str(code))
    return code not in NOT_CHOSEN and (known is None or known.group != "involuntary")


def top_reasons(report: Report, lang: str, count: int = 5) -> list[tuple[str, Any, Any]]:
    """(reason, separations, share in %) of the most frequent primary reasons leavers
    resign for, with a shown total; the share is of the recorded reasons of that kind (all
    separations less those without a reason, less retirements and involuntary ones), None
    where one of those is hidden and it cannot be worked out."""
    primary = word("primary", lang)
    rows = [r for r in report.rows if r.get("type") == primary]
    coded = [r for r in rows if r.get("code")]
    named = {r.get("reason"): r.get("total") for r in rows if not r.get("code")}
    parts: list[Any] = [named.get(word("all_separations", lang))]
    parts += [named.get(word("not_recorded", lang), 0)]
    parts += [r.get("total") for r in coded if not chosen(r["code"])]
    whole: Any = None
    if all(isinstance(v, int | float) for v in parts):
        whole = parts[0] - sum(parts[1:])
    shown = [r for r in coded if chosen(r["code"]) and isinstance(r.get("total"), int | float)]
    found = []
    for row in sorted(shown, key=lambda r: -r["total"])[:count]:
        share = round(row["total"] / whole * 100, 1) if whole else None
        found.append((str(row.get("reason")), row["total"], share))
    return found


def first_year_bases(kinds: Report | None) -> dict[str, tuple[int, int]]:
    """Per period label, (leavers with under a year, leavers with a known hire date), as
    `kinds_table` carries them from the turnover report."""
    found = {}
    for row in kinds.rows if kinds is not None else []:
        early, known = row.get(EARLY), row.get(KNOWN)
        if isinstance(early, int) and isinstance(known, int):
            found[str(row.get("period"))] = (early, known)
    return found


def trend_months(opts: Options) -> list[Any]:
    """The last twelve months to the range's end, whole (a range shorter than a year does
    not shorten them), the last cut at the range's end and labelled so ("2026-11 to 17
    Nov"), in the workbook's language."""
    from retainkit.reports.periods import periods

    end = opts.end
    month = end.month - 11
    start = end.replace(year=end.year + (month - 1) // 12, month=(month - 1) % 12 + 1, day=1)
    return periods(start, end, "month", opts.lang)


def monthly(trend: Report, opts: Options) -> Report:
    """The monthly trend as the Dashboard shows it: per month the rate, the rate annualised
    and the trailing twelve months' (also a rate per year), no Total row (the last month's
    trailing rate is the twelve months' rate: a total over the months beside it read as a
    third figure for the same thing)."""
    from datetime import date

    from retainkit.reports.model import Column
    from retainkit.reports.periods import annualising, periods

    total = word("total", opts.lang)
    first = min((s.start for s in opts.spans), default=opts.start)
    back = date(opts.end.year - 1, opts.end.month, 1)
    spans = {p.label: p for lang in {opts.lang, "en"}
             for since in (min(back, first), first, opts.start)
             for p in periods(since, opts.end, "month", lang)}  # fmt: skip
    rows = []
    for row in trend.rows:
        if row.get("period") == total:
            continue
        rate, span = row.get("turnover_rate"), spans.get(str(row.get("period")))
        yearly: Any = rate
        if isinstance(rate, int | float) and span is not None:
            yearly = round(rate * annualising(span), 1)
        elif isinstance(rate, int | float):
            yearly = None  # a month it cannot place: nothing rather than a wrong figure
        rows.append({**row, "annualised_rate": yearly})
    columns = [Column("period", "text"), Column("turnover_rate", "rate"),
               Column("annualised_rate", "rate", word("monthly_annualised", opts.lang)),
               Column("ttm_rate", "rate")]  # fmt: skip
    return Report(trend.key, columns, rows, trend.notes, trend.suppressed)


def trend_plot(lang: str) -> Any:
    """Each month's turnover rate annualised and the trailing-twelve-month rate, both rates
    per year, on one axis titled so: where the two lines cross, the month ran at the
    twelve months' pace. (Two axes, the month's rate at the left and the twelve months' at
    the right, drew lines that crossed where nothing happened.)"""
    from retainkit.reports.charts import Plot, block_of

    def plan(report: Report) -> Plot | None:
        found = block_of(report, lambda r: r.get("period") != word("total", lang))
        if found is None:
            return None
        return Plot("line", word("trend_chart", lang), *found, "period",
                    ("annualised_rate", "ttm_rate"), "0.0%")  # fmt: skip

    return plan


KIND_RATES = ("voluntary_annualised", "involuntary_annualised", "regrettable_annualised")


def kinds_plot(lang: str) -> Any:
    """Voluntary, involuntary and regrettable turnover, annualised, a column per period."""
    from retainkit.reports.charts import Plot

    def plan(report: Report) -> Plot | None:
        if not report.rows:
            return None
        return Plot("column", word("annualised", lang), 0, len(report.rows) - 1, "period",
                    KIND_RATES, "0.0%")  # fmt: skip

    return plan


EARLY, KNOWN = "_first_year", "_hire_date_known"
"""Not columns of the kinds' table: the first-year share's count and base per period, for
its tile."""


def kinds_table(turnover: Report, lang: str) -> Report:
    """The annualised rates by kind of separation, per period (no Total row); each row
    also carries the first-year share's count and base (not shown in the table)."""
    from retainkit.reports.model import Column

    total = word("total", lang)
    columns = [Column("period", "text")] + [Column(key, "rate") for key in KIND_RATES]
    rows = []
    for row in turnover.rows:
        if row.get("period") == total:
            continue
        line = {c.key: row.get(c.key) for c in columns}
        separations, unknown = row.get("separations"), row.get("hire_date_unknown")
        if isinstance(separations, int) and isinstance(unknown, int):
            line[KNOWN] = separations - unknown
            line[EARLY] = row.get("first_year") if separations > unknown else 0
        rows.append(line)
    return Report("turnover", columns, rows)
