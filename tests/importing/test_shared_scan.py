"""A large XLSX sheet is searched by two processes, every other piece each, after the first
piece sets the box for both: what they find together is what one process searching every
piece finds, limits and formulas included, and each inflates all of it within the limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from retainkit.base import forked
from retainkit.base.errors import InputError
from retainkit.core import import_grid, import_limits
from tests.importing.workbooks import xlsx, xlsx_bomb

pytestmark = pytest.mark.skipif(not forked.AVAILABLE, reason="no helper processes here")


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def rows(count: int, odd: dict[int, str] | None = None) -> str:
    """`count` rows of three cells; `odd` puts its XML in place of a row's last cell."""
    odd = odd or {}
    return "".join(
        f'<row r="{n}">{cell(f"A{n}", f"E{n:05d}")}{cell(f"B{n}", f"Person number {n}")}'
        f"{odd.get(n, cell(f'C{n}', 'Sales'))}</row>"
        for n in range(1, count + 1)
    )


def formula(ref: str) -> str:
    return f'<c r="{ref}"><f>1+2</f><v>3</v></c>'


WORKBOOKS = {
    "plain": lambda: rows(40_000),
    "formulas": lambda: rows(40_000, {3: formula("C3"), 20_001: formula("C20001"),
                                     39_998: formula("C39998"), 39_999: formula("C39999")}),
    "a cell far out, past the first piece": lambda: rows(40_000, {30_000: cell("ZZ30000", "x")}),
    "a cell without a reference, past the first piece": lambda: rows(
        40_000, {25_000: '<c t="inlineStr"><is><t>x</t></is></c>'}
    ),
    "more cells than the limit, each half under it": lambda: rows(  # a cell twice a row
        30_000, {n: cell(f"C{n}", "Sales") + cell(f"C{n}", "again") for n in range(1, 30_001)}
    ),
}  # fmt: skip


def outcome(path: Path, shared: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(import_limits, "SHARED_SCAN", 0 if shared else 10**12)
    try:
        return import_limits.scan_workbook(path)
    except InputError as exc:
        return exc.message


@pytest.mark.parametrize("name", list(WORKBOOKS))
def test_two_processes_find_what_one_finds(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if name.startswith("more cells"):
        for module in (import_limits, import_grid):
            monkeypatch.setattr(module, "MAX_CELLS", 100_000)  # 120,000 cells in 30,000 rows
    path = xlsx(tmp_path / "sheet.xlsx", WORKBOOKS[name](), [])
    forks = []
    real = forked.forked

    def counted(work: Any) -> Any:
        forks.append(work)
        return real(work)

    monkeypatch.setattr(forked, "forked", counted)
    alone = outcome(path, False, monkeypatch)
    assert not forks
    together = outcome(path, True, monkeypatch)
    assert len(forks) == 1
    assert together == alone
    if name == "formulas":
        assert alone.formulas == {(3, 3), (20_001, 3), (39_998, 3), (39_999, 3)}
        assert alone.cells == 120_000
    if name.startswith("more cells"):
        assert "over 100,000 cells" in alone
    if name.startswith("a cell far out"):
        assert "rows × 702 columns" in alone


def test_a_bomb_is_refused_by_the_process_that_inflates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = xlsx_bomb(tmp_path / "bomb.xlsx", unpacked=64 * 2**20, declared=20 * 2**20)
    message = outcome(bomb, True, monkeypatch)
    assert "unpacks to more than the archive says" in message
    assert outcome(bomb, False, monkeypatch) == message


def test_a_helper_that_dies_leaves_its_pieces_to_the_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    path = xlsx(tmp_path / "sheet.xlsx", WORKBOOKS["formulas"](), [])
    alone = outcome(path, False, monkeypatch)
    parent = os.getpid()
    real = forked.forked

    def dying(work: Any) -> Any:
        def die() -> Any:
            if os.getpid() != parent:
                os._exit(3)
            return work()

        return real(die)

    monkeypatch.setattr(forked, "forked", dying)
    assert outcome(path, True, monkeypatch) == alone


def test_the_helper_is_stopped_when_the_import_finds_a_problem_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cell far out in one of the parent's pieces: the sheet is read again, strictly, and
    the helper, still searching its pieces, is stopped and reaped, not left to finish."""
    import os

    path = xlsx(tmp_path / "far.xlsx", rows(60_000, {12_000: cell("ZZ12000", "x")}), [])
    started = []
    real = forked.forked

    def slow(work: Any) -> Any:
        def later() -> Any:
            import time

            time.sleep(30)  # still at work when the parent is done
            return work()

        helper = real(later)
        started.append((helper, helper.pid))
        return helper

    monkeypatch.setattr(forked, "forked", slow)
    message = outcome(path, True, monkeypatch)
    assert "rows × 702 columns" in message
    [(helper, pid)] = started
    assert pid and helper.pid == 0
    with pytest.raises(ChildProcessError):  # reaped: no zombie left
        os.waitpid(pid, os.WNOHANG)


def test_searches_that_disagree_are_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both processes search the same bytes, read once, so their first pieces are the same;
    were the helper to set no box where the parent did, the file is refused in one line."""
    path = xlsx(tmp_path / "sheet.xlsx", WORKBOOKS["plain"](), [])
    real = forked.forked
    monkeypatch.setattr(forked, "forked", lambda work: real(lambda: None))
    assert outcome(path, True, monkeypatch) == (
        "cannot check sheet.xlsx: its two searches disagree on its first piece; save it "
        "again from the spreadsheet program, or as CSV"
    )


def test_the_workbook_read_is_the_workbook_checked(tmp_path: Path) -> None:
    """The file is read once: saved over between the check and the reading, it is still
    the bytes that were checked that are read."""
    from retainkit.core import import_files

    path = xlsx(tmp_path / "sheet.xlsx", rows(3), [])
    _, cells = import_files.open_cells(path, None)
    far = xlsx(tmp_path / "far.xlsx", rows(3, {2: cell("XFD1048576", "x")}), [])
    far.replace(path)  # saved over after the check, before the rows are read
    assert [row[0] for row in cells] == ["E00001", "E00002", "E00003"]
