"""Undoable changes to whole articles: their details edited, the articles deleted."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlmodel import Session

from db.articles import edit
from desktop.core.changes import ARTICLES, HIGHLIGHTS, NOTES, Changes
from desktop.core.commands import Step


def _many(n: int) -> str:
    return "article" if n == 1 else f"{n:,} articles"


class EditDetails(Step):
    """Set details on articles; undo gives each the values it had."""

    def __init__(self, ids: Sequence[int], fields: Mapping[str, str | list[str]]) -> None:
        super().__init__("Edit details" if len(ids) == 1 else f"Edit details of {_many(len(ids))}")
        self.ids, self.fields = list(ids), dict(fields)
        self.article_id = self.ids[0] if len(self.ids) == 1 else None
        self.changes = Changes(frozenset({ARTICLES}), frozenset(self.ids))
        self._previous: edit.Previous | None = None

    def apply(self, s: Session) -> None:
        self._previous = edit.set_details(s, self.ids, self.fields)

    def revert(self, s: Session) -> None:
        assert self._previous is not None
        edit.put_back(s, self._previous)


class DeleteArticles(Step):
    """Delete articles with their highlights and notes; undo puts every row back as it was.

    Once undone, the article that was shown (else the first) is shown again; once done, none is.
    """

    def __init__(self, ids: Sequence[int], shown: int | None = None) -> None:
        super().__init__(f"Delete {_many(len(ids))}")
        self.ids = list(ids)
        self.was_shown = shown if shown in self.ids else self.ids[0]
        self.changes = Changes(frozenset({ARTICLES, HIGHLIGHTS, NOTES}), frozenset(self.ids))
        self._removed: edit.Removed | None = None

    def apply(self, s: Session) -> None:
        self._removed = edit.delete(s, self.ids)
        self.article_id = None

    def revert(self, s: Session) -> None:
        assert self._removed is not None
        edit.restore(s, self._removed)
        self.article_id = self.was_shown
