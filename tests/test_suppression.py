"""Confidentiality of report tables: small groups hidden, and no hidden cell derivable."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from retainkit.reports.suppression import Suppressed, suppress

SEARCH_CAP = 20
MAX_SEARCH = 100_000


def solutions(result: Suppressed) -> list[tuple[tuple[int, ...], ...]]:
    """Every table of non-negative counts that shows exactly what `result` publishes."""
    rows, columns = result.rows, result.columns
    grand = result.shown(rows, columns)

    def bound(r: int, c: int) -> int:
        limits = [
            v for v in (result.shown(r, columns), result.shown(rows, c), grand) if v is not None
        ]
        return min(limits) if limits else SEARCH_CAP

    unknown = [(r, c) for r in range(rows) for c in range(columns) if (r, c) in result.hidden]
    space = 1
    for r, c in unknown:
        space *= bound(r, c) + 1
    assume(space <= MAX_SEARCH)  # an exhaustive search has to stay quick
    found = []
    for values in itertools.product(*(range(bound(r, c) + 1) for r, c in unknown)):
        body = [list(row[:columns]) for row in result.counts[:rows]]
        for (r, c), value in zip(unknown, values, strict=True):
            body[r][c] = value
        row_totals = [sum(row) for row in body]
        column_totals = [sum(body[r][c] for r in range(rows)) for c in range(columns)]
        if (
            all(result.shown(r, columns) in (None, row_totals[r]) for r in range(rows))
            and all(result.shown(rows, c) in (None, column_totals[c]) for c in range(columns))
            and grand in (None, sum(row_totals))
        ):
            rows_with_totals = tuple((*row, sum(row)) for row in body)
            found.append((*rows_with_totals, (*column_totals, sum(row_totals))))
    return found


def test_a_group_of_four_is_hidden_with_a_complement() -> None:
    result = suppress([[4, 10, 12], [8, 9, 20]], min_group=5)
    assert (0, 0) in result.hidden  # 4 people
    assert sum(1 for c in range(3) if (0, c) in result.hidden) >= 2  # its row
    assert sum(1 for r in range(2) if (r, 0) in result.hidden) >= 2  # its column
    assert result.shown(2, 3) == 63  # the grand total stays
    assert all(
        result.shown(r, c) is not None for r in (0, 1) for c in (2,) if (r, c) not in result.hidden
    )


def test_min_group_one_turns_it_off() -> None:
    result = suppress([[1, 2], [3, 0]], min_group=1)
    assert result.hidden == frozenset()
    assert result.counts == ((1, 2, 3), (3, 0, 3), (4, 2, 6))


def test_zeros_and_large_groups_are_shown() -> None:
    result = suppress([[0, 12], [7, 30]], min_group=5)
    assert result.hidden == frozenset()


def test_a_small_total_is_hidden_too() -> None:
    result = suppress([[2, 1], [9, 8]], min_group=5)
    assert (0, 2) in result.hidden  # the first row counts 3 people


def test_bad_tables_are_refused() -> None:
    with pytest.raises(ValueError):
        suppress([[1, 2], [3]], min_group=5)
    with pytest.raises(ValueError):
        suppress([[-1, 2]], min_group=5)


tables = st.integers(1, 3).flatmap(
    lambda rows: st.integers(1, 3).flatmap(
        lambda columns: st.lists(
            st.lists(st.integers(0, 6), min_size=columns, max_size=columns),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=150, deadline=None)
@given(tables, st.integers(2, 5))
# Tables where checking each line alone was not enough: a hidden total tied to its one
# hidden member, and the grand total, gave a hidden cell away through other lines.
@example([[0, 1, 0], [0, 1, 0], [1, 0, 2]], 2)
@example([[5, 0, 4], [0, 6, 0], [1, 1, 0]], 5)
@example([[0, 0, 2], [3, 3, 5], [2, 0, 3]], 3)
def test_no_hidden_cell_can_be_worked_out_from_what_is_shown(
    counts: list[list[int]], min_group: int
) -> None:
    result = suppress(counts, min_group)
    for r, row in enumerate(result.counts):
        for c, value in enumerate(row):
            if 0 < value < min_group:
                assert (r, c) in result.hidden
    if not result.hidden:
        return
    found = solutions(result)
    assert result.counts in found
    for r, c in result.hidden:
        assert len({table[r][c] for table in found}) > 1, (counts, min_group, (r, c))


SUBTOTALED = st.lists(st.integers(0, 6), min_size=8, max_size=8)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(SUBTOTALED, st.integers(2, 5))
def test_subtotals_never_give_a_hidden_cell_away(values: list[int], min_group: int) -> None:
    """Four reasons under two subtotals, two periods: every published cell (leaf, subtotal,
    total) is worked out from the leaves; no hidden one has a single possible value."""
    from retainkit.reports.suppression import TOTAL, Axis, Subtotal, cube

    reasons = Axis("reason", ("a", "b", "c", "d"), (("mine", ("a", "b")), ("theirs", ("c", "d"))))
    periods = Axis("period", (0, 1))
    counts = {(r, p): values[i * 2 + p] for i, r in enumerate(reasons.values) for p in (0, 1)}
    result = cube(counts, [reasons, periods], min_group)
    for key, value in result.values.items():
        if 0 < value < min_group:
            assert key in result.hidden
    if not result.hidden:
        return
    leaves = list(counts)
    unknown = [k for k in leaves if k in result.hidden]
    # Counts are never negative and never above the grand total, which stays shown here.
    grand = result.values.get((TOTAL, TOTAL), 0)
    assume((TOTAL, TOTAL) not in result.hidden)
    assume((grand + 1) ** len(unknown) <= MAX_SEARCH)
    coordinates = [(r, p) for r in reasons.coordinates() for p in periods.coordinates()]

    def totals(cells: dict[tuple[object, object], int]) -> dict[tuple[object, object], int]:
        found = {}
        for key in coordinates:
            found[key] = sum(
                v
                for (r, p), v in cells.items()
                if (key[0] is TOTAL or key[0] == r
                    or (isinstance(key[0], Subtotal)
                        and r in dict(reasons.subtotals)[key[0].name]))
                and (key[1] is TOTAL or key[1] == p)
            )  # fmt: skip
        return found

    shown = {k: result.values.get(k, 0) for k in coordinates if k not in result.hidden}
    possible: dict[tuple[object, object], set[int]] = {k: set() for k in result.hidden}
    for guess in itertools.product(range(grand + 1), repeat=len(unknown)):
        cells = dict(counts) | dict(zip(unknown, guess, strict=True))
        every = totals(cells)
        if all(every[k] == v for k, v in shown.items()):
            for k in possible:
                possible[k].add(every[k])
    for key, found in possible.items():
        assert len(found) > 1, (values, min_group, key)


PUBLIC_TABLES = st.integers(1, 3).flatmap(
    lambda groups: st.lists(
        st.lists(st.integers(0, 4), min_size=3, max_size=3), min_size=groups, max_size=groups
    )
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(PUBLIC_TABLES, st.integers(2, 5))
# One group whose leavers all gave the same small reason: beside its public total, only a
# zero could be hidden with it.
@example([[2, 0, 0]], 3)
@example([[2, 0, 0], [0, 0, 0]], 3)
@example([[1, 0, 0], [4, 0, 3]], 2)
# The zeros hidden beside each 1 add up to a shown 0 along their column: found by the test.
@example([[0, 0, 1], [0, 0, 1]], 2)
# Two groups of one leaver each, both giving the reason a third group did not: bounds
# (x + y = 2, each at most 1) pin them without any equation doing so.
@example([[0, 0, 1], [0, 0, 1], [0, 2, 0]], 2)
# A group nobody left: hiding its zeros protects nothing.
@example([[0, 0, 0], [0, 0, 1], [0, 0, 1]], 2)
def test_public_totals_stay_shown_and_give_no_hidden_cell_away(
    table: list[list[int]], min_group: int
) -> None:
    """Reasons (columns) per group (rows): how many left each group is public, the reasons
    are not. Public cells are never hidden; every small reason count is, and no hidden cell
    has a single value among the tables that show what is shown."""
    from retainkit.reports.suppression import TOTAL, Axis, cube

    groups = Axis("group", tuple(range(len(table))))
    reasons = Axis("reason", (0, 1, 2))
    counts = {(g, r): table[g][r] for g in groups.values for r in reasons.values}
    result = cube(counts, [groups, reasons], min_group, public=lambda key: key[1] is TOTAL)
    assert not any(key[1] is TOTAL for key in result.hidden)
    for key, value in result.values.items():
        if 0 < value < min_group and key[1] is not TOTAL:
            assert key in result.hidden
    unknown = [key for key in counts if key in result.hidden]
    limit = [result.count(key[0], TOTAL) for key in unknown]  # a reason count ≤ its group
    space = 1
    for bound in limit:
        space *= bound + 1
    assume(space <= MAX_SEARCH)
    coordinates = [(g, r) for g in groups.coordinates() for r in reasons.coordinates()]

    def totals(cells: dict[tuple[object, object], int]) -> dict[tuple[object, object], int]:
        return {
            (g, r): sum(
                v
                for (cg, cr), v in cells.items()
                if (g is TOTAL or g == cg) and (r is TOTAL or r == cr)
            )
            for g, r in coordinates
        }

    shown = {k: result.count(*k) for k in coordinates if k not in result.hidden}
    possible: dict[tuple[object, object], set[int]] = {k: set() for k in result.hidden}
    for guess in itertools.product(*(range(bound + 1) for bound in limit)):
        every = totals(dict(counts) | dict(zip(unknown, guess, strict=True)))
        if all(every[k] == v for k, v in shown.items()):
            for k in possible:
                possible[k].add(every[k])
    for key, found in possible.items():
        assert len(found) > 1, (table, min_group, key)
