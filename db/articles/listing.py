"""The article list: every id in a chosen order, and the list rows of a page of ids."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session

#: Sortable list columns -> SQL ordering expression.
ORDERS = {
    "id": "a.id",
    "title": "a.title COLLATE NOCASE",
    "section": "a.section COLLATE NOCASE",
    "published": "a.published",
    "claims": "(SELECT count(*) FROM highlight h WHERE h.article_id = a.id)",
    "notes": "(SELECT count(*) FROM note n LEFT JOIN highlight h ON h.id = n.highlight_id"
    " WHERE n.article_id = a.id OR h.article_id = a.id)",
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


def count(s: Session) -> int:
    return int(s.execute(text("SELECT count(*) FROM article")).scalar_one())


def ordered_ids(s: Session, order: str = "id", *, descending: bool = False) -> list[int]:
    """Every article id, sorted by one of :data:`ORDERS` (ties by id)."""
    direction = "DESC" if descending else "ASC"
    sql = f"SELECT a.id FROM article a ORDER BY {ORDERS[order]} {direction}, a.id {direction}"
    return list(s.execute(text(sql)).scalars())


def rows(s: Session, ids: list[int]) -> dict[int, ArticleRow]:
    """List rows for ``ids`` (a page), keyed by id."""
    if not ids:
        return {}
    in_ids = ",".join(str(int(i)) for i in ids)
    claims_sql = (
        f"SELECT article_id, count(*) FROM highlight WHERE article_id IN ({in_ids}) GROUP BY 1"
    )
    claims = dict(s.execute(text(claims_sql)).all())
    notes = dict(
        s.execute(
            text(
                "SELECT coalesce(n.article_id, h.article_id) AS aid, count(*) FROM note n "
                "LEFT JOIN highlight h ON h.id = n.highlight_id "
                f"WHERE n.article_id IN ({in_ids}) OR h.article_id IN ({in_ids}) GROUP BY aid"
            )
        ).all()
    )
    found = s.execute(
        text(f"SELECT id, title, section, outlet, published FROM article WHERE id IN ({in_ids})")
    ).all()
    return {
        r[0]: ArticleRow(
            r[0], r[1], json.loads(r[2]), r[3], r[4], claims.get(r[0], 0), notes.get(r[0], 0)
        )
        for r in found
    }
