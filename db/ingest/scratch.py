"""Parsed articles handed from the parsing workers to the writer in scratch SQLite files.

A worker parses a chunk of files and writes their rows into a scratch file of its own; the writer
copies the rows it keeps into the project with one ``INSERT … SELECT`` per table. Only file
names, hashes and reasons cross between processes, and the writer, the slower stage of an
import, binds no value row by row.

The scratch files of an import live in a folder of the temporary directory named with the
importing process's id; an import that was killed leaves its folder behind, and the next import
removes it once that process is gone.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from db.articles.stories import StoryFiler
from db.index.fts import index_new_rows, without_insert_triggers
from db.ingest.rows import ARTICLE_COLUMNS, Rows, begin_write, next_id
from db.store.processes import alive

_ARTICLE = ("uid", "text_sha256", "origin_path", *ARTICLE_COLUMNS)
_BLOCK = ("kind", "start", "end")
_CAPTION = ("text", "credit", "start", "end", "anchor")

#: Per file: its path, and the SHA-256 of its text or why it could not be read.
Outcome = tuple[str, str | None, str | None]


def _names(columns: Sequence[str]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


# Values SQLite cannot take (text with lone surrogates, integers past 64 bits): that file fails.
_UNSTORABLE = (ValueError, OverflowError, sqlite3.InterfaceError, sqlite3.ProgrammingError)


def write_chunk(scratch: str, parsed: Sequence[tuple[str, Rows | str]]) -> list[Outcome]:
    """Write parsed files (each its rows, or the reason it failed) into a new scratch file."""
    conn = sqlite3.connect(scratch, isolation_level=None)
    failed: dict[int, str] = {}
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a scratch file is thrown away, not recovered
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute(
            f"CREATE TABLE article (seq INTEGER PRIMARY KEY, {_names(_ARTICLE)}, title_terms, "
            "body_terms, signature)"
        )
        conn.execute(f"CREATE TABLE block (seq, pos, {_names(_BLOCK)})")
        conn.execute(f"CREATE TABLE caption (seq, pos, {_names(_CAPTION)})")
        good = [(seq, path, r) for seq, (path, r) in enumerate(parsed) if isinstance(r, Rows)]
        try:
            _insert(conn, good)
        except _UNSTORABLE:  # find the file at fault: one at a time
            conn.execute("ROLLBACK")
            for item in good:
                try:
                    _insert(conn, [item])
                except _UNSTORABLE as exc:
                    conn.execute("ROLLBACK")
                    failed[item[0]] = f"could not be stored ({type(exc).__name__}: {exc})"
    finally:
        conn.close()
    return [
        (path, None, failed[seq])
        if seq in failed
        else (path, r.sha256, None)
        if isinstance(r, Rows)
        else (path, None, r)
        for seq, (path, r) in enumerate(parsed)
    ]


def _insert(conn: sqlite3.Connection, good: Sequence[tuple[int, str, Rows]]) -> None:
    conn.execute("BEGIN")
    conn.executemany(
        f"INSERT INTO article VALUES ({', '.join('?' * (len(_ARTICLE) + 4))})",
        (
            (seq, str(uuid.uuid4()), r.sha256, path, *r.article, *r.terms, r.signature)
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


def copy_articles(
    conn: sqlite3.Connection,
    seqs: Sequence[int],
    imported_at: str,
    stories: StoryFiler,
    *,
    outlet: str | None = None,
) -> tuple[list[int], list[int]]:
    """Copy the attached scratch file's articles ``seqs`` into the project and index them.

    Runs in a write transaction (begun here if none is open), so that the texts the project
    holds, perhaps just added by another import, and the ids are read where no one else
    writes. ``stories`` places each article in its story. ``outlet`` is given to every article
    whose file named none. Returns the new ids of
    the articles copied, in the order of ``seqs``, and the seqs left out because the project
    already holds their text. Commit is the caller's.
    """
    begin_write(conn)
    held = {
        seq
        for (seq,) in conn.execute(
            "SELECT s.seq FROM scratch.article s JOIN main.article a"
            " ON a.text_sha256 = s.text_sha256"
        )
    }
    fresh = [seq for seq in seqs if seq not in held]
    left_out = [seq for seq in seqs if seq in held]
    if not fresh:
        return [], left_out
    first, captions_before = next_id(conn, "article"), next_id(conn, "caption") - 1
    ids = list(range(first, first + len(fresh)))
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS kept (seq INTEGER PRIMARY KEY, id INTEGER, story INTEGER)"
    )
    conn.execute("DELETE FROM temp.kept")
    conn.executemany("INSERT INTO temp.kept VALUES (?, ?, NULL)", zip(fresh, ids, strict=True))
    signed = conn.execute(
        "SELECT k.id, s.signature FROM temp.kept k JOIN scratch.article s USING (seq) "
        "ORDER BY k.seq"
    ).fetchall()
    story = stories.place(conn, signed)
    conn.executemany("UPDATE temp.kept SET story = ? WHERE seq = ?", zip(story, fresh, strict=True))
    columns = _names(_ARTICLE)
    values = ", ".join('coalesce("outlet", ?)' if c == "outlet" else f'"{c}"' for c in _ARTICLE)
    with without_insert_triggers(conn, ("article", "caption")):
        # Ids grow with seq, and rows were written in (seq, pos) order: every SELECT below walks
        # its rows in id order as stored, with no sort.
        conn.execute(
            f"INSERT INTO main.article (id, imported_at, story, {columns}) "
            f"SELECT k.id, ?, k.story, {values} FROM temp.kept k JOIN scratch.article USING (seq) "
            "ORDER BY k.seq",
            (imported_at, outlet),
        )
        conn.execute(
            "INSERT INTO main.article_signature (article_id, signature) SELECT k.id, signature "
            "FROM temp.kept k JOIN scratch.article USING (seq) ORDER BY k.seq"
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
    return ids, left_out


PREFIX = "claimdesk-import-"
UNMARKED_STALE_SECONDS = 6 * 3600  # folders named before they carried their owner's id
_OWNED: set[str] = set()  # this process's folders: another process may once have had its id


@contextmanager
def scratch_folder() -> Iterator[str]:
    """A new folder for one import's scratch files, removed when the block ends, however.

    Its name carries this process's id. Folders left by imports whose process has died are
    removed first.
    """
    remove_stale(tempfile.gettempdir())
    folder = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-")
    _OWNED.add(folder)
    try:
        yield folder
    finally:
        _OWNED.discard(folder)
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale(parent: str) -> list[str]:
    """Remove the scratch folders in ``parent`` whose import's process is gone; returns them."""
    removed: list[str] = []
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return removed
    for entry in entries:
        name_fits = entry.name.startswith(PREFIX)
        if name_fits and entry.is_dir(follow_symlinks=False) and _is_stale(entry):
            shutil.rmtree(entry.path, ignore_errors=True)
            removed.append(entry.path)
    return removed


def _is_stale(entry: os.DirEntry[str]) -> bool:
    pid, marked, _ = entry.name.removeprefix(PREFIX).partition("-")
    if marked and pid.isdigit():
        if int(pid) == os.getpid():
            return entry.path not in _OWNED
        return not alive(int(pid))
    try:
        return time.time() - entry.stat().st_mtime > UNMARKED_STALE_SECONDS
    except OSError:
        return False
