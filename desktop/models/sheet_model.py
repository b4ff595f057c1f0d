"""The coding sheet as a table: one row an article, one column a variable, the coder's values.

The rows are read off the window's thread (every article of the project, in one query) and
held as plain tuples; a nominal or ordinal value shows its option's label beside its code.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from db.annotate.variables import SheetRow, VariableView

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
_FIXED = ("Article", "Outlet", "Date")


def shown(v: VariableView, value: str | None) -> str:
    """A value as the sheet shows it: ``2 · neutral`` for a list, yes/no in words."""
    if value is None:
        return ""
    if v.kind == "yesno":
        return "yes" if value == "1" else "no"
    if v.options:
        label = v.option_label(int(value))
        return f"{value} · {label}" if label else value
    return value


class SheetModel(QAbstractTableModel):
    def __init__(self, variables: list[VariableView], rows: list[SheetRow]) -> None:
        super().__init__()
        self.variables = variables
        self.rows = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_FIXED) + len(self.variables)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section < len(_FIXED):
            return _FIXED[section]
        return self.variables[section - len(_FIXED)].title()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == ID_ROLE:
            return row.article_id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        col = index.column()
        if col < len(_FIXED):
            return (row.title or "(untitled)", row.outlet or "", row.published or "")[col]
        v = self.variables[col - len(_FIXED)]
        return shown(v, row.values.get(v.id))

    def coded(self) -> int:
        """How many articles have at least one value."""
        return sum(1 for r in self.rows if r.values)
