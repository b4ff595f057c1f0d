"""Edit ▸ Notes on the project: journals and memos, a list beside the note being written."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

FORMATS = (("Plain text", "text/plain"), ("Markdown", "text/markdown"))


@dataclass(frozen=True)
class MemoView:
    uid: str
    title: str
    body: str
    format: str
    modified: str


class MemosDialog(QDialog):
    """Choose a note on the left, write it on the right; Save asks for it to be written."""

    sig_save = Signal(str, str, str, str)  # uid, title, body, format (an empty body deletes)

    def __init__(self, parent: QWidget, memos: list[MemoView], *, read_only: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Notes on the project")
        self.setObjectName("memosDialog")
        self.memos = {m.uid: m for m in memos}
        self.list = QListWidget(self)
        self.list.setAccessibleName("Project notes")
        self.title = QLineEdit(self)
        self.title.setAccessibleName("Title of the note")
        self.title.setPlaceholderText("Title, e.g. Journal, week 1")
        self.format = QComboBox(self)
        self.format.setAccessibleName("Format of the note")
        for label, fmt in FORMATS:
            self.format.addItem(label, fmt)
        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName("Text of the note")
        self.status = QLabel(self)
        self.add = QPushButton("New note", self)
        self.save = QPushButton("Save", self)
        self.delete = QPushButton("Delete", self)
        for w in (self.title, self.body):
            w.setReadOnly(read_only)
        for b in (self.add, self.save, self.delete, self.format):
            b.setEnabled(not read_only)
        if read_only:
            self.status.setText("The project is read-only: notes can be read, not changed.")
        left = QWidget(self)
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.list, 1)
        lv.addWidget(self.add)
        right = QWidget(self)
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.format)
        rv.addLayout(head)
        rv.addWidget(self.body, 1)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.delete)
        row.addWidget(self.save)
        rv.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(close)
        self.resize(760, 480)
        self.list.currentItemChanged.connect(lambda item, _old: self._show(item))
        self.add.clicked.connect(self._new)
        self.save.clicked.connect(self._save)
        self.delete.clicked.connect(self._delete)
        self.uid = ""
        self.refresh(memos)

    def refresh(self, memos: list[MemoView], chosen: str | None = None) -> None:
        """List ``memos`` again, keeping ``chosen`` (or the one shown) chosen."""
        self.memos = {m.uid: m for m in memos}
        keep = chosen or self.uid
        self.list.blockSignals(True)
        self.list.clear()
        for m in memos:
            item = QListWidgetItem(m.title or "(untitled)", self.list)
            item.setData(Qt.ItemDataRole.UserRole, m.uid)
            item.setToolTip(f"Last changed {m.modified[:16].replace('T', ' ')}")
        self.list.blockSignals(False)
        rows = [m.uid for m in memos]
        if keep in rows:
            self.list.setCurrentRow(rows.index(keep))
        elif rows:
            self.list.setCurrentRow(0)
        else:
            self._new()

    def _show(self, item: QListWidgetItem | None) -> None:
        memo = self.memos.get(item.data(Qt.ItemDataRole.UserRole)) if item else None
        if memo is None:
            return
        self.uid = memo.uid
        self.title.setText(memo.title)
        self.body.setPlainText(memo.body)
        self.format.setCurrentIndex(max(0, self.format.findData(memo.format)))

    def _new(self) -> None:
        self.list.clearSelection()
        self.uid = str(uuid.uuid4())
        self.title.clear()
        self.body.clear()
        self.title.setFocus()

    def _save(self) -> None:
        if not self.body.toPlainText().strip():
            self.status.setText("Write something first (Delete removes a note).")
            return
        title = self.title.text().strip() or "Project note"
        self.sig_save.emit(self.uid, title, self.body.toPlainText(), self.format.currentData())

    def _delete(self) -> None:
        if self.uid in self.memos:
            self.sig_save.emit(self.uid, "", "", "text/plain")

    def said(self, text: str) -> None:
        self.status.setText(text)
