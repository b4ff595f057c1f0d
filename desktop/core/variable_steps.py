"""Undoable edits of the coding sheet: a value coded for an article, a variable defined.

A variable undone and redone comes back with its id, so values coded on it after the redo and
steps above it on the stack still name it.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from db.annotate import variables
from desktop.core.changes import VARIABLES, Changes
from desktop.core.commands import Step


class SetValue(Step):
    """Code ``value`` (None: clear it) for the article on the variable, as ``coder``."""

    def __init__(self, article_id: int, variable_id: int, value: object, coder: str) -> None:
        super().__init__("Code variable")
        self.article_id, self.variable_id, self.value, self.coder = (
            article_id, variable_id, value, coder,
        )  # fmt: skip
        self.old: str | None = None
        self.changes = Changes.of(VARIABLES, article=article_id)

    def apply(self, s: Session) -> None:
        assert self.article_id is not None
        self.old = variables.set_value(
            s, self.article_id, self.variable_id, self.value, coder=self.coder
        )

    def revert(self, s: Session) -> None:
        assert self.article_id is not None
        variables.set_value(s, self.article_id, self.variable_id, self.old, coder=self.coder)


class AddVariable(Step):
    """A new variable of the sheet (with its options, for nominal and ordinal ones)."""

    def __init__(
        self, name: str, kind: str, label: str, options: Sequence[tuple[int, str]]
    ) -> None:
        super().__init__("New variable")
        self.name, self.kind, self.label, self.options = name, kind, label, list(options)
        self.variable_id: int | None = None
        self._snap: variables.Snapshot | None = None
        self.changes = Changes.of(VARIABLES)

    def apply(self, s: Session) -> None:
        if self._snap is not None:
            variables.restore(s, self._snap)
            return
        self.variable_id = variables.add(
            s, self.name, self.kind, label=self.label, options=self.options
        )

    def revert(self, s: Session) -> None:
        assert self.variable_id is not None
        self._snap = variables.delete(s, self.variable_id)


class EditVariable(Step):
    """Rename a variable, relabel it, change its kind or its options; undo gives the old back."""

    def __init__(self, variable_id: int, **fields: object) -> None:
        super().__init__("Edit variable")
        self.variable_id, self.fields = variable_id, fields
        self.old: dict[str, object] = {}
        self.changes = Changes.of(VARIABLES)

    def apply(self, s: Session) -> None:
        self.old = variables.update(s, self.variable_id, **self.fields)

    def revert(self, s: Session) -> None:
        variables.update(s, self.variable_id, **self.old)


class MoveVariable(Step):
    """Move a variable to another place in the sheet's order."""

    def __init__(self, variable_id: int, index: int) -> None:
        super().__init__("Move variable")
        self.variable_id, self.index, self.was = variable_id, index, index
        self.changes = Changes.of(VARIABLES)

    def apply(self, s: Session) -> None:
        self.was = variables.move(s, self.variable_id, self.index)

    def revert(self, s: Session) -> None:
        variables.move(s, self.variable_id, self.was)


class DeleteVariable(Step):
    """Delete a variable with every value coded on it; undo puts them all back."""

    def __init__(self, variable_id: int) -> None:
        super().__init__("Delete variable")
        self.variable_id = variable_id
        self._snap: variables.Snapshot | None = None
        self.changes = Changes.of(VARIABLES)

    def apply(self, s: Session) -> None:
        self._snap = variables.delete(s, self.variable_id)

    def revert(self, s: Session) -> None:
        assert self._snap is not None
        variables.restore(s, self._snap)
