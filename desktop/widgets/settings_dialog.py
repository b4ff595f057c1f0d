"""Settings: who codes here (stamped on every highlight, note and claim link), and the colours.

At the first start the same dialog asks for the coder's name, with a sentence on why: several
coders' work is told apart by it, in the window, in agreement figures and in every export.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

SCHEMES = (("As the system", ""), ("Light", "light"), ("Dark", "dark"))
FIRST_START = (
    "Which name should your coding carry? Every highlight, note and claim link you make is "
    "stamped with it, so that your work and a colleague's can be told apart and compared. "
    "You can change it later in Edit ▸ Settings."
)


class SettingsDialog(QDialog):
    def __init__(
        self, parent: QWidget, coder: str, account: str, scheme: str, *, first: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle("Welcome to Claimdesk" if first else "Settings")
        form = QFormLayout(self)
        if first:
            why = QLabel(FIRST_START, self)
            why.setWordWrap(True)
            form.addRow(why)
        self.coder = QLineEdit(coder, self)
        self.coder.setPlaceholderText(account)
        self.coder.setAccessibleName("Your name as a coder")
        self.coder.setToolTip(f"Left empty, your coding carries the computer's name: {account}")
        form.addRow("Your name as a &coder", self.coder)
        self.scheme = QComboBox(self)
        self.scheme.setAccessibleName("Colours")
        for label, value in SCHEMES:
            self.scheme.addItem(label, value)
        self.scheme.setCurrentIndex(max(0, self.scheme.findData(scheme)))
        form.addRow("C&olours", self.scheme)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def chosen(self) -> tuple[str, str]:
        """The coder's name as typed (spaces tidied) and the colour scheme."""
        return " ".join(self.coder.text().split()), str(self.scheme.currentData())
