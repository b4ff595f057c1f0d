"""Changing articles: their details, one or thousands at once, and deleting them, undoably.

Each write returns what it takes to undo it: :func:`set_details` the old values of every article
it changed, :func:`delete` every row that went with the articles (found by following the
schema's foreign keys, so a table added later that refers to articles comes along), which
:func:`restore` puts back exactly, ids included. The search index follows: by its triggers, and
for restored articles as an import indexes them (their terms computed here, in one go).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel import Session

from db.index.fts import INDEX_ARTICLE, article_terms, without_insert_triggers

#: The details a researcher can set, as the article table names them.
FIELDS = ("title", "outlet", "section", "published", "byline", "url")

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_IN = "IN (SELECT value FROM json_each(:ids))"  # ids as one JSON parameter, however many
Row = tuple[Any, ...]


class ArticleEditError(ValueError):
    """The change cannot be made as asked (the message says why, for the user)."""


@dataclass(frozen=True)
class Previous:
    """The values ``columns`` had, per article, before an edit: what :func:`put_back` needs."""

    columns: tuple[str, ...]
    rows: tuple[Row, ...]  # (id, *values)


@dataclass(frozen=True)
class Removed:
    """Every row deleted with some articles, parents before children, for :func:`restore`."""

    article_ids: tuple[int, ...]
    tables: tuple[tuple[str, tuple[str, ...], tuple[Row, ...]], ...]  # table, columns, rows


@dataclass(frozen=True)
class Losses:
    """What deleting some articles would take with them."""

    articles: int
    highlights: int
    notes: int


def check_date(value: str) -> str:
    """``value`` as an ISO day (yyyy-mm-dd), or an error saying what is wrong with it.

    Raises:
        ArticleEditError: it is not a real day written yyyy-mm-dd.
    """
    value = value.strip()
    if not _DAY.fullmatch(value):
        raise ArticleEditError(f"“{value}” is not a date written yyyy-mm-dd, as in 2024-03-31.")
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ArticleEditError(f"{value} is not a day of the calendar.") from None
    return value


def column_values(fields: Mapping[str, str | Sequence[str] | None]) -> dict[str, str | None]:
    """The article columns for ``fields``: text stripped, empty cleared, sections as JSON.

    Raises:
        ArticleEditError: a field is not one of :data:`FIELDS`, or the date is not a day.
    """
    out: dict[str, str | None] = {}
    for name, value in fields.items():
        if name not in FIELDS:
            raise ArticleEditError(f"an article has no detail called {name!r}")
        if name == "section":
            parts = [value] if isinstance(value, str) else list(value or [])
            kept = [p.strip() for p in parts if p and p.strip()]
            out[name] = json.dumps(kept, ensure_ascii=False)
        elif not isinstance(value, str | None):
            raise ArticleEditError(f"the {name} of an article is text")
        else:
            value = (value or "").strip() or None
            out[name] = check_date(value) if name == "published" and value else value
    return out


def shared_details(s: Session, ids: Iterable[int]) -> dict[str, str | list[str] | None]:
    """Each of :data:`FIELDS` as all the articles of ``ids`` have it, or None where they differ.

    A detail none of them has is ``""`` (a section, ``[]``).
    """
    cols = ", ".join(f"min(coalesce({c}, '')), count(DISTINCT coalesce({c}, ''))" for c in FIELDS)
    row = s.execute(
        text(f"SELECT {cols} FROM article WHERE id {_IN}"), {"ids": json.dumps(list(ids))}
    ).one()
    out: dict[str, str | list[str] | None] = {}
    for i, name in enumerate(FIELDS):
        value, kinds = row[2 * i], row[2 * i + 1]
        if kinds > 1:
            out[name] = None
        elif name == "section":
            out[name] = [str(p) for p in json.loads(value or "[]")]
        else:
            out[name] = str(value or "")
    return out


def set_details(
    s: Session, ids: Iterable[int], fields: Mapping[str, str | Sequence[str] | None]
) -> Previous:
    """Set ``fields`` (names of :data:`FIELDS`) on every article of ``ids``, in one statement.

    An empty text clears the detail; a section is its parts, outermost first. Returns the old
    values for :func:`put_back`.

    Raises:
        ArticleEditError: a field or date is wrong, or an article is no longer in the project.
    """
    values = column_values(fields)
    conn = _writing(s)
    columns = tuple(values)
    old = _read(s, list(dict.fromkeys(ids)), columns)
    _update(conn, columns, [(*values.values(), r[0]) for r in old])
    return Previous(columns, old)


def put_back(s: Session, previous: Previous) -> None:
    """Give the articles the details they had before an edit (see :func:`set_details`).

    Raises:
        ArticleEditError: an article is no longer in the project.
    """
    conn = _writing(s)
    _read(s, [r[0] for r in previous.rows], ())  # every one still there
    _update(conn, previous.columns, [(*r[1:], r[0]) for r in previous.rows])


def _writing(s: Session) -> sqlite3.Connection:
    """The session's DB-API connection, in a write transaction from now (reads included)."""
    conn = s.connection().connection.dbapi_connection
    assert isinstance(conn, sqlite3.Connection)
    if not conn.in_transaction:
        conn.execute("BEGIN IMMEDIATE")
    return conn


def _read(s: Session, ids: list[int], columns: tuple[str, ...]) -> tuple[Row, ...]:
    """``id`` and ``columns`` of each article of ``ids``, in their order; all must be there."""
    cols = "".join(f", {c}" for c in columns)
    found = s.execute(
        text(f"SELECT id{cols} FROM article WHERE id {_IN}"),
        {"ids": json.dumps(ids)},
    ).all()
    if len(found) != len(ids):
        gone = len(ids) - len(found)
        raise ArticleEditError(
            "That article is no longer in the project."
            if gone == 1
            else f"{gone:,} of these articles are no longer in the project."
        )
    order = {aid: i for i, aid in enumerate(ids)}
    return tuple(sorted((tuple(r) for r in found), key=lambda r: order[r[0]]))


def _update(conn: sqlite3.Connection, columns: tuple[str, ...], rows: list[Row]) -> None:
    """One ``executemany``: each row holds the values of ``columns``, then the article's id."""
    if columns:
        sets = ", ".join(f"{c} = ?" for c in columns)
        conn.executemany(f"UPDATE article SET {sets} WHERE id = ?", rows)


# ---- Deleting


def losses(s: Session, ids: Iterable[int]) -> Losses:
    """How many of ``ids`` are articles, and the highlights and notes deleting them would lose."""
    p = {"ids": json.dumps(list(dict.fromkeys(ids)))}
    n_articles = s.execute(text(f"SELECT count(*) FROM article WHERE id {_IN}"), p)
    n_highlights = s.execute(text(f"SELECT count(*) FROM highlight WHERE article_id {_IN}"), p)
    n_notes = s.execute(
        text(
            f"SELECT count(*) FROM note WHERE article_id {_IN} OR highlight_id IN "
            f"(SELECT id FROM highlight WHERE article_id {_IN})"
        ),
        p,
    )
    return Losses(
        int(n_articles.scalar_one()), int(n_highlights.scalar_one()), int(n_notes.scalar_one())
    )


@dataclass(frozen=True)
class _Key:
    """A foreign key: ``table.column`` refers to ``parent.id``."""

    table: str
    column: str
    parent: str
    on_delete: str


def _keys(s: Session) -> list[_Key]:
    tables = s.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    ).scalars()
    return [
        _Key(t, str(fk[3]), str(fk[2]), str(fk[6]).upper())
        for t in list(tables)
        for fk in s.execute(text(f"SELECT * FROM pragma_foreign_key_list('{t}')")).all()
    ]


def _cascade(keys: list[_Key]) -> list[str]:
    """The tables whose rows go when an article does, parents before children, article first."""
    down = [k for k in keys if k.on_delete == "CASCADE" and k.table != k.parent]
    reached, todo = {"article"}, ["article"]
    while todo:
        parent = todo.pop()
        for k in down:
            if k.parent == parent and k.table not in reached:
                reached.add(k.table)
                todo.append(k.table)
    order: list[str] = []
    while len(order) < len(reached):  # each table once all its parents among these are placed
        ready = sorted(
            t
            for t in reached - set(order)
            if all(k.parent in order for k in down if k.table == t and k.parent in reached)
        )
        if not ready:
            raise ArticleEditError("the project's tables refer to each other in a circle")
        order += ready
    return order


def delete(s: Session, ids: Iterable[int]) -> Removed:
    """Delete the articles of ``ids`` and every row that refers to them; returns it all.

    Raises:
        ArticleEditError: an article is no longer in the project.
    """
    conn = _writing(s)
    wanted = [int(r[0]) for r in _read(s, list(dict.fromkeys(ids)), ())]
    keys = _keys(s)
    taken: dict[str, list[int]] = {"article": wanted}
    tables = []
    for table in _cascade(keys):
        if table in _NOT_KEPT:
            continue
        if table != "article":
            found: set[int] = set()
            for k in keys:
                if k.table == table and k.on_delete == "CASCADE" and k.parent in taken:
                    found.update(_ids_where(s, table, k.column, taken[k.parent]))
            taken[table] = sorted(found)
        tables.append((table, *_rows(s, table, taken[table])))
    # The rest goes with the articles (ON DELETE CASCADE), out of the index by its triggers.
    conn.execute(f"DELETE FROM article WHERE id {_IN}", {"ids": json.dumps(wanted)})
    return Removed(tuple(wanted), tuple(tables))


#: Rows that go with an article and are not put back: a signature is made again from the text.
_NOT_KEPT = frozenset({"article_signature"})


def _ids_where(s: Session, table: str, column: str, values: list[int]) -> list[int]:
    found = s.execute(
        text(f"SELECT rowid FROM {table} WHERE {column} {_IN}"),  # id, where a table has one
        {"ids": json.dumps(values)},
    )
    return [int(i) for i in found.scalars()]


def _rows(s: Session, table: str, ids: list[int]) -> tuple[tuple[str, ...], tuple[Row, ...]]:
    found = s.execute(
        text(f"SELECT * FROM {table} WHERE rowid {_IN} ORDER BY rowid"),
        {"ids": json.dumps(ids)},
    )
    return tuple(found.keys()), tuple(tuple(r) for r in found.all())


def restore(s: Session, removed: Removed) -> list[int]:
    """Put back deleted articles with everything that went with them, ids and uids as they were.

    A highlight whose code has gone meanwhile comes back uncoded.
    """
    conn = _writing(s)
    keys = _keys(s)
    inside = {t for t, _, _ in removed.tables}
    for table, columns, rows in removed.tables:
        kept = [list(r) for r in rows]
        for k in keys:  # references to rows that were not deleted with them (a code)
            if k.table == table and k.parent not in inside and k.on_delete == "SET NULL":
                i = columns.index(k.column)
                wanted = sorted({int(r[i]) for r in kept if r[i] is not None})
                present = set(_ids_where(s, k.parent, "id", wanted))
                for r in kept:
                    if r[i] is not None and r[i] not in present:
                        r[i] = None
        _insert(conn, table, columns, kept)
    return list(removed.article_ids)


def _insert(
    conn: sqlite3.Connection, table: str, columns: tuple[str, ...], rows: Sequence[Sequence[Any]]
) -> None:
    """Put rows back; articles are indexed from their terms computed here, as an import does."""
    cols = ", ".join(f'"{c}"' for c in columns)
    insert = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})"
    if table != "article":
        conn.executemany(insert, rows)
        return
    at = {c: i for i, c in enumerate(columns)}
    with without_insert_triggers(conn, [table]):
        conn.executemany(insert, rows)
        conn.executemany(
            INDEX_ARTICLE,
            (
                (r[at["id"]], *article_terms(r[at["title"]], r[at["text"]], r[at["hidden_spans"]]))
                for r in rows
            ),
        )
