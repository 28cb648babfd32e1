"""Files written into a shared folder: a link planted where retainkit writes its temporary
file is never written through, a link given as the target is refused, and the finished file
is 0600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Run

PLANTED = 400


def _next_pids() -> range:
    """The process ids the kernel hands out next (the next child's among them)."""
    last = Path("/proc/sys/kernel/ns_last_pid")
    start = int(last.read_text()) + 1 if last.exists() else os.getpid() + 1
    return range(start, start + PLANTED)


def _plant(folder: Path, name: str, victim: Path) -> None:
    """Links at `.NAME.PID.tmp` for the next PIDs, the name retainkit once used."""
    for pid in _next_pids():
        link = folder / f".{name}.{pid}.tmp"
        if not link.exists():
            link.symlink_to(victim)


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("report.xlsx", ["export", "excel"]),
        ("due.ics", ["followup", "due", "--within", "3650", "--quiet", "--ics"]),
    ],
)
def test_links_planted_at_temporary_names_leave_the_victim_untouched(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path, name: str, command: list[str]
) -> None:
    sqlite_cli("demo", "--people", "20")
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    victim = tmp_path / "victim.txt"
    victim.write_text("the HR user's own file\n")
    victim.chmod(0o644)
    _plant(shared, name, victim)
    target = shared / name
    env = {**os.environ, "RETAINKIT_DB": str(sqlite_db)}
    done = subprocess.run(
        [sys.executable, "-m", "retainkit", *command, str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "the HR user's own file\n"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert target.is_file() and not target.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    left = [p.name for p in shared.iterdir() if not p.is_symlink() and p != target]
    assert left == [], "no temporary file is left behind"


def test_a_temporary_file_swapped_while_written_changes_nothing(tmp_path: Path) -> None:
    from retainkit.base.errors import InputError
    from retainkit.base.files import replaced_privately

    target = tmp_path / "report.xlsx"
    target.write_bytes(b"earlier")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    with (
        pytest.raises(InputError, match="replaced the temporary file"),
        replaced_privately(target) as handle,
    ):
        handle.write(b"new")
        [temporary] = [p for p in tmp_path.iterdir() if p.name.startswith(".report")]
        temporary.unlink()
        temporary.symlink_to(victim)
    assert target.read_bytes() == b"earlier"
    assert victim.read_text() == "keep"


@pytest.mark.parametrize(
    "command",
    [
        ["db", "backup"],
        ["export", "excel", "--force"],
        ["followup", "due", "--within", "3650", "--quiet", "--ics"],
    ],
)
@pytest.mark.parametrize("points_at", ["nothing", "a file"])
def test_a_link_as_the_target_is_refused(
    sqlite_cli: Run, tmp_path: Path, command: list[str], points_at: str
) -> None:
    sqlite_cli("demo", "--people", "20")
    victim = tmp_path / "elsewhere" / "victim"
    victim.parent.mkdir()
    if points_at == "a file":
        victim.write_text("the HR user's own file\n")
    suffix = {"db": ".db", "export": ".xlsx", "followup": ".ics"}[command[0]]
    link = tmp_path / f"target{suffix}"
    link.symlink_to(victim)
    result = sqlite_cli(*command, str(link), expect=2)
    assert result.stderr == (
        f"error: {link} is a symbolic link; retainkit does not write through links: "
        "give the path of the file itself\n"
    )
    assert link.is_symlink() and os.readlink(link) == str(victim)
    if points_at == "a file":
        assert victim.read_text() == "the HR user's own file\n"
    else:
        assert not victim.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
@pytest.mark.parametrize(
    "command",
    [
        ["db", "backup"],
        ["export", "excel"],
        ["followup", "due", "--within", "3650", "--quiet", "--ics"],
    ],
)
def test_a_folder_where_no_file_can_be_made_is_one_line(
    sqlite_cli: Run, sqlite_db: Path, tmp_path: Path, command: list[str]
) -> None:
    """/proc refuses new files even to root, who passes every permission check."""
    sqlite_cli("demo", "--people", "20")
    suffix = {"db": ".db", "export": ".xlsx", "followup": ".ics"}[command[0]]
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "retainkit", *command, f"/proc/retainkit{suffix}"],
        capture_output=True,
        text=True,
        env={**os.environ, "RETAINKIT_DB": str(sqlite_db), "TMPDIR": str(scratch)},
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: cannot write in /proc")
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert [p for p in scratch.rglob("*") if p.is_file()] == []
