"""The FTS5 search index: its DDL, and the SQL functions it needs on every connection.

Each indexed table gets an external-content FTS5 table whose content is a *view* giving the
folded text (see :mod:`db.textfold`), so nothing is stored twice, plus the three triggers that keep
the index in step with the table. The ``'delete'`` command needs exactly the old values; the
folding functions are deterministic, so the triggers can recompute them.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from db.textfold import fold, search_body

TOKENIZE = "unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class FtsSpec:
    table: str
    columns: dict[str, str]  # indexed column -> SQL expression over row alias "{r}"

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"

    @property
    def view(self) -> str:
        return f"{self.table}_search"

    def exprs(self, row: str) -> str:
        return ", ".join(expr.format(r=row) for expr in self.columns.values())


SPECS = (
    FtsSpec(
        "article", {"title": "cd_fold({r}.title)", "body": "cd_body({r}.text, {r}.hidden_spans)"}
    ),
    FtsSpec("caption", {"text": "cd_fold({r}.text)", "credit": "cd_fold({r}.credit)"}),
    FtsSpec("highlight", {"exact": "cd_fold({r}.exact)"}),
    FtsSpec("note", {"body": "cd_fold({r}.body)"}),
)

#: Default ranking of the article index: a match in the title weighs eight times one in the text.
RANK = "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(8.0, 1.0)')"

#: SQL function the insert triggers ask before indexing a row; bulk writers switch it off.
INDEX_ON_INSERT = "cd_index_on_insert"


def register_functions(conn: sqlite3.Connection) -> None:
    """Register the folding functions the search views and triggers call."""
    conn.create_function("cd_fold", 1, fold, deterministic=True)
    conn.create_function("cd_body", 2, search_body, deterministic=True)
    conn.create_function(INDEX_ON_INSERT, 0, _index_on_insert)


# Whether the calling thread's inserts skip the insert triggers. A flag the function reads, not a
# function swapped per connection: SQLite refuses to replace one while FTS5 holds statements open.
_deferred = threading.local()


def _index_on_insert() -> int:
    return 0 if getattr(_deferred, "on", False) else 1


def article_terms(title: str | None, text: str | None, hidden_spans: str | None) -> tuple[str, str]:
    """An article's indexed title and body, exactly as its search view computes them.

    Bulk writers compute these where the article is parsed and insert them with
    :data:`INDEX_ARTICLE`, sparing the writing process a call into Python per row.
    """
    return fold(title), search_body(text, hidden_spans)


#: Indexes one article from :func:`article_terms`: rowid, title, body.
INDEX_ARTICLE = "INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)"


@contextmanager
def deferred_indexing(conn: sqlite3.Connection, tables: Iterable[str]) -> Iterator[None]:
    """Let the calling thread insert without the insert triggers; then index ``tables`` in bulk.

    Indexing the new rows with one ``INSERT … SELECT`` per table is about twice as fast as
    per-row triggers. Rows inserted meanwhile into other indexed tables must be indexed by the
    caller. Run inside the transaction that inserts the rows, so the index and its tables are
    committed together.
    """
    specs = [s for s in SPECS if s.table in tables]
    before = {
        s.table: conn.execute(f"SELECT coalesce(max(id), 0) FROM {s.table}").fetchone()[0]
        for s in specs
    }
    outer = getattr(_deferred, "on", False)
    _deferred.on = True
    try:
        yield
    finally:
        _deferred.on = outer
    for s in specs:
        cols = ", ".join(s.columns)
        conn.execute(
            f"INSERT INTO {s.fts}(rowid, {cols}) SELECT id, {cols} FROM {s.view} WHERE id > ?",
            (before[s.table],),
        )


def insert_trigger(s: FtsSpec) -> str:
    """The trigger indexing each new row of ``s.table`` (unless indexing is deferred)."""
    cols = ", ".join(s.columns)
    return (
        f"CREATE TRIGGER {s.table}_fts_ai AFTER INSERT ON {s.table} WHEN {INDEX_ON_INSERT}() "
        f"BEGIN INSERT INTO {s.fts}(rowid, {cols}) VALUES (new.id, {s.exprs('new')}); END"
    )


def create_statements() -> list[str]:
    """DDL creating every search view, FTS5 table and trigger."""
    out: list[str] = []
    for s in SPECS:
        cols = ", ".join(s.columns)
        watched = ", ".join(sorted({c for e in s.columns.values() for c in _row_columns(e)}))
        out += [
            f"CREATE VIEW {s.view} AS SELECT id, "
            + ", ".join(f"{e.format(r=s.table)} AS {c}" for c, e in s.columns.items())
            + f" FROM {s.table}",
            f"CREATE VIRTUAL TABLE {s.fts} USING fts5({cols}, content='{s.view}', "
            f"content_rowid='id', tokenize='{TOKENIZE}')",
            insert_trigger(s),
            f"CREATE TRIGGER {s.table}_fts_ad AFTER DELETE ON {s.table} BEGIN "
            f"INSERT INTO {s.fts}({s.fts}, rowid, {cols}) "
            f"VALUES ('delete', old.id, {s.exprs('old')}); END",
            f"CREATE TRIGGER {s.table}_fts_au AFTER UPDATE OF {watched} ON {s.table} BEGIN "
            f"INSERT INTO {s.fts}({s.fts}, rowid, {cols}) "
            f"VALUES ('delete', old.id, {s.exprs('old')}); "
            f"INSERT INTO {s.fts}(rowid, {cols}) VALUES (new.id, {s.exprs('new')}); END",
        ]
    return out


def drop_statements() -> list[str]:
    """DDL removing what :func:`create_statements` made."""
    out: list[str] = []
    for s in SPECS:
        out += [f"DROP TRIGGER IF EXISTS {s.table}_fts_{t}" for t in ("ai", "ad", "au")]
        out += [f"DROP TABLE IF EXISTS {s.fts}", f"DROP VIEW IF EXISTS {s.view}"]
    return out


def rebuild_statements() -> list[str]:
    """Statements rebuilding every index from its table."""
    return [f"INSERT INTO {s.fts}({s.fts}) VALUES ('rebuild')" for s in SPECS]


def integrity_statements() -> list[str]:
    """Statements that raise if an index disagrees with its table."""
    return [f"INSERT INTO {s.fts}({s.fts}, rank) VALUES ('integrity-check', 1)" for s in SPECS]


def _row_columns(expr: str) -> list[str]:
    return re.findall(r"\{r\}\.(\w+)", expr)


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
