"""Writing parsed articles into a project: the rows, and one bulk insert per table."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Sequence
from typing import NamedTuple

from sqlmodel import Session

from db.fts import deferred_indexing
from db.ingest.article import ParsedArticle
from db.models import utc_now
from db.textfold import format_spans


class Rows(NamedTuple):
    """One parsed article as table rows, cheap to send between processes."""

    sha256: str
    article: dict[str, str | None]  # article columns but id, uid, origin_path and imported_at
    blocks: list[tuple[str, int, int]]  # kind, start, end
    captions: list[tuple[str, str | None, int, int, int]]  # text, credit, start, end, anchor


def to_rows(art: ParsedArticle) -> Rows:
    article = {
        "title": art.title,
        "section": json.dumps(art.section, ensure_ascii=False),
        "byline": art.byline,
        "published": art.published,
        "outlet": art.outlet,
        "url": art.url,
        "language": art.language,
        "text": art.text,
        "hidden_spans": format_spans(art.hidden_spans()),
        "encoding": art.encoding,
    }
    return Rows(
        sha256(art.text),
        article,
        [(str(b.kind), b.start, b.end) for b in art.blocks],
        [(c.text, c.credit, c.start, c.end, c.anchor) for c in art.captions],
    )


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def store_articles(s: Session, items: list[tuple[ParsedArticle, str | None]]) -> list[int]:
    """Insert parsed articles (with the path each came from) and return their new ids."""
    return store_rows(s, [(to_rows(art), origin) for art, origin in items])


def store_rows(s: Session, items: Sequence[tuple[Rows, str | None]]) -> list[int]:
    """Insert articles with their blocks and captions; returns the new ids in order.

    Written through the DB-API in one ``executemany`` per table: at 30,000 articles the ORM's
    per-row work would cost more than SQLite's.
    """
    conn = s.connection().connection.dbapi_connection
    assert isinstance(conn, sqlite3.Connection)
    first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM article").fetchone()[0]
    now = utc_now()
    articles = [
        {
            **rows.article,
            "id": first + i,
            "uid": str(uuid.uuid4()),
            "text_sha256": rows.sha256,
            "origin_path": origin,
            "imported_at": now,
        }
        for i, (rows, origin) in enumerate(items)
    ]
    blocks = [
        (first + i, seq, *block)
        for i, (rows, _) in enumerate(items)
        for seq, block in enumerate(rows.blocks)
    ]
    captions = [
        (first + i, seq, *caption)
        for i, (rows, _) in enumerate(items)
        for seq, caption in enumerate(rows.captions)
    ]
    with deferred_indexing(conn, ("article", "caption")):
        if articles:
            cols = list(articles[0])
            names, params = ", ".join(cols), ", ".join(f":{c}" for c in cols)
            conn.executemany(f"INSERT INTO article ({names}) VALUES ({params})", articles)
        conn.executemany(
            'INSERT INTO block (article_id, seq, kind, start, "end") VALUES (?, ?, ?, ?, ?)', blocks
        )
        conn.executemany(
            'INSERT INTO caption (article_id, seq, text, credit, start, "end", anchor)'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            captions,
        )
    return list(range(first, first + len(items)))
