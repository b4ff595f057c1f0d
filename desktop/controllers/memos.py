"""Edit ▸ Notes on the project: journals and memos, each save an undoable step off the GUI thread.

A note whose save fails stays in the editor, with the reason beside it, until it is saved or
the researcher turns away from it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from db.annotate.memos import all_memos
from desktop.core.changes import MEMOS, Changes
from desktop.core.commands import EditMemo, Step
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.views.main_window import MainWindow
from desktop.widgets.memos_dialog import MemosDialog, MemoView


class MemosController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.dialog: MemosDialog | None = None
        w.act.project_notes.triggered.connect(self.show)
        state.sig_workspace_changed.connect(self._opened)
        state.sig_workspace_closing.connect(self._close)

    def _opened(self, ws: Workspace | None) -> None:
        if ws is not None:
            ws.sig_changed.connect(self._changed)

    def _read(self, ws: Workspace) -> list[MemoView]:
        return ws.read_now(
            lambda s: [
                MemoView(m.uid, m.title, m.body, m.format, m.modified) for m in all_memos(s)
            ],
            [],
        )

    def show(self) -> None:
        ws = self.state.workspace
        if ws is None:
            return
        if self.dialog is None:
            self.dialog = MemosDialog(self.w, self._read(ws), read_only=ws.read_only)
            self.dialog.sig_save.connect(self._save)
            self.dialog.finished.connect(self._forget)
        self.dialog.show()
        self.dialog.raise_()

    def _save(self, uid: str, title: str, body: str, fmt: str) -> None:
        ws, dialog = self.state.workspace, self.dialog
        if ws is None or dialog is None:
            return

        def saved(_: Step) -> None:
            if self.dialog is dialog:
                dialog.refresh(self._read(ws), uid if body else None)
                dialog.said("Saved." if body else "Deleted.")

        def failed(reason: str) -> None:
            if self.dialog is dialog:
                dialog.said(f"Not saved: {reason}. Your text is still here; try Save again.")

        ws.do(EditMemo(uid, title, body, fmt), saved, failed)

    def _changed(self, changes: Changes) -> None:
        """An undo or redo changed a note on the project: show the list as it is now."""
        ws = self.state.workspace
        if ws is not None and self.dialog is not None and changes.touches(MEMOS):
            self.dialog.refresh(self._read(ws))

    def _forget(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self._forget()
