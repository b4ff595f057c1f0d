"""The FTS5 search index: its DDL, and the SQL functions it needs on every connection.

Each indexed table gets an external-content FTS5 table whose content is a *view* giving the
folded text (see :mod:`db.index.fold`), so nothing is stored twice, plus the three triggers that
keep the index in step with the table. The ``'delete'`` command needs exactly the old values; the
folding functions are deterministic, so the triggers can recompute them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from db.index.fold import fold, search_body

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

#: SQL function the insert triggers ask before indexing a row (migration 0003). It always says
#: yes: a bulk writer drops the triggers for its transaction instead, see without_insert_triggers.
INDEX_ON_INSERT = "cd_index_on_insert"


def register_functions(conn: sqlite3.Connection) -> None:
    """Register the folding functions the search views and triggers call."""
    conn.create_function("cd_fold", 1, fold, deterministic=True)
    conn.create_function("cd_body", 2, search_body, deterministic=True)
    conn.create_function(INDEX_ON_INSERT, 0, lambda: 1)


def article_terms(title: str | None, text: str | None, hidden_spans: str | None) -> tuple[str, str]:
    """An article's indexed title and body, exactly as its search view computes them.

    Bulk writers compute these where the article is parsed and insert them with
    :data:`INDEX_ARTICLE`, sparing the writing process a call into Python per row.
    """
    return fold(title), search_body(text, hidden_spans)


#: Indexes one article from :func:`article_terms`: rowid, title, body.
INDEX_ARTICLE = "INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)"


@contextmanager
def without_insert_triggers(conn: sqlite3.Connection, tables: Iterable[str]) -> Iterator[None]:
    """Insert into ``tables`` with their insert triggers dropped; the caller indexes the rows.

    On a table with such a trigger, each INSERT first copies every page it will touch to a
    statement journal: at 30,000 articles, several times the data written. The triggers are
    dropped and re-created inside one transaction, so no other connection sees them missing.
    """
    if not conn.in_transaction:
        conn.execute("BEGIN")
    specs = [s for s in SPECS if s.table in tables]
    for s in specs:
        conn.execute(f"DROP TRIGGER IF EXISTS {s.table}_fts_ai")
    try:
        yield
    finally:
        for s in specs:
            conn.execute(insert_trigger(s))


def index_new_rows(conn: sqlite3.Connection, table: str, after_id: int) -> None:
    """Index the rows of ``table`` whose id is above ``after_id``, in one ``INSERT … SELECT``."""
    s = next(s for s in SPECS if s.table == table)
    cols = ", ".join(s.columns)
    conn.execute(
        f"INSERT INTO {s.fts}(rowid, {cols}) SELECT id, {cols} FROM {s.view} WHERE id > ?",
        (after_id,),
    )


def insert_trigger(s: FtsSpec) -> str:
    """The trigger indexing each new row of ``s.table``."""
    cols = ", ".join(s.columns)
    return (
        f"CREATE TRIGGER IF NOT EXISTS {s.table}_fts_ai AFTER INSERT ON {s.table} "
        f"WHEN {INDEX_ON_INSERT}() BEGIN "
        f"INSERT INTO {s.fts}(rowid, {cols}) VALUES (new.id, {s.exprs('new')}); END"
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
