"""Full-text search over titles, article text, captions, highlight quotes and notes.

Whatever a user types is made safe for FTS5: each word is quoted, so operators, punctuation,
unbalanced quotes and NUL bytes are searched as plain words and never raise. Text that is not
valid Unicode (lone surrogates, as undecodable command-line bytes arrive) is left out.

A hyphenated word finds its joined form too, and back: "e-mail" is searched as the phrase
"e mail" or the word "email", and "email" finds "e-mail", which the index also holds joined
(:mod:`db.index.hyphens`). "Al Qaeda", two words, finds "Al-Qaeda" but not "Alqaeda": words
apart are never joined.

The cost of a search is bounded whatever is typed: repeated words are searched once, only the
first :data:`MAX_TERMS` terms are searched (:attr:`SearchHits.ignored` counts the words left out),
and a search still running after its time limit is stopped with :class:`SearchTimeout`.

A window pages through results: :func:`first_page` counts every match and ranks the first page,
:func:`ranked_ids` reads any later page, :func:`contexts` where the rows shown matched, with a
snippet each, and :func:`marks` where the article shown matches.
"""

from __future__ import annotations

import re
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

from db.index.fold import fold
from db.index.hyphens import joined_tail
from db.index.matching import REJECTED, Span
from db.search_context import MARK_END as MARK_END
from db.search_context import MARK_START as MARK_START
from db.search_context import Context as Context
from db.search_context import contexts as _contexts
from db.search_context import marked, text_marks

#: Terms searched at most: a word is as many terms as FTS5 makes of it ("e-mail" is two, and
#: one more for "email").
#: FTS5's cost grows with the terms of a query, and faster than their number.
MAX_TERMS = 32
#: Seconds a search may run before it is stopped.
TIME_LIMIT = 5.0
#: SQLite virtual-machine steps between two looks at the clock.
_CHECK_EVERY = 1000
# Control characters and lone surrogates (undecodable bytes) are searched as spaces.
_UNSEARCHABLE = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
# Roughly what FTS5's unicode61 tokenizer takes as one term: a run of letters and digits.
_TERM = re.compile(r"[^\W_]+")


class SearchError(Exception):
    """A search could not run; the message says why and what to do, for the user."""


class SearchTimeout(SearchError):  # noqa: N818 - the name callers know
    """A search ran past its time limit and was stopped."""


@dataclass(frozen=True)
class Terms:
    """What a search box's text becomes."""

    query: str | None  # the FTS5 query; None when there is nothing to search for
    ignored: int  # words left out of the query, or cut short, to keep within MAX_TERMS
    any_word: str | None = None  # any one of the words: where to mark matches


def terms(user_text: str, *, prefix: bool = True) -> Terms:
    """The FTS5 query for ``user_text``: its different words, within :data:`MAX_TERMS` terms.

    Every word must match; ``prefix`` lets the last one be cut short (as while typing). Words
    are compared without regard to case, as FTS5 compares them; a repeated word is searched
    once. A hyphenated word matches its parts in a row or its joined form. The words past the
    limit are left out, and counted in :attr:`Terms.ignored`.
    """
    words = fold(unicodedata.normalize("NFC", _UNSEARCHABLE.sub(" ", user_text))).split()
    words = [w for w in words if any(c.isalnum() for c in w)]
    cut = prefix and user_text[-1:].isalnum()
    groups: list[list[str]] = []  # one a word: the phrases any of which it may match
    seen: set[str] = set()
    room, ignored = MAX_TERMS, 0
    for i, word in enumerate(words):
        star = "*" if cut and i == len(words) - 1 else ""
        if (key := word.lower() + star) in seen:
            continue
        seen.add(key)
        parts = _TERM.findall(word)
        joined = _joined(word)
        if room < len(parts) + bool(joined):  # only the first terms of this word fit, if any
            ignored += 1
            if room < len(parts):
                word, star = " ".join(parts[:room]), ""
            joined = None
        if word:
            groups.append([_quoted(word, star)] + ([_quoted(joined, star)] if joined else []))
        room -= min(room, len(parts) + bool(joined))
    if not groups:
        return Terms(None, ignored)
    return Terms(_all_of(groups), ignored, " OR ".join(p for g in groups for p in g))


def _joined(word: str) -> str | None:
    """The joined form of a hyphenated ``word``, as the index writes it, or None."""
    tail = joined_tail(word)
    return tail[1:] if tail and tail[1:] == word.replace("-", "") else None


def _quoted(word: str, star: str) -> str:
    return '"' + word.replace('"', '""') + '"' + star


def _all_of(groups: list[list[str]]) -> str:
    """Every group must match: words side by side, ``AND`` around a choice in parentheses."""
    out = ""
    for n, group in enumerate(groups):
        one = group[0] if len(group) == 1 else "(" + " OR ".join(group) + ")"
        if n:
            out += " AND " if len(group) > 1 or len(groups[n - 1]) > 1 else " "
        out += one
    return out


def fts_query(user_text: str, *, prefix: bool = True) -> str | None:
    """The FTS5 query of :func:`terms`; None when there is nothing to search for."""
    return terms(user_text, prefix=prefix).query


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    title: str | None
    score: float  # lower is better (bm25)
    found_in: tuple[str, ...]  # "text", "caption", "highlight", "note"
    snippet: str  # with MARK_START/MARK_END around matches

    def marked(self, start: str, end: str) -> str:
        return marked(self.snippet, start, end)


class SearchHits(list[SearchHit]):
    """Hits, best first; ``ignored`` words were left out or cut short (:data:`MAX_TERMS`)."""

    def __init__(self, hits: Iterable[SearchHit] = (), ignored: int = 0) -> None:
        super().__init__(hits)
        self.ignored = ignored


# Each index, with the article each of its rows belongs to, how well it matched (bm25, lower is
# better; the title weighs more, as the table's rank config says) and where.
_MATCHES = """
SELECT rowid AS aid, rank AS score, 'text' AS src FROM article_fts WHERE article_fts MATCH :q
UNION ALL
SELECT c.article_id, bm25(caption_fts), 'caption'
  FROM caption_fts JOIN caption c ON c.id = caption_fts.rowid WHERE caption_fts MATCH :q
UNION ALL
SELECT h.article_id, bm25(highlight_fts), 'highlight'
  FROM highlight_fts JOIN highlight h ON h.id = highlight_fts.rowid WHERE highlight_fts MATCH :q
UNION ALL
SELECT coalesce(n.article_id, h.article_id), bm25(note_fts), 'note'
  FROM note_fts JOIN note n ON n.id = note_fts.rowid
  LEFT JOIN highlight h ON h.id = n.highlight_id WHERE note_fts MATCH :q
"""
# Articles best first, ties by id, so that pages read one after another never overlap.
_RANKED = f"""
SELECT aid, min(score), group_concat(DISTINCT src) FROM ({_MATCHES}) WHERE aid IS NOT NULL
 GROUP BY aid ORDER BY min(score), aid LIMIT :limit OFFSET :offset
"""
# Every matching article once, unranked: far cheaper than a page.
_MATCHING = """
SELECT rowid AS aid FROM article_fts WHERE article_fts MATCH :q
UNION
SELECT c.article_id FROM caption_fts JOIN caption c ON c.id = caption_fts.rowid
 WHERE caption_fts MATCH :q
UNION
SELECT h.article_id FROM highlight_fts JOIN highlight h ON h.id = highlight_fts.rowid
 WHERE highlight_fts MATCH :q
UNION
SELECT coalesce(n.article_id, h.article_id) FROM note_fts JOIN note n ON n.id = note_fts.rowid
  LEFT JOIN highlight h ON h.id = n.highlight_id WHERE note_fts MATCH :q
"""
_COUNT = f"SELECT count(aid) FROM ({_MATCHING})"


def search(
    s: Session,
    user_text: str,
    *,
    limit: int = 200,
    prefix: bool = True,
    time_limit: float = TIME_LIMIT,
    snippets: bool = True,
) -> SearchHits:
    """Articles matching ``user_text``, best first, with a snippet of the text around a match.

    Args:
        s: A unit of work on an open project.
        user_text: What the user typed; any text is safe.
        limit: The most articles returned.
        prefix: Whether the last word may be cut short (as while typing).
        time_limit: Seconds the search may run.
        snippets: Whether to cut a snippet around a match (see :func:`contexts`), from the
            text as stored, its matches marked.

    Raises:
        SearchTimeout: the search ran longer than ``time_limit`` seconds.
        SearchError: the search index is damaged or missing.
    """
    wanted = terms(user_text, prefix=prefix)
    if wanted.query is None or wanted.any_word is None:
        return SearchHits(ignored=wanted.ignored)
    params = {"q": wanted.query, "limit": limit, "offset": 0}
    with _Deadline(s, time_limit) as run:
        rows = run(_RANKED, params)
        ids = [int(aid) for aid, _, _ in rows]
        listed = ",".join(str(aid) for aid in ids)
        named = run(f"SELECT id, title FROM article WHERE id IN ({listed})", {}) if ids else []
        titles = dict(named)
        context = _contexts(s, wanted.query, wanted.any_word, ids) if snippets and ids else {}
    return SearchHits(
        (
            SearchHit(
                int(aid),
                titles.get(aid),
                score,
                tuple(x for x in _SOURCES if x in src.split(",")),
                context[aid].snippet if aid in context else "",
            )
            for aid, score, src in rows
        ),
        wanted.ignored,
    )


_SOURCES = ("text", "caption", "highlight", "note")


class Found(list[int]):
    """The first page of the articles a search found, best first, and how many it found."""

    def __init__(
        self, ids: Iterable[int], total: int, ignored: int, user_text: str, prefix: bool
    ) -> None:
        super().__init__(ids)
        self.total = total  # every matching article
        self.ignored = ignored  # words left out (MAX_TERMS)
        self.user_text, self.prefix = user_text, prefix  # what to ask for the next pages


def first_page(
    s: Session,
    user_text: str,
    *,
    limit: int = 500,
    prefix: bool = True,
    time_limit: float = TIME_LIMIT,
) -> Found:
    """The best ``limit`` articles matching ``user_text``, and the count of all that match.

    Raises:
        SearchTimeout: counting and ranking took longer than ``time_limit`` seconds.
        SearchError: the search index is damaged or missing.
    """
    wanted = terms(user_text, prefix=prefix)
    if wanted.query is None:
        return Found([], 0, wanted.ignored, user_text, prefix)
    with _Deadline(s, time_limit) as run:
        (count,) = run(_COUNT, {"q": wanted.query})[0]
        rows = run(_RANKED, {"q": wanted.query, "limit": limit, "offset": 0}) if count else []
    return Found([int(r[0]) for r in rows], int(count), wanted.ignored, user_text, prefix)


def ranked_ids(
    s: Session,
    user_text: str,
    *,
    offset: int,
    limit: int,
    prefix: bool = True,
    time_limit: float = TIME_LIMIT,
) -> list[int]:
    """Articles ``offset`` to ``offset + limit`` of the ranked results (a later page)."""
    wanted = terms(user_text, prefix=prefix)
    if wanted.query is None:
        return []
    params = {"q": wanted.query, "limit": limit, "offset": offset}
    with _Deadline(s, time_limit) as run:
        return [int(r[0]) for r in run(_RANKED, params)]


def matching_ids(
    s: Session, user_text: str, *, prefix: bool = True, time_limit: float = TIME_LIMIT
) -> set[int]:
    """Every article matching ``user_text``, unranked (for a list in another order)."""
    wanted = terms(user_text, prefix=prefix)
    if wanted.query is None:
        return set()
    with _Deadline(s, time_limit) as run:
        return {int(r[0]) for r in run(_MATCHING, {"q": wanted.query}) if r[0] is not None}


def contexts(
    s: Session, user_text: str, ids: Sequence[int], *, prefix: bool = True
) -> dict[int, Context]:
    """Where each of ``ids`` matched ``user_text``, with a snippet: a page of rows shown."""
    wanted = terms(user_text, prefix=prefix)
    if wanted.query is None or wanted.any_word is None or not ids:
        return {}
    return _contexts(s, wanted.query, wanted.any_word, ids)


def marks(s: Session, article_id: int, user_text: str, *, prefix: bool = True) -> list[Span]:
    """Every match of any word of ``user_text`` in the article's text, in code points.

    The spans cover what the index matched, as stored: a prefix's whole word, a hyphenated
    word whole for its joined form, harakat and joiners within words; nothing set aside.
    """
    wanted = terms(user_text, prefix=prefix)
    if wanted.any_word is None:
        return []
    return text_marks(s, article_id, wanted.any_word)


Runner = Callable[[str, Mapping[str, Any]], list[Any]]


class _Deadline:
    """Runs statements on ``s``, stopped by SQLite's progress handler once ``seconds`` pass.

    The handler is set on the DB-API connection under ``s`` for the ``with`` block only.
    """

    s: Session
    raw: sqlite3.Connection
    seconds: float
    deadline: float
    expired: bool

    def __init__(self, s: Session, seconds: float) -> None:
        raw = s.connection().connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        self.s = s
        self.raw = raw
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.expired = False

    def _tick(self) -> int:
        self.expired = time.monotonic() > self.deadline
        return int(self.expired)  # non-zero interrupts the statement

    def __enter__(self) -> Runner:
        self.raw.set_progress_handler(self._tick, _CHECK_EVERY)
        return self.run

    def __exit__(self, *exc: object) -> None:
        self.raw.set_progress_handler(None, 0)

    def run(self, sql: str, params: Mapping[str, Any]) -> list[Any]:
        try:
            return list(self.s.execute(text(sql), params))
        except DatabaseError as exc:
            if not self.expired and str(exc.orig).startswith(REJECTED):
                return []  # a query FTS5 cannot parse matches nothing (quoting leaves none)
            raise self._failure(exc) from exc

    def _failure(self, exc: DatabaseError) -> SearchError:
        if self.expired:
            return SearchTimeout(
                f"The search took longer than {self.seconds:g} seconds and was stopped. "
                "Search for fewer words, or for less common ones."
            )
        if str(exc.orig) == "interrupted":  # by another thread: sqlite3.Connection.interrupt
            return SearchError("The search was stopped before it finished.")
        if "locked" in str(exc.orig):
            return SearchError(
                "The project is busy with another program's changes. Try the search again."
            )
        return SearchError(
            "The search index is damaged, so the search could not run. Tools ▸ Check project "
            "(or claimdesk check --project FILE) repairs it."
        )
