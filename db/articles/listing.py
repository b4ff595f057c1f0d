"""The article list: every id in a chosen order, and the list rows of a page of ids.

A sort reads as little as it can. The article table holds each article's text, so a scan of it
reads most of the file: ids come from the smallest index instead, and counts of claims and notes
from the (small) highlight and note tables. Columns are sorted by SQLite, through an index on the
column where the project has one.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

#: Sort keys of the list: columns of the article, counts of its claims and notes, and how many
#: copies its story has.
ORDERS = ("id", "title", "section", "published", "claims", "notes", "copies")
_COLUMNS = {
    "title": "title COLLATE NOCASE",
    "section": "section COLLATE NOCASE",
    "published": "published",
}
# (article id, count) for the articles with at least one; {h} and {n} filter highlights and
# notes. An article's notes are the note on it and the notes on its highlights.
_COUNTS = {
    "claims": "SELECT h.article_id, count(*) FROM highlight h WHERE {h} GROUP BY 1",
    "notes": "SELECT article_id, count(*) FROM ("
    " SELECT article_id FROM note WHERE {n}"
    " UNION ALL SELECT h.article_id FROM highlight h JOIN note ON note.highlight_id = h.id"
    " WHERE {h}) GROUP BY 1",
    # Through the story index alone; an article with no copies is left out (as with no claims).
    "copies": "SELECT a.id, c.n FROM article a JOIN (SELECT story, count(*) n FROM article"
    " WHERE story IS NOT NULL GROUP BY story HAVING n > 1) c ON c.story = a.story",
}


@dataclass(frozen=True)
class ArticleRow:
    id: int
    title: str | None
    section: list[str]
    outlet: str | None
    published: str | None
    claims: int
    notes: int
    #: The article's story (an article id its copies share; its own id when it has none) and
    #: how many articles the story holds, itself included.
    story: int = 0
    copies: int = 1


#: The list's columns besides the title that an article can leave empty.
FILLABLE = ("section", "published", "claims", "notes", "copies")
# Where to look for a row that fills each: "section" is the outlet or the section. All but the
# outlet stop at the first row an index finds; outlets have no index, so that one may read the
# article table (off the window's thread).
_FILLED = {
    "section": (
        "article WHERE section COLLATE NOCASE > '[]' OR section COLLATE NOCASE < '[]'",
        "article WHERE outlet > ''",
    ),
    "published": ("article WHERE published > ''",),
    "claims": ("highlight",),
    "notes": ("note",),
    # A story's label is its first article's id: any other member is a copy (the index covers it).
    "copies": ("article WHERE story IS NOT NULL AND story <> id",),
}


def filled_columns(s: Session) -> frozenset[str]:
    """The columns of :data:`FILLABLE` that at least one article has something in."""
    return frozenset(
        column
        for column, places in _FILLED.items()
        if any(s.execute(text(f"SELECT EXISTS(SELECT 1 FROM {w})")).scalar_one() for w in places)
    )


def count(s: Session) -> int:
    return int(s.execute(text("SELECT count(*) FROM article")).scalar_one())


def ordered_ids(s: Session, order: str = "id", *, descending: bool = False) -> list[int]:
    """Every article id, sorted by one of :data:`ORDERS`, ties by id in the same direction.

    Raises:
        ValueError: ``order`` is not one of :data:`ORDERS`.
    """
    if order not in ORDERS:
        raise ValueError(f"the article list cannot be sorted by {order!r}")
    ids = _ascending(s, order)
    return ids[::-1] if descending else ids


def _ascending(s: Session, order: str) -> list[int]:
    if order in _COLUMNS:
        return _ids(s, f"SELECT id FROM article ORDER BY {_COLUMNS[order]}, id")
    # "SELECT id" alone is answered from an index a fraction of the table's size.
    ids = sorted(_ids(s, "SELECT id FROM article"))
    if order == "id":
        return ids
    counts = _counts(s, order)
    return [i for i in ids if i not in counts] + sorted(counts, key=lambda i: (counts[i], i))


def _ids(s: Session, sql: str) -> list[int]:
    """The single column of ``sql``, read on the DB-API connection (a third of the time)."""
    raw = s.connection().connection.dbapi_connection
    assert isinstance(raw, sqlite3.Connection)
    return [i for (i,) in raw.execute(sql)]


def _counts(s: Session, kind: str, ids: list[int] | None = None) -> dict[int, int]:
    """Claims or notes per article (of ``ids``, or of all); articles with none are left out."""
    if ids is None:
        h, n = "1", "article_id IS NOT NULL"
    else:
        in_ids = ",".join(str(int(i)) for i in ids)
        h, n = f"h.article_id IN ({in_ids})", f"article_id IN ({in_ids})"
    found = s.execute(text(_COUNTS[kind].format(h=h, n=n)))
    return {int(aid): int(k) for aid, k in found}


def rows(s: Session, ids: list[int]) -> dict[int, ArticleRow]:
    """List rows for ``ids`` (a page), keyed by id."""
    if not ids:
        return {}
    in_ids = ",".join(str(int(i)) for i in ids)
    claims, notes = _counts(s, "claims", ids), _counts(s, "notes", ids)
    found = s.execute(
        text(
            "SELECT id, title, section, outlet, published, coalesce(story, id), "
            "CASE WHEN story IS NULL THEN 1 ELSE "
            "(SELECT count(*) FROM article c WHERE c.story = a.story) END "
            f"FROM article a WHERE id IN ({in_ids})"
        )
    ).all()
    return {
        r[0]: ArticleRow(
            r[0],
            r[1],
            json.loads(r[2]),
            r[3],
            r[4],
            claims.get(r[0], 0),
            notes.get(r[0], 0),
            r[5],
            r[6],
        )
        for r in found
    }


def copies(s: Session) -> dict[int, int]:
    """The story of each article that is a copy (its story's first article is another)."""
    raw = s.connection().connection.dbapi_connection
    assert isinstance(raw, sqlite3.Connection)
    found = raw.execute("SELECT id, story FROM article WHERE story IS NOT NULL AND story <> id")
    return {int(i): int(story) for i, story in found}


def one_a_story(ids: list[int], copies: dict[int, int]) -> list[int]:
    """``ids`` less every article whose story came earlier in them (the first copy stands)."""
    if not copies:
        return ids
    seen: set[int] = set()
    kept = []
    for i in ids:
        story = copies.get(i, i)
        if story not in seen:
            seen.add(story)
            kept.append(i)
    return kept
