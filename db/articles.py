"""Reading articles: ids in a chosen order, list rows for a page of ids, one article in full."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from db.models import Article, Code, Highlight, Note

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


@dataclass(frozen=True)
class BlockView:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class CaptionView:
    id: int
    text: str
    credit: str | None
    start: int
    end: int
    anchor: int


@dataclass(frozen=True)
class HighlightView:
    id: int
    uid: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    code_id: int | None
    code: str | None
    color: str | None
    coder: str
    status: str
    created: str
    modified: str
    note: str


@dataclass(frozen=True)
class ArticleDetail:
    id: int
    uid: str
    title: str | None
    section: list[str]
    byline: str | None
    published: str | None
    outlet: str | None
    url: str | None
    language: str | None
    text: str
    text_sha256: str
    origin_path: str | None
    encoding: str | None
    imported_at: str
    blocks: list[BlockView]
    captions: list[CaptionView]
    highlights: list[HighlightView]
    note: str

    def to_json(self) -> dict[str, Any]:
        """The ``claimdesk show --json`` shape: every field, block texts, and a list of notes."""
        out = asdict(self)
        out["blocks"] = [dict(b, text=self.text[b["start"] : b["end"]]) for b in out["blocks"]]
        out["highlights"] = [dict(h, quote=h["exact"]) for h in out["highlights"]]
        notes = [("article", None, self.note)] + [
            ("highlight", h.id, h.note) for h in self.highlights
        ]
        out["notes"] = [
            {"on": on, "highlight_id": hid, "body": body} for on, hid, body in notes if body
        ]
        return out


def highlights_of(s: Session, article_id: int) -> list[HighlightView]:
    """The article's highlights in text order, with code and note."""
    q = (
        select(Highlight, Code, Note)
        .join(Code, Code.id == Highlight.code_id, isouter=True)  # type: ignore[arg-type]
        .join(Note, Note.highlight_id == Highlight.id, isouter=True)  # type: ignore[arg-type]
        .where(Highlight.article_id == article_id)
        .order_by(Highlight.start, Highlight.end, Highlight.id)  # type: ignore[arg-type]
    )
    return [
        HighlightView(
            h.id or 0,
            h.uid,
            h.start,
            h.end,
            h.exact,
            h.prefix,
            h.suffix,
            h.code_id,
            c.name if c else None,
            c.color if c else None,
            h.coder,
            h.status,
            h.created,
            h.modified,
            n.body if n else "",
        )
        for h, c, n in s.exec(q).all()
    ]


# Core queries: a long article has thousands of blocks, too many for ORM objects.
_BLOCKS = text('SELECT kind, start, "end" FROM block WHERE article_id = :a ORDER BY seq')
_CAPTIONS = text(
    'SELECT id, text, credit, start, "end", anchor FROM caption WHERE article_id = :a ORDER BY seq'
)


def get(s: Session, article_id: int) -> ArticleDetail | None:
    """One article with its structure, captions, highlights and notes."""
    a = s.get(Article, article_id)
    if a is None or a.id is None:
        return None
    blocks = s.execute(_BLOCKS, {"a": a.id}).all()
    caps = s.execute(_CAPTIONS, {"a": a.id}).all()
    note = s.exec(select(Note.body).where(Note.article_id == a.id)).first()
    return ArticleDetail(
        a.id,
        a.uid,
        a.title,
        json.loads(a.section),
        a.byline,
        a.published,
        a.outlet,
        a.url,
        a.language,
        a.text,
        a.text_sha256,
        a.origin_path,
        a.encoding,
        a.imported_at,
        [BlockView(*b) for b in blocks],
        [CaptionView(*c) for c in caps],
        highlights_of(s, a.id),
        note or "",
    )
