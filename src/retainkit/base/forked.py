"""Work done on the second core by a forked helper process.

A helper is forked, so it starts at once knowing everything its parent knows (the rows
of a file, the options), and it sends back what it made through a pipe. It never runs
anything of its parent's as it ends (no exit handlers, no blocks' ends: os._exit), dies
with its parent however the parent ends (the kernel's parent-death signal, Linux), leaves
Ctrl-C to its parent, keeps a hang-up ignored when its parent ignores it (nohup), and is
stopped before the parent's private run folder is removed (`scratch.helpers`). Where there
is no fork that is safe (Windows, macOS), or one core, or the system refuses a process,
the work is done in the parent when its result is asked for.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from retainkit.base import scratch

T = TypeVar("T")

AVAILABLE = hasattr(os, "fork") and sys.platform == "linux" and (os.cpu_count() or 1) > 1
"""Whether helpers are forked here (else their work is done in the parent)."""
NICENESS = 5
"""How much lower a helper's priority is than its parent's, which has the longer part."""


def forked(work: Callable[[], T]) -> Helper[T]:
    """Start `work` in a helper process now; calling what is returned waits for its result
    (its error raised). Without a helper, the work is done when the result is asked for."""
    if not AVAILABLE:
        return Helper(work)
    read, write = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: the parent does it
        os.close(read)
        os.close(write)
        return Helper(work)
    if pid == 0:
        os.close(read)
        code = 0
        try:
            become_helper(parent)
            with os.fdopen(write, "wb") as out:
                try:
                    outcome: tuple[bool, Any] = (True, work())
                except Exception as exc:  # sent back: raised in the parent
                    outcome = (False, exc)
                pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # the parent sees the helper fail, and does its part itself
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    scratch.helpers.add(pid)
    return Helper(work, pid, read)


class Helper(Generic[T]):
    """Work started in a helper process. Calling it waits for the result and gives it (the
    helper's error raised; the work done here if the helper died, or if none started)."""

    def __init__(self, work: Callable[[], T], pid: int = 0, pipe: int = -1) -> None:
        self.work, self.pid, self.pipe = work, pid, pipe

    def __call__(self) -> T:
        if not self.pid:
            return self.work()
        try:
            with os.fdopen(self.pipe, "rb") as source:
                ok, value = pickle.load(source)
        except Exception:  # nothing, or not all of it, came back: done here below
            ok, value = False, None
        finally:
            reap(self.pid)
            self.pid = 0
        if not ok:
            if value is None:
                return self.work()  # the helper died: its part done here instead
            raise value
        return value

    def ready(self) -> bool:
        """Whether the helper has ended (its result, or its death, can be had at once)."""
        if not self.pid:
            return False
        import select

        return bool(select.select([self.pipe], [], [], 0)[0])

    def cancel(self) -> None:
        """Stop the helper, its result no longer wanted."""
        if not self.pid:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.close(self.pipe)
        reap(self.pid)
        self.pid = 0


def become_helper(parent: int) -> None:
    """In a process just forked from `parent`: die with it, leave Ctrl-C to it, end at once
    on the signals that end it (unless it ignores them), run at a lower priority."""
    import ctypes

    set_death_signal = 1  # PR_SET_PDEATHSIG
    ctypes.CDLL(None, use_errno=True).prctl(set_death_signal, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before that took hold
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the parent stops its helpers
    for ending in ("SIGTERM", "SIGHUP"):  # end at once: the clean-up is the parent's
        number = getattr(signal, ending)
        if signal.getsignal(number) is not signal.SIG_IGN:  # ignored stays so (nohup)
            signal.signal(number, signal.SIG_DFL)
    scratch.helpers.clear()  # the parent's: never this helper's to stop
    with contextlib.suppress(OSError):
        os.nice(NICENESS)


def reap(pid: int) -> str:
    """Wait for the helper `pid` to end; how it ended."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:  # reaped by the run folder's clean-up
        return "stopped"
    finally:
        scratch.helpers.discard(pid)
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit code {os.WEXITSTATUS(status)}"
