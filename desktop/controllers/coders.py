"""Whose codings the window shows: everyone's, only mine (blind coding), or one coder's.

Blind coding hides the other coders' highlights in the reader and the article's list, so a
second coder is not led by the first; what is hidden stays in the project, and shows again
with everyone's.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup

from db.annotate.highlights import coders
from desktop.core.state import AppState
from desktop.support import settings
from desktop.views.main_window import MainWindow


class CodersController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        w.act.blind.toggled.connect(self._blind)
        w.coders_menu.aboutToShow.connect(self._fill)
        state.sig_coders_changed.connect(self._said)
        state.sig_workspace_changed.connect(lambda _ws: self.show(None))

    def show(self, who: frozenset[str] | None) -> None:
        """Show these coders' codings (None: everyone's)."""
        blind = who is not None and who == {settings.coder()}
        was = self.w.act.blind.blockSignals(True)
        self.w.act.blind.setChecked(blind)
        self.w.act.blind.blockSignals(was)
        self.state.show_coders(who)

    def _blind(self, on: bool) -> None:
        self.show(frozenset({settings.coder()}) if on else None)

    def _fill(self) -> None:
        menu, ws = self.w.coders_menu, self.state.workspace
        menu.clear()
        group = QActionGroup(menu)
        none: list[str] = []
        names = ws.read_now(coders, none) if ws is not None else none
        shown = self.state.shown_coders
        for label, who in (
            ("Everyone's", None),
            *((f"{n or '(no name)'}'s only", frozenset({n})) for n in names),
        ):
            item = QAction(label, menu, checkable=True, checked=who == shown)
            item.triggered.connect(lambda _=False, w=who: self.show(w))
            group.addAction(item)
            menu.addAction(item)

    def _said(self) -> None:
        who = self.state.shown_coders
        if who is None:
            self.state.say("Everyone's codings are shown.")
        elif who == {settings.coder()}:
            self.state.say("Blind coding: only your own highlights are shown.", 0)
        else:
            self.state.say(f"Only {', '.join(sorted(who))}'s highlights are shown.", 0)
