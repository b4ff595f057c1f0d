"""The window's layout as the project asks for it: a welcome panel while it has no articles."""

from __future__ import annotations

from PySide6.QtCore import QObject

from db.articles import listing
from desktop.core.changes import ARTICLES, Changes
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.views.main_window import MainWindow


class LayoutController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        state.sig_workspace_changed.connect(self._opened)
        if state.workspace is not None:
            self._opened(state.workspace)

    def _opened(self, ws: Workspace | None) -> None:
        if ws is None:
            self.w.show_welcome(False)
            return
        ws.sig_changed.connect(self._changed)
        self._count(ws)

    def _changed(self, changes: Changes) -> None:
        if changes.touches(ARTICLES) and self.state.workspace is not None:
            self._count(self.state.workspace)

    def _count(self, ws: Workspace) -> None:
        def counted(n: int) -> None:
            if ws is self.state.workspace:  # not a project closed meanwhile
                self.w.show_welcome(n == 0)

        ws.read(listing.count, counted)
