"""A new variable of the coding sheet: its name, label, kind and, for a list, its options.

Options are typed one a line, ``1 = positive``: a code, then its label. The name becomes a
column of the SPSS and Stata files, so the project holds it to what both take (the message of a
refused name says why).
"""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

KINDS = (
    ("A list (nominal): main frame, source type", "nominal"),
    ("An ordered list (ordinal): tone from negative to positive", "ordinal"),
    ("A number", "numeric"),
    ("Yes or no", "yesno"),
    ("A date", "date"),
    ("Text", "text"),
)
_OPTION = re.compile(r"\s*([+-]?\d+)\s*[=:.)\-–]\s*(.+?)\s*$")


def parse_options(typed: str) -> list[tuple[int, str]]:
    """``1 = positive`` lines as (code, label); a line without a code is numbered after the last.

    Raises:
        ValueError: a code comes twice.
    """
    out: list[tuple[int, str]] = []
    for line in typed.splitlines():
        if not line.strip():
            continue
        m = _OPTION.match(line)
        code, label = (int(m[1]), m[2]) if m else (max((c for c, _ in out), default=0) + 1, line)
        if any(c == code for c, _ in out):
            raise ValueError(f"the code {code} is given twice")
        out.append((code, label.strip()))
    return out


class VariableDialog(QDialog):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("variableDialog")
        self.setWindowTitle("New variable")
        form = QFormLayout(self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText("tone (letters, digits, _; a column of SPSS and Stata files)")
        form.addRow("&Name", self.name)
        self.label = QLineEdit(self)
        self.label.setPlaceholderText("Tone of the article towards the government")
        form.addRow("&Label", self.label)
        self.kind = QComboBox(self)
        for text, kind in KINDS:
            self.kind.addItem(text, kind)
        form.addRow("&Kind", self.kind)
        self.options = QPlainTextEdit(self)
        self.options.setPlaceholderText("1 = negative\n2 = neutral\n3 = positive")
        self.options.setTabChangesFocus(True)
        self.options_label = QLabel("&Options", self)
        self.options_label.setBuddy(self.options)
        form.addRow(self.options_label, self.options)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def edit(self, name: str, kind: str, label: str, options: list[tuple[int, str]]) -> None:
        """Show a variable's definition to be changed (its values stay, if they still fit)."""
        self.setWindowTitle(f"Edit the variable {name}")
        self.name.setText(name)
        self.label.setText(label)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.options.setPlainText("\n".join(f"{code} = {text}" for code, text in options))

    def _kind_changed(self) -> None:
        listed = self.kind.currentData() in ("nominal", "ordinal")
        self.options.setVisible(listed)
        self.options_label.setVisible(listed)

    def _check(self) -> None:
        try:
            self.chosen()
        except ValueError as exc:
            self.problem.setText(f"Not yet: {exc}.")
            return
        self.accept()

    def chosen(self) -> tuple[str, str, str, list[tuple[int, str]]]:
        """Name, kind, label and options (code, label).

        Raises:
            ValueError: no name, or a list without options, or an option's code twice.
        """
        name, kind = self.name.text().strip(), str(self.kind.currentData())
        if not name:
            raise ValueError("the variable needs a name")
        options = (
            parse_options(self.options.toPlainText()) if kind in ("nominal", "ordinal") else []
        )
        if kind in ("nominal", "ordinal") and not options:
            raise ValueError("a list needs its options, one a line: 1 = positive")
        return name, kind, self.label.text().strip(), options
