"""The open project as the window sees it: short writes, change notices, the undo stack."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from db.store.project import Project, open_project

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What a write touched, so that views refresh only what concerns them."""

    article_id: int | None = None
    codes: bool = False
    notes: bool = False


class Workspace(QObject):
    """One open project.

    Writes are small and run on the GUI thread, committed before returning, so whatever the
    window shows as saved is in the file.
    """

    sig_changed = Signal(object)
    """Emitted with the :class:`Changes` of each write."""

    def __init__(self, path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project: Project = open_project(path)
        self.path = self.project.path
        self.undo_stack = QUndoStack(self)

    def read(self, fn: Callable[[Session], T]) -> T:
        with self.project.session() as s:
            return fn(s)

    def write(self, fn: Callable[[Session], T], changes: Changes) -> T:
        with self.project.session() as s:
            result = fn(s)
        self.sig_changed.emit(changes)
        return result

    def close(self) -> None:
        self.undo_stack.clear()
        self.project.close()
