"""Bringing an article into view from elsewhere (an undo, a claim's mention)."""

from __future__ import annotations

from db.articles import detail
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.models.article_model import ArticleTableModel
from desktop.views.main_window import MainWindow


def open_article(w: MainWindow, state: AppState, ws: Workspace, article_id: int) -> None:
    """Choose the article in the list (or, if the list does not show it, show it alone)."""
    model = w.list_view.model()
    row = model.row_of(article_id) if isinstance(model, ArticleTableModel) else None
    if row is not None:
        w.list_view.selectRow(row)
    else:  # no row stays chosen, so that a click on any row opens it
        w.list_view.clearSelection()
        state.set_article(ws.read_now(lambda s: detail.get(s, article_id), None))


def show_highlight(w: MainWindow, state: AppState, highlight_id: int) -> bool:
    """Choose the highlight in the article shown and scroll to it; False if it is not there."""
    art = state.article
    if art is None or not any(h.id == highlight_id for h in art.highlights):
        return False
    state.choose(highlight_id)
    w.reader.select_highlight(highlight_id, scroll=True)
    return True
