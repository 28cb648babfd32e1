"""Why people leave: separations by primary reason (and contributing reasons) per period,
and stated reasons against the ones HR verified; GROUP BY in SQL, then small-group
suppression."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retainkit.core.reasons import taxonomy
from retainkit.reports.groups import Namer, ordered, separation_group
from retainkit.reports.layout import counted, finish, period_axis, period_columns, separation_table
from retainkit.reports.model import SUPPRESSED, Column, Options, Report, shown, word
from retainkit.reports.periods import bucket
from retainkit.reports.small_groups import about_few
from retainkit.reports.suppression import TOTAL, Axis, Subtotal, cube
from retainkit.storage.models import (
    Interview,
    RecordedReason,
    StatedReason,
    VerifiedReason,
    table_of,
)

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.core.themes.loading import ThemeSet
    from retainkit.core.themes.said import Said

NOT_RECORDED = "not_recorded"


def _stated(primary: bool) -> Any:
    """SQL: (separation_id, code) of the stated reasons in completed exit interviews, and
    of a separation no such interview states reasons for, those its HR system recorded
    (`separation import`)."""
    from sqlalchemy import select, union

    i, r, h = table_of(Interview), table_of(StatedReason), table_of(RecordedReason)
    interviewed = (
        select(i.c.separation_id, r.c.code, r.c.is_primary)
        .join(r, r.c.interview_id == i.c.id)
        .where(i.c.kind == "exit", i.c.status == "completed", i.c.separation_id.is_not(None))
    )
    stated = interviewed.subquery()
    recorded = select(h.c.separation_id, h.c.code).where(
        h.c.is_primary.is_(primary), h.c.separation_id.not_in(select(stated.c.separation_id))
    )
    return union(
        select(stated.c.separation_id, stated.c.code).where(stated.c.is_primary.is_(primary)),
        recorded,
    )


def _verified(primary: bool) -> Any:
    from sqlalchemy import select

    v = table_of(VerifiedReason)
    return select(v.c.separation_id, v.c.code).where(v.c.is_primary.is_(primary))


def _reason_source(primary: bool, use_verified: bool) -> Any:
    """SQL: (separation_id, code) of the reasons a report counts: verified ones where a
    separation has them (with --verified), stated ones otherwise."""
    from sqlalchemy import exists, select, union_all

    stated = _stated(primary)
    if not use_verified:
        return stated.subquery()
    v = table_of(VerifiedReason)
    st = stated.subquery()
    has_verified = exists(select(v.c.separation_id).where(v.c.separation_id == st.c.separation_id))
    return union_all(
        _verified(primary), select(st.c.separation_id, st.c.code).where(~has_verified)
    ).subquery()


def reasons(session: Session, opts: Options, namer: Namer, *, use_verified: bool = False) -> Report:
    """Separations by primary reason per period (and breakdown), with company-controlled
    and personal subtotals; contributing reasons counted separately below."""
    from sqlalchemy import func, select

    s = separation_table()
    period = bucket(s.c.last_day, opts.spans)
    group = separation_group(opts.by, s)
    keys = [period] + ([group] if group is not None else [])

    primary = _reason_source(True, use_verified)
    code = func.coalesce(primary.c.code, NOT_RECORDED)
    query = (
        select(*keys, code, func.count())
        .select_from(s)
        .outerjoin(primary, primary.c.separation_id == s.c.id)
        .where(counted(s, opts))
        .group_by(*keys, code)
    )
    first = {_key(row, opts): row[-1] for row in session.execute(query)}

    contributing = _reason_source(False, use_verified)
    query = (
        select(*keys, contributing.c.code, func.count())
        .select_from(s)
        .join(contributing, contributing.c.separation_id == s.c.id)
        .where(counted(s, opts))
        .group_by(*keys, contributing.c.code)
    )
    others = {_key(row, opts): row[-1] for row in session.execute(query)}

    known = taxonomy()
    seen = {key[-2] for key in (*first, *others)}  # (group,) code, period
    codes = tuple(known) + tuple(
        sorted(str(c) for c in seen if c not in known and c != NOT_RECORDED)
    )
    controllable = tuple(c for c in codes if c in known and known[c].controllable)
    personal = tuple(c for c in codes if c not in controllable)
    groups = ordered(opts.by, (key[0] for key in (*first, *others))) if opts.by else ()

    def axes(reason_axis: Axis) -> list[Axis]:
        return ([Axis("group", groups)] if opts.by else []) + [reason_axis, period_axis(opts)]

    # Each leaver has one primary reason (or none recorded): summed over reasons, the
    # leavers of a group and period; every reason of fewer than report.min_group of them
    # is hidden, zeros too (contributing ones by the same leavers).
    who = (0, 2) if opts.by else (1,)
    primary_axes = axes(
        Axis(
            "reason",
            (*codes, NOT_RECORDED),
            (("controllable", controllable), ("personal", personal)),
        )
    )
    primary_cube = cube(
        first,
        primary_axes,
        opts.min_group,
        # how many left (all separations, a reason's total) is a fact, never hidden
        public=lambda key: key[-2] is TOTAL,
        hide=about_few(first, primary_axes, who, opts.min_group),
    )
    other_axes = axes(Axis("reason", codes))
    other_cube = cube(
        others, other_axes, opts.min_group, hide=about_few(first, other_axes, who, opts.min_group)
    )

    def label(value: Hashable, total_word: str) -> tuple[str, str]:
        if value is TOTAL:
            return "", word(total_word, opts.lang)
        if isinstance(value, Subtotal):
            return "", word(value.name, opts.lang)
        if value == NOT_RECORDED:
            return "", word(NOT_RECORDED, opts.lang)
        found = known.get(str(value))
        return str(value), found.label(opts.lang) if found else str(value)

    rows: list[dict[str, Any]] = []
    for group in (*groups, TOTAL) if opts.by else (None,):
        lead = (group,) if opts.by else ()
        for kind, data, reason_coords, total_word in (
            (
                "primary",
                primary_cube,
                (*controllable, *personal, Subtotal("controllable"), Subtotal("personal"),
                 NOT_RECORDED, TOTAL),
                "all_separations",
            ),
            ("contributing", other_cube, (*codes, TOTAL), "all_mentions"),
        ):  # fmt: skip
            made: list[dict[str, Any]] = []
            hidden_codes = 0
            nobody = [k for n, k in enumerate(cells_of(opts)[:-1])
                      if primary_cube.count(*lead, TOTAL, n) == 0]  # fmt: skip
            for reason in reason_coords:
                total = shown(data, *lead, reason, TOTAL)
                if reason in codes and total == 0:
                    continue  # shown as 0: a reason nobody gave, no row
                # a hidden 0 keeps its row: left out, it would read as a 0 and give away
                # what its complement hides
                code_value, text = label(reason, total_word)
                row: dict[str, Any] = {opts.by: namer(group)} if opts.by else {}
                row |= {"type": word(kind, opts.lang), "code": code_value, "reason": text}
                for index, span in enumerate(opts.spans):
                    row[span.label] = shown(data, *lead, reason, index)
                row["total"] = total
                if reason in codes and all(
                    row[k] is SUPPRESSED or k in nobody for k in cells_of(opts)
                ):
                    hidden_codes += 1
                made.append(row)
            rows += _collapsed(made, hidden_codes, len(codes), opts)
    columns = [
        *([Column(opts.by, "text")] if opts.by else []),
        Column("type", "text"),
        Column("code", "text"),
        Column("reason", "text"),
        *period_columns(opts),
    ]
    report = Report("reasons", columns, rows)
    source = "verified reasons where recorded, stated otherwise" if use_verified else "stated"
    report.notes.append(
        f"Primary reasons ({source}) count each separation once; contributing reasons are "
        "counted separately, a separation may give several."
    )
    return finish(report, opts)


def cells_of(opts: Options) -> list[str]:
    """The keys of a row's counts: each period's, then the total."""
    return [span.label for span in opts.spans] + ["total"]


def _collapsed(
    made: list[dict[str, Any]], hidden: int, codes: int, opts: Options
) -> list[dict[str, Any]]:
    """A group whose every reason is hidden (its leavers are too few) as one line in
    place of a row of `*` per reason: it says no more than the rows (every reason is
    listed, so none is told apart), in one line."""
    if not hidden or hidden < codes:
        return made
    kept = [row for row in made if row["code"] == ""]  # subtotals, not recorded, the total
    line = dict(made[0]) | {"code": "", "reason": word("reasons_hidden", opts.lang)}
    line |= {k: SUPPRESSED if made[0][k] is SUPPRESSED else 0 for k in cells_of(opts)}
    return [line, *kept]


def _key(row: Any, opts: Options) -> tuple[Hashable, ...]:
    """A result row's cube key: (group, code, period) or (code, period)."""
    period, *rest = row[:-1]
    return (*rest, period)


def compare(session: Session, opts: Options, themes: ThemeSet) -> Report:
    """Stated against verified primary reasons, for the separations HR verified, and the
    reasons the leavers' own words speak to (said in comments)."""
    from sqlalchemy import func, select

    s = separation_table()
    stated = _stated(True).subquery()
    verified = _verified(True).subquery()
    stated_code = func.coalesce(stated.c.code, NOT_RECORDED)
    query = (
        select(stated_code, verified.c.code, func.count())
        .select_from(s)
        .join(verified, verified.c.separation_id == s.c.id)
        .outerjoin(stated, stated.c.separation_id == s.c.id)
        .where(counted(s, opts))
        .group_by(stated_code, verified.c.code)
    )
    counts: dict[tuple[Hashable, ...], int] = {(a, b): n for a, b, n in session.execute(query)}
    known = taxonomy()
    seen = {code for pair in counts for code in pair}
    codes = tuple(c for c in known if c in seen) + tuple(
        sorted(str(c) for c in seen if c not in known and c != NOT_RECORDED)
    )
    stated_codes = (*codes, NOT_RECORDED) if NOT_RECORDED in seen else codes

    def published(key: tuple[Hashable, ...]) -> bool:
        a, b = key
        return a is TOTAL or b is TOTAL or a == b

    data = cube(
        counts, [Axis("stated", stated_codes), Axis("verified", codes)], opts.min_group, published
    )
    said = _said(session, opts, themes)
    of_verified = select(s.c.id).join(verified, verified.c.separation_id == s.c.id)
    verified_ids = {row[0] for row in session.execute(of_verified.where(counted(s, opts)))}
    commented = [said.by_separation[i] for i in verified_ids if i in said.by_separation]
    said_shown = len(commented) >= said.min_comments
    speaking = [one for one in commented if one.reasons]

    def said_by(code: Hashable) -> Any:
        """Verified leavers whose comments speak to the reason (TOTAL: to any reason)."""
        if not said_shown:
            return SUPPRESSED
        if code is TOTAL:
            return len(speaking)
        return sum(1 for one in speaking if code in one.reasons)

    rows = []
    for code in (*stated_codes, TOTAL):
        found = known.get(str(code))
        in_verified = code in codes or code is TOTAL
        rows.append(
            {
                "code": "" if code is TOTAL or code == NOT_RECORDED else code,
                "reason": word("total", opts.lang)
                if code is TOTAL
                else (found.label(opts.lang) if found else word(str(code), opts.lang)),
                "stated": shown(data, code, TOTAL),
                "verified": shown(data, TOTAL, code) if in_verified else 0,
                "said": said_by(code),
                "agree": shown(data, code, code) if in_verified and code is not TOTAL else None,
            }
        )
    for code in sorted({c for one in speaking for c in one.reasons} - set(stated_codes)):
        found = known.get(code)  # a reason only the comments speak to
        label = found.label(opts.lang) if found else code
        rows.insert(-1, {"code": code, "reason": label, "stated": 0, "verified": 0,
                         "said": said_by(code), "agree": None})  # fmt: skip
    agree_total = sum(counts.get((c, c), 0) for c in codes)
    total = data.count(TOTAL, TOTAL)
    columns = [
        Column("code", "text"),
        Column("reason", "text"),
        Column("stated"),
        Column("verified"),
        Column("said"),
        Column("agree"),
    ]
    report = Report("compare", columns, rows)
    if total:
        report.notes.append(
            f"{total} verified separations from {opts.start} to {opts.end}; the stated and "
            f"verified primary reasons agree for {agree_total} "
            f"({round(agree_total / total * 100, 1)}%)."
            if opts.min_group <= 1 or agree_total >= opts.min_group
            else f"{total} verified separations from {opts.start} to {opts.end}."
        )
    if said_shown:
        mentions = sum(len(one.reasons) for one in speaking)
        report.notes.append(
            f"Said in comments: {len(commented)} of the verified separations have comments, "
            f"{len(speaking)} of them speaking to a reason (the total); one leaver's words "
            f"may speak to several reasons, so the column adds up to {mentions}. Praise "
            "answers (what leavers valued) are not read for reasons."
        )
    report.notes.append(said.note(opts))
    finish(report, opts)
    if not said_shown:
        report.notes.append(
            f"* said in comments: hidden, comments from fewer than {said.min_comments} "
            "verified leavers (report.min_comments)."
        )
    return report


@dataclass(frozen=True)
class _SaidSummary:
    by_separation: dict[int, Said]
    with_stated: int
    """Separations with a stated primary reason and comments."""
    elsewhere: int
    min_comments: int

    def note(self, opts: Options) -> str:
        """About every separation of the range, verified or not (the table holds only the
        verified ones): where the words point elsewhere is what verifying should check."""
        if self.with_stated < self.min_comments:
            return (
                f"Words pointing elsewhere: fewer than {self.min_comments} separations from "
                f"{opts.start} to {opts.end} with a stated reason and comments, nothing "
                "shown (report.min_comments)."
            )
        return (
            f"Words pointing elsewhere: of all {self.with_stated} separations from "
            f"{opts.start} to {opts.end} with a stated reason and comments, verified or not, "
            f"the words point elsewhere than the stated reason for {self.elsewhere}; verify "
            "list --pending lists them first."
        )


def _said(session: Session, opts: Options, themes: ThemeSet) -> _SaidSummary:
    """The reasons the comments of the range's separations speak to, beside the stated
    primary reason (from the exit interview, or as recorded by separation import)."""
    from sqlalchemy import select

    from retainkit.core.settings import load_settings
    from retainkit.core.themes.said import points_elsewhere, said

    s = separation_table()
    stated = _stated(True).subquery()
    codes: dict[int, str] = dict(
        session.execute(
            select(s.c.id, stated.c.code)
            .join(stated, stated.c.separation_id == s.c.id)
            .where(counted(s, opts))
        ).all()
    )
    in_range = [row[0] for row in session.execute(select(s.c.id).where(counted(s, opts)))]
    found = said(session, themes, in_range)
    with_stated = [i for i in found if i in codes]
    elsewhere = sum(1 for i in with_stated if points_elsewhere(codes[i], found[i].reasons))
    return _SaidSummary(
        found, len(with_stated), elsewhere, load_settings(session).report_min_comments
    )
