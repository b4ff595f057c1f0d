"""Before an import from the file dialogs: what is imported, and an outlet for its files.

Files saved by a scraper rarely say which paper they came from; the outlet typed here goes to
every article of the import whose file names none. It is remembered for the folder, so a
folder imported again (or its neighbour files) proposes the same.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.support import settings


def _key(folder: Path) -> str:
    return f"importOutlets/{folder.resolve().as_posix().replace('/', '|')}"


def remembered_outlet(folder: Path) -> str:
    """The outlet last given for files of ``folder`` ("" if none)."""
    return str(settings.settings().value(_key(folder), "") or "")


def remember_outlet(folder: Path, outlet: str) -> None:
    s = settings.settings()
    if outlet:
        s.setValue(_key(folder), outlet)
    else:
        s.remove(_key(folder))


def home_folder(paths: list[Path]) -> Path:
    """The folder an import's outlet is remembered for: the folder chosen, or the files'."""
    first = paths[0]
    return first if first.is_dir() else first.parent


def describe(paths: list[Path]) -> str:
    if len(paths) == 1:
        kind = "the folder" if paths[0].is_dir() else "the file"
        return f"Import {kind} {paths[0].name}"
    return f"Import {len(paths):,} files from {home_folder(paths).name}"


class ImportDialog(QDialog):
    """Asks for the outlet of the files about to be imported (optional)."""

    def __init__(self, parent: QWidget, paths: list[Path]) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle("Import")
        self.paths = paths
        self.folder = home_folder(paths)
        what = QLabel(describe(paths), self)
        what.setWordWrap(True)
        self.outlet = QLineEdit(remembered_outlet(self.folder), self)
        self.outlet.setPlaceholderText("As each file says (optional)")
        self.outlet.setAccessibleName("Outlet for these files")
        self.outlet.setClearButtonEnabled(True)
        self._known = QStringListModel(self)
        completer = QCompleter(self._known, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.outlet.setCompleter(completer)
        hint = QLabel("Given to every article whose file names no outlet of its own.", self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Outlet for these files:", self.outlet)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Import")
        ok.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(what)
        box.addLayout(form)
        box.addWidget(hint)
        box.addWidget(buttons)

    def set_known(self, outlets: list[str]) -> None:
        """The outlets the project names already, offered as the field is typed in."""
        self._known.setStringList(outlets)

    def chosen_outlet(self) -> str | None:
        """The outlet typed (remembered for the folder), or None for each file's own."""
        outlet = " ".join(self.outlet.text().split())
        remember_outlet(self.folder, outlet)
        return outlet or None
