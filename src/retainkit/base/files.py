"""Files retainkit writes for people to keep: 0600, and never seen half-written."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replaced_privately(path: Path) -> Iterator[Path]:
    """A 0600 temporary file beside `path` to write; it replaces `path` at once when the
    block ends, and is removed if the block fails, so a reader never sees half of it."""
    make_private_dirs(path.parent.absolute())
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        os.chmod(temporary, 0o600)
        yield temporary
        with open(temporary, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
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
