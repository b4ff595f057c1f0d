"""Edit ▸ Undo and Redo: the workspace's history, with what each would do in its label.

An undo or redo is shown where it happened, as in any editor: if it changed another article,
that article opens, and the highlight it brought back (or re-coded, or noted) is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from desktop.core.commands import Step
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.views.main_window import MainWindow
from desktop.views.navigation import open_article, show_highlight


class HistoryController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        w.act.undo.triggered.connect(self.undo)
        w.act.redo.triggered.connect(self.redo)
        state.sig_workspace_changed.connect(self._opened)

    def _opened(self, ws: Workspace | None) -> None:
        if ws is not None:
            ws.sig_history_changed.connect(self.sync)
            ws.sig_moved.connect(self._show)
        self.sync()

    def undo(self) -> None:
        if ws := self.state.workspace:
            self.w.notes.save_now()  # the note being typed is undone first, as one step
            ws.undo()

    def redo(self) -> None:
        if ws := self.state.workspace:
            ws.redo()

    def _show(self, step: Step, undone: bool) -> None:
        """Bring into view what the undo or redo changed."""
        ws, art = self.state.workspace, self.state.article
        aid = step.article_id
        if ws is None or aid is None:
            return
        if art is None or art.id != aid:
            open_article(self.w, self.state, ws, aid)
            shown = self.state.article
            if shown is None or shown.id != aid:
                return
            title = shown.title or "(untitled)"
            self.state.say(f"{'Undone' if undone else 'Redone'} in “{title}”.")
        if (hid := step.shown(undone)) is not None:
            show_highlight(self.w, self.state, hid)

    def sync(self) -> None:
        ws = self.state.workspace
        stack = ws.undo_stack if ws else None
        for action, verb, can, text in (
            (self.w.act.undo, "&Undo", ws and ws.can_undo(), stack and stack.undoText()),
            (self.w.act.redo, "&Redo", ws and ws.can_redo(), stack and stack.redoText()),
        ):
            action.setEnabled(bool(can))
            action.setText(f"{verb} {text or ''}".strip())
