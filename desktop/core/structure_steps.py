"""Undoable corrections of an article's structure: lines given a kind, a line split in two."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from db.articles import structure
from desktop.core.changes import Changes
from desktop.core.commands import Step

STRUCTURE = "structure"  # an article's lines labelled anew (its text and highlights stay)


class Restructure(Step):
    """Apply corrections to one article as one step; undo takes them back, last first.

    Each correction is ``(start, end, kind)``: the lines of ``[start, end)`` given ``kind``,
    or (``kind`` None) the line split at ``start``.
    """

    def __init__(
        self, label: str, article_id: int, corrections: Sequence[tuple[int, int, str | None]]
    ) -> None:
        super().__init__(label)
        self.article_id = article_id
        self.corrections = list(corrections)
        self.changes = Changes.of(STRUCTURE, article=article_id)
        self._done: list[structure.Before] = []

    def apply(self, s: Session) -> None:
        aid, done = self.article_id, []
        assert aid is not None
        for start, end, kind in self.corrections:
            if kind is None:
                before = structure.split(s, aid, start)
            else:
                before = structure.relabel(s, aid, start, end, kind)
            if before is not None:
                done.append(before)
        self._done = done

    def revert(self, s: Session) -> None:
        for before in reversed(self._done):
            structure.undo(s, before)
