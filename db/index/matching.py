"""Where a query matches a text, found by FTS5 itself, in code points of the original text.

Marking matches by hand would mean writing FTS5's tokenizer, its case folding and its diacritic
removal again, and keeping them equal. Instead each text is turned into exactly what the index
holds for it (:func:`indexed`: hidden spans cut out, folded, hyphenated words appended joined),
remembering where every character came from; an FTS5 table in memory, with the index's own
tokenizer, then marks the matches (``highlight()``), and the marks are carried back to the
original text. So a match is marked exactly where the index would find it, prefixes, phrases and
joined words included.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from db.index.fold import FOLDS, fold, parse_spans
from db.index.fts import TOKENIZE
from db.index.hyphens import hyphenated

Span = tuple[int, int]
#: What FTS5 says of a query it cannot parse (quoting leaves none); anything else is trouble.
REJECTED = ("fts5: syntax error", "unterminated string", "unknown special query")
_MARKS = re.compile("[\x02\x03]")


@dataclass(frozen=True)
class Indexed:
    """A text as the index holds it, and where in the original each of its characters is."""

    text: str
    starts: list[int]  # the code point each character came from (-1: a space put between)
    ends: list[int]  # where it ends there, with any characters folding removed after it

    def original(self, start: int, end: int) -> Span:
        """The span of the original text that indexed characters ``[start, end)`` came from.

        It takes in the harakat and joiners after the last letter: they belong to the word.
        """
        return self.starts[start], self.ends[end - 1]


def indexed(text: str | None, hidden: str | None = None) -> Indexed:
    """``text`` as its search view gives it, ``hidden`` spans (``"3-9,20-31"``) cut out.

    Equal, character for character, to :func:`db.index.fts.article_terms` and the views.
    """
    if text is None:
        return Indexed("", [], [])
    pieces, last = [], 0
    for start, end in parse_spans(hidden or ""):
        pieces.append((last, start))
        last = end
    pieces.append((last, len(text)))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for n, (start, end) in enumerate(pieces):
        if n:
            chars.append(" ")
            starts.append(-1)
            ends.append(-1)
        piece = text[start:end]
        folded = fold(piece)
        if len(folded) == len(piece):  # folding replaced characters one for one, if at all
            chars.append(folded)
            starts.extend(range(start, start + len(piece)))
            ends.extend(range(start + 1, start + len(piece) + 1))
            continue
        kept = len(starts)
        for i, ch in enumerate(piece, start):
            if out := FOLDS.get(ch, ch):
                chars.append(out)
                starts.append(i)
                ends.append(i + 1)
            elif len(starts) > kept:  # removed: the character before takes it in
                ends[-1] = i + 1
    body = "".join(chars)
    tail: list[str] = []
    for a, b in hyphenated(body):
        tail.append(" ")
        starts.append(-1)
        ends.append(-1)
        for i in range(a, b):
            if body[i] != "-":
                tail.append(body[i])
                starts.append(starts[i])
                ends.append(ends[i])
    # The marks highlight() inserts must not occur in the text (the tokenizer skips both).
    return Indexed(_MARKS.sub(" ", body + "".join(tail)), starts, ends)


@dataclass(frozen=True)
class RowMatch:
    """What one row (a text with up to two columns) makes of a query."""

    every_word: bool  # the row matches the whole query, as the index would find it
    spans: tuple[list[Span], ...]  # per column, the matches of any one word, in its original


class Matcher:
    """An FTS5 table in memory with the index's tokenizer, for the thread that made it."""

    def __init__(self) -> None:
        self.conn = sqlite3.connect(":memory:", isolation_level=None)
        self.conn.execute(f"CREATE VIRTUAL TABLE m USING fts5(a, b, tokenize='{TOKENIZE}')")

    def match(
        self, every: str, any_word: str, rows: Sequence[tuple[Indexed, Indexed]]
    ) -> list[RowMatch]:
        """Match ``rows`` against the query ``every`` and, for marking, ``any_word``."""
        conn = self.conn
        conn.execute("DELETE FROM m")
        conn.executemany(
            "INSERT INTO m(rowid, a, b) VALUES (?, ?, ?)",
            ((n, a.text, b.text) for n, (a, b) in enumerate(rows)),
        )
        full = {r for (r,) in self._run("SELECT rowid FROM m WHERE m MATCH ?", every)}
        marked: dict[int, tuple[list[Span], ...]] = {}
        sql = (
            "SELECT rowid, highlight(m, 0, char(2), char(3)), highlight(m, 1, char(2), char(3))"
            " FROM m WHERE m MATCH ?"
        )
        for n, a, b in self._run(sql, any_word):
            marked[n] = (_spans(a, rows[n][0]), _spans(b, rows[n][1]))
        return [RowMatch(n in full, marked.get(n, ([], []))) for n in range(len(rows))]

    def _run(self, sql: str, query: str) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, (query,)).fetchall()
        except sqlite3.OperationalError as exc:
            if str(exc).startswith(REJECTED):
                return []  # a query FTS5 cannot parse matches nothing, as in the index
            raise


_local = threading.local()


def matches(every: str, any_word: str, rows: Sequence[tuple[Indexed, Indexed]]) -> list[RowMatch]:
    """:meth:`Matcher.match` on this thread's matcher (made once: a connection costs more)."""
    matcher: Matcher | None = getattr(_local, "matcher", None)
    if matcher is None:
        matcher = _local.matcher = Matcher()
    return matcher.match(every, any_word, rows)


def _spans(marked: str, text: Indexed) -> list[Span]:
    """The spans ``highlight()`` marked, in the original text, merged where they overlap."""
    found: list[Span] = []
    start = 0
    for seen, m in enumerate(_MARKS.finditer(marked)):
        at = m.start() - seen  # where the mark is in the text without the marks before it
        if m[0] == "\x02":
            start = at
        elif at > start:
            found.append(text.original(start, at))
    merged: list[Span] = []
    for a, b in sorted(found):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged
