"""Undoable edits of the claim catalogue: claims made, edited, merged; mentions linked or found.

A claim undone and redone comes back with its id and uid, so steps above it on the stack still
name it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from db.annotate import claims
from db.store.models import Claim, Rating, Rejection
from desktop.core.changes import HIGHLIGHTS, Changes
from desktop.core.commands import Mark, Step

CLAIMS = "claims"  # the catalogue: claims, their details, their mentions


class NewClaim(Step):
    """A claim worded ``wording``, mentioned by ``highlight_id`` if one is given."""

    def __init__(self, wording: str, highlight_id: int | None = None, coder: str = "") -> None:
        super().__init__("New claim")
        self.wording, self.highlight_id, self.coder = wording, highlight_id, coder
        self.changes = Changes.of(CLAIMS, HIGHLIGHTS)
        self.claim_id: int | None = None
        self._row: dict[str, Any] | None = None

    def apply(self, s: Session) -> None:
        if self._row is None:
            self.claim_id = claims.add(s, self.wording)
        else:
            s.add(Claim.model_validate(self._row))
            s.flush()
        assert self.claim_id is not None
        if self.highlight_id is not None:
            claims.link(s, self.claim_id, self.highlight_id, coder=self.coder)

    def revert(self, s: Session) -> None:
        assert self.claim_id is not None
        self._row = claims.get(s, self.claim_id).model_dump()
        claims.delete(s, self.claim_id)  # its mention goes with it


class LinkClaim(Step):
    """The highlight mentions the claim (None: no claim); undo puts back what it mentioned."""

    def __init__(self, highlight_id: int, claim_id: int | None, coder: str = "") -> None:
        super().__init__("Link to claim" if claim_id else "Unlink from claim")
        self.highlight_id, self.claim_id, self.coder = highlight_id, claim_id, coder
        self.changes = Changes.of(CLAIMS, HIGHLIGHTS)
        self.before: int | None = None

    def _set(self, s: Session, claim_id: int | None) -> int | None:
        if claim_id is None:
            return claims.unlink(s, self.highlight_id)
        return claims.link(s, claim_id, self.highlight_id, coder=self.coder)

    def apply(self, s: Session) -> None:
        self.before = self._set(s, self.claim_id)

    def revert(self, s: Session) -> None:
        self._set(s, self.before)

    def shown(self, undone: bool) -> int | None:
        return self.highlight_id


class EditClaim(Step):
    """Set details of a claim (see :data:`db.annotate.claims.FIELDS`); undo restores them.

    ``claimant`` may be given as a name: the claimant of that name or alias, or a new one.
    """

    def __init__(self, claim_id: int, **values: Any) -> None:
        super().__init__("Edit claim")
        self.claim_id, self.values = claim_id, values
        self.changes = Changes.of(CLAIMS)
        self.old: dict[str, Any] = {}

    def apply(self, s: Session) -> None:
        values = dict(self.values)
        if (name := values.pop("claimant", None)) is not None:  # a name: found, or made
            values["claimant_id"] = (
                (claims.find_claimant(s, name) or claims.add_claimant(s, name)) if name else None
            )
        self.old = claims.update(s, self.claim_id, **values)

    def revert(self, s: Session) -> None:
        claims.update(s, self.claim_id, **self.old)


class MergeClaims(Step):
    """``other``'s mentions join ``keep``, and ``other`` goes; undo brings it back whole."""

    def __init__(self, keep: int, other: int) -> None:
        super().__init__("Merge claims")
        self.keep, self.other = keep, other
        self.changes = Changes.of(CLAIMS)
        self._done: claims.Merged | None = None

    def apply(self, s: Session) -> None:
        self._done = claims.merge(s, self.keep, self.other)

    def revert(self, s: Session) -> None:
        assert self._done is not None
        claims.unmerge(s, self._done)


class AcceptMention(Mark):
    """A passage found for a claim becomes a highlight that mentions it."""

    def __init__(self, claim_id: int, article_id: int, start: int, end: int, coder: str = ""):
        super().__init__(article_id, start, end, None, coder)
        self.setText("Accept mention")
        self.claim_id = claim_id
        self.changes = Changes.of(CLAIMS, HIGHLIGHTS, article=article_id)

    def apply(self, s: Session) -> None:
        super().apply(s)  # a redo puts the very highlight back, with its link
        assert self.highlight_id is not None
        if claims.claim_of(s, self.highlight_id) is None:
            claims.link(s, self.claim_id, self.highlight_id, coder=self.coder)


class RejectMention(Step):
    """A passage found for a claim is not one of its mentions: it is not offered again."""

    def __init__(self, claim_id: int, article_id: int, start: int, end: int) -> None:
        super().__init__("Reject mention")
        self.claim_id, self.span = claim_id, (start, end)
        self.article_id = article_id
        self.changes = Changes.of(CLAIMS)
        self.rejection_id: int | None = None

    def apply(self, s: Session) -> None:
        assert self.article_id is not None
        self.rejection_id = claims.reject(s, self.claim_id, self.article_id, *self.span)

    def revert(self, s: Session) -> None:
        row = s.get(Rejection, self.rejection_id)
        if row is not None:
            s.delete(row)


class AddScale(Step):
    """Give the project a rating scale: (label, value) steps, best first."""

    def __init__(self, steps: Sequence[tuple[str, float]]) -> None:
        super().__init__("Add rating scale")
        self.steps = list(steps)
        self.changes = Changes.of(CLAIMS)
        self.ids: list[int] = []

    def apply(self, s: Session) -> None:
        self.ids = [claims.add_rating(s, label, value) for label, value in self.steps]

    def revert(self, s: Session) -> None:
        for rid in self.ids:
            if (row := s.get(Rating, rid)) is not None:
                s.delete(row)
