"""Search as research: what the researcher types is searched off the GUI thread, newest first.

A search the researcher has typed past is cancelled (its query interrupted), so searches never
queue up behind each other. Its count is exact; the list shows its results best first, a page
at a time as it is scrolled, each with where it matched. The article opened from them has every
hit marked; F3 and Shift+F3 go to the next and previous (round the end), and clearing the box
clears the marks.

The window's shortcuts work while the search box has the focus: only keys that edit its text
stay with it (see :meth:`SearchController.eventFilter`).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence

from db import search
from db.articles.detail import ArticleDetail
from desktop.core.ops import Op
from desktop.core.state import AppState
from desktop.models.article_model import PAGE
from desktop.views.main_window import MainWindow

SEARCH_DELAY_MS = 250
_STD = QKeySequence.StandardKey
#: With Ctrl, Alt or Meta, the keys that still edit the search box's text rather than go to the
#: window (others, such as Ctrl+E that some platforms take as "end of line", go to the window).
EDITING = (
    _STD.Copy, _STD.Cut, _STD.Paste, _STD.Undo, _STD.Redo, _STD.SelectAll,
    _STD.MoveToNextWord, _STD.MoveToPreviousWord, _STD.SelectNextWord, _STD.SelectPreviousWord,
    _STD.DeleteStartOfWord, _STD.DeleteEndOfWord,
)  # fmt: skip
_HELD = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
_HELD |= Qt.KeyboardModifier.MetaModifier


class SearchController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        self.running: Op[search.Found] | None = None
        self.query: str | None = None  # what the results shown were found for
        self.marking: Op[list[tuple[int, int]]] | None = None
        self.timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run)
        w.search_box.textChanged.connect(lambda _t: self.timer.start())
        w.search_box.installEventFilter(self)
        for act, forward in ((w.act.find_next, True), (w.act.find_previous, False)):
            act.triggered.connect(lambda _=False, f=forward: self.step(f))
        state.sig_workspace_changed.connect(self._opened)
        state.sig_article_changed.connect(self.mark)
        state.sig_filter_changed.connect(self._filtered)

    def _opened(self, _ws: object) -> None:
        """Another project: nothing is searched for in it yet."""
        if self.running is not None:
            self.running.cancel()
            self.running = None
        self.query = None
        self.w.search_box.clear()

    def _filtered(self, ids: list[int] | None) -> None:
        """Every article shown again from elsewhere (after an import): the search is over."""
        if ids is None and self.query is not None:
            self.query = None
            box = self.w.search_box
            box.blockSignals(True)
            box.clear()
            box.blockSignals(False)
            self.timer.stop()
            self.mark(self.state.article)

    def run(self) -> None:
        ws = self.state.workspace
        if self.running is not None:
            self.running.cancel()  # superseded
            self.running = None
        if ws is None:
            return
        user_text = self.w.search_box.text()
        if not user_text.strip():
            self.query = None
            self.state.set_filter(None)
            self.mark(self.state.article)
            return

        def found(results: search.Found) -> None:
            self.running = None
            self.query = user_text
            shown = self.state.article
            self.state.set_filter(results)
            if self.state.article is shown:  # the same article is open: mark it anew
                self.mark(shown)
            if results.ignored:
                self.state.say(
                    f"Only the first {search.MAX_TERMS} different words were searched "
                    f"({results.ignored} left out).",
                    8000,
                )

        def failed(message: str) -> None:
            self.running = None
            self.state.say(f"Search failed: {message}")

        self.running = ws.read(
            lambda s: search.first_page(s, user_text, limit=PAGE), found, on_failed=failed
        )

    # ---- Hits in the reader

    def mark(self, article: ArticleDetail | None) -> None:
        """Mark every hit of the search shown in ``article`` (none without a search)."""
        if self.marking is not None:
            self.marking.cancel()
            self.marking = None
        ws, query = self.state.workspace, self.query
        if ws is None or article is None or query is None:
            self.w.reader.set_search_marks([])
            return
        aid = article.id

        def marked(spans: list[tuple[int, int]]) -> None:
            self.marking = None
            if self.state.article is None or self.state.article.id != aid:
                return
            self.w.reader.set_search_marks(spans)
            if spans:
                self.step(True, hint=len(spans) > 1)

        self.marking = ws.read(
            lambda s: search.marks(s, aid, query),
            marked,
            on_failed=lambda m: self.state.say(f"The hits could not be marked: {m}"),
        )

    def step(self, forward: bool, *, hint: bool = False) -> None:
        """Go to the next (or previous) hit, round the end, and say which (``hint``: and how on)."""
        reader = self.w.reader
        if not reader.go_to_search_mark(forward):
            self.state.say(
                "No hits of the search in this article."
                if self.query
                else "Search first (Ctrl+F): F3 goes from hit to hit.",
                4000,
            )
            return
        n, of = reader.current_search_mark() + 1, len(reader.search_marks())
        keys = " (F3: next, Shift+F3: previous)" if hint else ""
        self.state.say(f"Hit {n} of {of}{keys}", 4000)

    # ---- The window's shortcuts in the search box

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        """Let a window shortcut through when the box would take the key for itself."""
        if (
            watched is self.w.search_box
            and e.type() == QEvent.Type.ShortcutOverride
            and isinstance(e, QKeyEvent)
            and self.for_window(e)
        ):
            e.ignore()  # the box does not take it: the shortcut fires
            return True
        return super().eventFilter(watched, e)

    def for_window(self, e: QKeyEvent) -> bool:
        """Whether ``e`` is one of the window's shortcuts and no key that edits the text."""
        if not e.modifiers() & _HELD or any(e.matches(k) for k in EDITING):
            return False  # typing, moving, deleting, copying: the box's own
        pressed = QKeySequence(e.keyCombination())
        exact = QKeySequence.SequenceMatch.ExactMatch
        return any(
            act.isEnabled() and any(k.matches(pressed) == exact for k in act.shortcuts())
            for act in self.w.actions()
        )
