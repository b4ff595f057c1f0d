"""Reading: the article in the reader with its captions beside it, its highlights, the chosen."""

from __future__ import annotations

from PySide6.QtCore import QObject

from db.annotate.highlights import highlights_of
from db.articles.detail import ArticleDetail, CaptionView
from desktop.core.changes import CODES, HIGHLIGHTS, NOTES, Changes
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.views.main_window import MainWindow


class ReadingController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        w.reader.sig_highlight_clicked.connect(state.choose)
        w.highlights.sig_highlight_chosen.connect(self._chosen_in_list)
        w.captions.sig_caption_activated.connect(self._caption)
        w.act.show_set_aside.toggled.connect(self._set_aside)
        w.act.article_note.triggered.connect(lambda: state.choose(None))
        state.sig_article_changed.connect(self._show)
        state.sig_highlights_changed.connect(self._draw)
        state.sig_coders_changed.connect(self._draw)
        state.sig_highlight_chosen.connect(self._chose)
        state.sig_workspace_changed.connect(self._opened)

    def _opened(self, ws: Workspace | None) -> None:
        if ws is not None:
            ws.sig_changed.connect(self._changed)

    def _show(self, article: ArticleDetail | None) -> None:
        self.w.reader.show_article(article)
        self.w.captions.set_captions(article.captions if article else [])
        self._draw()

    def _draw(self) -> None:
        art, chosen = self.state.article, self.state.highlight_id
        items = [h for h in art.highlights if self.state.shows(h)] if art else []
        self.w.reader.set_highlights(items, chosen)
        self.w.highlights.set_highlights(items, chosen)

    def _chose(self, highlight_id: int | None) -> None:
        self.w.reader.select_highlight(highlight_id)
        self.w.highlights.select(highlight_id)

    def _chosen_in_list(self, highlight_id: int) -> None:
        self.state.choose(highlight_id)
        self.w.reader.select_highlight(highlight_id, scroll=True)

    def _caption(self, caption: CaptionView) -> None:
        reader = self.w.reader
        reader.scroll_to(caption.anchor, flash_end=reader.block_end(caption.anchor))

    def _set_aside(self, show: bool) -> None:
        self.w.reader.set_show_set_aside(show)
        self.w.captions.place()
        self._draw()

    def _changed(self, changes: Changes) -> None:
        ws, art = self.state.workspace, self.state.article
        if ws is None or art is None or not changes.about(art.id):
            return
        if changes.touches(HIGHLIGHTS, CODES, NOTES):
            aid = art.id
            self.state.set_highlights(ws.read_now(lambda s: highlights_of(s, aid), art.highlights))
