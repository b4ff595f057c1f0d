"""Connections to a project file: the settings every connection gets, and read-only ones.

Writes are durable once committed (``synchronous = FULL``): the window says "Saved" only after
a commit, and a power cut must not take back what it said. Changing the schema runs in one
explicit transaction (Python's sqlite3 issues no BEGIN before DDL, so each CREATE would
otherwise commit alone, and an interrupted upgrade would leave half a schema).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.pool import NullPool, QueuePool

from db.store import legacy

BUSY_MS = 10_000  # how long a write waits for another process's write to finish
_PRAGMAS = (
    "page_size = 8192",  # new files only: fewer, larger writes
    "foreign_keys = ON",
    "journal_mode = WAL",
    "synchronous = FULL",
    "temp_store = MEMORY",
)


def fts5_available() -> bool:
    """Whether this Python's SQLite was built with FTS5."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("CREATE VIRTUAL TABLE probe USING fts5(x)")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    """A URI opening ``path`` read-only; ``immutable`` also takes no locks and makes no files.

    Immutable is for files nobody can be writing: a read-only folder, where SQLite could not
    create the ``-shm`` file a WAL database needs.
    """
    return f"{path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")


def connect_raw(
    path: Path, *, read_only: bool = False, immutable: bool = False
) -> sqlite3.Connection:
    """A DB-API connection with Claimdesk's settings (for tools that need no engine)."""
    # Each connection serves one unit of work in one thread, but may be closed in another.
    if read_only:
        uri = read_only_uri(path, immutable=immutable)
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
    _configure(conn, read_only=read_only)
    return conn


def _configure(conn: sqlite3.Connection, *, read_only: bool) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
    for pragma in _PRAGMAS:
        if not (read_only and pragma.startswith(("journal_mode", "page_size"))):
            conn.execute(f"PRAGMA {pragma}")


def make_engine(path: Path, *, read_only: bool = False, immutable: bool = False) -> Engine:
    """An engine on ``path`` whose connections have foreign keys, WAL and durable commits.

    Connections are kept for the next unit of work (opening one costs more than a small write).
    """
    return create_engine(
        "sqlite://",
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=4,
        creator=lambda: connect_raw(path, read_only=read_only, immutable=immutable),
    )


def schema_engine(path: Path) -> Engine:
    """An engine for creating or upgrading a file: all of it in one transaction.

    Foreign keys are off while the schema changes (tables are rebuilt under them; the caller
    checks them before committing); the functions the old revisions' index needs are registered.
    """

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        _configure(conn, read_only=False)
        conn.execute("PRAGMA foreign_keys = OFF")
        legacy.register(conn)
        return conn

    engine = create_engine("sqlite://", poolclass=NullPool, creator=connect)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
