"""Parsed articles handed from the parsing workers to the writer in scratch SQLite files.

A worker parses a chunk of files and writes their rows into a scratch file of its own; the writer
copies the rows it keeps into the project with one ``INSERT … SELECT`` per table. Only file
names, hashes and reasons cross between processes, and the writer, the slower stage of an
import, binds no value row by row.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from db.index.fts import index_new_rows, without_insert_triggers
from db.ingest.rows import ARTICLE_COLUMNS, Rows

_ARTICLE = ("uid", "text_sha256", "origin_path", *ARTICLE_COLUMNS)
_BLOCK = ("kind", "start", "end")
_CAPTION = ("text", "credit", "start", "end", "anchor")

#: Per file: its path, and the SHA-256 of its text or why it could not be read.
Outcome = tuple[str, str | None, str | None]


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def write_chunk(scratch: str, parsed: Sequence[tuple[str, Rows | str]]) -> list[Outcome]:
    """Write parsed files (each its rows, or the reason it failed) into a new scratch file."""
    conn = sqlite3.connect(scratch, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a scratch file is thrown away, not recovered
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(
            f"CREATE TABLE article (seq INTEGER PRIMARY KEY, {_names(_ARTICLE)}, title_terms, "
            "body_terms)"
        )
        conn.execute(f"CREATE TABLE block (seq, pos, {_names(_BLOCK)})")
        conn.execute(f"CREATE TABLE caption (seq, pos, {_names(_CAPTION)})")
        good = [(seq, path, r) for seq, (path, r) in enumerate(parsed) if isinstance(r, Rows)]
        conn.execute("BEGIN")
        conn.executemany(
            f"INSERT INTO article VALUES ({', '.join('?' * (len(_ARTICLE) + 3))})",
            (
                (seq, str(uuid.uuid4()), r.sha256, path, *r.article, *r.terms)
                for seq, path, r in good
            ),
        )
        conn.executemany(
            "INSERT INTO block VALUES (?, ?, ?, ?, ?)",
            ((seq, pos, *b) for seq, _, r in good for pos, b in enumerate(r.blocks)),
        )
        conn.executemany(
            "INSERT INTO caption VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((seq, pos, *c) for seq, _, r in good for pos, c in enumerate(r.captions)),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return [
        (path, r.sha256, None) if isinstance(r, Rows) else (path, None, r) for path, r in parsed
    ]


@contextmanager
def attached(conn: sqlite3.Connection, scratch: str) -> Iterator[None]:
    """The scratch file attached to the project's connection as ``scratch``.

    SQLite detaches only outside a transaction: what the block leaves uncommitted is rolled back.
    """
    conn.execute("ATTACH DATABASE ? AS scratch", (scratch,))
    try:
        yield
    finally:
        if conn.in_transaction:
            conn.rollback()
        conn.execute("DETACH DATABASE scratch")


def copy_articles(conn: sqlite3.Connection, seqs: Sequence[int], imported_at: str) -> list[int]:
    """Copy the attached scratch file's articles ``seqs`` into the project and index them.

    Returns their new ids, in the order of ``seqs``. Commit is the caller's.
    """
    first, captions_before = conn.execute(
        "SELECT (SELECT coalesce(max(id), 0) + 1 FROM main.article),"
        " (SELECT coalesce(max(id), 0) FROM main.caption)"
    ).fetchone()
    ids = list(range(first, first + len(seqs)))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS kept (seq INTEGER PRIMARY KEY, id INTEGER)")
    conn.execute("DELETE FROM temp.kept")
    conn.executemany("INSERT INTO temp.kept VALUES (?, ?)", zip(seqs, ids, strict=True))
    columns = _names(_ARTICLE)
    with without_insert_triggers(conn, ("article", "caption")):
        # Ids grow with seq, and rows were written in (seq, pos) order: every SELECT below walks
        # its rows in id order as stored, with no sort.
        conn.execute(
            f"INSERT INTO main.article (id, imported_at, {columns}) "
            f"SELECT k.id, ?, {columns} FROM temp.kept k JOIN scratch.article USING (seq) "
            "ORDER BY k.seq",
            (imported_at,),
        )
        conn.execute(
            "INSERT INTO main.article_fts (rowid, title, body) SELECT k.id, title_terms, "
            "body_terms FROM temp.kept k JOIN scratch.article USING (seq) ORDER BY k.seq"
        )
        for table, columns in (("block", _names(_BLOCK)), ("caption", _names(_CAPTION))):
            conn.execute(
                f"INSERT INTO main.{table} (article_id, seq, {columns}) "
                f"SELECT k.id, pos, {columns} FROM scratch.{table} AS t "
                "JOIN temp.kept k USING (seq) ORDER BY t.rowid"
            )
        index_new_rows(conn, "caption", captions_before)
    return ids
