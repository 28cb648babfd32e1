"""Files retainkit writes for people to keep: 0600, and never seen half-written."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def replaced_privately(path: Path) -> Iterator[BinaryIO]:
    """A 0600 temporary file beside `path`, open for writing; it replaces `path` at once when
    the block ends, and is removed if the block fails, so a reader never sees half of it.

    Export folders are often shared, so the temporary file gets an unpredictable name, is
    created exclusively without following a link (a link planted at its name is never
    written through), has its mode set on the open descriptor, and is checked to be the
    same file before it is renamed into place.
    """
    import tempfile

    from retainkit.base.errors import InputError

    folder = path.parent.absolute()
    make_private_dirs(folder)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temporary = Path(name)
    try:
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
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


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
