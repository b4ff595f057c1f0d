"""What an export holds: the codebook and, article by article, text, structure and annotations.

Rows come back as plain dictionaries of column values, read with Core queries so that a
30,000-article project streams through without building ORM objects.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from db.annotate import claims
from db.annotate.claims import MentionView
from db.annotate.codes import CodeView, all_codes, path
from db.annotate.highlights import context
from db.articles import listing

Row = dict[str, Any]


class FormatError(ValueError):
    """The export cannot be made as asked (the message says why)."""


def generator() -> str:
    """``Claimdesk <version>``, for the files exports write."""
    try:
        return f"Claimdesk {version('claimdesk')}"
    except PackageNotFoundError:
        return "Claimdesk"


# Articles with a highlight or a note: what highlight-centred exports need to visit.
_ANNOTATED = """
SELECT article_id FROM highlight
UNION SELECT article_id FROM note WHERE article_id IS NOT NULL
"""


@dataclass
class ArticleData:
    row: Row  # the article's columns; ``section`` decoded to a list
    blocks: list[Row]
    captions: list[Row]
    note: Row | None
    highlights: list[Row] = field(default_factory=list)  # each with "code_uid" and "note"


@dataclass
class Scope:
    """Which articles (None: all) and which codes (None: all highlights) go out.

    With ``one_per_story``, of a story's copies only one goes out: the earliest published of
    those the export would take (for highlight exports, of those coded), and a claim's mentions
    count one a story (its earliest in each), so wire copy does not inflate a claim's reach.
    """

    article_ids: Sequence[int] | None = None
    code_names: Sequence[str] | None = None
    one_per_story: bool = False
    #: Whose highlights go out (None: everyone's); the reconciled layer is one of them.
    coders: Sequence[str] | None = None


class ProjectData:
    """The codebook, and an iterator over the articles in scope."""

    def __init__(self, s: Session, scope: Scope | None = None) -> None:
        self.s = s
        self.scope = scope or Scope()
        self.codes: list[CodeView] = all_codes(s)
        self.code_by_id = {c.id: c for c in self.codes}
        self.allowed = self._allowed_codes()
        self.chosen = self._article_ids()  # the articles asked for, copies included
        self.copies = listing.copies(s) if self.scope.one_per_story else {}
        self.ids = self._one_a_story(self.chosen)

    def code_path(self, code_id: int | None) -> str:
        return path(self.codes, code_id) if code_id is not None else ""

    def articles(self, *, annotated: bool = False) -> Iterator[ArticleData]:
        """The articles in scope; with ``annotated``, only those with highlights or a note."""
        ids = self.ids
        if annotated:  # the story's coded copy stands for it, if only a later one is coded
            marked = set(self.s.execute(text(_ANNOTATED)).scalars())
            ids = self._one_a_story([i for i in self.chosen if i in marked])
        for aid in ids:
            yield self._article(aid)

    def claim_mentions(self, claim_id: int) -> list[MentionView] | None:
        """The claim's mentions in the articles in scope, earliest first.

        None when articles are chosen and the claim is mentioned in none of them.
        """
        found = claims.mentions(self.s, claim_id)
        if self.scope.article_ids is not None:
            chosen = set(self.chosen)
            found = [m for m in found if m.article_id in chosen]
            if not found:
                return None
        if self.scope.one_per_story:
            first: dict[int, MentionView] = {}
            for m in found:
                first.setdefault(m.story, m)
            found = list(first.values())
        return found

    def _one_a_story(self, ids: list[int]) -> list[int]:
        """``ids`` less all but the earliest published of each story's copies among them."""
        if not self.copies:
            return ids
        dates = dict(
            self.s.execute(text("SELECT id, published FROM article WHERE story IS NOT NULL")).all()
        )
        earliest = sorted(ids, key=lambda i: (dates.get(i) or "9999", i))
        kept = set(listing.one_a_story(earliest, self.copies))
        return [i for i in ids if i in kept]

    def _allowed_codes(self) -> set[int] | None:
        names = self.scope.code_names
        if not names:
            return None
        chosen = {c.id for c in self.codes if {c.name, self.code_path(c.id)} & set(names)}
        missing = [
            n for n in names if not any(n in (c.name, self.code_path(c.id)) for c in self.codes)
        ]
        if missing:
            raise FormatError(f"no code named {', '.join(missing)} in this project's codebook")
        grown = True
        while grown:  # codes nested inside a chosen code are chosen too
            more = {c.id for c in self.codes if c.parent_id in chosen} - chosen
            chosen |= more
            grown = bool(more)
        return chosen

    def _article_ids(self) -> list[int]:
        known = list(self.s.execute(text("SELECT id FROM article ORDER BY id")).scalars())
        if self.scope.article_ids is None:
            return known
        present = set(known)
        missing = [i for i in self.scope.article_ids if i not in present]
        if missing:
            raise FormatError(f"no article with id {', '.join(map(str, missing))}")
        return list(dict.fromkeys(self.scope.article_ids))

    def _rows(self, sql: str, **params: Any) -> list[Row]:
        return [dict(r._mapping) for r in self.s.execute(text(sql), params)]

    def _article(self, aid: int) -> ArticleData:
        (row,) = self._rows("SELECT * FROM article WHERE id = :a", a=aid)
        row["section"] = json.loads(row["section"])
        blocks = self._rows(
            'SELECT kind, start, "end" FROM block WHERE article_id = :a ORDER BY seq', a=aid
        )
        captions = self._rows(
            'SELECT text, credit, start, "end", anchor FROM caption'
            " WHERE article_id = :a ORDER BY seq",
            a=aid,
        )
        notes = self._rows(  # two indexed lookups: an OR across the join would read every note
            "SELECT n.* FROM note n WHERE n.article_id = :a UNION ALL "
            "SELECT n.* FROM highlight h JOIN note n ON n.highlight_id = h.id"
            " WHERE h.article_id = :a",
            a=aid,
        )
        by_highlight = {n["highlight_id"]: n for n in notes if n["highlight_id"] is not None}
        article_note = next((n for n in notes if n["article_id"] == aid), None)
        highlights = []
        for h in self._rows(
            'SELECT * FROM highlight WHERE article_id = :a ORDER BY start, "end", id', a=aid
        ):
            if self.allowed is not None and h["code_id"] not in self.allowed:
                continue
            if self.scope.coders is not None and h["coder"] not in self.scope.coders:
                continue
            code = self.code_by_id.get(h["code_id"])
            h["code_uid"] = code.uid if code else None
            h["note"] = by_highlight.get(h["id"])
            # cut as new highlights are: a row stored by an older version may split a cluster
            h["prefix"], h["suffix"] = context(row["text"], h["start"], h["end"])
            highlights.append(h)
        return ArticleData(row, blocks, captions, article_note, highlights)
