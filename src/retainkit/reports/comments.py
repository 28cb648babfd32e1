"""What leavers wrote, by theme: how many commenting leavers touch each theme, per period
and group; nothing at all of a group whose comments come from fewer than
`report.min_comments` leavers (with complements, as reports.suppression hides them)."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from retainkit.reports.groups import Namer, ordered, separation_group
from retainkit.reports.layout import counted, period_axis, period_columns, separation_table
from retainkit.reports.model import Column, Options, Report, count_hidden, shown, word
from retainkit.reports.periods import bucket
from retainkit.reports.suppression import TOTAL, Axis, Cube, cube

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from retainkit.core.themes.loading import ThemeSet
    from retainkit.core.themes.said import Comment

BY = ("department", "level", "kind")
COMMENTERS = "commenters"


@dataclass(frozen=True)
class CommentCells:
    """Commenting leavers per (group, period), the themes they touch, and which cells
    a reader may see: the base for the report and the workbook's Comments sheet."""

    base: Cube
    themes: dict[str, Cube]
    groups: tuple[Hashable, ...]
    comments: list[Comment]
    place: dict[int, tuple[Hashable, ...]]
    """A separation's cell key: (group, period) or (period,)."""
    min_comments: int

    def shown_group(self, group: Hashable) -> bool:
        """Whether anything of a group's comments (over the whole range) may be shown."""
        lead = (group,) if group is not None else ()
        return (*lead, TOTAL) not in self.base.hidden


def comment_cells(
    session: Session, opts: Options, themes: ThemeSet, *, keep: bool = True
) -> CommentCells:
    """The cells of the comments of the range's separations; `keep`: the comments too
    (for quoting), else only what they count (memory stays flat)."""
    from sqlalchemy import select

    from retainkit.core.settings import load_settings
    from retainkit.core.themes.said import comments

    min_comments = load_settings(session).report_min_comments
    s = separation_table()
    period = bucket(s.c.last_day, opts.spans)
    group = separation_group(opts.by, s)
    keys = [period] + ([group] if group is not None else [])
    rows = session.execute(select(s.c.id, *keys).where(counted(s, opts))).all()
    place = {row[0]: (*row[2:], row[1]) for row in rows}
    found: list[Comment] = []
    commenters: dict[tuple[Hashable, ...], set[int]] = {}
    touching: dict[str, dict[tuple[Hashable, ...], set[int]]] = {t.key: {} for t in themes.themes}
    for comment in comments(session, themes, list(place)):
        if comment.separation_id not in place:
            continue
        if keep:
            found.append(comment)
        key = place[comment.separation_id]
        commenters.setdefault(key, set()).add(comment.separation_id)
        if comment.praise:
            continue  # what a leaver valued is no problem theme (reports.md)
        for theme in comment.themes:
            touching[theme].setdefault(key, set()).add(comment.separation_id)
    groups = ordered(opts.by, (key[0] for key in commenters)) if opts.by else ()
    axes = ([Axis("group", groups)] if opts.by else []) + [period_axis(opts)]
    base = cube({k: len(v) for k, v in commenters.items()}, axes, min_comments)

    def no_commenter(key: tuple[Hashable, ...]) -> bool:
        """A shown cell where nobody commented: every theme is a known 0 there, never
        hidden (a reader works it out from the commenters' 0 anyway)."""
        return key not in base.hidden and base.count(*key) == 0

    by_theme = {
        theme: cube(
            {k: len(v) for k, v in cells.items()}, axes, 1, hide=base.hidden, public=no_commenter
        )
        for theme, cells in touching.items()
    }
    return CommentCells(base, by_theme, groups, found, place, min_comments)


def comment_themes(session: Session, opts: Options, namer: Namer, themes: ThemeSet) -> Report:
    """Per group: the leavers who commented, then one row per theme touched."""
    cells = comment_cells(session, opts, themes, keep=False)
    rows: list[dict[str, Any]] = []
    for group in (*cells.groups, TOTAL) if opts.by else (None,):
        lead = (group,) if opts.by else ()
        head: dict[str, Any] = {opts.by: namer(group)} if opts.by else {}
        rows.append(_row(head | {"code": "", "theme": word(COMMENTERS, opts.lang)},
                         cells.base, lead, opts))  # fmt: skip
        for theme in themes.themes:
            data = cells.themes[theme.key]
            if data.count(*lead, TOTAL) == 0 and (*lead, TOTAL) not in data.hidden:
                continue  # a theme nobody in the group touched: no row
            label = {"code": theme.key, "theme": theme.label(opts.lang)}
            rows.append(_row(head | label, data, lead, opts))
    columns = [
        *([Column(opts.by, "text")] if opts.by else []),
        Column("code", "text"),
        Column("theme", "text"),
        *period_columns(opts),
    ]
    report = Report("comments", columns, rows)
    report.notes.append(
        "Counts are leavers whose exit-interview comments touch a theme; one leaver may "
        "touch several. Themes are read from every open answer but the praise questions "
        "(what leavers valued), as report reasons --compare reads them; leavers who "
        "commented count those who only praised too. Sensitive answers are never read."
    )
    report.suppressed = count_hidden(rows)
    if report.suppressed:
        report.notes.append(hidden_note(cells.min_comments))
    return report


def hidden_note(min_comments: int) -> str:
    return (
        f"* hidden: comments from fewer than {min_comments} leavers in a group, or a value "
        "that would let a hidden one be worked out (report.min_comments)"
    )


def _row(
    row: dict[str, Any], data: Cube, lead: tuple[Hashable, ...], opts: Options
) -> dict[str, Any]:
    for index, span in enumerate(opts.spans):
        row[span.label] = shown(data, *lead, index)
    row["total"] = shown(data, *lead, TOTAL)
    return row
