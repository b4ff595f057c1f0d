"""Adjudication as an undoable edit: one coder's version made the reconciled one over a span.

The reconciled layer is the highlights of the coder :data:`~db.agreement.disagreements.GOLD`.
Accepting a coder's version over a stretch replaces the layer's highlights there with copies
of that coder's (their whole spans, their codes): accepting a coder who coded nothing there
leaves nothing. Undo puts the layer back as it was.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session

from db.agreement.disagreements import GOLD
from db.annotate import highlights
from desktop.core.changes import HIGHLIGHTS, Changes
from desktop.core.commands import Step

_OVER = (
    'SELECT id, start, "end", code_id FROM highlight WHERE article_id = :a AND coder = :c '
    'AND start < :e AND "end" > :s ORDER BY start, id'
)


class AcceptVersion(Step):
    def __init__(self, article_id: int, coder: str, start: int, end: int) -> None:
        super().__init__(f"Accept {coder}'s version")
        self.article_id, self.coder, self.span = article_id, coder, (start, end)
        self.changes = Changes.of(HIGHLIGHTS, article=article_id)
        self.made: list[tuple[int, str]] = []  # (id, uid) of the reconciled highlights made
        self._removed: list[highlights.Snapshot] = []  # the layer's before, put back on undo
        self._made: list[highlights.Snapshot] = []  # those made, for a redo

    def _over(self, s: Session, coder: str) -> list[tuple[int, int, int, int | None]]:
        start, end = self.span
        found = s.execute(text(_OVER), {"a": self.article_id, "c": coder, "s": start, "e": end})
        return [(int(i), int(a), int(b), c) for i, a, b, c in found]

    def apply(self, s: Session) -> None:
        self._removed = [highlights.delete(s, i) for i, *_ in self._over(s, GOLD)]
        if self._made:  # a redo: the very same highlights
            for snap in self._made:
                highlights.restore(s, snap)
            return
        assert self.article_id is not None
        for _, a, b, code in self._over(s, self.coder):
            made = highlights.add(
                s, article_id=self.article_id, start=a, end=b, code_id=code, coder=GOLD
            )
            self.made.append((made, highlights.uid_of(s, made)))

    def revert(self, s: Session) -> None:
        self._made = [highlights.delete(s, i, uid=uid) for i, uid in self.made]
        for snap in self._removed:
            highlights.restore(s, snap)
