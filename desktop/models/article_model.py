"""The article list: every id in the chosen order, rows fetched from the project a page at a time.

Holding only ids keeps 100,000 articles cheap: the view asks for the rows it paints, and each
missing row brings its whole page (``PAGE`` rows, one query) into a small cache. Putting the
ids in order is work that grows with the corpus, so it runs off the GUI thread
(:meth:`ArticleTableModel.reload`, :meth:`ArticleTableModel.sort`) and the list takes the new
order when it arrives.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from db.articles import listing
from desktop.core.ops import Op
from desktop.core.workspace import Workspace
from desktop.support.text import plain_tip

PAGE = 200
_CACHE_PAGES = 50
COLUMNS = ("Title", "Outlet / section", "Date", "Highlights", "Notes")  # counted as named
_ORDER_OF = ("title", "section", "published", "claims", "notes")
ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class ArticleTableModel(QAbstractTableModel):
    sig_loaded = Signal()
    """Emitted when the ids in their order have arrived (after a reload or a sort)."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__()
        self.ws = ws
        self._all: list[int] = []
        self._ids: list[int] = []
        self._filter: list[int] | None = None
        self._cache: dict[int, listing.ArticleRow] = {}
        self._pages: list[int] = []  # pages in the cache, oldest first
        self._order = ("id", False)
        self._loading: Op[list[int]] | None = None
        self.loaded = False

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
            return plain_tip(values[col]) if col < 2 else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMNS[col]}: {values[col] or 'none'}"
        return values[col]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Put the list in this order once the new order has been read."""
        key = _ORDER_OF[column] if 0 <= column < len(_ORDER_OF) else "id"
        self._order = (key, order == Qt.SortOrder.DescendingOrder)
        self._read_order(self._reordered)

    # ---- Claimdesk

    def reload(self) -> None:
        """Read the ids anew (after an import), in the chosen order; cached rows are forgotten."""
        self._read_order(self._reset)

    def _read_order(self, then: Any) -> None:
        if self._loading is not None:
            self._loading.cancel()  # superseded: its order is no longer wanted
        key, descending = self._order
        self._loading = self.ws.read(
            lambda s: listing.ordered_ids(s, key, descending=descending),
            then,
            progress="Putting the articles in order…",
        )

    def _reset(self, ids: list[int]) -> None:
        self._loading = None
        self.beginResetModel()
        self._all = ids
        self._ids = self._filtered(ids)
        self._forget()
        self.endResetModel()
        self.loaded = True
        self.sig_loaded.emit()

    def _reordered(self, ids: list[int]) -> None:
        self._loading = None
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        kept_ids = [self._ids[i.row()] for i in kept]
        self._all = ids
        self._ids = self._filtered(ids)
        row_of = {aid: r for r, aid in enumerate(self._ids)}
        moved = [
            self.index(row_of[aid], i.column()) if aid in row_of else QModelIndex()
            for aid, i in zip(kept_ids, kept, strict=True)
        ]
        self.changePersistentIndexList(kept, moved)
        self._forget()
        self.layoutChanged.emit()
        self.loaded = True
        self.sig_loaded.emit()

    def _filtered(self, ordered: list[int]) -> list[int]:
        """The ids shown: all of them, or the search results in the list's order."""
        if self._filter is None:
            return ordered
        rank = {aid: i for i, aid in enumerate(ordered)}
        return sorted((i for i in self._filter if i in rank), key=rank.__getitem__)

    def set_filter(self, ids: list[int] | None, *, keep_order: bool = False) -> None:
        """Show only ``ids`` (search results, in their order), or every article with None.

        With ``keep_order``, the results follow the list's chosen order instead.
        """
        self.beginResetModel()
        self._filter = ids
        if ids is None:
            self._ids = self._all
        elif keep_order:
            self._ids = self._filtered(self._all)
        else:
            known = set(self._all)
            self._ids = [i for i in ids if i in known]
        self._forget()
        self.endResetModel()

    def refresh(self, article_ids: frozenset[int]) -> None:
        """Re-read the rows of these articles (their counts changed); no ids: of every one."""
        self._forget()
        last = len(COLUMNS) - 1
        if not article_ids and self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, last))
        for row in (r for r, aid in enumerate(self._ids) if aid in article_ids):
            self.dataChanged.emit(self.index(row, 0), self.index(row, last))

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
            if len(self._pages) >= _CACHE_PAGES:
                self._forget()
            none: dict[int, listing.ArticleRow] = {}
            self._cache.update(self.ws.read_now(lambda s: listing.rows(s, ids), none))
            self._pages.append(page)
        return self._cache.get(aid)

    def _forget(self) -> None:
        self._cache.clear()
        self._pages.clear()
