"""Undoable edits. Each step holds ids (checked against uids) and calls ``db`` functions.

A step's :meth:`Step.apply` and :meth:`Step.revert` run on the write queue, in a session; its
``redo()`` and ``undo()``, which the undo stack calls, do nothing, because the workspace moves
the stack only once the write is in the file (see :mod:`desktop.core.workspace`).
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand
from sqlmodel import Session

from db.annotate import highlights, memos, notes
from desktop.core.changes import HIGHLIGHTS, MEMOS, NOTES, Changes

_NOTE_ID = 1  # QUndoCommand.id() of note edits, which merge while typing


class Step(QUndoCommand):
    changes: Changes
    article_id: int | None = None  # the article the step changed, if one

    def shown(self, undone: bool) -> int | None:
        """The highlight to show once the step is undone (or redone): None for the article."""
        return None

    def apply(self, s: Session) -> None:
        """Do the edit (the first time, and on redo)."""
        raise NotImplementedError

    def revert(self, s: Session) -> None:
        """Undo the edit."""
        raise NotImplementedError

    def redo(self) -> None:
        pass  # the stack's bookkeeping only: the write was done by apply

    def undo(self) -> None:
        pass


class Mark(Step):
    """Highlight a span with a code; undo deletes it, redo puts back the very same highlight."""

    def __init__(
        self, article_id: int, start: int, end: int, code_id: int | None, coder: str = ""
    ) -> None:
        super().__init__("Mark claim")
        self.article_id, self.span = article_id, (start, end)
        self.code_id, self.coder = code_id, coder
        self.changes = Changes.of(HIGHLIGHTS, article=article_id)
        self.highlight_id: int | None = None
        self.uid: str | None = None
        self._snap: highlights.Snapshot | None = None

    def apply(self, s: Session) -> None:
        if self._snap is not None:
            self.highlight_id = highlights.restore(s, self._snap)
            return
        start, end = self.span
        assert self.article_id is not None
        self.highlight_id = highlights.add(
            s, article_id=self.article_id, start=start, end=end, code_id=self.code_id,
            coder=self.coder,
        )  # fmt: skip
        self.uid = highlights.uid_of(s, self.highlight_id)

    def revert(self, s: Session) -> None:
        assert self.highlight_id is not None
        self._snap = highlights.delete(s, self.highlight_id, uid=self.uid)

    def shown(self, undone: bool) -> int | None:
        return None if undone else self.highlight_id


class DeleteHighlight(Step):
    def __init__(self, article_id: int, highlight_id: int, uid: str) -> None:
        super().__init__("Delete highlight")
        self.article_id, self.highlight_id, self.uid = article_id, highlight_id, uid
        self.changes = Changes.of(HIGHLIGHTS, NOTES, article=article_id)
        self._snap: highlights.Snapshot | None = None

    def apply(self, s: Session) -> None:
        self._snap = highlights.delete(s, self.highlight_id, uid=self.uid)

    def revert(self, s: Session) -> None:
        assert self._snap is not None
        highlights.restore(s, self._snap)

    def shown(self, undone: bool) -> int | None:
        return self.highlight_id if undone else None


class Recode(Step):
    def __init__(self, article_id: int, highlight_id: int, uid: str, code_id: int | None) -> None:
        super().__init__("Change code")
        self.article_id, self.highlight_id, self.uid = article_id, highlight_id, uid
        self.new = code_id
        self.old: int | None = None
        self.changes = Changes.of(HIGHLIGHTS, article=article_id)

    def apply(self, s: Session) -> None:
        self.old = highlights.set_code(s, self.highlight_id, self.new, uid=self.uid)

    def revert(self, s: Session) -> None:
        highlights.set_code(s, self.highlight_id, self.old, uid=self.uid)

    def shown(self, undone: bool) -> int | None:
        return self.highlight_id


class EditNote(Step):
    """Save a note's text; consecutive saves of the same note merge into one undo step."""

    def __init__(
        self,
        article_id: int,
        target: tuple[int | None, int | None],
        new: str,
        fmt: str,
        coder: str | None = None,
    ) -> None:
        super().__init__("Edit note")
        self.article_id, self.target, self.new, self.fmt = article_id, target, new, fmt
        self.coder = coder
        self.old: str | None = None  # read when first applied, in the same transaction
        self.old_fmt = fmt
        self.changes = Changes.of(NOTES, article=article_id)

    def _save(self, s: Session, text: str, fmt: str) -> None:
        article_id, highlight_id = self.target
        notes.save(
            s, text, article_id=article_id, highlight_id=highlight_id, fmt=fmt, coder=self.coder
        )

    def apply(self, s: Session) -> None:
        if self.old is None:
            article_id, highlight_id = self.target
            note = notes.get(s, article_id=article_id, highlight_id=highlight_id)
            self.old, self.old_fmt = (note.body, note.format) if note else ("", self.fmt)
        self._save(s, self.new, self.fmt)

    def revert(self, s: Session) -> None:
        self._save(s, self.old or "", self.old_fmt)

    def shown(self, undone: bool) -> int | None:
        return self.target[1]  # the highlight the note is on (None: the article's own note)

    def id(self) -> int:
        return _NOTE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditNote) or other.target != self.target:
            return False
        self.new, self.fmt = other.new, other.fmt
        return True


class EditMemo(Step):
    """Write a note on the project (an empty text deletes it); undo puts back what it was."""

    def __init__(self, uid: str, title: str, body: str, fmt: str) -> None:
        super().__init__("Edit project note")
        self.uid, self.new = uid, (title, body, fmt)
        self.old: tuple[str, str, str] | None = None  # read when first applied
        self.changes = Changes.of(MEMOS)

    def _write(self, s: Session, memo: tuple[str, str, str]) -> None:
        title, body, fmt = memo
        memos.save(s, title, body, uid=self.uid, fmt=fmt)

    def apply(self, s: Session) -> None:
        if self.old is None:
            was = next((m for m in memos.all_memos(s) if m.uid == self.uid), None)
            self.old = (was.title, was.body, was.format) if was else ("", "", "text/plain")
        self._write(s, self.new)

    def revert(self, s: Session) -> None:
        self._write(s, self.old or ("", "", "text/plain"))
