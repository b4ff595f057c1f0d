"""Full-text search over titles, article text, captions, highlight quotes and notes.

Whatever a user types is made safe for FTS5: each word is quoted, so operators, punctuation,
unbalanced quotes and NUL bytes are searched as plain words and never raise. Text that is not
valid Unicode (lone surrogates, as undecodable command-line bytes arrive) is left out.

The cost of a search is bounded whatever is typed: repeated words are searched once, only the
first :data:`MAX_TERMS` terms are searched (:attr:`SearchHits.ignored` counts the words left out),
and a search still running after its time limit is stopped with :class:`SearchTimeout`.
"""

from __future__ import annotations

import re
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlmodel import Session

from db.index.fold import fold

#: Marks around matched words in snippets (STX/ETX never occur in canonical text).
MARK_START, MARK_END = "\x02", "\x03"
#: Terms searched at most: a word is as many terms as FTS5 makes of it ("e-mail" is two).
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
# What FTS5 says about a query it cannot parse; anything else means the index is in trouble.
_REJECTED = ("fts5: syntax error", "unterminated string", "unknown special query")


class SearchError(Exception):
    """A search could not run; the message says why and what to do, for the user."""


class SearchTimeout(SearchError):  # noqa: N818 - the name callers know
    """A search ran past its time limit and was stopped."""


@dataclass(frozen=True)
class Terms:
    """What a search box's text becomes."""

    query: str | None  # the FTS5 query; None when there is nothing to search for
    ignored: int  # words left out of the query, or cut short, to keep within MAX_TERMS


def terms(user_text: str, *, prefix: bool = True) -> Terms:
    """The FTS5 query for ``user_text``: its different words, within :data:`MAX_TERMS` terms.

    Every word must match; ``prefix`` lets the last one be cut short (as while typing). Words
    are compared without regard to case, as FTS5 compares them; a repeated word is searched
    once. The words past the limit are left out, and counted in :attr:`Terms.ignored`.
    """
    words = fold(unicodedata.normalize("NFC", _UNSEARCHABLE.sub(" ", user_text))).split()
    words = [w for w in words if any(c.isalnum() for c in w)]
    cut = prefix and user_text[-1:].isalnum()
    quoted: list[str] = []
    seen: set[str] = set()
    room, ignored = MAX_TERMS, 0
    for i, word in enumerate(words):
        star = "*" if cut and i == len(words) - 1 else ""
        if (key := word.lower() + star) in seen:
            continue
        seen.add(key)
        parts = _TERM.findall(word)
        if room < len(parts):  # only the first terms of this word fit, if any
            ignored += 1
            word, star = " ".join(parts[:room]), ""
        if word:
            quoted.append('"' + word.replace('"', '""') + '"' + star)
        room -= min(room, len(parts))
    return Terms(" ".join(quoted) or None, ignored)


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
        return self.snippet.replace(MARK_START, start).replace(MARK_END, end)


class SearchHits(list[SearchHit]):
    """Hits, best first; ``ignored`` words were left out or cut short (:data:`MAX_TERMS`)."""

    def __init__(self, hits: Iterable[SearchHit] = (), ignored: int = 0) -> None:
        super().__init__(hits)
        self.ignored = ignored


# Articles ranked by FTS5 itself ("ORDER BY rank", with the title weighted in the table's
# config): snippets are then computed only for the rows returned, not for every match.
_TEXT_HITS = """
SELECT rowid, rank, 'text', snippet(article_fts, 1, char(2), char(3), '…', 16)
  FROM article_fts WHERE article_fts MATCH :q ORDER BY rank LIMIT :limit
"""
# The smaller tables, best match per article; the snippet comes from where the words were found.
_OTHER_HITS = """
SELECT article_id, min(score), src, snip FROM (
    SELECT c.article_id, bm25(caption_fts) AS score, 'caption' AS src,
           snippet(caption_fts, 0, char(2), char(3), '…', 16) AS snip
      FROM caption_fts JOIN caption c ON c.id = caption_fts.rowid WHERE caption_fts MATCH :q
    UNION ALL
    SELECT h.article_id, bm25(highlight_fts), 'highlight',
           snippet(highlight_fts, 0, char(2), char(3), '…', 16)
      FROM highlight_fts JOIN highlight h ON h.id = highlight_fts.rowid
     WHERE highlight_fts MATCH :q
    UNION ALL
    SELECT coalesce(n.article_id, h.article_id), bm25(note_fts), 'note',
           snippet(note_fts, 0, char(2), char(3), '…', 16)
      FROM note_fts JOIN note n ON n.id = note_fts.rowid
      LEFT JOIN highlight h ON h.id = n.highlight_id WHERE note_fts MATCH :q
) GROUP BY article_id, src
"""

_SNIPPET = re.compile(r"snippet\(\w+, \d, char\(2\), char\(3\), '…', 16\)")
_WITHOUT_SNIPPETS = (_SNIPPET.sub("''", _TEXT_HITS), _SNIPPET.sub("''", _OTHER_HITS))


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
        snippets: Whether to cut a snippet of the text around a match (the window's list,
            which shows none, saves reading the texts of up to ``limit`` articles).

    Raises:
        SearchTimeout: the search ran longer than ``time_limit`` seconds.
        SearchError: the search index is damaged or missing.
    """
    wanted = terms(user_text, prefix=prefix)
    if wanted.query is None:
        return SearchHits(ignored=wanted.ignored)
    params = {"q": wanted.query, "limit": limit}
    with _Deadline(s, time_limit) as run:
        sqls = (_TEXT_HITS, _OTHER_HITS) if snippets else _WITHOUT_SNIPPETS
        rows = [*run(sqls[0], params), *run(sqls[1], params)]
        best: dict[int, tuple[float, str]] = {}
        found: dict[int, list[str]] = {}
        for aid, score, src, snip in rows:
            found.setdefault(aid, []).append(src)
            if aid not in best or score < best[aid][0]:
                best[aid] = (score, snip)
        top = sorted(best, key=lambda aid: best[aid][0])[:limit]
        ids = ",".join(str(int(aid)) for aid in top)
        titles = dict(run(f"SELECT id, title FROM article WHERE id IN ({ids})", {})) if top else {}
    return SearchHits(
        (
            SearchHit(aid, titles.get(aid), best[aid][0], tuple(found[aid]), best[aid][1] or "")
            for aid in top
        ),
        wanted.ignored,
    )


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
            if not self.expired and str(exc.orig).startswith(_REJECTED):
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
