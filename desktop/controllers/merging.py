"""File ▸ Merge a coder's project…: another coder's copy brought into the open project.

The merge reads the other file (a copy of it: the file itself is never written), then writes
in one transaction off the window's thread; the window learns of it as of an import. What came
in, what was there already and what is in conflict is said at the end.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from db.formats.merge import MergeReport, merge_project
from desktop.core.changes import ARTICLES, CODES, HIGHLIGHTS, NOTES, VARIABLES, Changes
from desktop.core.claim_steps import CLAIMS
from desktop.core.ops import in_background
from desktop.core.state import AppState
from desktop.support.dialogs import tell
from desktop.support.folders import remember_folder, start_folder
from desktop.views.main_window import MainWindow

FILTER = "Claimdesk projects (*.claimdesk);;All files (*)"


class MergeController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.running = False
        w.act.merge_project.triggered.connect(self.ask)

    def ask(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.w, "Merge a coder's project", str(start_folder("merge")), FILTER
        )
        if name:
            remember_folder("merge", Path(name))
            self.merge(Path(name))

    def merge(self, other: Path) -> None:
        """Bring ``other``'s codings in, off the window's thread; say what came of it."""
        ws = self.state.workspace
        if ws is None or self.running:
            return
        if ws.read_only:
            tell(self.w, "Not merged", "This project is read-only: nothing can be merged into it.")
            return
        self.running = True
        self.state.say(f"Merging {other.name}…", 0)
        ws.ops.wait_idle()  # what was just written is in the file the merge reads and writes
        project = ws.project

        def done(report: MergeReport) -> None:
            self.running = False
            if ws is self.state.workspace:
                ws.notify(Changes.of(ARTICLES, HIGHLIGHTS, NOTES, CODES, CLAIMS, VARIABLES))
            self.state.say(report.summary(), 10000)
            details = "\n".join(report.conflicts)
            tell(self.w, "Merged", report.summary(), warning=bool(details), details=details)

        def failed(message: str) -> None:
            self.running = False
            self.state.say("")
            tell(self.w, "Not merged", f"Nothing of {other.name} was merged.\n\n{message}")

        in_background(lambda: merge_project(project, other), done, failed)
