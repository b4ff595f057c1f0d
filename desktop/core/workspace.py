"""The open project as the window sees it: its ops, its change notices, its undo history.

Every write goes through :meth:`Workspace.write`, off the GUI thread; a change notice follows
only once it is committed, and a failure is told in words, never shown as done. Undoable edits
are :class:`~desktop.core.commands.Step` objects: a step is applied first and pushed on the undo
stack only once its write succeeded, and undo and redo move the stack only once theirs did. So
the stack never holds a step that is not in the file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlmodel import Session

from db.store.project import Project
from desktop.core.changes import Changes
from desktop.core.commands import Step
from desktop.core.ops import Op, Ops, explain

T = TypeVar("T")
READ_ONLY = "This project file is read-only: it can be read, searched and exported, not changed."


class Workspace(QObject):
    """One open project."""

    sig_changed = Signal(object)
    """Emitted with the :class:`Changes` of each committed write."""
    sig_failed = Signal(str)
    """Emitted with what went wrong when a write failed (nothing of it was stored)."""
    sig_history_changed = Signal()
    """Emitted when what undo and redo would do has changed."""
    sig_moved = Signal(object, bool)
    """Emitted with the step undone (True) or redone (False), once it is in the file."""

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.path: Path = project.path
        self.read_only = project.read_only
        self.ops = Ops(project, self)
        self.undo_stack = QUndoStack(self)
        self._moving = False  # an undo or redo is being written
        self.undo_stack.indexChanged.connect(self.sig_history_changed)

    # ---- Reading

    def read_now(self, fn: Callable[[Session], T], default: T) -> T:
        """A small read on the GUI thread (one article, a page of rows): its size is bounded.

        If the file fails (damaged, gone, a disk error), that is said and ``default`` shown.
        """
        try:
            with self.project.session() as s:
                return fn(s)
        except Exception as exc:
            self.sig_failed.emit(f"The project could not be read: {explain(exc)}")
            return default

    def read(
        self,
        fn: Callable[[Session], T],
        on_done: Callable[[T], None],
        *,
        progress: str | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> Op[T]:
        """A read off the GUI thread (sorting, searching: anything that grows with the corpus)."""
        failed = on_failed or self.sig_failed.emit
        return self.ops.read(fn, on_done, failed, progress=progress)

    # ---- Writing

    def write(
        self,
        fn: Callable[[Session], T],
        changes: Changes,
        on_done: Callable[[T], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> None:
        """Commit ``fn`` off the GUI thread; then tell who listens, or say why it failed."""
        failed = on_failed or self.sig_failed.emit
        if self.read_only:
            failed(READ_ONLY)
            return

        def done(result: T) -> None:
            self.sig_changed.emit(changes)
            if on_done:
                on_done(result)

        self.ops.write(fn, done, failed)

    def do(
        self,
        step: Step,
        on_done: Callable[[Step], None] | None = None,
        on_failed: Callable[[str], None] | None = None,
    ) -> None:
        """Apply ``step``; once it is in the file it goes on the undo stack."""

        def applied(_: Any) -> None:
            self.undo_stack.push(step)  # its redo() does nothing: the work is done
            if on_done:
                on_done(step)

        self.write(step.apply, step.changes, applied, on_failed)

    def notify(self, changes: Changes) -> None:
        """Tell who listens of a change written elsewhere (an import's own connection)."""
        self.sig_changed.emit(changes)

    def _when_idle(self, then: Callable[[], None]) -> bool:
        """Run ``then`` once every queued write is in; True if it had to wait."""
        if not self.ops.pending():
            return False

        def once() -> None:
            self.ops.sig_idle.disconnect(once)
            then()

        self.ops.sig_idle.connect(once)
        return True

    def undo(self) -> None:
        """Undo the last step once every write asked for before is in."""
        stack = self.undo_stack
        if self._when_idle(self.undo) or self._moving or not stack.canUndo():
            return
        step = stack.command(stack.index() - 1)
        assert isinstance(step, Step)
        self._move(step.revert, step.changes, lambda: self._moved(stack.undo, step, True))

    def redo(self) -> None:
        stack = self.undo_stack
        if self._when_idle(self.redo) or self._moving or not stack.canRedo():
            return
        step = stack.command(stack.index())
        assert isinstance(step, Step)
        self._move(step.apply, step.changes, lambda: self._moved(stack.redo, step, False))

    def _moved(self, move: Callable[[], None], step: Step, undone: bool) -> None:
        move()
        self.sig_moved.emit(step, undone)

    def _move(
        self, fn: Callable[[Session], None], changes: Changes, then: Callable[[], None]
    ) -> None:
        self._moving = True
        self.sig_history_changed.emit()

        def done(_: None) -> None:
            self._moving = False
            then()

        def failed(message: str) -> None:
            self._moving = False
            self.sig_history_changed.emit()
            self.sig_failed.emit(message)

        self.write(fn, changes, done, failed)

    def can_undo(self) -> bool:
        return not self._moving and not self.read_only and self.undo_stack.canUndo()

    def can_redo(self) -> bool:
        return not self._moving and not self.read_only and self.undo_stack.canRedo()

    def close(self) -> None:
        self.ops.wait_idle()
        self.undo_stack.clear()
        self.project.close()
