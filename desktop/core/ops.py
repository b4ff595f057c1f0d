"""Database work from the window, off the GUI thread: writes one at a time, reads in parallel.

An :class:`Op` runs a function of a session on a worker thread; its result or its failure, in
words, comes back on the GUI thread. Writes go through one serial queue, so they commit in the
order they were asked for and never wait on each other's locks. A read asked to show progress
brings up a dialog with Cancel only when it has run for half a second; Cancel interrupts the
query. Nothing here touches widgets but that dialog.
"""

from __future__ import annotations

import sqlite3
import sys
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QElapsedTimer, QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from db.search import SearchError
from db.store.project import Project, ProjectError, describe_error

T = TypeVar("T")
PROGRESS_AFTER_MS = 500

_running: set[Op[Any]] = set()  # ops (and their signals) stay alive until they report


def explain(exc: BaseException) -> str:
    """What went wrong, in words for the user."""
    if isinstance(exc, ProjectError | ValueError | SearchError):  # the db layer says why
        return str(exc)
    if isinstance(exc, sqlite3.Error | DBAPIError | OSError):
        return describe_error(exc)
    traceback.print_exception(exc, file=sys.stderr)  # a bug: keep its trace for a report
    return f"Something went wrong that Claimdesk did not expect ({type(exc).__name__}: {exc})."


class Cancelled(Exception):  # noqa: N818 (not an error: the user's choice)
    """The user cancelled the op."""


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class Op(Generic[T]):
    """``fn(session)`` on a worker thread; ``on_done(result)`` or ``on_failed(words)`` after.

    A plain object whose :meth:`run` the pool calls (Qt owns the runnable wrapping it), so its
    lifetime is Python's alone.
    """

    def __init__(
        self,
        project: Project,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> None:
        self.project, self.fn = project, fn
        self.signals = _Signals()
        self.finished = False
        self._cancel = False
        self._conn: sqlite3.Connection | None = None
        if on_done:
            self.signals.done.connect(on_done)
        if on_failed:
            self.signals.failed.connect(on_failed)
        for sig in (self.signals.done, self.signals.failed, self.signals.cancelled):
            sig.connect(self._finish)

    def cancel(self) -> None:
        """Stop the query at once; neither ``on_done`` nor ``on_failed`` will run."""
        self._cancel = True
        if self._conn is not None:
            self._conn.interrupt()

    def run(self) -> None:
        try:
            result = self._result()
        except BaseException as exc:  # nothing may leave a worker thread unreported
            if self._cancel:
                self.signals.cancelled.emit()
            else:
                self.signals.failed.emit(explain(exc))
        else:
            if self._cancel:  # cancelled once it had ended: no result, as for any other
                self.signals.cancelled.emit()
            else:
                self.signals.done.emit(result)
        finally:
            self._conn = None

    def _result(self) -> T:
        with self.project.session() as s:
            raw = s.connection().connection.dbapi_connection
            self._conn = raw if isinstance(raw, sqlite3.Connection) else None
            if self._cancel:
                raise Cancelled
            return self.fn(s)

    def _finish(self, *_: object) -> None:
        self.finished = True
        _running.discard(self)


class Ops(QObject):
    """The op queues of one open project."""

    sig_idle = Signal()
    """Emitted when the last pending op has reported."""

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._writes = QThreadPool(self)
        self._writes.setMaxThreadCount(1)
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(2)
        self._pending = 0

    def write(
        self,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> Op[T]:
        """Queue a write; it commits after every write asked for before it."""
        return self._start(self._writes, Op(self.project, fn, on_done, on_failed))

    def read(
        self,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
        *,
        progress: str | None = None,
        parent: QWidget | None = None,
    ) -> Op[T]:
        """Run a read; with ``progress``, a dialog saying so shows after half a second."""
        op = Op(self.project, fn, on_done, on_failed)
        if progress is not None:
            _delayed_progress(op, progress, parent)
        return self._start(self._reads, op)

    def pending(self) -> int:
        return self._pending

    def wait_idle(self, timeout_ms: int = 15000) -> bool:
        """Process events until every op has reported (True), or until the time is up."""
        clock = QElapsedTimer()
        clock.start()
        while self._pending and clock.elapsed() < timeout_ms:
            QApplication.processEvents()
            self._writes.waitForDone(10)
        QApplication.processEvents()
        return self._pending == 0

    def _start(self, pool: QThreadPool, op: Op[T]) -> Op[T]:
        self._pending += 1
        for sig in (op.signals.done, op.signals.failed, op.signals.cancelled):
            sig.connect(self._reported)
        _running.add(op)
        pool.start(op.run)
        return op

    def _reported(self, *_: object) -> None:
        self._pending -= 1
        if not self._pending:
            self.sig_idle.emit()


def _delayed_progress(op: Op[Any], label: str, parent: QWidget | None) -> None:
    """A busy dialog with Cancel for ``op``, shown only if it is still running after a while."""

    def show() -> None:
        if op.finished:
            return
        dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        dialog.setWindowTitle("Working")
        dialog.setMinimumDuration(0)
        dialog.canceled.connect(op.cancel)
        for sig in (op.signals.done, op.signals.failed, op.signals.cancelled):
            sig.connect(dialog.close)
        dialog.show()

    QTimer.singleShot(PROGRESS_AFTER_MS, show)


_background: set[_Signals] = set()


def in_background(
    fn: Callable[[], T],
    on_done: Callable[[T], None],
    on_failed: Callable[[str], None],
) -> None:
    """Run ``fn`` off the GUI thread; its result or failure comes back on it."""
    signals = _Signals()
    signals.done.connect(on_done)
    signals.failed.connect(on_failed)
    _background.add(signals)
    for sig in (signals.done, signals.failed):
        sig.connect(lambda *_: _background.discard(signals))

    def run() -> None:
        try:
            result = fn()
        except BaseException as exc:  # nothing may leave a worker thread unreported
            signals.failed.emit(explain(exc))
        else:
            signals.done.emit(result)

    QThreadPool.globalInstance().start(run)
