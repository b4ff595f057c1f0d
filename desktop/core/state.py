"""What the window is showing, shared by the controllers: the project, the article, the highlight.

Controllers never call each other: one sets the state, the others follow its signals.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from db.annotate.highlights import HighlightView
from db.articles.detail import ArticleDetail
from desktop.core.workspace import Workspace


class AppState(QObject):
    sig_workspace_closing = Signal(object)
    """Emitted with the :class:`Workspace` about to close: finish what is being written."""
    sig_workspace_changed = Signal(object)
    """Emitted with the :class:`Workspace` opened (None once it is closed)."""
    sig_filter_changed = Signal(object)
    """Emitted with the article ids a search found, in their order (None: every article)."""
    sig_within_changed = Signal(object)
    """Emitted with the articles of the set the list is kept to (None: every article)."""
    sig_article_changed = Signal(object)
    """Emitted with the :class:`ArticleDetail` now shown (None: no article)."""
    sig_highlights_changed = Signal()
    """Emitted when the shown article's highlights were read anew."""
    sig_highlight_chosen = Signal(object)
    """Emitted with the id of the highlight now chosen (None: the article itself)."""
    sig_coders_changed = Signal()
    """Emitted when whose codings are shown has changed (:attr:`shown_coders`)."""
    sig_message = Signal(str, int)
    """Emitted with a status message and how long to show it (ms; 0 until replaced)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.article: ArticleDetail | None = None
        self.highlight_id: int | None = None
        self.filter: list[int] | None = None
        self.within: int | None = None  # the set the list is kept to (None: every article)
        self.within_ids: list[int] | None = None  # and its articles
        self.within_name: str | None = None  # and its name
        self.shown_coders: frozenset[str] | None = None  # whose highlights show (None: all)

    def set_workspace(self, ws: Workspace | None) -> None:
        """Close the open project (once what it is writing is written), then show ``ws``."""
        old = self.workspace
        if old is not None:
            self.sig_workspace_closing.emit(old)
            self.set_article(None)
            old.close()
            old.deleteLater()
        self.workspace, self.filter = ws, None
        self.within = self.within_ids = self.within_name = None
        self.sig_workspace_changed.emit(ws)

    def set_filter(self, ids: list[int] | None) -> None:
        self.filter = ids
        self.sig_filter_changed.emit(ids)

    def keep_within(self, set_id: int | None, ids: list[int] | None, name: str | None) -> None:
        """List only the articles ``ids`` of the set ``name``, or every article with None."""
        self.within, self.within_ids, self.within_name = set_id, ids, name
        self.sig_within_changed.emit(ids)

    def set_article(self, article: ArticleDetail | None) -> None:
        self.article, self.highlight_id = article, None
        self.sig_article_changed.emit(article)

    def set_highlights(self, items: list[HighlightView]) -> None:
        """The shown article's highlights, read anew after a change."""
        if self.article is None:
            return
        self.article = replace(self.article, highlights=items)
        if self.highlight_id is not None and self.chosen() is None:
            self.highlight_id = None  # the chosen one is gone (deleted, undone)
            self.sig_highlight_chosen.emit(None)
        self.sig_highlights_changed.emit()

    def choose(self, highlight_id: int | None) -> None:
        self.highlight_id = highlight_id
        self.sig_highlight_chosen.emit(highlight_id)

    def chosen(self) -> HighlightView | None:
        if self.article is None or self.highlight_id is None:
            return None
        return next((h for h in self.article.highlights if h.id == self.highlight_id), None)

    def show_coders(self, coders: frozenset[str] | None) -> None:
        """Show the highlights of these coders only (one's own alone: blind coding), or all."""
        if coders == self.shown_coders:
            return
        self.shown_coders = coders
        if self.chosen() is not None and not self.shows(self.chosen()):
            self.choose(None)
        self.sig_coders_changed.emit()

    def shows(self, h: HighlightView | None) -> bool:
        """Whether the highlight is shown, as :attr:`shown_coders` has it."""
        return h is not None and (self.shown_coders is None or h.coder in self.shown_coders)

    def say(self, message: str, ms: int = 6000) -> None:
        self.sig_message.emit(message, ms)
