"""The article list: every id in the chosen order, rows fetched from the project a page at a time.

Holding only ids keeps 100,000 articles cheap: the view asks for the rows it paints, and each
missing row brings its whole page (``PAGE`` rows, one query) into a small cache. Putting the
ids in order is work that grows with the corpus, so it runs off the GUI thread
(:meth:`ArticleTableModel.reload`, :meth:`ArticleTableModel.sort`) and the list takes the new
order when it arrives.

A search shows its results best first, a page at a time as the list is scrolled
(``canFetchMore``/``fetchMore``), each with a snippet of where it matched
(:data:`SNIPPET_ROLE`; see :mod:`desktop.models.search_results`); sorted by a column, they
follow the list's order instead. Which columns any article fills is read too
(:attr:`ArticleTableModel.filled`), so the window can leave the empty ones out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from sqlmodel import Session

from db import search
from db.articles import listing
from db.search_context import marked
from desktop.core.ops import Op
from desktop.core.workspace import Workspace
from desktop.models.search_results import SNIPPET_PAGE, SearchResults
from desktop.support import icons
from desktop.support.text import plain_tip

PAGE = 200
_CACHE_PAGES = 50
COLUMNS = ("Title", "Outlet / section", "Date", "Highlights", "Notes", "Copies")  # counted
_ORDER_OF = ("title", "section", "published", "claims", "notes", "copies")
#: What each column shows, as :data:`db.articles.listing.FILLABLE` names it (the title: always).
FILLS = (None, "section", "published", "claims", "notes", "copies")
#: The counted columns show an icon for a name (their name is their tip), so that a narrow
#: list leaves its room to the titles.
ICONS = {3: "mark", 4: "article-note", 5: "copy"}
ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The title's snippet while a search is shown (marks as in :mod:`db.search`; "" until read),
#: None with no search.
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


class ArticleTableModel(QAbstractTableModel):
    sig_loaded = Signal()
    """Emitted when the ids in their order have arrived (after a reload or a sort)."""
    sig_columns_read = Signal()
    """Emitted when the columns some article fills have been read (:attr:`filled`)."""
    sig_failed = Signal(str)
    """Emitted with what went wrong reading a search's later pages or snippets."""

    def __init__(self, ws: Workspace, order: tuple[str, bool] = ("id", False)) -> None:
        super().__init__()
        self.ws = ws
        self._all: list[int] = []
        self._ids: list[int] = []
        self._filter: set[int] | None = None  # shown in the list's order (None: every article)
        self._search: SearchResults | None = None
        self._within: set[int] | None = None  # a set's articles, the only ones listed
        self._ranked = False  # the ids shown are a search's, best first (not the list's order)
        self._cache: dict[int, listing.ArticleRow] = {}
        self._pages: list[int] = []  # pages in the cache, oldest first
        self._order = order if order[0] in listing.ORDERS else ("id", False)
        self._loading: Op[tuple[list[int], set[int] | None, dict[int, int]]] | None = None
        self._columns: Op[frozenset[str]] | None = None
        self._ranked_all: list[int] = []  # a search's ranked ids read so far, copies included
        self.per_story = False  # one article a story: the first shown of each
        self._copies: dict[int, int] = {}  # with per_story, the story of each copy
        self.loaded = False
        self.filled = frozenset(listing.FILLABLE)  # until read: every column

    # ---- Qt model interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        icon = ICONS.get(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if icon else COLUMNS[section]
        if role == Qt.ItemDataRole.DecorationRole and icon:
            return icons.get(icon)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        aid = self._ids[index.row()]
        if role == ID_ROLE:
            return aid
        if role == SNIPPET_ROLE:
            return self._snippet(index.row()) if index.column() == 0 else None
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
            str(row.copies) if row.copies > 1 else "",
        )
        found = (
            self._snippet(index.row()) if col == 0 and role != Qt.ItemDataRole.DisplayRole else ""
        )
        context = marked(found, "", "") if found else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = f"{values[col]}\n{context}" if context else values[col]
            return plain_tip(tip) if col < 2 else None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            where = f"; found: {context}" if context else ""
            return f"{COLUMNS[col]}: {values[col] or 'none'}{where}"
        return values[col]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Put the list (and a search's results) in this order once it has been read."""
        key = _ORDER_OF[column] if 0 <= column < len(_ORDER_OF) else "id"
        self._order = (key, order == Qt.SortOrder.DescendingOrder)
        self._ranked = False
        self._read_order(self._reordered)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        results = self._search
        return not parent.isValid() and self._ranked and results is not None and results.has_more()

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """Read a search's next page; its rows are added once it arrives."""
        if self.canFetchMore(parent) and self._search is not None:
            self._search.fetch_more()

    # ---- Claimdesk

    def reload(self) -> None:
        """Read the ids anew (after an import), in the chosen order; cached rows are forgotten."""
        self._read_order(self._reset)

    def order(self) -> tuple[int, bool]:
        """The column the list is sorted by (-1: import order) and whether downwards."""
        key, descending = self._order
        return (_ORDER_OF.index(key) if key in _ORDER_OF else -1), descending

    def sort_key(self) -> tuple[str, bool]:
        """The list's order: a key of :data:`db.articles.listing.ORDERS`, and whether downwards."""
        return self._order

    def ranked(self) -> bool:
        """Whether a search's results are shown best first."""
        return self._search is not None and self._ranked

    def _read_order(self, then: Any) -> None:
        if self._loading is not None:
            self._loading.cancel()  # superseded: its order is no longer wanted
        key, descending = self._order
        results = self._search if not self._ranked else None
        f = results.found if results is not None and results.matching is None else None

        per_story = self.per_story

        def read(s: Any) -> tuple[list[int], set[int] | None, dict[int, int]]:
            ids = listing.ordered_ids(s, key, descending=descending)
            matching = search.matching_ids(s, f.user_text, prefix=f.prefix) if f else None
            return ids, matching, listing.copies(s) if per_story else {}

        def arrived(got: tuple[list[int], set[int] | None, dict[int, int]]) -> None:
            ids, matching, self._copies = got
            if matching is not None and results is self._search and results is not None:
                results.matching = matching
            then(ids)

        self._loading = self.ws.read(read, arrived, progress="Putting the articles in order…")

    def _reset(self, ids: list[int]) -> None:
        self._loading = None
        self.beginResetModel()
        self._all = ids
        self._ids = self._shown(ids)
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
        self._ids = self._shown(ids)
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

    def _shown(self, ordered: list[int]) -> list[int]:
        """The ids shown: all of them, a filter's or a search's in this order, or best first."""
        if self._ranked:  # the ranked pages read so far, less any article gone since
            known = set(ordered)
            self._ranked_all = [i for i in self._ranked_all if i in known]
            return self._visible(self._ranked_all)
        wanted = self._search.matching if self._search is not None else self._filter
        if wanted is None:
            return self._visible(ordered)
        return self._visible([i for i in ordered if i in wanted])

    def _visible(self, ids: list[int]) -> list[int]:
        """``ids`` less those outside the set listed, and with per_story one a story."""
        if self._within is not None:
            ids = [i for i in ids if i in self._within]
        return listing.one_a_story(ids, self._copies) if self.per_story else ids

    def keep_within(self, ids: list[int] | None) -> None:
        """List only these articles (a set's), searched and sorted as before; None: all."""
        self.beginResetModel()
        self._within = set(ids) if ids is not None else None
        self._ids = self._shown(self._all)
        self._forget()
        self.endResetModel()
        if self._search is not None and self._ranked and self._search.has_more():
            self._paged([])  # the set may hold none of the matches read so far

    def shown_ids(self) -> list[int]:
        """The articles listed so far, in the list's order."""
        return list(self._ids)

    def every_listed(self) -> Callable[[Session], list[int]]:
        """A read, for the worker, of every article listed: a search's pages not read yet too.

        A search's results come in the list's order (not best first) when more are to come.
        """
        shown, results = list(self._ids), self._search
        if results is None or not self.more_to_read():
            return lambda _s: shown
        found, order, narrow = results.found, list(self._all), self._visible

        def read(s: Session) -> list[int]:
            matching = search.matching_ids(s, found.user_text, prefix=found.prefix)
            return narrow([i for i in order if i in matching])

        return read

    def more_to_read(self) -> bool:
        """Whether a search shown best first has pages the list has not read yet."""
        return self._ranked and self._search is not None and self._search.has_more()

    def within(self) -> bool:
        """Whether the list is kept to a set's articles."""
        return self._within is not None

    def set_per_story(self, on: bool) -> None:
        """Show one article a story (the first in the list's order, or the best match) or all."""
        if on != self.per_story:
            self.per_story = on
            self._read_order(self._reset)

    def set_filter(self, ids: list[int] | None) -> None:
        """Show only ``ids``, best first, or every article with None.

        A search's first page (:class:`db.search.Found`) brings later pages as the list is
        scrolled, and snippets; sorted by a column, the results follow the list's order.
        """
        self.beginResetModel()
        if self._search is not None:
            self._search.close()
            self._search.deleteLater()
        self._search, self._filter, self._ranked = None, None, ids is not None
        if isinstance(ids, search.Found):
            self._search = results = SearchResults(self.ws, ids, PAGE)
            results.setParent(self)
            results.sig_page.connect(self._paged)
            results.sig_snippets.connect(self._snippets_arrived)
            results.sig_failed.connect(self.sig_failed)
            self._ranked_all = list(ids)
            self._ids = self._visible(self._ranked_all)
        elif ids is not None:
            self._filter = set(ids)
            known = set(self._all)
            self._ids = self._visible([i for i in ids if i in known])
        else:
            self._ids = self._visible(self._all)
        self._forget()
        self.endResetModel()

    def matching(self) -> int | None:
        """How many articles the search shown found (None: no search)."""
        results = self._search
        if results is None:
            return None
        if (self._ranked or self.per_story) and self._within is None:
            return results.total  # every match, copies too (the list shows fewer)
        return len(self._ids)

    def _paged(self, ids: list[int]) -> None:
        if not self._ranked:
            return
        have = set(self._ranked_all)
        self._ranked_all += [i for i in ids if i not in have]
        shown = set(self._ids)
        new = [i for i in self._visible(self._ranked_all) if i not in shown]
        if not new and self._search is not None and self._search.has_more():
            self._search.fetch_more()  # every one a copy of a story shown: the list asks no more
        if new:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            self._ids.extend(new)
            self.endInsertRows()

    def _snippet(self, row: int) -> str | None:
        results = self._search
        if results is None:
            return None
        start = row // SNIPPET_PAGE * SNIPPET_PAGE
        return results.snippet(self._ids[row], self._ids[start : start + SNIPPET_PAGE])

    def _snippets_arrived(self, _ids: list[int]) -> None:
        if self._ids:  # the view repaints only the rows it shows
            last = self.index(len(self._ids) - 1, 0)
            self.dataChanged.emit(self.index(0, 0), last, [SNIPPET_ROLE])

    def check_columns(self) -> None:
        """Read which columns any article fills (:attr:`filled`, then :attr:`sig_columns_read`)."""
        if self._columns is not None:
            self._columns.cancel()

        def read(filled: frozenset[str]) -> None:
            self._columns = None
            self.filled = filled
            self.sig_columns_read.emit()

        self._columns = self.ws.read(listing.filled_columns, read)

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
