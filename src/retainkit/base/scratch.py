"""Scratch space: where files that hold personal data live while retainkit works on them.

Two kinds. The private run folder, `$TMPDIR/retainkit-<uid>/<pid>-<random>` (the parent and
the folder mode 0700, checked to be the user's own), where libraries put their temporary
files (openpyxl's sheets, with names and free-text answers) and a backup is first made.
And partial files beside a target: the temporary file a finished export is renamed from,
listed in the run folder before it is created.

Both go when the work ends, and `clean_up()` removes them at once (the CLI calls it on
SIGTERM and SIGHUP, and it runs at exit). After a SIGKILL the next run's `sweep()` removes
them: a run folder stays locked (flock) while its process lives, and the kernel drops the
lock when the process dies, however it dies; a folder whose lock can be taken and whose
process (its name starts with the pid) is gone belongs to a dead run, and goes with the
partial files it lists. (The pid covers the moment between making a folder and locking it.)
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

LOCKS = sys.platform != "win32"
"""POSIX: run folders are locked while their process lives, and swept after it died. On
Windows, which has no flock, nothing is swept: the folders go at exit and on Ctrl-C."""
_NO_LINK = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_FOLDER = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _NO_LINK

PARTIAL_LIST = "partial-files"
"""In a run folder: the partial files beside targets, NUL-separated, each listed before it
is created."""


@dataclass
class _Run:
    folder: Path
    fd: int
    """Open on the folder, holding its lock for as long as the process lives."""
    users: int = 0
    partial: list[Path] = field(default_factory=list)


_root: Path | None = None
_run: _Run | None = None


def root() -> Path:
    """`$TMPDIR/retainkit-<uid>`, the parent of every run folder of this user."""
    global _root
    if _root is None:
        import tempfile

        _root = Path(tempfile.gettempdir()).absolute() / f"retainkit-{_user()}"
    return _root


@contextlib.contextmanager
def private_folder() -> Iterator[Path]:
    """This run's private folder (0700), created on first use and removed with everything
    in it when the outermost block ends."""
    global _run
    if _run is None:
        sweep()
        _run = _new_run()
    run = _run
    run.users += 1
    try:
        yield run.folder
    finally:
        run.users -= 1
        if run.users == 0 and _run is run:
            clean_up()


@contextlib.contextmanager
def private_tempdir() -> Iterator[Path]:
    """Python's `tempfile` (and every library that uses it) writes into the private run
    folder while the block runs."""
    import tempfile

    with private_folder() as folder:
        before = tempfile.tempdir
        tempfile.tempdir = str(folder)
        try:
            yield folder
        finally:
            tempfile.tempdir = before


@contextlib.contextmanager
def partial_file_beside(target: Path) -> Iterator[tuple[int, Path]]:
    """A new 0600 file beside `target` with an unpredictable name, created exclusively
    without following a link: (its open descriptor, its path). It is listed in the run
    folder before it exists, so a run killed while it exists leaves nothing the next run
    does not remove; it is removed when the block ends unless the caller moved it away."""
    import secrets

    with private_folder():
        assert _run is not None
        run = _run
        for _ in range(100):
            temporary = target.parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
            _list_partial(run, temporary)
            try:
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NO_LINK, 0o600)
            except FileExistsError:
                run.partial.remove(temporary)
                continue
            except OSError as exc:
                from retainkit.base.errors import InputError

                run.partial.remove(temporary)
                raise InputError(
                    f"cannot write in {target.parent} ({exc.strerror}); "
                    "choose a folder you can write to"
                ) from None
            break
        else:  # pragma: no cover - 100 collisions of 48 random bits
            raise FileExistsError(f"no free temporary name beside {target}")
        try:
            yield fd, temporary
        finally:
            _remove_partial(temporary)
            with contextlib.suppress(ValueError):
                run.partial.remove(temporary)


helpers: set[int] = set()
"""Processes of this run that write into its private folder (an export's workers): stopped
before the folder is removed."""


def clean_up() -> None:
    """Remove this run's partial files and its private folder now, after stopping the
    processes that write into it. Safe to call at any moment, from a signal handler too,
    and more than once."""
    global _run
    for pid in list(helpers):
        with contextlib.suppress(OSError):
            os.kill(pid, 9)  # SIGKILL: at once, whatever it is doing
            os.waitpid(pid, 0)
        helpers.discard(pid)
    run, _run = _run, None
    if run is None:
        return
    for path in list(run.partial):
        _remove_partial(path)
    _remove_tree(run.folder)
    if run.fd >= 0:
        with contextlib.suppress(OSError):
            os.close(run.fd)


def sweep() -> int:
    """Remove what runs that died without cleaning up left: their partial files and their
    private folders. Returns how many runs were swept."""
    if not LOCKS:
        return 0
    try:
        folder = root()
        if not _is_own_folder(folder):
            return 0
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    swept = 0
    own = _run.folder.name if _run is not None else None
    for entry in entries:
        if entry.name == own or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            fd = os.open(entry.path, _FOLDER)
        except OSError:
            continue
        if _alive(entry.name) or not _locked(fd):  # its process lives (it may not have
            os.close(fd)  # locked a folder it has just made)
            continue
        try:
            for path in _listed_partials(Path(entry.path)):
                _remove_partial(path)
            _remove_tree(Path(entry.path))
            swept += 1
        finally:
            os.close(fd)
    return swept


def _alive(name: str) -> bool:
    """Whether the process a run folder is named after (`<pid>-<random>`) still runs."""
    pid = name.partition("-")[0]
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process, or a number the system will not take
    return True


def _new_run() -> _Run:
    import atexit
    import secrets

    parent = _private_root()
    for _ in range(100):
        folder = parent / f"{os.getpid()}-{secrets.token_hex(4)}"
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            continue
        if not LOCKS:
            atexit.register(clean_up)
            return _Run(folder=folder, fd=-1)
        try:
            fd = os.open(folder, _FOLDER)
        except FileNotFoundError:  # swept between mkdir and open: make another
            continue
        try:
            # A sweep that took the lock between mkdir and flock removed the folder.
            if _locked(fd) and os.path.samestat(os.fstat(fd), os.lstat(folder)):
                os.fchmod(fd, 0o700)
                atexit.register(clean_up)
                return _Run(folder=folder, fd=fd)
        except OSError:
            pass
        os.close(fd)
    raise OSError(f"could not make a private folder in {parent}")  # pragma: no cover


def _private_root() -> Path:
    """The user's parent folder of run folders, 0700; refused if someone else owns it."""
    from retainkit.base.errors import InputError

    folder = root()
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    if not _is_own_folder(folder):
        raise InputError(
            f"{folder} is not a folder of your own; remove it, or set TMPDIR to a folder "
            "only you can write to"
        )
    if stat.S_IMODE(folder.lstat().st_mode) != 0o700:
        os.chmod(folder, 0o700)
    return folder


def _user() -> str:
    """The effective user id; a user name where there is none (Windows)."""
    if hasattr(os, "geteuid"):
        return str(os.geteuid())
    import getpass

    return getpass.getuser()


def _owned(found: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or found.st_uid == os.geteuid()


def _locked(fd: int) -> bool:
    """Take the folder's lock without waiting; False if a live process holds it."""
    if sys.platform == "win32":  # pragma: no cover - LOCKS is False there
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _is_own_folder(folder: Path) -> bool:
    try:
        found = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(found.st_mode) and _owned(found)


def _list_partial(run: _Run, path: Path) -> None:
    run.partial.append(path)
    fd = os.open(
        run.folder / PARTIAL_LIST, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NO_LINK, 0o600
    )
    try:
        os.write(fd, os.fsencode(path) + b"\0")
    finally:
        os.close(fd)


def _listed_partials(folder: Path) -> list[Path]:
    try:
        data = (folder / PARTIAL_LIST).read_bytes()
    except OSError:
        return []
    return [Path(os.fsdecode(name)) for name in data.split(b"\0") if name]


def _remove_partial(path: Path) -> None:
    """Remove a partial file if it is still a regular file of this user: never a link, and
    never a file someone else put at that name."""
    with contextlib.suppress(OSError):
        found = path.lstat()
        if stat.S_ISREG(found.st_mode) and _owned(found):
            path.unlink()


def _remove_tree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
