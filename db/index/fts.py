"""The FTS5 search index: how it is defined, and the bulk writes that go around its triggers.

Each indexed table gets an external-content FTS5 table whose content is a *view* giving the
folded text (see :mod:`db.index.fold`) followed by its hyphenated words joined (see
:mod:`db.index.hyphens`), plus three triggers that keep the index in step with
the table. Views and triggers are plain SQL: any SQLite client can insert, update and delete
rows and the index stays right. The ``'delete'`` command needs exactly the old values; folding
is deterministic, so the triggers recompute them.

The schema itself comes from the migrations, which hold it literally; :func:`create_statements`
is the definition they were written from, and the tests hold the two to agree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from db.index.fold import (
    ARABIC_STAGES,
    arabic_stage_sql,
    body_sql,
    first_stage_sql,
    fold,
    has_arabic_sql,
    search_body,
)
from db.index.hyphens import with_joined, with_joined_sql

TOKENIZE = "unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class FtsSpec:
    table: str
    columns: dict[str, tuple[str, str]]  # indexed column -> (SQL over the row, its raw column)
    also: tuple[str, ...] = ()  # other columns the SQL reads

    @property
    def fts(self) -> str:
        return f"{self.table}_fts"

    @property
    def view(self) -> str:
        return f"{self.table}_search"

    def stage(self, n: int) -> str:
        return f"{self.table}_fold{n}"

    @property
    def folded(self) -> str:
        """The view of the folded text, before the hyphenated words are appended."""
        return self.stage(len(ARABIC_STAGES) + 1)


SPECS = (
    FtsSpec(
        "article",
        {
            "title": ("title", "title"),
            "body": (body_sql("article.text", "article.hidden_spans"), "text"),
        },
        also=("hidden_spans",),
    ),
    FtsSpec("caption", {"text": ("text", "text"), "credit": ("credit", "credit")}),
    FtsSpec("highlight", {"exact": ("exact", "exact")}),
    FtsSpec("note", {"body": ("body", "body")}),
)

#: Default ranking of the article index: a match in the title weighs eight times one in the text.
RANK = "INSERT INTO article_fts(article_fts, rank) VALUES ('rank', 'bm25(8.0, 1.0)')"
#: FTS5's write buffer for the large indexes (1 MiB by default): fewer segments to merge.
HASHSIZE = 16 * 2**20


def article_terms(title: str | None, text: str | None, hidden_spans: str | None) -> tuple[str, str]:
    """An article's indexed title and body, exactly as its search view computes them.

    Bulk writers compute these where the article is parsed and insert them with
    :data:`INDEX_ARTICLE`, sparing the writing process the SQL folding of every row.
    """
    return with_joined(fold(title)), with_joined(search_body(text, hidden_spans))


#: Indexes one article from :func:`article_terms`: rowid, title, body.
INDEX_ARTICLE = "INSERT INTO article_fts(rowid, title, body) VALUES (?, ?, ?)"


@contextmanager
def without_insert_triggers(conn: sqlite3.Connection, tables: Iterable[str]) -> Iterator[None]:
    """Insert into ``tables`` with their insert triggers dropped; the caller indexes the rows.

    On a table with such a trigger, each INSERT first copies every page it will touch to a
    statement journal: at 30,000 articles, several times the data written. The triggers are
    dropped and re-created, exactly as the schema has them, inside one transaction, so no
    other connection sees them missing.
    """
    if not conn.in_transaction:
        conn.execute("BEGIN IMMEDIATE")
    names = [f"{t}_fts_ai" for t in tables]
    marks = ", ".join("?" * len(names))
    kept = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks})", names
    ).fetchall()
    for name, _ in kept:
        conn.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        for _, sql in kept:
            conn.execute(sql)


def index_new_rows(conn: sqlite3.Connection, table: str, after_id: int) -> None:
    """Index the rows of ``table`` whose id is above ``after_id``, in one ``INSERT … SELECT``."""
    s = next(s for s in SPECS if s.table == table)
    cols = ", ".join(s.columns)
    conn.execute(
        f"INSERT INTO {s.fts}(rowid, {cols}) SELECT id, {cols} FROM {s.view} WHERE id > ?",
        (after_id,),
    )


def _views(s: FtsSpec) -> list[str]:
    """The folding stages of ``s.table`` as views, the last one the index's content.

    Each column goes through the first stage (``c0``), then the Arabic stages (``c``); the
    folded view takes ``c`` where the row holds Arabic script, else ``c0``; the last appends
    the hyphenated words, joined.
    """
    first = ", ".join(
        f"{first_stage_sql(expr, raw)} AS {c}, ({has_arabic_sql(raw)}) AS {c}_ar"
        for c, (expr, raw) in s.columns.items()
    )
    out = [f"CREATE VIEW {s.stage(0)} AS SELECT id, {first} FROM {s.table}"]
    for n in range(len(ARABIC_STAGES)):
        kept = ", ".join(f"{c} AS {c}0" if n == 0 else f"{c}0" for c in s.columns)
        cols = ", ".join(f"{arabic_stage_sql(c, n)} AS {c}, {c}_ar" for c in s.columns)
        out.append(f"CREATE VIEW {s.stage(n + 1)} AS SELECT id, {kept}, {cols} FROM {s.stage(n)}")
    names = ", ".join(f"CASE WHEN {c}_ar THEN {c} ELSE {c}0 END AS {c}" for c in s.columns)
    out.append(
        f"CREATE VIEW {s.folded} AS SELECT id, {names} FROM {s.stage(len(ARABIC_STAGES))}"
    )
    joined = ", ".join(f"{with_joined_sql(f'{s.folded}.{c}')} AS {c}" for c in s.columns)
    out.append(f"CREATE VIEW {s.view} AS SELECT id, {joined} FROM {s.folded}")
    return out


def _triggers(s: FtsSpec) -> list[str]:
    """Triggers keeping ``s.fts`` right: the old row leaves before, the new one enters after."""
    cols = ", ".join(s.columns)
    watched = ", ".join(sorted({"id", *s.also, *(raw for _, raw in s.columns.values())}))
    enter = f"INSERT INTO {s.fts}(rowid, {cols}) SELECT id, {cols} FROM {s.view} WHERE id = new.id;"
    leave = (
        f"INSERT INTO {s.fts}({s.fts}, rowid, {cols}) "
        f"SELECT 'delete', id, {cols} FROM {s.view} WHERE id = old.id;"
    )
    t = s.table
    return [
        f"CREATE TRIGGER {t}_fts_ai AFTER INSERT ON {t} BEGIN {enter} END",
        f"CREATE TRIGGER {t}_fts_bd BEFORE DELETE ON {t} BEGIN {leave} END",
        f"CREATE TRIGGER {t}_fts_bu BEFORE UPDATE OF {watched} ON {t} BEGIN {leave} END",
        f"CREATE TRIGGER {t}_fts_au AFTER UPDATE OF {watched} ON {t} BEGIN {enter} END",
    ]


def create_statements() -> list[str]:
    """DDL creating every search view, FTS5 table and trigger, and the index settings."""
    out: list[str] = []
    for s in SPECS:
        cols = ", ".join(s.columns)
        out += _views(s)
        out.append(
            f"CREATE VIRTUAL TABLE {s.fts} USING fts5({cols}, content='{s.view}', "
            f"content_rowid='id', tokenize='{TOKENIZE}')"
        )
        out += _triggers(s)
    out.append(RANK)
    out += [f"INSERT INTO {t}({t}, rank) VALUES ('hashsize', {HASHSIZE})" for t in _BUFFERED]
    return out


_BUFFERED = ("article_fts", "caption_fts")


def drop_statements() -> list[str]:
    """DDL removing every search view, FTS5 table and trigger (of this revision or older)."""
    out: list[str] = []
    for s in SPECS:
        out += [f"DROP TRIGGER IF EXISTS {s.table}_fts_{t}" for t in ("ai", "ad", "au", "bd", "bu")]
        out += [f"DROP TABLE IF EXISTS {s.fts}", f"DROP VIEW IF EXISTS {s.view}"]
        out += [f"DROP VIEW IF EXISTS {s.stage(n)}" for n in range(len(ARABIC_STAGES) + 1, -1, -1)]
    return out


def rebuild_statements() -> list[str]:
    """Statements rebuilding every index from its table."""
    return [f"INSERT INTO {s.fts}({s.fts}) VALUES ('rebuild')" for s in SPECS]


def integrity_statements() -> list[str]:
    """Statements that raise if an index disagrees with its table."""
    return [f"INSERT INTO {s.fts}({s.fts}, rank) VALUES ('integrity-check', 1)" for s in SPECS]
