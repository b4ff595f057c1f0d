"""Undoable edits. Each command holds ids and calls ``db`` functions through the workspace."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from db.annotate import codes, highlights, notes
from desktop.workspace import Changes, Workspace

_NOTE_ID = 1  # QUndoCommand.id() of note edits, which merge while typing


class MarkCommand(QUndoCommand):
    """Highlight a span with a code; undo deletes it, redo puts back the very same highlight."""

    def __init__(self, ws: Workspace, article_id: int, start: int, end: int, code_id: int | None):
        super().__init__("Mark claim")
        self.ws, self.article_id = ws, article_id
        self.span, self.code_id = (start, end), code_id
        self.highlight_id: int | None = None
        self._snap: highlights.Snapshot | None = None

    def redo(self) -> None:
        start, end = self.span
        if self._snap is None:
            self.highlight_id = self.ws.write(
                lambda s: highlights.add(
                    s, article_id=self.article_id, start=start, end=end, code_id=self.code_id
                ),
                Changes(self.article_id),
            )
        else:
            snap = self._snap
            self.ws.write(lambda s: highlights.restore(s, snap), Changes(self.article_id))

    def undo(self) -> None:
        hid = self.highlight_id
        assert hid is not None
        self._snap = self.ws.write(lambda s: highlights.delete(s, hid), Changes(self.article_id))


class DeleteHighlightCommand(QUndoCommand):
    def __init__(self, ws: Workspace, article_id: int, highlight_id: int):
        super().__init__("Delete highlight")
        self.ws, self.article_id, self.highlight_id = ws, article_id, highlight_id
        self._snap: highlights.Snapshot | None = None

    def redo(self) -> None:
        self._snap = self.ws.write(
            lambda s: highlights.delete(s, self.highlight_id), Changes(self.article_id)
        )

    def undo(self) -> None:
        snap = self._snap
        assert snap is not None
        self.ws.write(lambda s: highlights.restore(s, snap), Changes(self.article_id))


class RecodeCommand(QUndoCommand):
    def __init__(self, ws: Workspace, article_id: int, highlight_id: int, code_id: int | None):
        super().__init__("Change code")
        self.ws, self.article_id, self.highlight_id = ws, article_id, highlight_id
        self.new, self.old = code_id, code_id

    def _set(self, code_id: int | None) -> int | None:
        return self.ws.write(
            lambda s: highlights.set_code(s, self.highlight_id, code_id), Changes(self.article_id)
        )

    def redo(self) -> None:
        self.old = self._set(self.new)

    def undo(self) -> None:
        self._set(self.old)


class NoteCommand(QUndoCommand):
    """Save a note's text; consecutive saves of the same note merge into one undo step."""

    def __init__(
        self,
        ws: Workspace,
        target: tuple[int | None, int | None],
        article_id: int,
        old: str,
        new: str,
        fmt: str,
    ):
        super().__init__("Edit note")
        self.ws, self.target, self.article_id = ws, target, article_id
        self.old, self.new, self.fmt = old, new, fmt

    def _save(self, text: str) -> None:
        article_id, highlight_id = self.target
        self.ws.write(
            lambda s: notes.save(
                s, text, article_id=article_id, highlight_id=highlight_id, fmt=self.fmt
            ),
            Changes(self.article_id, notes=True),
        )

    def redo(self) -> None:
        self._save(self.new)

    def undo(self) -> None:
        self._save(self.old)

    def id(self) -> int:
        return _NOTE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, NoteCommand) or other.target != self.target:
            return False
        self.new, self.fmt = other.new, other.fmt
        return True


class AddCodeCommand(QUndoCommand):
    def __init__(self, ws: Workspace, name: str, color: str, parent_id: int | None):
        super().__init__(f"Add code {name}")
        self.ws, self.name, self.color, self.parent_id = ws, name, color, parent_id
        self.code_id: int | None = None
        self._snap: codes.Snapshot | None = None

    def redo(self) -> None:
        if self._snap is None:
            self.code_id = self.ws.write(
                lambda s: codes.add(s, self.name, color=self.color, parent_id=self.parent_id),
                Changes(codes=True),
            )
        else:
            snap = self._snap
            self.ws.write(lambda s: codes.restore(s, snap), Changes(codes=True))

    def undo(self) -> None:
        code_id = self.code_id
        assert code_id is not None
        self._snap = self.ws.write(lambda s: codes.delete(s, code_id), Changes(codes=True))


class EditCodeCommand(QUndoCommand):
    """Change a code's name, colour, description or parent."""

    def __init__(self, ws: Workspace, code_id: int, **fields: object):
        super().__init__("Edit code")
        self.ws, self.code_id, self.new = ws, code_id, fields
        self.old: dict[str, object] = {}

    def redo(self) -> None:
        self.old = self.ws.write(
            lambda s: codes.update(s, self.code_id, **self.new), Changes(codes=True)
        )

    def undo(self) -> None:
        self.ws.write(lambda s: codes.update(s, self.code_id, **self.old), Changes(codes=True))


class DeleteCodeCommand(QUndoCommand):
    def __init__(self, ws: Workspace, code_id: int):
        super().__init__("Delete code")
        self.ws, self.code_id = ws, code_id
        self._snap: codes.Snapshot | None = None

    def redo(self) -> None:
        self._snap = self.ws.write(lambda s: codes.delete(s, self.code_id), Changes(codes=True))

    def undo(self) -> None:
        snap = self._snap
        assert snap is not None
        self.ws.write(lambda s: codes.restore(s, snap), Changes(codes=True))
