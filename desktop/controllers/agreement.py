"""Tools ▸ Agreement…: the agreement table of the open project, computed off the window's thread.

The bootstrap makes it grow with the corpus, so it is read in the background; the table then
shows, and can be saved as CSV (the same columns as ``claimdesk agreement --csv``).
"""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from db.agreement.report import AgreementReport, agreement
from desktop.core.state import AppState
from desktop.support.dialogs import tell
from desktop.support.folders import remember_folder, start_folder
from desktop.views.main_window import MainWindow
from desktop.widgets.agreement_dialog import AgreementDialog


class AgreementController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.dialog: AgreementDialog | None = None
        self.report: AgreementReport | None = None  # the table shown last
        w.act.agreement.triggered.connect(self.show)

    def show(self) -> None:
        """Compute the agreement table, then show it."""
        ws = self.state.workspace
        if ws is None:
            return
        ws.read(
            agreement,
            self._shown,
            progress="Computing the agreement between coders…",
            on_failed=self._failed,
        )

    def _failed(self, message: str) -> None:
        tell(self.w, "No agreement to compute", message)

    def _shown(self, report: AgreementReport) -> None:
        self.report = report
        self.dialog = dialog = AgreementDialog(self.w, report)
        dialog.sig_save.connect(lambda: self.save(report))
        dialog.open()

    def save(self, report: AgreementReport, path: Path | None = None) -> None:
        """Write the table as CSV (asking where, unless ``path`` is given)."""
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self.w, "Save the agreement table", str(start_folder("export") / "agreement.csv")
            )
            if not name:
                return
            path = Path(name)
        remember_folder("export", path)
        try:
            with path.open("w", encoding="utf-8-sig", newline="") as f:
                out = csv.DictWriter(
                    f, fieldnames=list(report.rows[0].COLUMNS) if report.rows else []
                )
                out.writeheader()
                out.writerows(report.to_rows())
        except OSError as exc:
            tell(self.w, "Not saved", f"{path} could not be written: {exc.strerror or exc}")
            return
        self.state.say(f"The agreement table was saved to {path}.")
