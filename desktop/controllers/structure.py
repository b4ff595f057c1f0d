"""Correcting an article's structure from the reader's context menu.

"This part is…" gives the lines under the selection (or under the pointer) a kind: headline,
subheading, paragraph, caption, byline, dateline, set aside or comments; "Split the line here"
cuts the line in two where the menu was asked for. Only the lines shown are changed: a line
set aside between two selected ones stays set aside. Each correction is one undoable step,
said to be saved once it is in the file; the reader shows it at once, where it was, with the
highlights where they were (the text never changes).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from db.articles import detail
from db.articles.detail import BlockView
from desktop.core.changes import Changes
from desktop.core.state import AppState
from desktop.core.structure_steps import STRUCTURE, Restructure
from desktop.core.workspace import Workspace
from desktop.views.main_window import MainWindow
from desktop.widgets.reader import SET_ASIDE, SHOWN

#: The menu's kinds: (label, kind given, kinds that count as it already).
PARTS = (
    ("&Headline", "headline", {"headline"}),
    ("&Subheading", "subheading", {"subheading"}),
    ("&Paragraph", "paragraph", {"paragraph"}),
    ("&Caption", "caption", {"caption"}),
    ("&Byline", "byline", {"byline"}),
    ("&Dateline", "dateline", {"dateline"}),
    ("Set &aside", "other", {"other", "boilerplate"}),
    ("C&omments", "comment", {"comment"}),
)


def _plain(label: str) -> str:
    return label.replace("&", "")


def runs(blocks: list[BlockView], shown: list[BlockView]) -> list[tuple[int, int]]:
    """The spans of ``shown`` (some of ``blocks``, in order) with nothing else between them."""
    order = {id(b): n for n, b in enumerate(blocks)}
    out: list[tuple[int, int]] = []
    last = -2
    for b in shown:
        n = order[id(b)]
        if out and n == last + 1:
            out[-1] = (out[-1][0], b.end)
        else:
            out.append((b.start, b.end))
        last = n
    return out


class StructureController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.menu = QMenu("This part &is…", w)
        self.menu.setObjectName("menu_structure")
        self.kinds = QActionGroup(self)
        self.kinds.setExclusive(False)
        self.part_actions: dict[str, QAction] = {}
        for label, kind, _ in PARTS:
            action = QAction(label, self, checkable=True)
            action.setObjectName(f"action_structure_{kind}")
            action.triggered.connect(partial(self.relabel, kind))
            self.kinds.addAction(action)
            self.menu.addAction(action)
            self.part_actions[kind] = action
        self.split_action = QAction("Sp&lit the line here", self)
        self.split_action.setObjectName("action_split_line")
        self.split_action.triggered.connect(self.split)
        self._at: int | None = None  # the code point the menu was asked for at
        w.reader.sig_menu_building.connect(self._building)
        state.sig_workspace_changed.connect(self._opened)

    def _opened(self, ws: Workspace | None) -> None:
        if ws is not None:
            ws.sig_changed.connect(self._changed)

    # ---- What the menu is about

    def _shown(self, b: BlockView) -> bool:
        return b.kind in SHOWN or (self.w.reader.show_set_aside and b.kind in SET_ASIDE)

    def targets(self) -> list[BlockView]:
        """The shown lines under the selection, else the one under where the menu was asked."""
        art, reader = self.state.article, self.w.reader
        if art is None:
            return []
        span = reader.selection_span()
        if span is None:
            at = (
                self._at
                if self._at is not None
                else reader.map.to_cp(reader.textCursor().position())
            )
            if at is None:
                return []
            span = (at, at + 1)
        a, z = span
        picked = [b for b in art.blocks if b.start < z and a < b.end and self._shown(b)]
        if not picked and span[1] == span[0] + 1:  # at a line's very end
            picked = [b for b in art.blocks if b.end == a and self._shown(b)]
        return picked

    def _building(self, menu: QMenu, pos: QPoint) -> None:
        """Add the structure's items to the reader's menu, set for the lines under ``pos``."""
        self._at = self.w.reader.cp_at(pos)
        ws = self.state.workspace
        on = ws is not None and not ws.read_only and self.state.article is not None
        picked = self.targets()
        kinds = {b.kind for b in picked}
        for _, kind, counts in PARTS:
            action = self.part_actions[kind]
            action.setEnabled(on and bool(picked))
            action.setChecked(bool(kinds) and kinds <= counts)
        self.split_action.setEnabled(on and self._cut_point() is not None)
        menu.addSeparator()
        menu.addMenu(self.menu)
        menu.addAction(self.split_action)

    def _cut_point(self) -> int | None:
        """Where "Split the line here" would cut: inside a shown line, not at its edge."""
        art, at = self.state.article, self._at
        if art is None or at is None or self.w.reader.selection_span() is not None:
            return None
        inside = any(b.start < at < b.end and self._shown(b) for b in art.blocks)
        return at if inside and not art.text[at - 1 : at + 1].isspace() else None

    # ---- Correcting

    def relabel(self, kind: str) -> None:
        """Give the lines the menu is about ``kind`` (one undoable step)."""
        ws, art = self.state.workspace, self.state.article
        if ws is None or art is None or ws.read_only:
            return
        label, counts = next((_plain(lab), c) for lab, k, c in PARTS if k == kind)
        picked = self.targets()
        todo = [b for b in picked if b.kind not in counts]
        if not todo:
            what = "Those lines are" if len(picked) > 1 else "That line is"
            self.state.say(f"{what} {label.lower()} already." if picked else "No line there.", 3000)
            return
        edits = [(a, z, kind) for a, z in runs(art.blocks, picked)]
        lines = "1 line" if len(todo) == 1 else f"{len(todo):,} lines"
        step = Restructure(f"Mark as {label.lower()}", art.id, edits)
        self._do(ws, step, f"Saved: {lines} marked as {label.lower()}.")

    def split(self) -> None:
        """Cut the line in two where the menu was asked for (one undoable step)."""
        ws, art, at = self.state.workspace, self.state.article, self._cut_point()
        if ws is None or art is None or ws.read_only:
            return
        if at is None:
            self.state.say("Put the caret inside a line to split it there.", 3000)
            return
        step = Restructure("Split the line", art.id, [(at, at, None)])
        self._do(ws, step, "Saved: the line is split in two.")

    def _do(self, ws: Workspace, step: Restructure, saved: str) -> None:
        self.state.say("Saving the article's structure…", 0)
        ws.do(step, lambda _s: self.state.say(saved, 4000))

    # ---- Following changes

    def _changed(self, changes: Changes) -> None:
        """Show the shown article's lines anew once a correction (or its undo) is in the file."""
        ws, art = self.state.workspace, self.state.article
        if ws is None or art is None or not changes.touches(STRUCTURE) or not changes.about(art.id):
            return
        aid = art.id
        fresh = ws.read_now(lambda s: detail.get(s, aid), None)
        if fresh is None:
            return
        # The same article, its text and highlights as they were: only what shows its lines
        # follows (a new article shown would scroll to the top and drop the chosen highlight).
        self.state.article = fresh
        self.w.reader.show_structure(fresh)
        self.w.captions.set_captions(fresh.captions)
        self.w.captions.place()
