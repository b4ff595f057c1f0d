"""The note editor: on the article or on the chosen highlight, saved as you type.

Typing starts a short timer; when it fires the text is committed to the project (as an undoable
step that merges with the previous keystrokes) and only then shown as saved. Switching note,
article or project, and closing the window, save at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QDateTime, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

FORMATS = (("Plain text", "text/plain"), ("Markdown", "text/markdown"))
DEBOUNCE_MS = 400


class NotesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saver: Callable[[str, str], None] | None = None
        """``saver(text, format)`` commits the note, raising if it could not."""
        self.target_label = QLabel("No article open", self)
        self.target_label.setWordWrap(True)
        self.fmt = QComboBox(self)
        self.fmt.setAccessibleName("Note format")
        for label, mime in FORMATS:
            self.fmt.addItem(label, mime)
        self.editor = QPlainTextEdit(self)
        self.editor.setObjectName("notesEditor")
        self.editor.setAccessibleName("Note")
        self.editor.setPlaceholderText("Write a note…")
        self.editor.setUndoRedoEnabled(False)  # Edit ▸ Undo covers notes, merged per burst
        self.editor.setTabChangesFocus(True)
        self.preview = QTextBrowser(self)
        self.preview.setObjectName("notePreview")
        self.preview.setAccessibleName("Note, as formatted")
        self.preview.setOpenLinks(False)
        self.preview.hide()
        self.preview_button = QToolButton(self)
        self.preview_button.setText("Preview")
        self.preview_button.setCheckable(True)
        self.preview_button.setAccessibleName("Show the Markdown note formatted")
        self.preview_button.toggled.connect(self._show_preview)
        self.status = QLabel("", self)
        self.status.setObjectName("noteStatus")
        self.status.setAccessibleName("Note save status")
        controls = QHBoxLayout()
        controls.addWidget(self.fmt)
        controls.addWidget(self.preview_button)
        controls.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.target_label)
        lay.addLayout(controls)
        lay.addWidget(self.editor, 1)
        lay.addWidget(self.preview, 1)
        lay.addWidget(self.status)
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.save_now)
        self.editor.textChanged.connect(self._edited)
        self.fmt.currentIndexChanged.connect(self._edited)
        self.set_enabled(False)

    def set_enabled(self, enabled: bool) -> None:
        self.editor.setEnabled(enabled)
        self.fmt.setEnabled(enabled)
        self._sync_preview_button()

    def _sync_preview_button(self) -> None:
        markdown = self.fmt.currentData() == "text/markdown"
        self.preview_button.setEnabled(markdown and self.editor.isEnabled())
        if not markdown:
            self.preview_button.setChecked(False)

    def _show_preview(self, on: bool) -> None:
        """Markdown as it reads (no HTML in it is run or fetched), or back to the text."""
        if on:
            self.save_now()
            self._render(self.editor.toPlainText())
        self.preview.setVisible(on)
        self.editor.setVisible(not on)

    def load(self, label: str, text: str, fmt: str = "text/plain") -> None:
        """Show a note (saving the one being edited first)."""
        self.save_now()
        self.target_label.setText(label)
        self.show_text(text, fmt)
        self.status.setText("")
        self.set_enabled(True)

    def show_text(self, text: str, fmt: str | None = None) -> None:
        """Replace the text without it counting as an edit (undo, or another note)."""
        for w in (self.editor, self.fmt):
            w.blockSignals(True)
        if fmt:
            self.fmt.setCurrentIndex(max(0, self.fmt.findData(fmt)))
        if text != self.editor.toPlainText():
            self.editor.setPlainText(text)
            self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)
        for w in (self.editor, self.fmt):
            w.blockSignals(False)
        self._sync_preview_button()
        if self.preview_button.isChecked():
            self._render(text)

    def _render(self, text: str) -> None:
        features = QTextDocument.MarkdownFeature
        self.preview.document().setMarkdown(
            text, features.MarkdownDialectGitHub | features.MarkdownNoHTML
        )

    def _edited(self) -> None:
        self._sync_preview_button()
        self.status.setText("Editing…")
        self._timer.start()

    def pending(self) -> bool:
        return self._timer.isActive()

    def save_now(self) -> None:
        """Commit the text if it changed since the last save; say so only once committed."""
        self._timer.stop()
        text = self.editor.toPlainText()
        if not self.editor.isEnabled() or self.status.text() != "Editing…" or not self.saver:
            return
        self.status.setText("Saving…")  # and a save that the saving itself sets off is not one
        try:
            self.saver(text, self.fmt.currentData())
        except Exception as exc:  # the file may be locked or gone; keep the text, say why
            self.status.setText(f"Not saved: {exc}")
            return
        self.status.setText(f"Saved ✓ {QDateTime.currentDateTime().toString('HH:mm:ss')}")
