"""The note editor: on the article or on the chosen highlight, saved as you type.

Typing starts a short timer; when it fires the panel asks for the text to be saved
(:attr:`NotesPanel.sig_save_requested`) and says "Saving…". It says "Saved" only when told the
text is in the project file (:meth:`NotesPanel.mark_saved`), and after a failure it says why and
asks again a little later, keeping the text. Switching note, article or project, and closing
the window, ask at once.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt, QTimer, Signal
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
RETRY_MS = 3000


class NotesPanel(QWidget):
    sig_save_requested = Signal(object, str, str)
    """Emitted with the note's key (given to load), its text and format, to be saved; answer
    with mark_saved or mark_failed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target_label = QLabel("No article open", self)
        self.target_label.setTextFormat(Qt.TextFormat.PlainText)  # article text, never markup
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
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
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
        self._dirty = False  # the editor holds text not yet known to be saved
        self.key: object = None  # whose note is shown, as the loader named it
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

    def load(
        self, label: str, text: str, fmt: str = "text/plain", *, key: object = None,
        unsaved: str = "",
    ) -> None:  # fmt: skip
        """Show the note ``key``; ``unsaved`` says why the text shown is not in the file yet."""
        self.save_now()
        self.key = key
        self.target_label.setText(label)
        self.show_text(text, fmt)
        self._dirty = bool(unsaved)
        self.status.setText(f"Not saved yet: {unsaved}" if unsaved else "")
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
        self._dirty = True
        self.status.setText("Editing…")
        self._timer.start(DEBOUNCE_MS)

    def pending(self) -> bool:
        """Whether the editor holds text not yet known to be saved."""
        return self._dirty

    def save_now(self) -> None:
        """Ask for the text to be saved if it changed since it was last saved."""
        self._timer.stop()
        if not self.editor.isEnabled() or not self._dirty:
            return
        self._dirty = False  # a save the saving itself sets off is not one
        self.status.setText("Saving…")
        self.sig_save_requested.emit(
            self.key, self.editor.toPlainText(), str(self.fmt.currentData())
        )

    def mark_saved(self, key: object, text: str) -> None:
        """Note ``key`` holds ``text`` in the project file; say so if the editor shows it."""
        if key == self.key and not self._dirty and text == self.editor.toPlainText():
            time = QDateTime.currentDateTime().toString("HH:mm:ss")
            self.status.setText(f"Saved ✓ {time}")

    def mark_failed(self, key: object, reason: str) -> None:
        """Saving note ``key`` failed: if shown, keep the text, say why, try again in a while."""
        if key != self.key:
            return
        self._dirty = True
        self.status.setText(f"Not saved: {reason} Trying again…")
        self._timer.start(RETRY_MS)
