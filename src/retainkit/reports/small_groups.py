"""Cells about a group of too few people, whatever they count.

Primary suppression hides a count of one to `report.min_group` - 1 people. Where the group a
figure is about is itself that small, a zero gives people away as well: of the two leavers of
a department in a quarter, "0 regrettable" says that neither was, "0 drafts, 0 not held"
that all four were interviewed or declined, a reason's 0 that neither gave it. The group's
size is public (how many left is a fact), so every figure about it is hidden, zeros
included, and the cube then hides complements as for any hidden cell."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Hashable, Mapping, Sequence

from retainkit.reports.suppression import TOTAL, Axis

Key = tuple[Hashable, ...]


def about_few(
    counts: Mapping[Key, int],
    axes: Sequence[Axis],
    who: Collection[int],
    min_group: int,
) -> set[Key]:
    """The cells of a cube over `axes` to hide because the group they are about counts
    people but fewer than `min_group`. `counts` are the cube's own, keyed by one value per
    axis, each cell counting people once; the axes at positions `who` (the group and
    period) say whom a cell is about, and every other axis something about them, whose
    total alone (how many there are) is left as it is."""
    if min_group <= 1:
        return set()
    places = sorted(who)
    sizes: dict[Key, int] = {}
    for key, count in counts.items():
        if count:
            found = [axes[at].ancestors(key[at]) for at in places]
            for target in itertools.product(*found):
                sizes[target] = sizes.get(target, 0) + count
    few = [key for key, size in sizes.items() if 0 < size < min_group]
    if not few:
        return set()
    others = [at for at in range(len(axes)) if at not in who]
    if not others:
        return set(few)  # each cell is the figure about its group (a count of regrettable)
    said = [
        combination
        for combination in itertools.product(*(axes[at].coordinates() for at in others))
        if not all(value is TOTAL for value in combination)
    ]
    hidden: set[Key] = set()
    for group in few:
        for combination in said:
            cell: list[Hashable] = [None] * len(axes)
            for at, value in zip(places, group, strict=True):
                cell[at] = value
            for at, value in zip(others, combination, strict=True):
                cell[at] = value
            hidden.add(tuple(cell))
    return hidden
