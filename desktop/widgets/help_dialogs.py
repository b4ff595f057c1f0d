"""Help ▸ Keyboard shortcuts and Help ▸ About: two small windows that block nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.support.text import plain_tip

Shortcut = tuple[str, str, str]  # what it does, its keys, a longer word on it


class ShortcutsDialog(QDialog):
    """Every action with its keys, in a table that typing narrows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.finder = QLineEdit(self)
        self.finder.setAccessibleName("Find a shortcut")
        self.finder.setPlaceholderText("Type to find an action or a key")
        self.finder.setClearButtonEnabled(True)
        self.finder.textChanged.connect(self._narrow)
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName("Actions and their keys")
        self.table.setHorizontalHeaderLabels(["Action", "Keys"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.finder)
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(520, 620)

    def set_rows(self, rows: list[Shortcut]) -> None:
        """Show ``rows`` (what each does, its keys, a tooltip), all of them."""
        self.finder.clear()
        self.table.setRowCount(len(rows))
        for n, (what, keys, tip) in enumerate(rows):
            for col, text in enumerate((what, keys)):
                item = QTableWidgetItem(text)
                if tip:
                    item.setToolTip(plain_tip(tip))
                self.table.setItem(n, col, item)

    def rows(self) -> list[tuple[str, str]]:
        """The rows shown (the filter lets them through), as (action, keys)."""
        return [
            (self._text(n, 0), self._text(n, 1))
            for n in range(self.table.rowCount())
            if not self.table.isRowHidden(n)
        ]

    def _text(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item is not None else ""

    def _narrow(self, typed: str) -> None:
        wanted = typed.strip().casefold()
        for n in range(self.table.rowCount()):
            shown = f"{self._text(n, 0)} {self._text(n, 1)}".replace("&", "").casefold()
            self.table.setRowHidden(n, wanted not in shown)


class AboutDialog(QDialog):
    """The version, the licence, and the licence of the fonts that come with it."""

    def __init__(
        self, version: str, licence: str, fonts: str, fonts_licence: str, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Claimdesk")
        title = QLabel(f"Claimdesk {version}", self)
        title.setObjectName("aboutTitle")
        title.setTextFormat(Qt.TextFormat.PlainText)
        self.summary = QLabel(
            "A workbench for reading, highlighting, coding and annotating claims in news "
            f"articles.\n\nLicence: {licence}. Claimdesk is free software: you may share and "
            "change it under the terms of the GNU General Public License, version 3 or any "
            f"later version.\n\n{fonts}",
            self,
        )
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setAccessibleName("What Claimdesk is, its licence and its fonts'")
        self.fonts_licence = QPlainTextEdit(fonts_licence, self)
        self.fonts_licence.setObjectName("fontsLicence")
        self.fonts_licence.setAccessibleName("Licence of the bundled fonts")
        self.fonts_licence.setReadOnly(True)
        self.fonts_licence.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(self.summary)
        lay.addWidget(self.fonts_licence, 1)
        lay.addWidget(buttons)
        self.resize(560, 520)

    def text(self) -> str:
        """Everything the dialog says, as plain text."""
        heading = self.findChild(QLabel, "aboutTitle")
        head = heading.text() if isinstance(heading, QLabel) else ""
        return "\n".join((head, self.summary.text(), self.fonts_licence.toPlainText()))
