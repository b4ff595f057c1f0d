"""Marking claims: the selection becomes a highlight with a code; re-coding, deleting, the menu."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from desktop.core.commands import DeleteHighlight, Mark, Recode, Step
from desktop.core.state import AppState
from desktop.support.icons import swatch
from desktop.support.text import quoted
from desktop.views.main_window import MainWindow


class MarkingController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        w.act.mark_claim.triggered.connect(lambda: self.mark())
        w.act.pick_code.triggered.connect(self.pick_code)
        w.act.delete_highlight.triggered.connect(self.delete)
        w.reader.customContextMenuRequested.connect(self._menu)
        for n, action in enumerate(w.act.codes):
            action.triggered.connect(partial(self.use_code, n))

    def mark(self, code_id: int | None = None) -> None:
        """Highlight the selected text with ``code_id``, by default the code chosen."""
        ws, art = self.state.workspace, self.state.article
        if ws is None or art is None:
            return
        span = self.w.reader.selection_span()
        if span is None:
            self.state.say("Select some text of the article to mark it.", 4000)
            return
        code = code_id if code_id is not None else self.w.codes.current_id()
        reader = self.w.reader
        reader.moveCursor(reader.textCursor().MoveOperation.Start)  # the mark shows at once

        def marked(step: Step) -> None:
            assert isinstance(step, Mark)
            if self.state.article is not None and self.state.article.id == art.id:
                self.state.choose(step.highlight_id)

        ws.do(Mark(art.id, *span, code), marked)

    def use_code(self, index: int) -> None:
        """Number keys: mark the selection with code ``index``, or re-code the chosen highlight."""
        code = self.w.codes.code_at(index)
        ws, art = self.state.workspace, self.state.article
        if code is None or ws is None or art is None:
            return
        self.w.codes.choose(code.id)
        if self.w.reader.selection_span() is not None:
            self.mark(code.id)
        elif (h := self.state.chosen()) is not None and h.code_id != code.id:
            ws.do(Recode(art.id, h.id, h.uid, code.id))

    def pick_code(self) -> None:
        """A quick picker at the text: the codes with their keys."""
        if self.state.workspace is None:
            return
        menu = QMenu(self.w)
        for n, c in enumerate(self.w.codes.codes, start=1):
            act = menu.addAction(swatch(c.color), "    " * self.w.codes.nesting(c.id) + c.name)
            if n <= 9:
                act.setShortcut(QKeySequence(str(n)))
            act.triggered.connect(partial(self.use_code, n - 1))
        cur = self.w.reader.cursorRect()
        menu.exec(self.w.reader.viewport().mapToGlobal(QPoint(cur.left(), cur.bottom() + 4)))

    def delete(self) -> None:
        ws, art, h = self.state.workspace, self.state.article, self.state.chosen()
        if ws and art and h:
            self.state.choose(None)
            ws.do(DeleteHighlight(art.id, h.id, h.uid))

    def _menu(self, pos: QPoint) -> None:
        reader, a = self.w.reader, self.w.act
        menu = reader.createStandardContextMenu(pos)
        menu.addSeparator()
        menu.addActions([a.mark_claim, a.pick_code])
        cp = reader.cp_at(pos)
        for h in reader.highlights_at(cp) if cp is not None else []:
            label = f"Choose {quoted(h.exact, 40)} ({h.code or 'no code'})"
            menu.addAction(swatch(h.color), label, partial(self.state.choose, h.id))
        if self.state.chosen() is not None:
            menu.addAction(a.delete_highlight)
        menu.exec(reader.viewport().mapToGlobal(pos))
