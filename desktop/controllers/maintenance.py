"""Tools ▸ Check project: a copy, SQLite's checks and the index's, off the GUI thread; a report."""

from __future__ import annotations

from PySide6.QtCore import QObject

from db.maintenance import CheckReport, check
from desktop.core.changes import ARTICLES, Changes
from desktop.core.ops import in_background
from desktop.core.state import AppState
from desktop.support.dialogs import tell
from desktop.views.main_window import MainWindow


class CheckController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.running = False
        w.act.check_project.triggered.connect(self.run)

    def run(self) -> None:
        ws = self.state.workspace
        if ws is None or self.running:
            return
        self.w.notes.save_now()
        ws.ops.wait_idle()
        self.running = True
        self.state.say("Checking the project…", 0)
        project = ws.project

        def done(report: CheckReport) -> None:
            self.running = False
            self.state.say("")
            if report.fixed and self.state.workspace is ws:
                ws.notify(Changes.of(ARTICLES))  # searches may find more now
            tell(self.w, "Check project", report.summary(), warning=not report.ok)

        def failed(message: str) -> None:
            self.running = False
            self.state.say("")
            tell(self.w, "Check project", f"The check could not run: {message}")

        in_background(lambda: check(project), done, failed)
