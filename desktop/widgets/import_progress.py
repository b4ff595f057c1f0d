"""An import's progress in the status bar: files done of all, articles in so far, Cancel.

It stands beside the window's work instead of over it: the list, the reader and every panel
stay usable while an import runs.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


def files_text(done: int, total: int) -> str:
    """``12,400 of 33,724 files``."""
    return f"{done:,} of {total:,} file{'' if total == 1 else 's'}"


class ImportProgress(QWidget):
    sig_cancel_requested = Signal()
    """Emitted when Cancel is pressed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importProgress")
        self.setAccessibleName("Import progress")
        self.label = QLabel("Reading files…", self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # busy until the files are counted
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self.cancel = QPushButton("Cancel", self)
        self.cancel.setToolTip("Stop the import (Esc); what was imported so far stays")
        self.cancel.clicked.connect(self.sig_cancel_requested)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel)

    def show_progress(self, done: int, total: int, imported: int, name: str) -> None:
        """Files ``done`` of ``total``, ``imported`` articles stored, ``name`` being read."""
        if not self.cancel.isEnabled():
            return  # cancelling: that stays said
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        text = f"Importing {files_text(done, total)}"
        if imported:
            text += f" · {imported:,} article{'' if imported == 1 else 's'} in"
        self.label.setText(text)
        self.label.setToolTip(name)

    def cancelling(self) -> None:
        self.cancel.setEnabled(False)
        self.label.setText("Cancelling the import; what is imported stays…")
