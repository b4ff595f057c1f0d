"""Tools ▸ Coding sheet: every article as a row of the coder's variable values.

A table one can sort and scan (34,000 rows scroll at once: the view asks only for the rows it
paints); a double-click opens the article beside it to code it.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Signal
from PySide6.QtWidgets import QAbstractItemView, QDialog, QLabel, QTableView, QVBoxLayout, QWidget


class SheetDialog(QDialog):
    sig_open = Signal(int)
    """Emitted with the id of the article double-clicked."""

    def __init__(
        self, parent: QWidget, model: QAbstractTableModel, id_role: int, coded: int, coder: str
    ) -> None:
        """``model``'s rows are articles; ``id_role`` gives each one's id."""
        super().__init__(parent)
        self.id_role = id_role
        self.setObjectName("sheetDialog")
        self.setWindowTitle("Coding sheet")
        lay = QVBoxLayout(self)
        n = model.rowCount()
        lay.addWidget(QLabel(f"{coder}'s values: {coded:,} of {n:,} articles coded.", self))
        self.model = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.table = QTableView(self)
        self.table.setAccessibleName("The coding sheet")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 280)
        self.table.doubleClicked.connect(self._open)
        lay.addWidget(self.table, 1)
        self.resize(900, 520)

    def _open(self, index: QModelIndex) -> None:
        self.sig_open.emit(int(self.proxy.data(index, self.id_role)))
