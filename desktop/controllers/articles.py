"""The chosen articles: their details edited, one or a selection; deleted; their source shown.

The list takes several rows at once from the researcher's own clicks and keys (Shift and Ctrl
with a click or an arrow, Ctrl+A); a row the program chooses (the next article, the one an undo
opens) is chosen alone, whatever keys are held. Its context menu holds what can be done with
the rows chosen. Edits and deletions are undoable steps, written off the GUI thread and said
to be saved only once they are in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionRange, QObject, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QAbstractItemView, QMenu, QMessageBox

from db.articles import detail
from db.articles.edit import Losses, losses, shared_details
from desktop.core.article_steps import DeleteArticles, EditDetails
from desktop.core.changes import ARTICLES, Changes
from desktop.core.commands import Step
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.models.article_model import ArticleTableModel
from desktop.views.main_window import MainWindow
from desktop.widgets.article_details import ArticleDetailsDialog


def _count(n: int, thing: str) -> str:
    return f"{n:,} {thing}" if n == 1 else f"{n:,} {thing}s"


def deletion_question(n: int, title: str | None, lost: Losses) -> str:
    """What is asked before deleting ``n`` articles (``title``: the one, if one)."""
    what = f"the article “{title or '(untitled)'}”" if n == 1 else _count(n, "article")
    counts = ((lost.highlights, "highlight"), (lost.notes, "note"))
    parts = [_count(k, thing) for k, thing in counts if k]
    tail = (
        f"{' and '.join(parts)} will be lost." if parts else "No highlights or notes will be lost."
    )
    return f"Delete {what}? {tail} You can undo this."


def _rows(span: QItemSelectionRange) -> range:
    return range(span.top(), span.bottom() + 1)


_SINGLE, _EXTENDED = (
    QAbstractItemView.SelectionMode.SingleSelection,
    QAbstractItemView.SelectionMode.ExtendedSelection,
)
_PRESS = (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
_PROGRAM = (QEvent.Type.ShortcutOverride, QEvent.Type.FocusOut)


class UserSelects(QObject):
    """Lets ``view`` take several rows only while it handles the user's mouse and keys.

    A view taking several rows reads the modifier keys held even when the program chooses a
    row: Ctrl+Down (next article) would add the next row to the chosen ones, not move to it.
    """

    def __init__(self, view: QAbstractItemView) -> None:
        super().__init__(view)
        self.view = view
        view.setSelectionMode(_SINGLE)
        view.installEventFilter(self)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        kind = e.type()
        if kind in _PRESS or kind == QEvent.Type.KeyPress:
            self.view.setSelectionMode(_EXTENDED)
        if kind in _PROGRAM:  # a shortcut may choose a row next: alone
            self.view.setSelectionMode(_SINGLE)
        elif kind == QEvent.Type.MouseButtonRelease or kind == QEvent.Type.KeyPress:
            QTimer.singleShot(0, self._done)  # once the view has handled it
        return False

    def _done(self) -> None:
        if not QGuiApplication.mouseButtons():
            self.view.setSelectionMode(_SINGLE)


class ArticlesController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.dialog: ArticleDetailsDialog | None = None
        a = w.act
        self.copy_title = QAction("Copy &title", self)
        self.copy_title.setObjectName("action_copy_title")
        view = w.list_view
        self.user_selects = UserSelects(view)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._menu)
        a.edit_articles.triggered.connect(self.edit)
        a.delete_articles.triggered.connect(self.delete)
        a.show_source.triggered.connect(self.show_source)
        self.copy_title.triggered.connect(self.copy_titles)
        state.sig_workspace_changed.connect(self._opened)
        state.sig_article_changed.connect(lambda _a: self._enable())
        self._enable()

    # ---- What is chosen

    def _model(self) -> ArticleTableModel | None:
        model = self.w.list_view.model()
        return model if isinstance(model, ArticleTableModel) else None

    def chosen_rows(self) -> list[int]:
        """The rows chosen in the list, top to bottom."""
        sel = self.w.list_view.selectionModel()
        if sel is None:
            return []
        # As ranges: all of 100,000 rows is one (a list of their indexes takes seconds).
        spans = sel.selection()
        return sorted({r for i in range(spans.size()) for r in _rows(spans.at(i))})

    def chosen(self) -> list[int]:
        """The ids of the articles chosen in the list, top to bottom (else the one shown)."""
        model = self._model()
        if model is not None:
            ids = [aid for r in self.chosen_rows() if (aid := model.article_id(r)) is not None]
            if ids:
                return ids
        return [self.state.article.id] if self.state.article is not None else []

    def _opened(self, ws: Workspace | None) -> None:
        if ws is not None:
            ws.sig_changed.connect(self._changed)
        model, sel = self._model(), self.w.list_view.selectionModel()
        if model is not None and sel is not None:
            sel.selectionChanged.connect(lambda *_: self._enable())
            model.modelReset.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        ws, a, art = self.state.workspace, self.w.act, self.state.article
        sel = self.w.list_view.selectionModel()
        some = art is not None or (sel is not None and sel.hasSelection())
        on = ws is not None and not ws.read_only and some
        a.edit_articles.setEnabled(on)
        a.delete_articles.setEnabled(on)
        a.show_source.setEnabled(art is not None and bool(art.origin_path))
        self.copy_title.setEnabled(some)

    def menu(self) -> QMenu:
        """The list's context menu."""
        menu = QMenu(self.w.list_view)
        a = self.w.act
        menu.addActions([a.edit_articles, a.delete_articles, a.show_source])
        menu.addSeparator()
        menu.addAction(self.copy_title)
        return menu

    def _menu(self, pos: QPoint) -> None:
        view = self.w.list_view
        index = view.indexAt(pos)
        sel = view.selectionModel()
        if index.isValid() and sel is not None and not sel.isRowSelected(index.row()):
            view.selectRow(index.row())  # the menu is about the row clicked
        menu = self.menu()
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # ---- Editing

    def edit(self) -> None:
        """Open the details of the chosen articles (their values are read off the GUI thread)."""
        ws, ids = self.state.workspace, self.chosen()
        if ws is None or ws.read_only or not ids:
            return
        ws.read(
            lambda s: shared_details(s, ids),
            lambda shared: self._ask(ws, ids, shared),
            progress="Reading the articles' details…",
        )

    def _ask(
        self, ws: Workspace, ids: list[int], shared: Mapping[str, str | list[str] | None]
    ) -> None:
        if ws is not self.state.workspace:
            return
        art = self.state.article
        source = art.origin_path if art is not None and ids == [art.id] else None
        dialog = ArticleDetailsDialog(self.w, shared, len(ids), source)
        dialog.accepted.connect(lambda: self.save(ids, dialog.changes()))
        dialog.finished.connect(lambda _r: self._closed(dialog))
        self.dialog = dialog
        dialog.open()

    def _closed(self, dialog: ArticleDetailsDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def save(self, ids: list[int], fields: Mapping[str, str | list[str]]) -> None:
        """Set ``fields`` on the articles of ``ids``, as one undoable step."""
        ws = self.state.workspace
        if ws is None:
            return
        if not fields:
            self.state.say("Nothing was changed.", 3000)
            return
        whose = "the article" if len(ids) == 1 else _count(len(ids), "article")
        self.state.say(f"Saving the details of {whose}…", 0)
        ws.do(
            EditDetails(ids, fields),
            lambda _s: self.state.say(f"Saved the details of {whose}.", 4000),
            lambda m: self._failed(ws, m),
        )

    def _failed(self, ws: Workspace, message: str) -> None:
        self.state.say(f"Not saved: {message}", 0)
        ws.sig_failed.emit(message)

    # ---- Deleting

    def delete(self) -> None:
        """Ask, saying what would be lost, then delete the chosen articles (undoably)."""
        ws, ids = self.state.workspace, self.chosen()
        if ws is None or ws.read_only or not ids:
            return
        self.w.notes.save_now()  # the note being typed goes in first, and is counted

        def count() -> None:
            ws.read(lambda s: losses(s, ids), lambda lost: self._confirm(ws, ids, lost))

        if ws.ops.pending():  # counted once what was asked before is in the file
            ws.ops.sig_idle.connect(count, Qt.ConnectionType.SingleShotConnection)
        else:
            count()

    def _confirm(self, ws: Workspace, ids: list[int], losses: Losses) -> None:
        if ws is not self.state.workspace:
            return
        art = self.state.article
        title = art.title if art is not None and ids == [art.id] else self._titles()[0]
        answer = QMessageBox.question(
            self.w,
            "Delete articles",
            deletion_question(len(ids), title, losses),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        after = self._neighbour(set(ids))
        n = _count(len(ids), "article")
        self.state.say(f"Deleting {n}…", 0)

        def deleted(_step: Step) -> None:
            self.state.say(f"Deleted {n}. Undo (Ctrl+Z) puts them back.", 6000)
            if after is not None and (m := self._model()) is not None:
                m.sig_loaded.connect(
                    lambda: self._choose(after), Qt.ConnectionType.SingleShotConnection
                )

        ws.do(DeleteArticles(ids, art.id if art else None), deleted, lambda m: self._failed(ws, m))

    def _neighbour(self, gone: set[int]) -> int | None:
        """The article to show once ``gone`` are: the next one in the list, else before."""
        model, rows = self._model(), self.chosen_rows()
        if model is None or not rows:
            return None
        after = range(max(rows) + 1, model.rowCount())
        before = range(min(rows) - 1, -1, -1)
        for r in (*after, *before):
            aid = model.article_id(r)
            if aid is not None and aid not in gone:
                return aid
        return None

    def _choose(self, article_id: int) -> None:
        model = self._model()
        row = model.row_of(article_id) if model is not None else None
        if row is not None:
            self.w.list_view.selectRow(row)

    # ---- Following changes

    def _changed(self, changes: Changes) -> None:
        """Show the article anew if its details changed here, or nothing if it was deleted."""
        ws, art = self.state.workspace, self.state.article
        if ws is None or art is None or not changes.touches(ARTICLES):
            return
        if art.id not in changes.article_ids:
            return  # an import (which names no articles) leaves the shown one as it is
        aid, chosen = art.id, self.state.highlight_id
        fresh = ws.read_now(lambda s: detail.get(s, aid), None)
        self.state.set_article(fresh)
        if fresh is not None and chosen is not None:
            self.state.choose(chosen)

    # ---- The file it came from, the title

    def show_source(self) -> None:
        """Open the folder of the file the shown article came from; say so if it is gone."""
        art = self.state.article
        if art is None or not art.origin_path:
            return
        path = Path(art.origin_path)
        folder = path.parent
        if not folder.is_dir():
            self.state.say(f"The file it came from is gone, and its folder too: {path}", 0)
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        if path.is_file():
            self.state.say(f"Opened the folder of {path.name}: {folder}", 6000)
        else:
            self.state.say(f"{path.name} is no longer in its folder {folder} (opened).", 0)

    def _titles(self) -> list[str]:
        """The titles of the rows chosen, as the list shows them."""
        model = self._model()
        if model is None:
            return []
        return [str(model.index(r, 0).data() or "") for r in self.chosen_rows()]

    def copy_titles(self) -> None:
        """Put the chosen articles' titles on the clipboard, one a line."""
        art = self.state.article
        titles = self._titles() or ([art.title or "(untitled)"] if art is not None else [])
        if titles:
            QGuiApplication.clipboard().setText("\n".join(titles))
            self.state.say(f"Copied {_count(len(titles), 'title')}.", 3000)
