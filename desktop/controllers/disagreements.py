"""Article ▸ Compare the coders: the disagreements of the open article, and their adjudication.

The dialog stays open beside the reader: choosing a disagreement shows it there, and after an
edit (an accepted version, a highlight made or deleted) it is read anew.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from db.agreement.disagreements import Coding, codings, disagreements
from desktop.core.changes import HIGHLIGHTS, Changes
from desktop.core.reconcile_steps import AcceptVersion
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.views.main_window import MainWindow
from desktop.widgets.disagreement_dialog import DisagreementDialog


class DisagreementsController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.dialog: DisagreementDialog | None = None
        w.act.compare_coders.triggered.connect(self.show)
        state.sig_article_changed.connect(lambda _a: self.refresh())
        state.sig_workspace_changed.connect(self._opened)

    def _opened(self, ws: Workspace | None) -> None:
        if ws is not None:
            ws.sig_changed.connect(self._changed)
        elif self.dialog is not None:
            self.dialog.close()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(HIGHLIGHTS):
            self.refresh()

    def show(self) -> None:
        """Open the comparison of the article's coders (or bring it forward)."""
        if self.dialog is None:
            self.dialog = dialog = DisagreementDialog(self.w)
            dialog.sig_show.connect(self._show_span)
            dialog.sig_accept.connect(self._accept)
        self.dialog.show()
        self.dialog.raise_()
        self.refresh()

    def refresh(self) -> None:
        ws, art, dialog = self.state.workspace, self.state.article, self.dialog
        if dialog is None or not dialog.isVisible():
            return
        if ws is None or art is None:
            dialog.show_article("No article", "", [], [])
            return
        aid = art.id
        none: list[Coding] = []
        items = ws.read_now(lambda s: codings(s, aid), none)
        dialog.show_article(art.title or "(untitled)", art.text, items, disagreements(items))

    def _show_span(self, start: int, end: int) -> None:
        reader = self.w.reader
        reader.select_span(start, end)
        reader.scroll_to(start, flash_end=end)

    def _accept(self, coder: str, start: int, end: int) -> None:
        ws, art = self.state.workspace, self.state.article
        if ws is not None and art is not None:
            ws.do(AcceptVersion(art.id, coder, start, end))
