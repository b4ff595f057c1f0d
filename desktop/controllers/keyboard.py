"""Moving around from the keyboard: panes, the text, the next and previous article.

F6 and Shift+F6 go round the panes: the list (with the search box and the set chooser above it),
the reader (with the captions beside it, and over a copy of a story the copies bar), then the
panels that are open (codebook, highlights, note). Tab goes from the search box to the set chooser,
the list, the copies bar and the text; it leaves the list rather than walking its cells, and Down
in the search box enters the list on its first row. Ctrl+Down and Ctrl+Up open the next and
previous article of the list.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core.state import AppState
from desktop.views.main_window import MainWindow


class KeyboardController(QObject):
    def __init__(self, w: MainWindow, state: AppState) -> None:
        super().__init__(w)
        self.w, self.state = w, state
        a = w.act
        a.next_pane.triggered.connect(lambda: self.cycle(1))
        a.previous_pane.triggered.connect(lambda: self.cycle(-1))
        a.focus_reader.triggered.connect(self.focus_reader)
        a.next_article.triggered.connect(lambda: self.step_article(1))
        a.previous_article.triggered.connect(lambda: self.step_article(-1))
        w.list_view.setTabKeyNavigation(False)  # Tab leaves the list, arrows move in it
        w.search_box.installEventFilter(self)

    def panes(self) -> list[tuple[list[QWidget], QWidget]]:
        """Each pane: the widgets it is made of, and the one that takes the focus."""
        w = self.w
        panes: list[tuple[list[QWidget], QWidget]] = [
            ([w.search_box, w.set_row, w.list_view], w.list_view),
            ([w.copies_bar, w.reader, w.captions], w.reader),
        ]
        targets: list[QWidget] = [w.codes.tree, w.highlights, w.notes.editor]
        for dock in w.docks:
            target = next((t for t in targets if dock.isAncestorOf(t)), dock.widget())
            panes.append(([dock], target))
        return panes

    def current_pane(self) -> int:
        """The index of the pane holding the focus (-1: none of them)."""
        focus = QApplication.focusWidget()
        if focus is None:
            return -1
        for n, (parts, _target) in enumerate(self.panes()):
            if any(p is focus or p.isAncestorOf(focus) for p in parts):
                return n
        return -1

    def cycle(self, step: int) -> None:
        """Move the focus to the next (``step`` 1) or previous (-1) pane that can take it."""
        panes = self.panes()
        now = self.current_pane()
        if now < 0 and step < 0:
            now = 0
        for k in range(1, len(panes) + 1):
            target = panes[(now + step * k) % len(panes)][1]
            if target.isVisible() and target.isEnabled():
                target.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return

    def focus_reader(self) -> None:
        self.w.reader.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def step_article(self, step: int) -> None:
        """Open the next (``step`` 1) or previous (-1) article of the list; the focus stays."""
        view = self.w.list_view
        model = view.model()
        if model is None or model.rowCount() == 0:
            return
        rows = view.selectionModel().selectedRows()
        row = rows[0].row() if rows else view.currentIndex().row()
        to = row + step if row >= 0 else 0
        if not 0 <= to < model.rowCount():
            self.state.say("This is the last article." if step > 0 else "This is the first.", 3000)
            return
        view.selectRow(to)
        view.scrollTo(model.index(to, 0))

    def eventFilter(self, watched: QObject, e: QEvent) -> bool:
        if (
            watched is self.w.search_box
            and isinstance(e, QKeyEvent)
            and e.type() == QEvent.Type.KeyPress
            and e.key() == Qt.Key.Key_Down
            and not e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self._enter_list()
            return True
        return super().eventFilter(watched, e)

    def _enter_list(self) -> None:
        """From the search box into the list, on its first row."""
        view = self.w.list_view
        view.setFocus(Qt.FocusReason.TabFocusReason)
        model = view.model()
        if model is not None and model.rowCount():
            view.selectRow(0)
            view.scrollTo(model.index(0, 0))
