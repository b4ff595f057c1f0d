"""Writing parsed articles into a project: the rows, and one bulk insert per table."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Sequence
from typing import NamedTuple

from sqlmodel import Session

from db.articles.stories import StoryFiler, signature_of
from db.index.fold import format_spans
from db.index.fts import INDEX_ARTICLE, article_terms, index_new_rows, without_insert_triggers
from db.ingest.article import ParsedArticle
from db.store.models import utc_now

#: The article columns a parse fills, in the order of :attr:`Rows.article`.
ARTICLE_COLUMNS = (
    "title", "section", "byline", "published", "outlet", "url", "language", "text",
    "hidden_spans", "encoding",
)  # fmt: skip


_INSERT_ARTICLE = (
    f"INSERT INTO article (id, uid, text_sha256, origin_path, imported_at, story, "
    f"{', '.join(ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * (len(ARTICLE_COLUMNS) + 6))})"
)


class Rows(NamedTuple):
    """One parsed article as table rows, cheap to send between processes."""

    sha256: str
    article: tuple[str | None, ...]  # values of ARTICLE_COLUMNS
    terms: tuple[str, str]  # the title and body as indexed for search
    blocks: list[tuple[str, int, int]]  # kind, start, end
    captions: list[tuple[str, str | None, int, int, int]]  # text, credit, start, end, anchor
    signature: bytes  # of the body, to find its copies (db.articles.stories)


def body_text(art: ParsedArticle) -> str:
    """What an article is compared on with others: its body blocks (see db.articles.stories)."""
    return "\n\n".join(art.block_text(b) for b in art.body_blocks())


def to_rows(art: ParsedArticle, signature: bytes | None = None) -> Rows:
    """The article's rows; ``signature`` when made already (for many at once)."""
    hidden = format_spans(art.hidden_spans())
    article = (
        art.title,
        json.dumps(art.section, ensure_ascii=False),
        art.byline,
        art.published,
        art.outlet,
        art.url,
        art.language,
        art.text,
        hidden,
        art.encoding,
    )
    return Rows(
        sha256(art.text),
        article,
        article_terms(art.title, art.text, hidden),
        [(str(b.kind), b.start, b.end) for b in art.blocks],
        [(c.text, c.credit, c.start, c.end, c.anchor) for c in art.captions],
        signature_of(body_text(art)) if signature is None else signature,
    )


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def begin_write(conn: sqlite3.Connection) -> None:
    """Start a write transaction now unless one is open, waiting for another writer to finish.

    A deferred transaction would read first and could then find another process's write in
    its way; ids and the check for texts already present are read inside this one.
    """
    if not conn.in_transaction:
        conn.execute("BEGIN IMMEDIATE")


def next_id(conn: sqlite3.Connection, table: str) -> int:
    """The first id free in ``table``: above its rows and any id it ever handed out.

    With ``AUTOINCREMENT`` SQLite never reuses an id; its high mark is in ``sqlite_sequence``.
    Read it inside the write transaction.
    """
    (top,) = conn.execute(f"SELECT coalesce(max(id), 0) FROM main.{table}").fetchone()
    if conn.execute(
        "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"
    ).fetchone():
        row = conn.execute("SELECT seq FROM main.sqlite_sequence WHERE name = ?", (table,))
        seq = row.fetchone()
        top = max(top, int(seq[0]) if seq and seq[0] is not None else 0)
    return int(top) + 1


def store_articles(s: Session, items: list[tuple[ParsedArticle, str | None]]) -> list[int]:
    """Insert parsed articles (with the path each came from) and return their new ids."""
    conn = s.connection().connection.dbapi_connection
    assert isinstance(conn, sqlite3.Connection)
    return store_rows(conn, [(to_rows(art), origin) for art, origin in items])


def store_rows(
    conn: sqlite3.Connection,
    items: Sequence[tuple[Rows, str | None]],
    *,
    uids: Sequence[str] | None = None,
    imported: Sequence[str | None] | None = None,
) -> list[int]:
    """Insert articles with their blocks and captions, and index them; returns the new ids.

    ``uids`` and ``imported`` (times, None for now) are the articles' own, when they come
    with them. Written through the DB-API, one ``executemany`` per table: at 30,000 articles
    the ORM's per-row work would cost more than SQLite's. Commit is the caller's.
    """
    begin_write(conn)
    first, captions_before = next_id(conn, "article"), next_id(conn, "caption") - 1
    pairs = list(zip(range(first, first + len(items)), items, strict=True))
    now = utc_now()
    uid_of = list(uids) if uids is not None else [str(uuid.uuid4()) for _ in items]
    when = [t or now for t in imported] if imported is not None else [now] * len(items)
    signed = [(aid, rows.signature) for aid, (rows, _) in pairs]
    stories = StoryFiler().place(conn, signed)
    with without_insert_triggers(conn, ("article", "caption")):
        conn.executemany(
            _INSERT_ARTICLE,
            ((aid, uid, rows.sha256, origin, at, story, *rows.article)
             for (aid, (rows, origin)), uid, at, story
             in zip(pairs, uid_of, when, stories, strict=True)),
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO article_signature (article_id, signature) VALUES (?, ?)", signed
        )
        conn.executemany(INDEX_ARTICLE, ((aid, *rows.terms) for aid, (rows, _) in pairs))
        conn.executemany(
            'INSERT INTO block (article_id, seq, kind, start, "end") VALUES (?, ?, ?, ?, ?)',
            (
                (aid, seq, *block)
                for aid, (rows, _) in pairs
                for seq, block in enumerate(rows.blocks)
            ),
        )
        conn.executemany(
            'INSERT INTO caption (article_id, seq, text, credit, start, "end", anchor)'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((aid, seq, *caption) for aid, (rows, _) in pairs
             for seq, caption in enumerate(rows.captions)),
        )  # fmt: skip
        index_new_rows(conn, "caption", captions_before)
    return [aid for aid, _ in pairs]
