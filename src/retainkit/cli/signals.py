"""What a signal does to a running retainkit, and what a killed one left behind.

SIGTERM (what `timeout`, systemd and `kill` send) and SIGHUP (the terminal closed) first
remove the temporary files that hold personal data (the private run folder, a partial file
beside a target), then end the process as the signal would have. SIGINT (Ctrl-C) removes
them too, then stays Python's KeyboardInterrupt (the command ends with "interrupted" and
exit 130; a live interview keeps its draft). A signal the caller set to be ignored
(`nohup`, a background job) stays ignored. At start, what runs killed outright (SIGKILL, a
crash) left is swept.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType

ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)  # Windows has no SIGHUP


def install() -> None:
    """Sweep what killed runs left, and clean up before SIGTERM and SIGHUP end the process
    and before SIGINT interrupts it. Only in the main thread, where Python runs signal
    handlers."""
    from retainkit.base.scratch import sweep

    sweep()
    if threading.current_thread() is not threading.main_thread():
        return
    for number in ENDING_SIGNALS:
        if signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _clean_up_and_end)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _clean_up_and_interrupt)


def _clean_up_and_end(number: int, _frame: FrameType | None) -> None:
    from retainkit.base.scratch import clean_up

    try:
        clean_up()
    finally:
        signal.signal(number, signal.SIG_DFL)
        os.kill(os.getpid(), number)


interrupted = False
"""Ctrl-C arrived. Python drops an exception raised while it runs a garbage-collector
callback, so the KeyboardInterrupt can be lost while the temporary files are already gone:
a command that then fails on a missing file was interrupted, not broken."""


def _clean_up_and_interrupt(number: int, frame: FrameType | None) -> None:
    from retainkit.base.scratch import clean_up

    global interrupted
    interrupted = True
    try:
        clean_up()
    finally:
        signal.default_int_handler(number, frame)
