"""The article list: its model, its order, its columns, the article chosen in it, the count below.

The Title column takes whatever room the others leave; a column that no article fills (no
outlet, no date in the project) is left out until something fills it. The order, the widths
and the article open are remembered for each project (:mod:`desktop.models.list_memory`) and
given back when it is opened again. While a search is shown, its results come best first, two
lines a row: the title and where it matched.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtWidgets import QHeaderView

from db import search
from db.articles import detail
from desktop.core.changes import ARTICLES, HIGHLIGHTS, NOTES, Changes
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.models.article_model import (
    COLUMNS,
    FILLS,
    ICONS,
    SNIPPET_ROLE,
    ArticleTableModel,
)
from desktop.models.list_memory import ListMemory
from desktop.views.main_window import MainWindow
from desktop.widgets.snippet_delegate import SnippetDelegate, row_height

#: Widths of the columns beside the title until the researcher sets their own.
WIDTHS = {1: 120, 2: 86, 3: 40, 4: 40, 5: 40}
ICON_ROOM = 16  # a counted column's icon
HEADER_PAD = 28  # a column is at least as wide as its name, with room for the sort arrow
REMEMBER_AFTER_MS = 400


class ListController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.model: ArticleTableModel | None = None
        self.memory: ListMemory | None = None
        self._reopen: int | None = None  # the article to open once the list has loaded
        self._row_height = w.list_view.verticalHeader().defaultSectionSize()
        view = w.list_view
        view.setItemDelegateForColumn(0, SnippetDelegate(SNIPPET_ROLE, view))
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.sortIndicatorChanged.connect(self._sort)
        header.sectionResized.connect(self._resized)
        self.chosen: dict[int, int] = {}  # the widths the researcher gave columns, by column
        self._fitting = False  # columns are being sized here, not by the researcher
        view.viewport().installEventFilter(self)
        self._remember_timer = QTimer(self, singleShot=True, interval=REMEMBER_AFTER_MS)
        self._remember_timer.timeout.connect(self.remember)
        state.sig_workspace_changed.connect(self._opened)
        state.sig_workspace_closing.connect(lambda _ws: self.remember())
        state.sig_filter_changed.connect(self._filter)
        state.sig_within_changed.connect(self._within)
        state.sig_article_changed.connect(lambda _a: self._remember_later())
        w.act.one_per_story.toggled.connect(self._per_story)

    def _opened(self, ws: Workspace | None) -> None:
        view = self.w.list_view
        view.setModel(None)
        self.model = self.memory = None
        self._remember_timer.stop()
        if ws is None:
            self._count()
            return
        self.memory = memory = ListMemory.of(ws)
        self.model = model = ArticleTableModel(ws, memory.order())
        model.setParent(self)
        view.setModel(model)
        header = view.horizontalHeader()
        header.blockSignals(True)
        self._show_order()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        widths = memory.widths()
        self.chosen = {c: widths[COLUMNS[c]] for c in WIDTHS if COLUMNS[c] in widths}
        for col in WIDTHS:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, self.chosen.get(col, max(WIDTHS[col], self._named(col))))
        header.blockSignals(False)
        self._fit()
        self._reopen = memory.article()
        per_story = memory.per_story()
        self.w.act.one_per_story.blockSignals(True)
        self.w.act.one_per_story.setChecked(per_story)
        self.w.act.one_per_story.blockSignals(False)
        model.per_story = per_story
        view.selectionModel().selectionChanged.connect(self._selected)
        ws.sig_changed.connect(self._changed)
        model.sig_loaded.connect(self._loaded)
        model.rowsInserted.connect(lambda *_: self._count())  # a search's later pages
        model.sig_columns_read.connect(self._columns)
        model.sig_failed.connect(lambda m: self.state.say(f"Search failed: {m}"))
        model.reload()
        model.check_columns()

    def _loaded(self) -> None:
        self._count()
        model = self.model
        if model is None or not model.rowCount():
            return
        if self.state.article is not None:  # a reload (as chunks of an import land): keep it chosen
            self._keep_chosen(model, self.state.article.id)
            return
        row = model.row_of(self._reopen) if self._reopen is not None else None
        self._reopen = None
        self.w.list_view.selectRow(row or 0)
        self.w.list_view.scrollTo(model.index(row or 0, 0))

    def _keep_chosen(self, model: ArticleTableModel, article_id: int) -> None:
        """Choose the article's row again, where it is now, without scrolling the list."""
        chosen = self.w.list_view.selectionModel()
        row = model.row_of(article_id)
        if row is None:  # hidden now (a copy, one per story): a click on any row opens it
            chosen.clearSelection()
            return
        if chosen.isRowSelected(row):
            return
        flags = QItemSelectionModel.SelectionFlag
        chosen.setCurrentIndex(model.index(row, 0), flags.ClearAndSelect | flags.Rows)

    def _show_order(self) -> None:
        """Show the list's order in the header (none while a search is shown best first)."""
        if self.model is None:
            return
        column, descending = self.model.order()
        if self.model.ranked():
            column = -1
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = self.w.list_view.horizontalHeader()
        was = header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(was)

    def _columns(self) -> None:
        """Leave out the columns no article fills; bring back those something fills now."""
        if self.model is None:
            return
        header = self.w.list_view.horizontalHeader()
        for col, fills in enumerate(FILLS):
            if fills is not None:
                header.setSectionHidden(col, fills not in self.model.filled)
        self._fit()

    # ---- Room for the titles

    def _room(self, text: str) -> int:
        """The width a column needs for ``text`` (or an icon) and the sort arrow."""
        header = self.w.list_view.horizontalHeader()
        return max(header.fontMetrics().horizontalAdvance(text), ICON_ROOM) + HEADER_PAD

    def _least(self, col: int) -> int:
        """How narrow a column goes for the titles.

        Its icon, a date, or a few letters of the outlet (the name elided is whole in its tip).
        """
        return self._room({1: "Outlet", 2: "0000-00-00"}.get(col, ""))

    def _named(self, col: int) -> int:
        """A column's usual width at least: its whole name (or its icon)."""
        return self._room("" if col in ICONS else COLUMNS[col])

    def _fit(self) -> None:
        """Keep half of a narrow list for the titles.

        The columns the researcher has not sized give way, down to a few letters; on a wide list
        they have their usual widths again. See :meth:`_least`.
        """
        header = self.w.list_view.horizontalHeader()
        shown = [c for c in WIDTHS if not header.isSectionHidden(c)]
        short = sum(header.sectionSize(c) for c in shown) - self.w.list_view.viewport().width() // 2
        self._fitting = True
        for col in shown:
            if col in self.chosen:
                continue
            usual, least = max(WIDTHS[col], self._named(col)), self._least(col)
            width = max(least, min(usual, header.sectionSize(col) - short))
            short -= header.sectionSize(col) - width
            if width != header.sectionSize(col):
                header.resizeSection(col, width)
        self._fitting = False

    def _resized(self, col: int, _old: int, new: int) -> None:
        if not self._fitting and col in WIDTHS and new > 0:
            self.chosen[col] = new  # the researcher's own width
        self._remember_later()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.model is not None:
            QTimer.singleShot(0, self._fit)  # once the Title has taken its new width
        return False

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        if self.model:
            self.model.sort(column, order)
            self._remember_later()

    def _filter(self, ids: list[int] | None) -> None:
        if self.model is None:
            return
        self.model.set_filter(ids)
        self._show_order()
        view = self.w.list_view
        searching = isinstance(ids, search.Found)
        height = row_height(view.font()) if searching else self._row_height
        view.verticalHeader().setDefaultSectionSize(max(height, self._row_height))
        self._count()
        if ids:
            view.selectRow(0)
            view.scrollToTop()

    def _within(self, ids: list[int] | None) -> None:
        """List a set's articles (or all): the article open stays open if it is among them."""
        model = self.model
        if model is None:
            return
        model.keep_within(ids)
        self._count()
        art = self.state.article
        row = model.row_of(art.id) if art is not None else None
        if art is not None and row is not None:
            self._keep_chosen(model, art.id)
            self.w.list_view.scrollTo(model.index(row, 0))
        elif model.rowCount():
            self.w.list_view.selectRow(0)
            self.w.list_view.scrollToTop()

    def _per_story(self, on: bool) -> None:
        if self.model is not None:
            self.model.set_per_story(on)
            self._remember_later()

    def _count(self) -> None:
        model = self.model
        found = model.matching() if model else None
        if found is not None:
            least = (
                "at least " if model is not None and model.within() and model.more_to_read() else ""
            )
            text = f"{least}{found:,} matching article{'' if found == 1 else 's'}"
        elif model is not None and model.within():
            n = model.rowCount()
            text = f"{n:,} article{'' if n == 1 else 's'} of the set"
        else:
            text = f"{model.total() if model else 0:,} articles"
        if model is not None and model.per_story:
            n = model.rowCount()
            text += f", {n:,} stor{'y' if n == 1 else 'ies'} shown"
        self.w.status_label.setText(text)

    def _changed(self, changes: Changes) -> None:
        if self.model is None:
            return
        if changes.touches(ARTICLES):
            self.model.reload()
        elif changes.touches(HIGHLIGHTS, NOTES):
            self.model.refresh(changes.article_ids)
        if changes.touches(ARTICLES, HIGHLIGHTS, NOTES):
            self.model.check_columns()

    def _selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        ws, model = self.state.workspace, self.model
        if ws is None or model is None or selected.isEmpty():
            return
        aid = model.article_id(selected.first().top())  # ranges: not every cell of 100,000 rows
        if aid is not None and (self.state.article is None or aid != self.state.article.id):
            self.state.set_article(ws.read_now(lambda s: detail.get(s, aid), None))

    def select(self, article_id: int) -> None:
        """Show ``article_id`` in the list, chosen."""
        row = self.model.row_of(article_id) if self.model else None
        if row is not None:
            self.w.list_view.selectRow(row)

    # ---- Remembering the list

    def _remember_later(self) -> None:
        if self.memory is not None:
            self._remember_timer.start()

    def remember(self) -> None:
        """Write down the list's order, its column widths and the article open."""
        self._remember_timer.stop()
        if self.memory is None or self.model is None:
            return
        widths = {COLUMNS[col]: width for col, width in self.chosen.items()}
        art = self.state.article
        self.memory.save(
            self.model.sort_key(), widths, art.id if art else None, self.model.per_story
        )
