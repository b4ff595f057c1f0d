"""Change notices: what a write touched, as a set of kinds, so views refresh only what they show.

A new feature adds a kind; listeners that do not care about it need no change.
"""

from __future__ import annotations

from dataclasses import dataclass

ARTICLES = "articles"  # articles added, removed, or their metadata changed
HIGHLIGHTS = "highlights"
NOTES = "notes"
CODES = "codes"
MEMOS = "memos"  # notes on the project as a whole
VARIABLES = "variables"  # the coding sheet: its variables and the values coded
SETS = "sets"  # samples and other sets of articles, and the coders they are assigned to


@dataclass(frozen=True)
class Changes:
    kinds: frozenset[str]
    article_ids: frozenset[int] = frozenset()  # the articles concerned; empty: any or all

    @classmethod
    def of(cls, *kinds: str, article: int | None = None) -> Changes:
        return cls(frozenset(kinds), frozenset({article} if article is not None else ()))

    def touches(self, *kinds: str) -> bool:
        """Whether any of ``kinds`` changed."""
        return not self.kinds.isdisjoint(kinds)

    def about(self, article_id: int) -> bool:
        """Whether the change may concern ``article_id``."""
        return not self.article_ids or article_id in self.article_ids
