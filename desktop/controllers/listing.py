"""The article list: its model, its order, the article chosen in it, the count below it."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QObject, Qt
from PySide6.QtWidgets import QHeaderView

from db.articles import detail
from desktop.core.changes import ARTICLES, HIGHLIGHTS, NOTES, Changes
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.models.article_model import ArticleTableModel
from desktop.views.main_window import MainWindow


class ListController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.model: ArticleTableModel | None = None
        w.list_view.horizontalHeader().sortIndicatorChanged.connect(self._sort)
        state.sig_workspace_changed.connect(self._opened)
        state.sig_filter_changed.connect(self._filter)

    def _opened(self, ws: Workspace | None) -> None:
        view = self.w.list_view
        view.setModel(None)
        self.model = None
        if ws is None:
            self._count()
            return
        self.model = model = ArticleTableModel(ws)
        model.setParent(self)
        view.setModel(model)
        header = view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # import order until a click
        header.blockSignals(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 120), (2, 86), (3, 50), (4, 46)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        view.selectionModel().selectionChanged.connect(self._selected)
        ws.sig_changed.connect(self._changed)
        model.sig_loaded.connect(self._loaded)
        model.reload()

    def _loaded(self) -> None:
        self._count()
        if self.model and self.model.rowCount() and self.state.article is None:
            self.w.list_view.selectRow(0)

    def _sort(self, column: int, order: Qt.SortOrder) -> None:
        if self.model:
            self.model.sort(column, order)

    def _filter(self, ids: list[int] | None) -> None:
        if self.model is None:
            return
        self.model.set_filter(ids)
        if ids is None:
            self._count()
        if ids:
            self.w.list_view.selectRow(0)

    def _count(self) -> None:
        n = self.model.total() if self.model else 0
        self.w.status_label.setText(f"{n:,} articles")

    def _changed(self, changes: Changes) -> None:
        if self.model is None:
            return
        if changes.touches(ARTICLES):
            self.model.reload()
        elif changes.touches(HIGHLIGHTS, NOTES):
            self.model.refresh(changes.article_ids)

    def _selected(self, selected: QItemSelection, _old: QItemSelection) -> None:
        ws, model = self.state.workspace, self.model
        if ws is None or model is None or not selected.indexes():
            return
        aid = model.article_id(selected.indexes()[0].row())
        if aid is not None and (self.state.article is None or aid != self.state.article.id):
            self.state.set_article(ws.read_now(lambda s: detail.get(s, aid), None))

    def select(self, article_id: int) -> None:
        """Show ``article_id`` in the list, chosen."""
        row = self.model.row_of(article_id) if self.model else None
        if row is not None:
            self.w.list_view.selectRow(row)
