"""Undoable edits across a story's copies: highlights carried from one article to the others.

Carrying makes many highlights in many articles; one undo takes them all back, and a redo puts
the very same ones back (ids, uids, codes and claim links), so steps above it still name them.
"""

from __future__ import annotations

from sqlmodel import Session

from db.annotate import highlights
from db.articles.carry import CarryPlan
from db.articles.carry import apply as place_highlights
from desktop.core.changes import HIGHLIGHTS, Changes
from desktop.core.claim_steps import CLAIMS
from desktop.core.commands import Step


class CarryHighlights(Step):
    """Make the highlights a :class:`~db.articles.carry.CarryPlan` placed."""

    def __init__(self, plan: CarryPlan, coder: str = "") -> None:
        n = len(plan.placed)
        super().__init__(f"Carry {n} highlight{'' if n == 1 else 's'} to copies")
        self.plan, self.coder = plan, coder
        self.changes = Changes.of(CLAIMS, HIGHLIGHTS)  # in several articles
        self.made: list[tuple[int, str]] = []  # (id, uid) of each highlight made
        self._snaps: list[highlights.Snapshot] = []

    def apply(self, s: Session) -> None:
        if self._snaps:  # a redo: the very same highlights
            for snap in self._snaps:
                highlights.restore(s, snap)
            return
        ids = place_highlights(s, self.plan, coder=self.coder)
        self.made = [(i, highlights.uid_of(s, i)) for i in ids]

    def revert(self, s: Session) -> None:
        self._snaps = [highlights.delete(s, i, uid=uid) for i, uid in self.made]
