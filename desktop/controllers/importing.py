"""Importing files and folders: a thread beside the window, the list growing as chunks land.

The import runs on a thread of its own with its own connection; the window stays usable
throughout (the list, the reader, marking, notes). Its progress stands in the status bar with
Cancel, and Esc cancels too while it runs. Each committed chunk is announced as an ARTICLES
change, at most once a second, so the list (which reads its ids off the GUI thread) grows as
the import goes without re-reading them for every chunk. Whatever way an import ends
(finished, cancelled, failed, the window closing) what it committed is shown at once, the
message says what happened, and the controller is ready for the next one; the thread is waited
for before anything of it goes away.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog

from db.imports import Importer, ImportFailed, ImportReport, known_outlets
from db.store.project import Project
from desktop.core.changes import ARTICLES, CODES, HIGHLIGHTS, NOTES, Changes
from desktop.core.ops import explain
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.support.dialogs import tell
from desktop.support.folders import remember_folder, start_folder
from desktop.views.main_window import MainWindow
from desktop.widgets.import_dialog import ImportDialog
from desktop.widgets.import_progress import ImportProgress
from desktop.widgets.import_summary import show_summary

FILTER = (
    "Articles and projects (*.txt *.text *.html *.htm *.xhtml *.md *.json *.qdpx *.qdc);;"
    "All files (*)"
)
PROGRESS_EVERY_S = 0.05  # how often the thread reports the files done
NOTICE_EVERY_MS = 1000  # the list is told of committed chunks at most this often
SHOW_AFTER_MS = 300  # a short import ends before its progress would flicker into view


class ImportThread(QThread):
    """Runs an :class:`Importer`: its progress a few times a second, and each committed chunk."""

    sig_progress = Signal(int, int, int, str)
    """Emitted with (files done, files in all, articles imported so far, the file's name)."""
    sig_committed = Signal()
    """Emitted when a chunk of articles has been committed to the project."""
    sig_ended = Signal(object, str)
    """Emitted with the :class:`ImportReport` and, if the import stopped early, why."""

    def __init__(
        self,
        project: Project,
        paths: list[Path],
        outlet: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.project, self.paths, self.outlet = project, paths, outlet
        self.importer: Importer | None = None
        self._cancelled = False

    def cancel(self) -> None:
        self._cancelled = True
        if self.importer:
            self.importer.cancel()

    def run(self) -> None:
        report, stopped = ImportReport(), ""
        # The window's own objects are left out of the full collections that the import's
        # many allocations bring on: each would otherwise walk them all with the GIL held.
        gc.freeze()
        try:
            self.importer = Importer(self.project, self.paths, outlet=self.outlet)
            report = self.importer.report
            if self._cancelled:
                self.importer.cancel()
            last = 0.0
            for p in self.importer.run():
                if p.committed:
                    self.sig_committed.emit()
                now = time.monotonic()
                if p.committed or now - last > PROGRESS_EVERY_S or p.done == p.total:
                    self.sig_progress.emit(p.done, p.total, report.imported, Path(p.path).name)
                    last = now
        except ImportFailed as exc:
            stopped = str(exc)
        except Exception as exc:  # reported in words, never left hanging
            stopped = explain(exc)
        finally:
            gc.unfreeze()
        self.sig_ended.emit(report, stopped)


class ImportController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.running: ImportThread | None = None
        self.progress: ImportProgress | None = None
        self._notice = QTimer(self)  # a committed chunk not yet told to the list
        self._notice.setSingleShot(True)
        self._notice.timeout.connect(self._tell_articles)
        self._noticed_at = 0.0  # time.monotonic() of the last notice
        self._notice_ws: Workspace | None = None
        self._esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), w)
        self._esc.setContext(Qt.ShortcutContext.WindowShortcut)
        self._esc.setEnabled(False)  # Esc is the import's only while one runs
        self._esc.activated.connect(self.cancel)
        w.act.import_files.triggered.connect(self.import_files)
        w.act.import_folder.triggered.connect(self.import_folder)
        w.sig_files_dropped.connect(self.import_paths)
        w.sig_closing.connect(self._window_closing)
        state.sig_workspace_closing.connect(lambda _ws: self.stop())

    # ---- Choosing what to import

    def import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self.w, "Import articles", str(start_folder("import")), FILTER
        )
        if names:
            remember_folder("import", Path(names[0]))
            self.ask([Path(n) for n in names])

    def import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.w, "Import a folder of articles", str(start_folder("import"))
        )
        if folder:
            remember_folder("import", Path(folder))
            self.ask([Path(folder)])

    def ask(self, paths: list[Path]) -> ImportDialog | None:
        """Ask for the outlet of ``paths`` (optional), then import them; returns the dialog."""
        ws = self.state.workspace
        if ws is None or not paths:
            return None
        if self.running is not None:
            self.state.say("An import is already running.", 4000)
            return None
        dialog = ImportDialog(self.w, paths)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        shown = [dialog]  # until it closes: the outlets may come after

        def known(names: list[str]) -> None:
            if shown:
                dialog.set_known(names)

        dialog.finished.connect(lambda _: shown.clear())
        ws.read(known_outlets, known, on_failed=lambda _: None)  # a completer, no more
        dialog.accepted.connect(lambda: self.import_paths(paths, dialog.chosen_outlet()))
        dialog.open()
        return dialog

    # ---- Importing

    def import_paths(self, paths: list[Path], outlet: str | None = None) -> None:
        """Import ``paths``; ``outlet`` goes to each article whose file names none."""
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
        self.running = thread = ImportThread(ws.project, paths, outlet, self)
        self.progress = progress = ImportProgress(self.w)
        progress.hide()
        self.w.statusBar().addPermanentWidget(progress)
        progress.sig_cancel_requested.connect(self.cancel)
        QTimer.singleShot(SHOW_AFTER_MS, progress, lambda: progress.setVisible(True))
        self._esc.setEnabled(True)
        self._notice_ws = ws
        self._noticed_at = 0.0  # the first chunk is told at once

        def ended(report: ImportReport, stopped: str) -> None:
            thread.wait()  # the thread has returned from run(): it ends at once
            self.running = None
            thread.deleteLater()
            self._esc.setEnabled(False)
            self._notice.stop()
            self._notice_ws = None
            self.w.statusBar().removeWidget(progress)
            progress.deleteLater()
            self.progress = None
            if self.state.workspace is ws:
                ws.notify(Changes.of(ARTICLES, CODES, HIGHLIGHTS, NOTES))  # files bring codes too
                if report.article_ids:
                    self.state.set_filter(None)
            show_summary(self.w, report, stopped)

        thread.sig_progress.connect(progress.show_progress)
        thread.sig_committed.connect(self._committed)
        thread.sig_ended.connect(ended)
        thread.start()

    def cancel(self) -> None:
        """Cancel the running import: what it committed stays, and the message says so."""
        if self.running is not None:
            self.running.cancel()
            if self.progress is not None:
                self.progress.cancelling()

    def stop(self) -> None:
        """Cancel a running import and wait for it: what it reported as done is kept."""
        if self.running is not None:
            self.running.cancel()
            self.running.wait()

    # ---- Telling the list

    def _committed(self) -> None:
        """A chunk is in: tell the list now, or once a second has passed since it was told."""
        if self._notice.isActive():
            return
        wait_ms = NOTICE_EVERY_MS - (time.monotonic() - self._noticed_at) * 1000
        if wait_ms <= 0:
            self._tell_articles()
        else:
            self._notice.start(int(wait_ms) + 1)

    def _tell_articles(self) -> None:
        ws = self._notice_ws
        if ws is not None and ws is self.state.workspace:
            ws.notify(Changes.of(ARTICLES))
        self._noticed_at = time.monotonic()

    def _window_closing(self, e: QCloseEvent) -> None:
        if e.isAccepted():
            self.stop()
