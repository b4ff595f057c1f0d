"""The codebook's undoable edits: codes added, edited, deleted and merged, each under its coder.

Every step passes the window's coder to :mod:`db.annotate.codes`, so the codebook's audit trail
names who made the change, and who undid it.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from db.annotate import code_merge, codes
from desktop.core.changes import CODES, HIGHLIGHTS, Changes
from desktop.core.commands import Step


class AddCode(Step):
    def __init__(self, name: str, color: str, parent_id: int | None, coder: str = "") -> None:
        super().__init__(f"Add code {name}")
        self.name, self.color, self.parent_id, self.coder = name, color, parent_id, coder
        self.changes = Changes.of(CODES)
        self.code_id: int | None = None
        self._snap: codes.Snapshot | None = None

    def apply(self, s: Session) -> None:
        if self._snap is not None:
            codes.restore(s, self._snap, coder=self.coder, undoes="delete")
        else:
            self.code_id = codes.add(
                s, self.name, color=self.color, parent_id=self.parent_id, coder=self.coder
            )

    def revert(self, s: Session) -> None:
        assert self.code_id is not None
        self._snap = codes.delete(s, self.code_id, coder=self.coder)


class EditCode(Step):
    """Change a code's name, colour, memo or parent."""

    def __init__(self, code_id: int, coder: str = "", **fields: Any) -> None:
        super().__init__("Edit code")
        self.code_id, self.new, self.coder = code_id, fields, coder
        self.old: dict[str, object] = {}
        self.changes = Changes.of(CODES)

    def apply(self, s: Session) -> None:
        self.old = codes.update(s, self.code_id, coder=self.coder, **self.new)

    def revert(self, s: Session) -> None:
        codes.update(s, self.code_id, coder=self.coder, **self.old)


class DeleteCode(Step):
    """Delete a code and those nested in it; undo puts them back and codes their highlights."""

    def __init__(self, code_id: int, coder: str = "") -> None:
        super().__init__("Delete code")
        self.code_id, self.coder = code_id, coder
        self.changes = Changes.of(CODES, HIGHLIGHTS)
        self._snap: codes.Snapshot | None = None

    def apply(self, s: Session) -> None:
        self._snap = codes.delete(s, self.code_id, coder=self.coder)

    def revert(self, s: Session) -> None:
        assert self._snap is not None
        codes.restore(s, self._snap, coder=self.coder)


class MergeCode(Step):
    """Merge one code into another; undo gives the first back with its highlights and codes."""

    def __init__(self, source_id: int, target_id: int, target_name: str, coder: str = "") -> None:
        super().__init__(f"Merge into {target_name}")
        self.source_id, self.target_id, self.coder = source_id, target_id, coder
        self.changes = Changes.of(CODES, HIGHLIGHTS)
        self._snap: code_merge.MergeSnapshot | None = None

    def apply(self, s: Session) -> None:
        self._snap = code_merge.merge(s, self.source_id, self.target_id, coder=self.coder)

    def revert(self, s: Session) -> None:
        assert self._snap is not None
        code_merge.unmerge(s, self._snap, coder=self.coder)
