"""Undoable edits of the sets of articles: drawn, made, renamed, deleted, assigned to coders.

A set undone and redone comes back with its id, its members and its assignments, so a redo
gives back the very draw undone (not a new one) and the steps above it still name it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlmodel import Session

from db.articles import samples
from desktop.core.changes import SETS, Changes
from desktop.core.commands import Step


class NewSet(Step):
    """A set made by ``make`` (a sample drawn, a set of the articles listed); undo deletes it."""

    def __init__(self, text: str, make: Callable[[Session], int]) -> None:
        super().__init__(text)
        self.make = make
        self.set_id: int | None = None
        self._snap: samples.Snapshot | None = None
        self.changes = Changes.of(SETS)

    def apply(self, s: Session) -> None:
        if self._snap is not None:
            self.set_id = samples.restore(s, self._snap)
        else:
            self.set_id = self.make(s)

    def revert(self, s: Session) -> None:
        assert self.set_id is not None
        self._snap = samples.delete(s, self.set_id)


class DeleteSet(Step):
    """Delete a set (its articles stay in the project); undo puts it back, coders and all."""

    def __init__(self, set_id: int) -> None:
        super().__init__("Delete set")
        self.set_id = set_id
        self._snap: samples.Snapshot | None = None
        self.changes = Changes.of(SETS)

    def apply(self, s: Session) -> None:
        self._snap = samples.delete(s, self.set_id)

    def revert(self, s: Session) -> None:
        assert self._snap is not None
        samples.restore(s, self._snap)


class RenameSet(Step):
    def __init__(self, set_id: int, name: str) -> None:
        super().__init__("Rename set")
        self.set_id, self.name, self.old = set_id, name, ""
        self.changes = Changes.of(SETS)

    def apply(self, s: Session) -> None:
        self.old = samples.rename(s, self.set_id, self.name)

    def revert(self, s: Session) -> None:
        samples.rename(s, self.set_id, self.old)


class AssignSet(Step):
    """Give the set to exactly these coders: those newly named are assigned, the others not."""

    def __init__(self, set_id: int, coders: Sequence[str]) -> None:
        super().__init__("Assign set")
        self.set_id, self.coders = set_id, [c.strip() for c in coders if c.strip()]
        self.added: list[str] = []
        self.removed: list[str] = []
        self.changes = Changes.of(SETS)

    def apply(self, s: Session) -> None:
        held = samples.get(s, self.set_id).coders
        self.removed = [c for c in held if c not in self.coders]
        for coder in self.removed:
            samples.unassign(s, self.set_id, coder)
        self.added = samples.assign(s, self.set_id, self.coders)

    def revert(self, s: Session) -> None:
        for coder in self.added:
            samples.unassign(s, self.set_id, coder)
        samples.assign(s, self.set_id, self.removed)


class AddToSet(Step):
    """Add articles at the end of a set made by hand; undo takes them out again."""

    def __init__(self, set_id: int, article_ids: Sequence[int]) -> None:
        super().__init__("Add to set")
        self.set_id, self.article_ids = set_id, list(article_ids)
        self.added: list[int] = []
        self.changes = Changes.of(SETS)

    def apply(self, s: Session) -> None:
        self.added = samples.add_articles(s, self.set_id, self.article_ids)

    def revert(self, s: Session) -> None:
        samples.remove_articles(s, self.set_id, self.added)


class RemoveFromSet(Step):
    """Take articles out of a set made by hand (they stay in the project)."""

    def __init__(self, set_id: int, article_ids: Sequence[int]) -> None:
        super().__init__("Remove from set")
        self.set_id, self.article_ids = set_id, list(article_ids)
        self.places: list[tuple[int, int]] = []
        self.changes = Changes.of(SETS)

    def apply(self, s: Session) -> None:
        self.places = samples.places(s, self.set_id, self.article_ids)
        samples.remove_articles(s, self.set_id, self.article_ids)

    def revert(self, s: Session) -> None:
        samples.put_back(s, self.set_id, self.places)  # where they stood
