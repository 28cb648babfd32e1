"""Report tables reshaped for a sheet of the workbook: separations by kind grouped as the
rates count them, scores with words for codes and without pages of `*`, a single period
without a Total block that would repeat it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from retainkit.reports.model import SUPPRESSED, Report, word

KIND_ROWS = (
    ("kind_resignations", "voluntary"),
    ("kind_retirements", "retirement"),
    ("kind_involuntary", None),
    ("kind_dismissal", "involuntary"),
    ("kind_end_of_contract", "end_of_contract"),
    ("kind_layoff", "layoff"),
)
"""The Voluntary and involuntary sheet's rows of a period, as reports/turnover.py's
CLASSES count them: resignations, retirements, then involuntary separations as a subtotal
(from the Turnover sheet's own figures) above its parts; the stored kind "involuntary" is
a dismissal."""
KIND_COLUMNS = ("period", "kind", "separations", "headcount", "turnover_rate", "annualised_rate")


def kinds_sheet(by_kind: Report, turnover: Report, lang: str) -> Report:
    """Per period (and the range): resignations, retirements, involuntary with its parts
    (dismissal, end of contract, layoff), all; counts, rate and annualised rate, every rate
    over the whole average headcount. `by_kind`: the turnover report by kind; `turnover`:
    the one without a breakdown, whose involuntary figures the subtotal repeats."""
    everyone = word("all", lang)
    plain = {row["period"]: row for row in turnover.rows}
    parts: dict[Any, dict[str, dict[str, Any]]] = {}
    for row in by_kind.rows:
        parts.setdefault(row["period"], {})[row["kind"]] = row
    rows = []
    for period, found in parts.items():
        whole = plain.get(period, {})
        heads = whole.get("headcount", next(iter(found.values())).get("headcount"))
        for label, code in KIND_ROWS:
            if code is None:
                figures = {
                    "separations": whole.get("involuntary_count"),
                    "turnover_rate": whole.get("involuntary_rate"),
                    "annualised_rate": whole.get("involuntary_annualised"),
                }
            else:
                source = found.get(code, {})
                figures = {
                    "separations": source.get("separations", 0),
                    "turnover_rate": source.get("turnover_rate", 0.0 if heads else None),
                    "annualised_rate": source.get("annualised_rate", 0.0 if heads else None),
                }
            rows.append({"period": period, "kind": word(label, lang), "headcount": heads}
                        | figures)  # fmt: skip
        total = found.get(everyone, whole)
        rows.append(
            {"period": period, "kind": everyone, "headcount": heads}
            | {k: total.get(k) for k in ("separations", "turnover_rate", "annualised_rate")}
        )
    columns = [c for c in by_kind.columns if c.key in KIND_COLUMNS]
    return replace(by_kind, columns=columns, rows=rows)


def one_period(report: Report, lang: str) -> Report:
    """A report over a single period without its Total block, which would repeat it."""
    total = word("total", lang)
    periods = {row.get("period") for row in report.rows} - {total}
    if len(periods) > 1:
        return report
    return replace(report, rows=[row for row in report.rows if row.get("period") != total])


def scores_sheet(report: Report, enps_questions: set[str], lang: str) -> Report:
    """The scores with one eNPS row (not also the question it is worked out from, whose
    0–100 mean reads as another eNPS), and a period whose every figure is hidden as one
    line saying so, as the Comments sheet does."""
    question = word("question", lang)
    kept = [
        row
        for row in report.rows
        if not (row.get("type") == question and row.get("item") in enps_questions)
    ]
    by = report.columns[1].key if report.columns[1].key != "type" else None
    runs: dict[Any, list[dict[str, Any]]] = {}
    for row in kept:
        runs.setdefault((row.get("period"), row.get(by) if by else None), []).append(row)
    rows: list[dict[str, Any]] = []
    for (period, group), run in runs.items():
        if len(run) > 1 and all(r.get("mean") is SUPPRESSED for r in run):
            line = {"period": period, "item": word("items_hidden", lang).format(n=len(run)),
                    "responses": SUPPRESSED, "mean": SUPPRESSED}  # fmt: skip
            if by:
                line[by] = group
            rows.append(line)
        else:
            rows += run
    return replace(report, rows=rows)
