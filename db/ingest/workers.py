"""Parsing processes that end when the importing process ends, however it ends.

A killed importer cannot shut its pool down: left alone, its workers would live on holding the
project open. On Linux the kernel kills them (``PR_SET_PDEATHSIG``); everywhere, a thread in
each worker watches the parent and ends the worker once the parent is gone.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

from db.store.processes import alive

WATCH_SECONDS = 0.5  # how often a worker looks for its parent


def start_worker(parent: int) -> None:
    """Initialise a parsing worker whose importing process is ``parent``."""
    forked = os.getppid() == parent  # not started by a fork server
    if forked:
        _die_with_parent()
        if os.getppid() != parent:  # the parent died before the worker could ask
            os._exit(1)
    watch = threading.Thread(target=_watch, args=(parent, forked), daemon=True, name="watch")
    watch.start()
    if hasattr(os, "nice"):
        os.nice(5)  # the writer, the slower stage, and the window go first


def _die_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # the watching thread still ends the worker


def _watch(parent: int, forked: bool) -> None:
    if sys.platform == "win32":
        _wait_for_process(parent)
    else:  # an orphan is handed to another parent
        while os.getppid() == parent if forked else alive(parent):
            time.sleep(WATCH_SECONDS)
    os._exit(1)


def _wait_for_process(pid: int) -> None:
    """Block until process ``pid`` ends (Windows)."""
    if sys.platform == "win32":
        import ctypes

        synchronize, infinite = 0x00100000, 0xFFFFFFFF
        handle = ctypes.windll.kernel32.OpenProcess(synchronize, False, pid)
        if handle:
            ctypes.windll.kernel32.WaitForSingleObject(handle, infinite)
        else:  # it cannot be watched: the worker is never ended for that
            threading.Event().wait()
