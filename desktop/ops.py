"""Work off the GUI thread: one-shot tasks on the thread pool, and imports with progress."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal

from db.imports import Importer, ImportReport
from db.store.project import Project

_running: set[Task] = set()  # keeps tasks (and their signals) alive until they report


class _TaskSignals(QObject):
    done = Signal(object)
    failed = Signal(str)


class Task(QRunnable):
    """Run ``fn`` on the global thread pool; ``on_done(result)`` runs on the GUI thread."""

    def __init__(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.signals = _TaskSignals()
        self.signals.done.connect(on_done)
        if on_failed:
            self.signals.failed.connect(on_failed)
        self.signals.done.connect(lambda _r: _running.discard(self))
        self.signals.failed.connect(lambda _m: _running.discard(self))

    def start(self) -> Task:
        _running.add(self)
        QThreadPool.globalInstance().start(self)
        return self

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported on the GUI thread
            self.signals.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.signals.done.emit(result)


class ImportThread(QThread):
    """Runs an :class:`Importer` and reports its progress a few times a second."""

    sig_progress = Signal(int, int, str)
    """Emitted with (files done, files in all, the current file's name)."""
    sig_finished = Signal(object)
    """Emitted with the :class:`ImportReport` (also when cancelled)."""
    sig_failed = Signal(str)
    """Emitted with a message when the import could not run at all."""

    def __init__(self, project: Project, paths: list[Path], parent: QObject | None = None):
        super().__init__(parent)
        self.project, self.paths = project, paths
        self.importer: Importer | None = None
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True
        if self.importer:
            self.importer.cancel()

    def run(self) -> None:
        try:
            self.importer = Importer(self.project, self.paths)
            if self._cancelled:
                self.importer.cancel()
            last = 0.0
            for p in self.importer.run():
                now = time.monotonic()
                if now - last > 0.05 or p.done == p.total:
                    self.sig_progress.emit(p.done, p.total, Path(p.path).name)
                    last = now
        except Exception as exc:
            self.sig_failed.emit(f"{type(exc).__name__}: {exc}")
            return
        report: ImportReport = self.importer.report
        self.sig_finished.emit(report)
