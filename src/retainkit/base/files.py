"""Files retainkit writes for people to keep: 0600, and never seen half-written."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def replaced_privately(path: Path, *, replace: bool = True) -> Iterator[BinaryIO]:
    """A 0600 temporary file beside `path`, open for writing; it takes the place of `path`
    at once when the block ends, and is removed if the block fails, so a reader never sees
    half of it. What the block does after writing (recording the file in the audit log)
    happens before the file appears. With `replace=False` an existing `path` is kept and
    the write refused.

    Export folders are often shared, so the temporary file gets an unpredictable name, is
    created exclusively without following a link (a link planted at its name is never
    written through), has its mode set on the open descriptor, and is checked to be the
    same file before it is renamed into place. A link at `path` itself is refused. The
    temporary file is listed in the private run folder before it is created, so it goes
    even if the process is killed (see `scratch`).
    """
    from retainkit.base.errors import InputError
    from retainkit.base.scratch import partial_file_beside

    refuse_link(path)
    if path.is_dir():
        raise InputError(f"{path} is a folder; give the name of a file")
    folder = path.parent.absolute()
    make_private_dirs(folder)
    with partial_file_beside(folder / path.name) as (fd, temporary):
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
            written = os.fstat(handle.fileno())
        now = os.lstat(temporary)
        if (now.st_dev, now.st_ino) != (written.st_dev, written.st_ino):
            raise InputError(
                f"someone replaced the temporary file in {folder} while it was written; "
                f"{path} was not changed: write to a folder only you can change"
            )
        if replace:
            os.replace(temporary, path)
        else:
            _put_in_place(temporary, path)


def refuse_link(path: Path) -> None:
    """Refuse a target that is a symbolic link, dangling or not: retainkit writes files
    for people, never through a link someone may have planted."""
    from retainkit.base.errors import InputError

    try:
        link = path.is_symlink()
    except OSError as exc:  # a name too long for the file system, say
        raise InputError(f"cannot write {str(path)[:200]!r}: {exc.strerror}") from None
    except ValueError:  # a NUL character, which no file name can hold
        raise InputError(f"{str(path)[:200]!r} is not a possible file name") from None
    if link:
        raise InputError(
            f"{path} is a symbolic link; retainkit does not write through links: "
            "give the path of the file itself"
        )


def _put_in_place(temporary: Path, path: Path) -> None:
    """Give the complete file its name without replacing anything there (a hard link,
    which fails if the name is taken; a rename after a check where links are refused)."""
    from retainkit.base.errors import InputError

    taken = InputError(f"{path} exists already; choose another file name")
    try:
        os.link(temporary, path, follow_symlinks=False)
    except FileExistsError:
        raise taken from None
    except OSError:  # a file system without hard links
        if os.path.lexists(path):
            raise taken from None
        os.rename(temporary, path)
    else:
        temporary.unlink()


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (0600), with private parent folders."""
    make_private_dirs(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def make_private_dirs(folder: Path) -> None:
    """Create missing folders mode 0700; folders that already exist are left as they are."""
    missing = []
    for parent in [folder, *folder.parents]:
        if parent.exists():
            break
        missing.append(parent)
    for parent in reversed(missing):
        parent.mkdir(mode=0o700)
        os.chmod(parent, 0o700)
