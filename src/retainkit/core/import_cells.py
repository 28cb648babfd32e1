"""A column's cells read into values: each distinct value parsed once, every problem put on
its row, the values of coded fields counted for a dry run; in a large file every other
column read by a helper process on the second core meanwhile (`base.forked`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from retainkit.core.fields import MAX_TEXT, clean_text
from retainkit.core.import_problems import Problem

FORMULA = "holds a formula; export or paste the values instead"
_NOT_READ: Any = object()
"""A cell that could not be read, while its column is counted."""


class _Failed:
    """A value's parse failed with this message (kept for the value's next cell)."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


Plan = tuple[
    int,
    str,
    Callable[..., Any],
    dict[str, str] | None,
    dict[int, tuple[str, str]] | None,
    "Counter[tuple[str, str]] | None",
]


PARALLEL_ROWS = 20_000
"""A file of at least this many rows has every other column read by a helper process on
the second core meanwhile (`base.forked`)."""
Read = tuple[list[Any], dict[int, list[Problem]], list[tuple[Problem, object]], Counter[Any] | None]
"""A column read: its values, the problems by row, the cells that failed, its values counted."""


def read_columns(rows: list[list[Any]], plan: list[Plan]) -> list[Read]:
    """Every column read, in order; in a large file every other one by a helper meanwhile."""
    from retainkit.base.forked import forked

    def read(numbers: range) -> list[Read]:
        done: list[Read] = []
        for n in numbers:
            step = plan[n]
            counted: Counter[Any] | None = None if step[5] is None else Counter()
            bad: dict[int, list[Problem]] = {}
            failed: list[tuple[Problem, object]] = []
            values = _read_column(rows, (*step[:5], counted), bad, failed)
            done.append((values, bad, failed, counted))
        return done

    every = range(len(plan))
    if len(rows) < PARALLEL_ROWS or len(plan) < 2:
        return read(every)
    theirs = forked(lambda: read(every[1::2]))
    mine = read(every[0::2])
    found = theirs()
    merged: list[Read] = []
    for n in every:
        merged.append(mine[n // 2] if n % 2 == 0 else found[n // 2])
    return merged


def _read_column(
    rows: list[list[Any]],
    step: Plan,
    bad: dict[int, list[Problem]],
    failed: list[tuple[Problem, object]],
) -> list[Any]:
    """One column's values, row by row (None where a cell is empty or cannot be read; the
    problem goes to `bad`, by row)."""
    index, header, parse, table, known, counts = step
    out: list[Any] = [None] * len(rows)
    fast_text = parse is clean_text
    cells = list(map(itemgetter(index), rows))
    # every parser is a function of the cell alone, and most columns repeat their values
    # (departments, levels, dates): each distinct value is parsed once. Columns of distinct
    # values (e-mail addresses, phones) are parsed cell by cell, without the bookkeeping.
    sample = cells[:1000]
    repeats = len(set(sample)) * 10 < len(sample) * 9
    memo: dict[Any, Any] | None = {} if repeats else None
    rows_of: Counter[Any] | None = None
    if getattr(parse, "counts_rows", 0):
        # a parser that counts the rows it reads is told how many hold each text; cells of
        # other kinds (1, 1.0 and True are one key of a Counter) it reads one by one
        text_only = table is None and set(map(type, cells)) <= {str, type(None)}
        rows_of = Counter(cells) if text_only else None
        memo = {} if text_only else None
    for position, raw in enumerate(cells):
        if raw is None or raw == "":
            continue
        if type(raw) is str:
            if raw[0] == "=":
                bad.setdefault(position, []).append(Problem(position + 2, header, FORMULA))
                continue
            if table:
                raw = table.get(raw.strip().casefold(), raw)
            elif fast_text:
                text = raw.strip()
                if text and text.isprintable() and len(text) <= MAX_TEXT and text[0] != "=":
                    out[position] = text
                    continue
        if known and position in known:
            message, hint = known[position]
            bad.setdefault(position, []).append(Problem(position + 2, header, message, hint=hint))
            continue
        if memo is None:
            try:
                out[position] = parse(raw)
            except ValueError as exc:
                problem = Problem(position + 2, header, str(exc))
                bad.setdefault(position, []).append(problem)
                failed.append((problem, raw))
                out[position] = _NOT_READ
            continue
        cache_key = raw if type(raw) is str else (type(raw), raw)
        value = memo.get(cache_key, _NOT_READ)
        if value is _NOT_READ:
            try:
                value = memo[cache_key] = (
                    parse(raw) if rows_of is None else parse(raw, rows_of[raw])
                )
            except ValueError as exc:
                value = memo[cache_key] = _Failed(str(exc))
        if type(value) is _Failed:
            problem = Problem(position + 2, header, value.message)
            bad.setdefault(position, []).append(problem)
            failed.append((problem, raw))
            value = _NOT_READ
        out[position] = value
    if counts is not None:
        pairs = Counter(zip(cells, out, strict=True))
        for (raw, value), times in pairs.items():
            if raw is not None and raw != "":
                counts[(_shown(raw), _shown(value))] += times
        for position, value in enumerate(out):
            if value is _NOT_READ:
                out[position] = None
    elif failed:
        for problem, _ in failed:
            out[problem.row - 2] = None
    return out


def _shown(value: object) -> str:
    if value is _NOT_READ:
        return "(not read)"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).strip()[:40]
