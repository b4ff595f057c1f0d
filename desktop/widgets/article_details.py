"""Edit details…: title, outlet, section, date, byline and URL of one article or of many.

For one article every field shows its value, and what is changed is saved (an emptied field
clears it). For a selection a field shows the value they share, or "(several values)"; a field
left as it is, or blank, stays as each article has it, and a field filled in is set on all.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from db.articles.edit import FIELDS, ArticleEditError, check_date

LABELS = {
    "title": "&Title",
    "outlet": "&Outlet",
    "section": "&Section",
    "published": "&Date",
    "byline": "&Byline",
    "url": "&URL",
}
SEVERAL = "(several values)"
_PART = " / "  # between the parts of a section, outermost first


def section_text(parts: list[str]) -> str:
    return _PART.join(parts)


def section_parts(typed: str) -> list[str]:
    return [p.strip() for p in typed.split("/") if p.strip()]


class ArticleDetailsDialog(QDialog):
    """The details of ``count`` articles, as :func:`db.articles.edit.shared_details` gives them.

    ``source`` is the file one article came from, shown beneath (it cannot be changed).
    """

    def __init__(
        self,
        parent: QWidget,
        shared: Mapping[str, str | list[str] | None],
        count: int,
        source: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("articleDetails")
        self.count = count
        self.setWindowTitle("Article details" if count == 1 else f"Details of {count:,} articles")
        self.fields: dict[str, QLineEdit] = {}
        self._shown: dict[str, str] = {}
        form = QFormLayout()
        for name in FIELDS:
            value = shared.get(name)
            edit = QLineEdit(self)
            edit.setObjectName(f"detail_{name}")
            shown = section_text(value) if isinstance(value, list) else value or ""
            edit.setText(shown)
            if value is None:
                edit.setPlaceholderText(SEVERAL)
            elif name == "published":
                edit.setPlaceholderText("yyyy-mm-dd")
            elif name == "section":
                edit.setPlaceholderText("World / Middle East")
            self._shown[name] = shown
            self.fields[name] = edit
            form.addRow(LABELS[name], edit)
            if name == "published":
                self.date_error = QLabel(self)
                self.date_error.setObjectName("dateError")
                self.date_error.setWordWrap(True)
                self.date_error.hide()
                form.addRow("", self.date_error)
        self.source: QLabel | None = None
        if source:
            self.source = QLabel(source, self)
            self.source.setObjectName("detailSource")
            self.source.setTextFormat(Qt.TextFormat.PlainText)
            self.source.setWordWrap(True)
            self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow("From the file", self.source)
        self.fields["published"].textChanged.connect(lambda _t: self._check())
        lay = QVBoxLayout(self)
        if count > 1:
            note = QLabel(
                f"A field you fill in is set on all {count:,} articles; a field left as it is, "
                "or blank, stays as each article has it.",
                self,
            )
            note.setWordWrap(True)
            lay.addWidget(note)
        lay.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _check(self) -> bool:
        """Say what is wrong with the date as typed; True if it will do."""
        typed = self.fields["published"].text().strip()
        problem = None
        if typed:
            try:
                check_date(typed)
            except ArticleEditError as exc:
                problem = str(exc)
        self.date_error.setText(problem or "")
        self.date_error.setVisible(problem is not None)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(problem is None)
        return problem is None

    def accept(self) -> None:
        if self._check():
            super().accept()
        else:
            self.fields["published"].setFocus()

    def changes(self) -> dict[str, str | list[str]]:
        """The details to set: each field changed (for a selection, changed and not blank)."""
        out: dict[str, str | list[str]] = {}
        for name, edit in self.fields.items():
            typed = edit.text().strip()
            if typed == self._shown[name].strip() or (self.count > 1 and not typed):
                continue
            out[name] = section_parts(typed) if name == "section" else typed
        return out
