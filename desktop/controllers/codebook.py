"""The codebook: codes added, renamed, recoloured, described, nested and deleted, all undoable.

New codes take the palette's next colour that stands apart from those in use; deleting a code
that holds highlights (or other codes) asks first. The codebook follows the chosen highlight:
its code becomes the one marking uses.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from db.annotate import codes
from desktop.core.changes import CODES, Changes
from desktop.core.code_steps import AddCode, DeleteCode, EditCode
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.support import settings
from desktop.views.main_window import MainWindow
from desktop.widgets.codes_panel import ask_name, confirm_delete


class CodebookController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        w.codes.sig_add.connect(self.add)
        w.codes.sig_edit.connect(self.edit)
        w.codes.sig_delete.connect(self.delete)
        state.sig_workspace_changed.connect(self._opened)
        state.sig_highlight_chosen.connect(self._follow)

    def _opened(self, ws: Workspace | None) -> None:
        if ws is not None:
            ws.sig_changed.connect(self._changed)
        self.show()

    def show(self) -> None:
        ws = self.state.workspace
        self.w.codes.set_codes(ws.read_now(codes.all_codes, []) if ws else [])

    def _changed(self, changes: Changes) -> None:
        if changes.touches(CODES):
            self.show()

    def _follow(self, _highlight_id: int | None) -> None:
        h = self.state.chosen()
        if h is not None and h.code_id is not None:
            self.w.codes.choose(h.code_id)

    def add(self, parent_id: int | None) -> None:
        ws = self.state.workspace
        if ws and (name := ask_name(self.w, "Add code")):
            color = codes.new_color([c.color for c in self.w.codes.codes])
            ws.do(AddCode(name, color, parent_id, settings.coder()))

    def edit(self, code_id: int, fields: dict[str, object]) -> None:
        """A refused edit (a code moved inside itself) is said, and leaves no undo step."""
        if ws := self.state.workspace:
            ws.do(EditCode(code_id, settings.coder(), **fields), on_failed=self._refused)

    def delete(self, code_id: int) -> None:
        """Delete the code, once the researcher agreed if it holds highlights or codes."""
        ws, code = self.state.workspace, self.w.codes.code(code_id)
        if ws is None or code is None:
            return
        held, nested = ws.read_now(lambda s: codes.usage(s, code_id), (0, 0))

        def go() -> None:
            if self.state.workspace is ws:
                ws.do(DeleteCode(code_id, settings.coder()))

        if held or nested:
            confirm_delete(self.w, code.name, held, nested, go)
        else:
            go()

    def _refused(self, message: str) -> None:
        self.show()  # a rename typed in the tree goes back to the stored name
        self.state.say(f"The codebook was not changed: {message}")
