"""Importing files and folders: a thread with a progress dialog and Cancel, then a summary.

Whatever way an import ends (finished, cancelled, failed, the window closing) the controller
is ready for the next one, and the thread is waited for before anything of it goes away.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from db.imports import Importer, ImportFailed, ImportReport
from db.store.project import Project
from desktop.core.changes import ARTICLES, CODES, HIGHLIGHTS, NOTES, Changes
from desktop.core.ops import PROGRESS_AFTER_MS, explain
from desktop.core.state import AppState
from desktop.support.dialogs import tell
from desktop.views.main_window import MainWindow

FILTER = (
    "Articles and projects (*.txt *.text *.html *.htm *.xhtml *.md *.json *.qdpx);;All files (*)"
)


class ImportThread(QThread):
    """Runs an :class:`Importer` and reports its progress a few times a second."""

    sig_progress = Signal(int, int, str)
    """Emitted with (files done, files in all, the current file's name)."""
    sig_ended = Signal(object, str)
    """Emitted with the :class:`ImportReport` and, if the import stopped early, why."""

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
        report, stopped = ImportReport(), ""
        try:
            self.importer = Importer(self.project, self.paths)
            report = self.importer.report
            if self._cancelled:
                self.importer.cancel()
            last = 0.0
            for p in self.importer.run():
                now = time.monotonic()
                if now - last > 0.05 or p.done == p.total:
                    self.sig_progress.emit(p.done, p.total, Path(p.path).name)
                    last = now
        except ImportFailed as exc:
            stopped = str(exc)
        except Exception as exc:  # reported in words, never left hanging
            stopped = explain(exc)
        self.sig_ended.emit(report, stopped)


class ImportController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.running: ImportThread | None = None
        w.act.import_files.triggered.connect(self.import_files)
        w.act.import_folder.triggered.connect(self.import_folder)
        w.sig_files_dropped.connect(self.import_paths)
        w.sig_closing.connect(self._window_closing)
        state.sig_workspace_closing.connect(lambda _ws: self.stop())

    def import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self.w, "Import articles", "", FILTER)
        if names:
            self.import_paths([Path(n) for n in names])

    def import_folder(self) -> None:
        if name := QFileDialog.getExistingDirectory(self.w, "Import a folder of articles"):
            self.import_paths([Path(name)])

    def import_paths(self, paths: list[Path]) -> None:
        ws = self.state.workspace
        if ws is None or not paths:
            return
        if ws.read_only:
            tell(self.w, "Import", "This project file is read-only: nothing can be added to it.")
            return
        if self.running is not None:
            self.state.say("An import is already running.", 4000)
            return
        self.w.notes.save_now()
        self.running = thread = ImportThread(ws.project, paths, self)
        dialog = _progress_dialog(self.w)
        dialog.canceled.connect(thread.cancel)

        def progress(done: int, total: int, name: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(f"Importing {done:,} of {total:,}\n{name}")

        def ended(report: ImportReport, stopped: str) -> None:
            dialog.close()
            dialog.deleteLater()
            thread.wait()  # the thread has returned from run(): it ends at once
            self.running = None
            thread.deleteLater()
            if self.state.workspace is ws:
                ws.notify(Changes.of(ARTICLES, CODES, HIGHLIGHTS, NOTES))  # files bring codes too
                if report.article_ids:
                    self.state.set_filter(None)
            show_summary(self.w, report, stopped)

        thread.sig_progress.connect(progress)
        thread.sig_ended.connect(ended)
        thread.start()

    def stop(self) -> None:
        """Cancel a running import and wait for it: what it reported as done is kept."""
        if self.running is not None:
            self.running.cancel()
            self.running.wait()

    def _window_closing(self, e: QCloseEvent) -> None:
        if e.isAccepted():
            self.stop()


def _progress_dialog(parent: QWidget) -> QProgressDialog:
    dialog = QProgressDialog("Reading files…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Importing")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(PROGRESS_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def show_summary(parent: QWidget, report: ImportReport, stopped: str = "") -> QMessageBox:
    lines = [f"{line.path}: {line.reason}" for line in _lines(report)]
    text = report.summary().capitalize() + "."
    if stopped:
        text = f"The import stopped: {stopped}\n\n{text}"
    box = tell(parent, "Import finished", text, warning=bool(report.failed or stopped),
               details="\n".join(lines))  # fmt: skip
    if report.failed:
        box.setInformativeText("Some files could not be read; see the details for why.")
    return box


class _Line:
    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = Path(path).name, reason


def _lines(report: ImportReport) -> list[_Line]:
    failed = [_Line(p, why) for p, why in report.failed]
    return failed + [_Line(p, f"(warning) {why}") for p, why in report.warnings]
