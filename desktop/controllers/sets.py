"""Samples and sets in the window: drawn, given to coders, listed, and the coder's next article.

The row above the list chooses what it lists: every article, or one set's (with the coder's
progress through each set in its entry). Next uncoded article opens the first article of that
set (or, listing every article, of the first set given to the coder) that the coder has not
coded yet. Tools ▸ Samples and sets shows every set with how it was drawn and each coder's
progress; drawing, assigning, renaming and deleting are undoable steps. Everything read here
grows with the sets, so it is read off the window's thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QInputDialog
from sqlmodel import Session

from db.annotate import variables
from db.articles import samples
from db.articles.samples import SetView
from desktop.core.changes import ARTICLES, HIGHLIGHTS, SETS, VARIABLES, Changes
from desktop.core.ops import Op
from desktop.core.set_steps import (
    AddToSet,
    AssignSet,
    DeleteSet,
    NewSet,
    RemoveFromSet,
    RenameSet,
)
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.models.article_model import ArticleTableModel
from desktop.support import settings
from desktop.views.main_window import MainWindow
from desktop.views.navigation import open_article
from desktop.widgets.sample_dialog import ReliabilityDialog, SampleDialog
from desktop.widgets.sets_dialog import SetRow, SetsDialog, progress_text

Draw = Callable[[Session], int]


def read_sets(s: Session, me: str) -> list[SetRow]:
    """Every set with the progress of its coders and of the coder ``me``."""
    out: list[SetRow] = []
    for view in samples.all_sets(s):
        coders = list(view.coders) + ([me] if me not in view.coders else [])
        out.append((view, samples.progress(s, view.id, coders)))
    return out


def entry(view: SetView, done: Sequence[samples.Progress], me: str) -> str:
    """The set's entry in the list's chooser: its name, and how far the coder has come."""
    mine = next((p for p in done if p.coder == me), None)
    return f"{view.name} {mine.coded}/{mine.size}" if mine is not None else view.name


class SetsController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.rows: list[SetRow] = []
        self.picked: int | None = None  # the set chosen above the list (None: every article)
        self.dialog: SetsDialog | None = None
        self._reading: Op[list[SetRow]] | None = None  # the newest read of the sets
        self._members: Op[list[int]] | None = None  # and of the members of the set listed
        w.set_box.activated.connect(self._picked)
        w.act.next_uncoded.triggered.connect(self.next_uncoded)
        w.act.sets.triggered.connect(self.show_dialog)
        w.act.add_to_set.triggered.connect(self.add_to_set)
        w.act.remove_from_set.triggered.connect(self.remove_from_set)
        state.sig_workspace_changed.connect(self._opened)

    def _opened(self, ws: Workspace | None) -> None:
        self.picked = self._reading = self._members = None
        self._fill([])  # not the sets of the project closed, meanwhile
        if self.dialog is not None:
            self.dialog.close()
            self.dialog = None
        if ws is not None:
            ws.sig_changed.connect(self._changed)
        self._refresh()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(SETS, ARTICLES):
            self._refresh(members_too=True)
        elif changes.touches(HIGHLIGHTS, VARIABLES):
            self._refresh()  # progress only

    def _refresh(self, *, members_too: bool = False) -> None:
        ws = self.state.workspace
        if ws is None:
            self._fill([])
            return
        me = settings.coder()
        if self._reading is not None:
            self._reading.cancel()  # superseded: what it read may be older than what is now
        self._reading = ws.read(
            lambda s: read_sets(s, me), lambda rows: self._read(rows, members_too)
        )

    def _read(self, rows: list[SetRow], members_too: bool) -> None:
        self._reading = None
        self._fill(rows)
        picked = self.picked
        if picked is not None and picked not in {v.id for v, _ in rows}:
            self.picked = None
            self.state.keep_within(None, None, None)  # the set listed is gone
        elif picked is not None and members_too:
            self._list(picked)
        if self.dialog is not None:
            ws = self.state.workspace
            self.dialog.show_sets(rows, editable=ws is not None and not ws.read_only)

    def _fill(self, rows: list[SetRow]) -> None:
        """The chooser above the list: every article, then each set (shown once there is one)."""
        self.rows = rows
        box, me = self.w.set_box, settings.coder()
        box.blockSignals(True)
        box.clear()
        box.addItem("All articles", None)
        for view, done in rows:
            box.addItem(entry(view, done, me), view.id)
            tip = f"{view.name}: {view.size:,} articles; coded so far: {progress_text(done)}"
            box.setItemData(box.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        at = box.findData(self.picked) if self.picked is not None else 0
        box.setCurrentIndex(max(at, 0))
        box.blockSignals(False)
        self.w.set_row.setVisible(bool(rows))
        self.w.act.next_uncoded.setEnabled(bool(rows))
        self._removable()

    def _removable(self) -> None:
        """Remove from the set: only while the list shows a set made by hand."""
        ws, view = self.state.workspace, self._view(self.picked) if self.picked else None
        hand = view is not None and view.kind == "manual"
        self.w.act.remove_from_set.setEnabled(hand and ws is not None and not ws.read_only)

    def _picked(self, index: int) -> None:
        self.picked = set_id = self.w.set_box.itemData(index)
        self._removable()
        if set_id is None:
            self.state.keep_within(None, None, None)
        else:
            self._list(set_id)

    def _list(self, set_id: int) -> None:
        """Keep the list to the set's articles, once they are read."""
        ws = self.state.workspace
        if ws is None:
            return
        if self._members is not None:
            self._members.cancel()
        self._members = ws.read(
            lambda s: samples.members(s, set_id), lambda ids: self._listed(set_id, ids)
        )

    def _listed(self, set_id: int, ids: list[int]) -> None:
        self._members = None
        view = self._view(set_id)
        if self.picked != set_id or view is None:
            return  # another set was chosen meanwhile, or this one is gone
        if self.state.within == set_id and self.state.within_ids == ids:
            self.state.within_name = view.name  # the same articles: the list stays as it is
        else:
            self.state.keep_within(set_id, ids, view.name)

    # ---- The coder's next article

    def next_uncoded(self) -> None:
        """Open the coder's next uncoded article of the set listed, or of their first set."""
        ws, me = self.state.workspace, settings.coder()
        if ws is None:
            return
        within = self.state.within
        mine = [v.id for v, _ in self.rows if me in v.coders]
        order = [within] if within is not None else mine or [v.id for v, _ in self.rows]

        def read(s: Session) -> tuple[str, int | None, int, int]:
            for set_id in order:
                view = samples.get(s, set_id)
                aid = samples.next_uncoded(s, set_id, me)
                if aid is not None or set_id == order[-1]:
                    return view.name, aid, len(samples.coded_by(s, set_id, me)), view.size
            return "", None, 0, 0

        ws.read(read, lambda got: self._go(ws, *got))

    def _go(self, ws: Workspace, name: str, aid: int | None, coded: int, size: int) -> None:
        if ws is not self.state.workspace:
            return
        if aid is None:
            said = f"You have coded every article of {name}." if name else "There is no set yet."
            self.state.say(said, 8000)
            return
        open_article(self.w, self.state, ws, aid)
        self.state.say(f"{name}: {coded} of {size} coded; this one is next.", 8000)

    # ---- Tools ▸ Samples and sets

    def show_dialog(self) -> None:
        if self.state.workspace is None:
            return
        if self.dialog is None:
            self.dialog = d = SetsDialog(self.w)
            d.sig_draw.connect(self.draw_sample)
            d.sig_reliability.connect(self.draw_reliability)
            d.sig_from_list.connect(self.set_from_list)
            d.sig_assign.connect(self.assign)
            d.sig_rename.connect(self.rename)
            d.sig_delete.connect(self.delete)
            d.sig_show.connect(self.show_set)
        ws = self.state.workspace
        self.dialog.show_sets(self.rows, editable=not ws.read_only)
        self.dialog.show()
        self.dialog.raise_()
        self._refresh()

    def _parent(self) -> QDialog | MainWindow:
        return self.dialog if self.dialog is not None and self.dialog.isVisible() else self.w

    def _free_name(self, stem: str) -> str:
        taken = {v.name for v, _ in self.rows}
        return next(f"{stem} {n}" for n in range(1, len(taken) + 2) if f"{stem} {n}" not in taken)

    def draw_sample(self) -> None:
        ws = self.state.workspace
        if ws is None or ws.read_only:
            return
        none: list[str] = []
        names = ws.read_now(lambda s: [v.name for v in variables.all_variables(s)], none)
        sets = [v.name for v, _ in self.rows]
        dialog = SampleDialog(self._parent(), self._free_name("Sample"), sets, names)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            kw, me = dialog.chosen(), settings.coder()
            self._make("Draw sample", lambda s: samples.draw_sample(s, **kw, coder=me))

    def draw_reliability(self) -> None:
        ws = self.state.workspace
        if ws is None or ws.read_only:
            return
        sets = [v.name for v, _ in self.rows]
        dialog = ReliabilityDialog(self._parent(), self._free_name("Reliability"), sets)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            kw = dialog.chosen()
            self._make(
                "Draw reliability subsample", lambda s: samples.draw_reliability_sample(s, **kw)
            )

    def set_from_list(self) -> None:
        """A set made by hand of the articles the list shows now, in its order."""
        model, ws = self.w.list_view.model(), self.state.workspace
        if ws is None or not isinstance(model, ArticleTableModel) or not model.rowCount():
            self.state.say("The list shows no article to keep as a set.")
            return
        ws.read(model.every_listed(), self._keep_listed, progress="Reading the articles listed…")

    def _keep_listed(self, ids: list[int]) -> None:
        name, ok = QInputDialog.getText(
            self._parent(), "Set of the articles listed",
            f"A name for the set of these {len(ids):,} articles:",
            text=self._free_name("Set"),
        )  # fmt: skip
        if ok and name.strip():
            self._make("New set", lambda s: samples.create(s, name.strip(), ids))

    def _make(self, text: str, make: Draw) -> None:
        ws = self.state.workspace
        if ws is None:
            return

        said = f"{text}: done. Undo takes it back."
        ws.do(NewSet(text, make), lambda _step: self.state.say(said), self._refused)

    def _refused(self, reason: str) -> None:
        self.state.say(f"The sets were not changed: {reason}", 10000)

    def add_to_set(self) -> None:
        """Put the article open in a set made by hand, chosen or new."""
        ws, art = self.state.workspace, self.state.article
        if ws is None or art is None or ws.read_only:
            return
        hand = {v.name: v.id for v, _ in self.rows if v.kind == "manual"}
        new = "A new set…"
        chosen, ok = QInputDialog.getItem(
            self.w, "Add to a set", f"Put “{art.title or 'this article'}” in:",
            [*hand, new], 0, False,
        )  # fmt: skip
        if not ok:
            return
        if chosen in hand:
            ws.do(AddToSet(hand[chosen], [art.id]), on_failed=self._refused)
            return
        name, ok = QInputDialog.getText(
            self.w, "A new set", "Name of the set:", text=self._free_name("Set")
        )
        if ok and name.strip():
            aid = art.id
            self._make("New set", lambda s: samples.create(s, name.strip(), [aid]))

    def remove_from_set(self) -> None:
        ws, art, set_id = self.state.workspace, self.state.article, self.picked
        if ws is not None and art is not None and set_id is not None:
            ws.do(RemoveFromSet(set_id, [art.id]), on_failed=self._refused)

    def _view(self, set_id: int) -> SetView | None:
        return next((v for v, _ in self.rows if v.id == set_id), None)

    def assign(self, set_id: int) -> None:
        ws, view = self.state.workspace, self._view(set_id)
        if ws is None or view is None:
            return
        typed, ok = QInputDialog.getText(
            self._parent(), "Assign to coders",
            f"The coders who code {view.name}, separated by commas:",
            text=", ".join(view.coders) or settings.coder(),
        )  # fmt: skip
        coders = list(dict.fromkeys(c.strip() for c in typed.split(",") if c.strip()))
        if ok and sorted(coders) != sorted(view.coders):  # no step for no change
            ws.do(AssignSet(set_id, coders), on_failed=self._refused)

    def rename(self, set_id: int) -> None:
        ws, view = self.state.workspace, self._view(set_id)
        if ws is None or view is None:
            return
        name, ok = QInputDialog.getText(self._parent(), "Rename set", "New name:", text=view.name)
        if ok and name.strip() and name.strip() != view.name:
            ws.do(RenameSet(set_id, name.strip()), on_failed=self._refused)

    def delete(self, set_id: int) -> None:
        ws, view = self.state.workspace, self._view(set_id)
        if ws is None or view is None:
            return
        said = f"The set {view.name} is deleted; its articles stay. Undo brings it back."
        ws.do(DeleteSet(set_id), lambda _step: self.state.say(said), self._refused)

    def show_set(self, set_id: int) -> None:
        box = self.w.set_box
        at = box.findData(set_id)
        if at >= 0:
            box.setCurrentIndex(at)
            self._picked(at)
