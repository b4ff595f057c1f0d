"""Fitting the main window to its screen, with the reader first.

The reader never gets narrower than :data:`~desktop.widgets.reader.MIN_CHARS` characters a line
(its minimum size says so to Qt's layouts). While it has fewer than :data:`READER_WISH_CHARS`, the
list gives way, down to :data:`LIST_FLOOR`, then the panels, down to :data:`DOCK_FLOOR`; each gets
back the width it was given (by the researcher, or at start) once there is room again. The
captions leave the margin for the text before either (see :mod:`desktop.widgets.captions`). On a
window too short for the panels one above another they share one column as tabs, until it is
tall again. The window, first run or restored, and its floating panels stay inside the screen's
available area.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import QDockWidget, QToolBar, QWidget

if TYPE_CHECKING:
    from desktop.views.main_window import MainWindow

READER_WISH_CHARS = 62
"""The line length, in characters, that the list and the panels give way for."""
LIST_FLOOR = 220
"""The list gives way for the reader down to this width (pixels), no further."""
DOCK_FLOOR = 220
"""And so do the panels."""
FIRST_SIZE = QSize(1500, 940)
"""The window's size on a first run, where the screen has room for it."""
FRAME_GUESS = QSize(8, 36)
"""What the window manager's frame adds, until the window is shown and it is known."""
_FOLD_SLACK = 60  # pixels the stacked panels need beyond their least height to stay stacked
_UNFOLD_SLACK = 100  # and to part again, once in tabs
_R = Qt.DockWidgetArea.RightDockWidgetArea
_H = Qt.Orientation.Horizontal


def inside(rect: QRect, avail: QRect, frame: QSize) -> QRect:
    """``rect`` (a window without its frame) made to fit in ``avail`` with its frame, moved in."""
    w = min(rect.width(), avail.width() - frame.width())
    h = min(rect.height(), avail.height() - frame.height())
    side = frame.width() // 2  # borders alike left, right and below; the title bar above
    top = frame.height() - side
    x = max(avail.left() + side, min(rect.x(), avail.right() + 1 - side - w))
    y = max(avail.top() + top, min(rect.y(), avail.bottom() + 1 - side - h))
    return QRect(x, y, w, h)


class WindowFit(QObject):
    """Keeps a :class:`MainWindow` on its screen and its reader at a comfortable measure."""

    def __init__(self, w: MainWindow) -> None:
        super().__init__(w)
        self.w = w
        self.tabbed: list[QDockWidget] = []
        """The panels put in one column of tabs for want of height (first: the one in front)."""
        self._list_wish = -1  # the widths the list and the panels are given, to go back to
        self._dock_wish = 0  # (-1 and 0: as first laid out)
        self._dock_ours = -1  # the panels' width last asked for here
        self._width = 0  # the window's width when it was last resized
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.give_way)
        w.splitter.splitterMoved.connect(self._list_moved)
        for dock in w.docks:
            dock.installEventFilter(self)

    # ---- Size at start

    def first_size(self) -> None:
        """As large as :data:`FIRST_SIZE` or the screen allows, centred; panels in proportion."""
        w = self.w
        avail = w.screen().availableGeometry()
        width = min(FIRST_SIZE.width(), avail.width() - FRAME_GUESS.width())
        height = min(FIRST_SIZE.height(), avail.height() - FRAME_GUESS.height())
        w.resize(width, height)
        w.move(avail.center() - QPoint(width // 2, (height + FRAME_GUESS.height()) // 2))
        side = max(LIST_FLOOR, min(440, width * 27 // 100))
        w.splitter.setSizes([side, width - side])
        self._list_wish = side
        panels = max(DOCK_FLOOR, min(300, width // 5))
        w.resizeDocks(w.docks, [panels] * len(w.docks), _H)
        self._dock_wish = panels

    def started(self) -> None:
        """The layout is in place, first run or restored."""
        self.fit_screen()

    # ---- Keeping to the screen

    def fit_screen(self) -> None:
        """Keep the window and its floating panels inside the available area of their screen."""
        w = self.w
        screen = QGuiApplication.screenAt(w.geometry().center()) or w.screen()
        avail = screen.availableGeometry()
        frame = self._frame()
        self.fold_for(avail.height() - frame.height())
        whole = Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen
        if not w.windowState() & whole:
            fitted = inside(w.geometry(), avail, frame)
            if fitted != w.geometry():
                w.setGeometry(fitted)
        for dock in w.docks:
            if dock.isFloating():
                where = QGuiApplication.screenAt(dock.geometry().center()) or screen
                fitted = inside(dock.geometry(), where.availableGeometry(), FRAME_GUESS)
                if fitted != dock.geometry():
                    dock.setGeometry(fitted)

    def _frame(self) -> QSize:
        if not self.w.isVisible():
            return FRAME_GUESS
        frame, inner = self.w.frameGeometry(), self.w.geometry()
        return QSize(frame.width() - inner.width(), frame.height() - inner.height())

    # ---- Panels stacked or in tabs

    def stacked(self) -> list[QDockWidget]:
        """The panels docked on the right and open, top to bottom."""
        w = self.w
        docks = [d for d in w.docks if not (d.isHidden() or d.isFloating())]
        return sorted((d for d in docks if w.dockWidgetArea(d) == _R), key=lambda d: d.y())

    def fold_for(self, height: int) -> None:
        """Put the panels in tabs when a window ``height`` tall cannot hold them stacked."""
        w = self.w
        bars = [w.menuBar(), w.statusBar(), *w.findChildren(QToolBar)]
        room = height - sum(b.sizeHint().height() for b in bars if not b.isHidden())
        if self.tabbed:
            if room >= _need(self.tabbed) + _UNFOLD_SLACK:
                self.unfold()
            return
        stacked = [d for d in self.stacked() if not w.tabifiedDockWidgets(d)]
        if len(stacked) > 1 and room < _need(stacked) + _FOLD_SLACK:
            first, *rest = stacked
            for dock in rest:
                w.tabifyDockWidget(first, dock)
            first.raise_()
            self.tabbed = stacked

    def unfold(self) -> None:
        """Stack again the panels put in tabs here (not those a researcher put in tabs)."""
        for dock in self.tabbed[1:]:
            self.w.addDockWidget(_R, dock, Qt.Orientation.Vertical)
        self.tabbed = []

    # ---- Giving way to the reader

    def later(self) -> None:
        """Give way (or back) once the layout has settled."""
        self._timer.start()

    def give_way(self) -> None:
        """Narrow the list, then the panels, while the reader is short of its line length.

        They get back the widths they were given once there is room.
        """
        w = self.w
        lst, pane = w.splitter.sizes()
        if self._list_wish < 0:  # restored: as the splitter laid it out
            self._list_wish = lst
        wish = w.reader.width_for(READER_WISH_CHARS)
        floor = min(self._list_wish, LIST_FLOOR)
        target = max(floor, min(self._list_wish, lst + pane - wish))
        if target != lst:
            w.splitter.setSizes([target, lst + pane - target])
            pane = lst + pane - target
        column = self.stacked()
        if not column or not self._dock_wish:
            return
        dock = column[0].width()
        if pane < wish:
            width = max(min(self._dock_wish, DOCK_FLOOR), dock - (wish - pane))
        else:
            width = min(self._dock_wish, dock + (pane - wish)) if dock < self._dock_wish else dock
        if width != dock:
            self._dock_ours = width
            w.resizeDocks(column[:1], [width], _H)

    def _list_moved(self) -> None:
        self._list_wish = self.w.splitter.sizes()[0]  # the researcher's choice

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A panel resized while the window is not: the researcher moved its edge."""
        if (
            event.type() == QEvent.Type.Resize
            and isinstance(event, QResizeEvent)
            and event.size().width() != event.oldSize().width()
            and self.w.width() == self._width
            and not self.tabbed
            and isinstance(watched, QWidget)
            and watched in self.stacked()[:1]
            and event.size().width() != self._dock_ours
        ):
            self._dock_wish = event.size().width()
        return False

    def resized(self) -> None:
        """The window was resized."""
        self._width = self.w.width()
        if self.w.isVisible():
            self.fold_for(self.w.height())
            self.later()
        if not self._dock_wish and self.stacked():
            self._dock_wish = self.stacked()[0].width()

    def before_saving(self) -> None:
        """The layout as given, not as it gave way: widths wished for, panels stacked."""
        w = self.w
        lst, pane = w.splitter.sizes()
        if self._list_wish > 0 and lst != self._list_wish:
            w.splitter.setSizes([self._list_wish, max(0, lst + pane - self._list_wish)])
        column = self.stacked()
        if column and self._dock_wish and column[0].width() != self._dock_wish:
            w.resizeDocks(column[:1], [self._dock_wish], _H)
        self.unfold()


def _need(docks: list[QDockWidget]) -> int:
    """The least height of ``docks`` one above another, with their separators."""
    return sum(d.minimumSizeHint().height() + 6 for d in docks)
