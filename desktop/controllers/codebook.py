"""The codebook: codes added, renamed, recoloured, described, nested, merged and deleted.

Every change is undoable and goes into the codebook's history under the window's coder. New
codes take the palette's next colour that stands apart from those in use; deleting a code that
holds highlights (or other codes) asks first, and so does merging one into another, saying how
many highlights move. The codebook follows the chosen highlight: its code becomes the one
marking uses.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from db.annotate import code_history, code_merge, codes
from desktop.core.changes import CODES, Changes
from desktop.core.code_steps import AddCode, DeleteCode, EditCode, MergeCode
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.support import settings
from desktop.views.main_window import MainWindow
from desktop.widgets.code_dialog import ask_merge, edit_memo, show_history
from desktop.widgets.codes_panel import ask_name, confirm_delete


class CodebookController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        w.codes.sig_add.connect(self.add)
        w.codes.sig_edit.connect(self.edit)
        w.codes.sig_delete.connect(self.delete)
        w.codes.sig_memo.connect(self.memo)
        w.codes.sig_merge.connect(self.merge)
        w.codes.sig_history.connect(self.history)
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

    def memo(self, code_id: int) -> None:
        if self.state.workspace and (code := self.w.codes.code(code_id)):
            edit_memo(self.w, code, lambda fields: self.edit(code_id, fields))

    def merge(self, code_id: int) -> None:
        """Merge the code into one chosen, once the researcher saw how many highlights move."""
        ws, code, book = self.state.workspace, self.w.codes.code(code_id), self.w.codes.codes
        inside = self.w.codes.within(code_id)  # not into itself, nor a code nested in it
        targets = [(c.id, codes.path(book, c.id)) for c in book if c.id not in inside]
        if ws is None or code is None or not targets:
            return
        moving = ws.read_now(lambda s: code_merge.moving(s, code_id), 0)
        nested = sum(c.parent_id == code_id for c in book)

        def go(target_id: int) -> None:
            target = self.w.codes.code(target_id)
            if self.state.workspace is ws and target is not None:
                step = MergeCode(code_id, target_id, target.name, settings.coder())
                ws.do(step, on_failed=self._refused)

        ask_merge(self.w, code, targets, moving, nested, go)

    def history(self, code_id: int | None) -> None:
        """The audit trail of one code, or of the whole codebook."""
        ws, code = self.state.workspace, self.w.codes.code(code_id)
        if ws is None:
            return
        none: list[code_history.Event] = []
        trail = ws.read_now(lambda s: code_history.history(s), none)
        names = {e.code_uid: e.name for e in reversed(trail)}  # deleted codes' last names
        names |= {c.uid: c.name for c in self.w.codes.codes}
        if code is not None:
            trail = ws.read_now(lambda s: code_history.history(s, code.id), none)
        title = f"History of {code.name}" if code else "Codebook history"
        show_history(self.w, title, trail, names)

    def _refused(self, message: str) -> None:
        self.show()  # a rename typed in the tree goes back to the stored name
        self.state.say(f"The codebook was not changed: {message}")
