"""The article list: every id in the chosen order, rows fetched from the project a page at a time.

Holding only ids keeps 100,000 articles cheap: the view asks for the rows it paints, and each
missing row brings its whole page (``PAGE`` rows, one query) into a small cache.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from db.articles import listing
from desktop.workspace import Workspace

PAGE = 200
_CACHE_PAGES = 50
COLUMNS = ("Title", "Outlet / section", "Date", "Claims", "Notes")
_ORDER_OF = ("title", "section", "published", "claims", "notes")
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ArticleTableModel(QAbstractTableModel):
    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self._all: list[int] = []
        self._ids: list[int] = []
        self._filtered = False
        self._cache: dict[int, listing.ArticleRow] = {}
        self._pages: list[int] = []  # pages in the cache, oldest first
        self._order = ("id", False)
        self.reload()

    # ---- Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        aid = self._ids[index.row()]
        if role == ID_ROLE:
            return aid
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return right if col >= 3 else None
        row = self._row(index.row())
        if row is None:
            return None
        values = (
            row.title or "(untitled)",
            " / ".join(x for x in [row.outlet, *row.section] if x),
            row.published or "",
            str(row.claims) if row.claims else "",
            str(row.notes) if row.notes else "",
        )
        if role == Qt.ItemDataRole.ToolTipRole:
            return values[col] if col < 2 else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMNS[col]}: {values[col] or 'none'}"
        return values[col]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = _ORDER_OF[column] if 0 <= column < len(_ORDER_OF) else "id"
        self._order = (key, order == Qt.SortOrder.DescendingOrder)
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        kept_ids = [self._ids[i.row()] for i in kept]
        self._all = self.ws.read(lambda s: listing.ordered_ids(s, key, descending=self._order[1]))
        if self._filtered:
            rank = {aid: i for i, aid in enumerate(self._all)}
            self._ids.sort(key=rank.__getitem__)
        else:
            self._ids = self._all
        row_of = {aid: r for r, aid in enumerate(self._ids)}
        moved = [self.index(row_of[aid], i.column()) for aid, i in zip(kept_ids, kept, strict=True)]
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    # ---- Claimdesk

    def reload(self) -> None:
        """Re-read the ids (after an import) and forget cached rows."""
        self.beginResetModel()
        key, descending = self._order
        self._all = self.ws.read(lambda s: listing.ordered_ids(s, key, descending=descending))
        self._ids = self._all
        self._filtered = False
        self._forget()
        self.endResetModel()

    def set_filter(self, ids: list[int] | None) -> None:
        """Show only ``ids`` (search results, in their order), or every article with None."""
        self.beginResetModel()
        self._filtered = ids is not None
        self._ids = list(ids) if ids is not None else self._all
        self._forget()
        self.endResetModel()

    def refresh(self, article_id: int) -> None:
        """Re-read one article's row (its claim and note counts changed)."""
        self._forget()
        try:
            row = self._ids.index(article_id)
        except ValueError:
            return
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        try:
            return self._ids.index(article_id)
        except ValueError:
            return None

    def total(self) -> int:
        return len(self._all)

    def _row(self, row: int) -> listing.ArticleRow | None:
        aid = self._ids[row]
        if aid not in self._cache:
            page = row // PAGE
            ids = self._ids[page * PAGE : (page + 1) * PAGE]
            self._cache.update(self.ws.read(lambda s: listing.rows(s, ids)))
            self._pages.append(page)
            if len(self._pages) > _CACHE_PAGES:
                self._forget()
                self._cache.update(self.ws.read(lambda s: listing.rows(s, ids)))
        return self._cache.get(aid)

    def _forget(self) -> None:
        self._cache.clear()
        self._pages.clear()
