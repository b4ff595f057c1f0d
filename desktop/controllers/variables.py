"""The Variables tab: the open article's coding sheet, coded by the coder at work, undoably.

The sheet and the coder's values are read when the article changes or the sheet does (a small
read: one article's values); each value chosen is one undoable step. A value the variable does
not take is refused in words, and the field shows what is stored again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QMessageBox
from sqlmodel import Session

from db.annotate import variables
from db.annotate.variables import VariableView
from desktop.core.changes import VARIABLES, Changes
from desktop.core.commands import Step
from desktop.core.state import AppState
from desktop.core.variable_steps import (
    AddVariable,
    DeleteVariable,
    EditVariable,
    MoveVariable,
    SetValue,
)
from desktop.core.workspace import Workspace
from desktop.models.sheet_model import ID_ROLE, SheetModel
from desktop.support import settings
from desktop.views.main_window import MainWindow
from desktop.views.navigation import open_article
from desktop.widgets.sheet_dialog import SheetDialog
from desktop.widgets.variable_dialog import VariableDialog

Sheet = tuple[list[VariableView], dict[int, str]]  # the variables, and the coder's values


class VariablesController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        panel = w.variables
        panel.sig_value.connect(self._coded)
        panel.sig_define.connect(self.define)
        panel.sig_edit.connect(self.edit)
        panel.sig_move.connect(lambda vid, at: self._do(MoveVariable(vid, at)))
        panel.sig_delete.connect(self.delete)
        w.act.coding_sheet.triggered.connect(self.show_sheet)
        self.sheet: SheetDialog | None = None
        state.sig_article_changed.connect(lambda _a: self.refresh())
        state.sig_workspace_changed.connect(self._opened)

    def _opened(self, ws: Workspace | None) -> None:
        if ws is not None:
            ws.sig_changed.connect(self._changed)
            self.w.variables.define.setEnabled(not ws.read_only)
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(VARIABLES):
            self.refresh()

    def refresh(self) -> None:
        """Show the sheet with the coder's values for the open article."""
        ws, art = self.state.workspace, self.state.article
        if ws is None:
            self.w.variables.show_values([], {}, None)
            return
        me, aid = settings.coder(), art.id if art else None

        def read(s: Session) -> Sheet:
            sheet = variables.all_variables(s)
            return sheet, variables.values_of(s, aid, coder=me) if aid is not None else {}

        nothing: Sheet = ([], {})
        sheet, values = ws.read_now(read, nothing)
        coder = me if art is not None and not ws.read_only else None
        self.w.variables.show_values(sheet, values, coder)

    def _coded(self, variable_id: int, value: object) -> None:
        ws, art = self.state.workspace, self.state.article
        if ws is None or art is None:
            return

        def refused(reason: str) -> None:
            self.state.say(f"Not coded: {reason}", 10000)
            self.refresh()  # the field shows what is stored

        ws.do(SetValue(art.id, variable_id, value, settings.coder()), on_failed=refused)

    def show_sheet(self) -> None:
        """Read the whole coding sheet (off the window's thread), then show it as a table."""
        ws, me = self.state.workspace, settings.coder()
        if ws is None:
            return

        def read(s: Session) -> tuple[list[VariableView], list[variables.SheetRow]]:
            return variables.all_variables(s), variables.sheet(s, coder=me)

        def shown(got: tuple[list[VariableView], list[variables.SheetRow]]) -> None:
            model = SheetModel(*got)
            self.sheet = dialog = SheetDialog(self.w, model, ID_ROLE, model.coded(), me)
            dialog.sig_open.connect(lambda aid: open_article(self.w, self.state, ws, aid))
            dialog.show()

        ws.read(read, shown, progress="Reading the coding sheet…")

    def define(self) -> None:
        """Ask for a new variable of the sheet, and add it (undoably)."""
        ws = self.state.workspace
        if ws is None or ws.read_only:
            return
        dialog = VariableDialog(self.w)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, kind, label, options = dialog.chosen()

        def refused(reason: str) -> None:
            self.state.say(f"The variable was not made: {reason}", 10000)

        ws.do(AddVariable(name, kind, label, options), on_failed=refused)

    def edit(self, variable_id: int) -> None:
        """Change a variable's definition; a change its values would not fit is refused."""
        ws = self.state.workspace
        if ws is None or ws.read_only:
            return
        v = ws.read_now(lambda s: variables.get(s, variable_id), None)
        if v is None:
            return
        dialog = VariableDialog(self.w)
        dialog.edit(v.name, v.kind, v.label, [(o.value, o.label) for o in v.options])
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        was = (v.name, v.kind, v.label, [(o.value, o.label) for o in v.options])
        changed = {
            k: new
            for k, new, old in zip(
                ("name", "kind", "label", "options"), dialog.chosen(), was, strict=True
            )
            if new != old
        }
        if changed:
            self._do(EditVariable(variable_id, **changed))

    def delete(self, variable_id: int) -> None:
        """Delete a variable, once the researcher agreed if articles are coded on it."""
        ws = self.state.workspace
        if ws is None or ws.read_only:
            return

        def read(s: Session) -> tuple[str, int]:
            return variables.get(s, variable_id).name, variables.count_values(s, variable_id)

        name, coded = ws.read_now(read, ("", 0))
        if coded:
            asked = QMessageBox.question(
                self.w, "Delete the variable",
                f"{name} is coded {coded} time{'' if coded == 1 else 's'}. Delete it with "
                "those values? Undo brings them back.",
            )  # fmt: skip
            if asked != QMessageBox.StandardButton.Yes:
                return
        self._do(DeleteVariable(variable_id))

    def _do(self, step: Step) -> None:
        if ws := self.state.workspace:

            def refused(reason: str) -> None:
                self.state.say(f"The sheet was not changed: {reason}", 10000)
                self.refresh()

            ws.do(step, on_failed=refused)
