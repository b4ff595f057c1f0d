"""Run something once the window has first been painted.

The window shows before the project loads, and start-up tests can tell when that happened.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _FirstPaint(QObject):
    def __init__(self, widget: QWidget, then: Callable[[], None]) -> None:
        super().__init__(widget)
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)  # after this paint has reached the screen
        return False


def after_first_paint(widget: QWidget, then: Callable[[], None]) -> None:
    widget.installEventFilter(_FirstPaint(widget, then))
