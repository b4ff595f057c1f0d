"""What an empty project shows where the text will be: how to bring articles in."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

_TEXT = (
    "Import the articles you want to study: text or HTML files as your scraper saved them,"
    " Claimdesk JSON exports or REFI-QDA (.qdpx) projects."
)


class ActionButton(QPushButton):
    """A push button that triggers ``action`` and follows its text, icon and enabled state."""

    def __init__(self, action: QAction, parent: QWidget) -> None:
        super().__init__(parent)
        self.action = action
        self.clicked.connect(action.trigger)
        action.changed.connect(self._follow)
        self._follow()

    def _follow(self) -> None:
        self.setText(self.action.text().replace("&", ""))
        self.setIcon(self.action.icon())
        self.setToolTip(self.action.toolTip())
        self.setEnabled(self.action.isEnabled())


class WelcomePanel(QWidget):
    """Stands in the reader's place while the project has no articles."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.setAccessibleName("This project has no articles yet")
        title = QLabel("This project has no articles yet", self)
        title.setObjectName("welcomeTitle")
        text = QLabel(_TEXT, self)
        text.setWordWrap(True)
        self.buttons = [ActionButton(a, self) for a in actions]
        row = QHBoxLayout()
        row.addStretch(1)
        for b in self.buttons:
            row.addWidget(b)
        row.addStretch(1)
        self.drop_hint = QLabel("or drop files and folders here", self)
        self.drop_hint.setObjectName("welcomeHint")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(32, 32, 32, 32)
        lay.setSpacing(14)
        lay.addStretch(2)
        for label in (title, text, self.drop_hint):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            label.setMaximumWidth(560)
            label.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(title, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addLayout(row)
        lay.addWidget(self.drop_hint, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(3)
