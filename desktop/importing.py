"""Importing files and folders from the window: a progress dialog with Cancel, then a summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from db.imports import ImportReport
from db.store.project import Project
from desktop.ops import ImportThread


def run_import(
    parent: QWidget,
    project: Project,
    paths: list[Path],
    on_finished: Callable[[ImportReport], None],
) -> ImportThread:
    """Import ``paths`` off the GUI thread; ``on_finished`` runs after the summary is shown."""
    dialog = QProgressDialog("Reading files…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Importing")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    thread = ImportThread(project, paths, parent)
    dialog.canceled.connect(thread.cancel)

    def progress(done: int, total: int, name: str) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)
        dialog.setLabelText(f"Importing {done:,} of {total:,}\n{name}")

    def finished(report: ImportReport) -> None:
        dialog.close()
        show_summary(parent, report)
        on_finished(report)

    def failed(message: str) -> None:
        dialog.close()
        QMessageBox.critical(
            parent, "Import failed", f"Nothing more could be imported.\n\n{message}"
        )

    thread.sig_progress.connect(progress)
    thread.sig_finished.connect(finished)
    thread.sig_failed.connect(failed)
    thread.finished.connect(thread.deleteLater)
    thread.start()
    return thread


def show_summary(parent: QWidget, report: ImportReport) -> None:
    text = report.summary().capitalize() + "."
    box = QMessageBox(parent)
    box.setWindowTitle("Import finished")
    box.setIcon(QMessageBox.Icon.Warning if report.failed else QMessageBox.Icon.Information)
    box.setText(text)
    if report.failed:
        box.setInformativeText("Some files could not be read; see the details for why.")
        box.setDetailedText("\n".join(f"{Path(p).name}: {why}" for p, why in report.failed))
    box.open()
