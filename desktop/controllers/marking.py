"""Marking claims: the selection becomes a highlight with a code; re-coding, deleting, the menu.

A selection that starts or ends inside a word takes the whole word (an emoji, with its joiners
and modifiers, counts as one); holding Alt while marking (Ctrl+Alt+H, Alt+1–9, or Alt with a
click on Mark claim) takes the exact characters selected. Spaces at either end are left out.
"""

from __future__ import annotations

import unicodedata
from functools import partial

from PySide6.QtCore import QKeyCombination, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence

from desktop.core.commands import DeleteHighlight, Mark, Recode, Step
from desktop.core.state import AppState
from desktop.core.workspace import Workspace
from desktop.support import settings
from desktop.support.icons import swatch
from desktop.support.text import quoted
from desktop.views.main_window import MainWindow
from desktop.widgets.code_picker import CodePicker

#: The modifier that, held while marking, takes the exact characters selected.
EXACT = Qt.KeyboardModifier.AltModifier
_WORD, _EMOJI, _JOIN = 1, 2, 3
_INFIX = "'’.,"  # inside "Iran's", "1,000" and "2.5"


def _kind(ch: str) -> int | None:
    """Whether ``ch`` makes words, emoji, joins either, or neither (spaces, punctuation)."""
    if ch in "\u200c\u200d" or "\ufe00" <= ch <= "\ufe0f" or "\U000e0020" <= ch <= "\U000e007f":
        return _JOIN  # zero-width (non-)joiners, variation selectors, emoji tags
    cat = unicodedata.category(ch)
    if cat[0] == "M":
        return _JOIN  # a combining mark belongs to the letter or emoji before it
    if cat[0] in "LN" or cat == "Pc":
        return _WORD
    if cat == "So" or "\U0001f3fb" <= ch <= "\U0001f3ff":
        return _EMOJI  # pictographs, regional indicators, skin tones
    return None


def _inside(text: str, i: int) -> bool:
    """Whether position ``i`` (between ``text[i-1]`` and ``text[i]``) is inside a word or emoji."""
    if i <= 0 or i >= len(text):
        return False
    a, b = _kind(text[i - 1]), _kind(text[i])
    if a is not None and b is not None:
        return a == b or _JOIN in (a, b)
    if text[i] in _INFIX:  # "Iran|'s": the apostrophe is inside if a word goes on after it
        return a == _WORD and i + 1 < len(text) and _same_word(text[i - 1], text[i + 1])
    if text[i - 1] in _INFIX:  # "Iran'|s"
        return b == _WORD and i >= 2 and _same_word(text[i - 2], text[i])
    return False


def _same_word(before: str, after: str) -> bool:
    """Whether an apostrophe, comma or point between these two is inside one word."""
    if before.isdigit() and after.isdigit():
        return True  # 1,000 and 2.5
    return before.isalpha() and after.isalpha()


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` grown to whole words where it starts or ends inside one."""
    while _inside(text, start):
        start -= 1
    while _inside(text, end):
        end += 1
    return start, end


class MarkingController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.picker: CodePicker | None = None
        a = w.act
        a.mark_claim.triggered.connect(lambda: self.mark())
        a.pick_code.triggered.connect(self.pick_code)
        a.delete_highlight.triggered.connect(self.delete)
        a.copy_quote.triggered.connect(self.copy_quote)
        w.reader.customContextMenuRequested.connect(self._menu)
        _also_with_alt(a.mark_claim)
        for key, action in enumerate(a.codes, start=1):
            action.triggered.connect(partial(self.use_key, key))
            _also_with_alt(action)
        state.sig_workspace_changed.connect(self._opened)
        state.sig_article_changed.connect(lambda _a: self._enable())
        state.sig_highlight_chosen.connect(lambda _h: self._enable())
        state.sig_highlights_changed.connect(self._enable)
        self._enable()

    def _opened(self, ws: Workspace | None) -> None:
        self._enable()

    def _enable(self) -> None:
        """Marking and coding need an article shown, in a project that can be changed."""
        ws, a = self.state.workspace, self.w.act
        on = ws is not None and not ws.read_only and self.state.article is not None
        for action in (a.mark_claim, a.pick_code, a.delete_highlight, *a.codes):
            action.setEnabled(on)
        a.copy_quote.setEnabled(self.state.chosen() is not None)

    def mark(self, code_id: int | None = None) -> None:
        """Highlight the selected text with ``code_id``, by default the code chosen.

        The span grows to whole words unless Alt is held (see :data:`EXACT`).
        """
        ws, art = self.state.workspace, self.state.article
        if ws is None or art is None:
            return
        reader = self.w.reader
        span = reader.selection_span()
        if span is None:
            self.state.say("Select some text of the article to mark it.", 4000)
            return
        if not QGuiApplication.keyboardModifiers() & EXACT:
            span = snap_to_words(art.text, *span)
        code = code_id if code_id is not None else self.w.codes.current_id()
        cur = reader.textCursor()
        cur.clearSelection()  # the caret stays where the selection ended; the mark shows at once
        reader.setTextCursor(cur)

        def marked(step: Step) -> None:
            assert isinstance(step, Mark)
            if self.state.article is not None and self.state.article.id == art.id:
                self.state.choose(step.highlight_id)

        ws.do(Mark(art.id, *span, code, settings.coder()), marked)

    def use_key(self, key: int) -> None:
        """Number keys: mark the selection with the code of ``key``, or re-code the chosen one."""
        code = self.w.codes.code_with_key(key)
        if code is None:
            self.state.say(f"No code has the key {key}.", 3000)
            return
        self.use(code.id)

    def use_code(self, index: int) -> None:
        """Use the code at ``index`` in codebook order (as :meth:`use` does)."""
        if 0 <= index < len(self.w.codes.codes):
            self.use(self.w.codes.codes[index].id)

    def use(self, code_id: int) -> None:
        """Mark the selection with ``code_id``, or (no selection) re-code the chosen highlight."""
        ws, art = self.state.workspace, self.state.article
        if ws is None or art is None or ws.read_only:
            return
        self.w.codes.choose(code_id)
        if self.w.reader.selection_span() is not None:
            self.mark(code_id)
        elif (h := self.state.chosen()) is not None and h.code_id != code_id:
            ws.do(Recode(art.id, h.id, h.uid, code_id))

    def pick_code(self) -> None:
        """A small popup at the caret: the codes with their keys, the current one highlighted."""
        if self.state.workspace is None or self.state.article is None:
            return
        if self.picker is None:
            self.picker = CodePicker(self.w)
            self.picker.sig_picked.connect(self.use)
        h = self.state.chosen()
        selecting = self.w.reader.selection_span() is not None
        current = h.code_id if h is not None and not selecting else self.w.codes.current_id()
        reader = self.w.reader
        cur = reader.cursorRect()
        at = reader.viewport().mapToGlobal(QPoint(cur.left(), cur.bottom() + 4))
        self.picker.pop_up(self.w.codes.codes, current, at)

    def delete(self) -> None:
        ws, art, h = self.state.workspace, self.state.article, self.state.chosen()
        if ws and art and h:
            self.state.choose(None)
            ws.do(DeleteHighlight(art.id, h.id, h.uid))

    def copy_quote(self) -> None:
        """Put the chosen highlight's quote on the clipboard."""
        if (h := self.state.chosen()) is not None:
            QGuiApplication.clipboard().setText(h.exact)
            self.state.say(f"Copied {quoted(h.exact, 60)}.", 3000)

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
            menu.addActions([a.copy_quote, a.delete_highlight])
        menu.exec(reader.viewport().mapToGlobal(pos))


def _also_with_alt(action: QAction) -> None:
    """Give ``action`` its keys once more with Alt, the modifier that marks exact characters."""
    keys = list(action.shortcuts())
    for seq in list(keys):
        combo = seq[0]  # type: ignore[index]  # a QKeyCombination
        with_alt = QKeySequence(QKeyCombination(combo.keyboardModifiers() | EXACT, combo.key()))
        if with_alt not in keys:
            keys.append(with_alt)
    action.setShortcuts(keys)
