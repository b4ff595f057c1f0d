"""One article in full: its text, structure, captions, highlights and note."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from db.annotate.highlights import HighlightView, highlights_of
from db.store.models import Article, Note


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
